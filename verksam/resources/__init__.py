"""Resources: budget and cost per item, and the outcome each follow-up round records."""
