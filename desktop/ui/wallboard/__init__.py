"""The supervisor's live wallboard: one aggregator's snapshot of the floor, shown as tiles, an agent table and
alerts, in a tab and full screen on a TV."""
