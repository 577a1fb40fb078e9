"""Checks of what was read, each returning diagnostics with file and line."""
