"""The wallboard page: tiles, agents, alerts, filters, stale mode, full screen, the in-process source."""
