"""Writes of the insights app: generating findings and storing them, dismissing."""
