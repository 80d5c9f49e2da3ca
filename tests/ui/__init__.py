"""Desktop UI tests: real widgets, offscreen, pytest-qt."""
