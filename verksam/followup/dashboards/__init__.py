"""Dashboards: a plan's statuses and indicators, a person's follow-ups, an organisation's plans."""
