"""The county and national overviews: the status of every library's plans at a glance."""
