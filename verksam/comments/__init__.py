"""Comments on items: members of a plan's organisations discuss an item."""
