"""Competence development: trainings and other development, and staff's proposals."""
