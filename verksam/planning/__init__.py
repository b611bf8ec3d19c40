"""Planning models: a named sequence of steps a plan is written by."""
