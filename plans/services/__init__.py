"""Writes on a school's own data, one module per concept. The connection is already on the school's
schema (by host or by the task's schema), so these never name a school unless they talk to the office."""
