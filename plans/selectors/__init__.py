"""Reads of a school's own data, one module per concept."""
