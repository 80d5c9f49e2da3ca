"""The wallboard stream's wire facts, shared by the gateway that pushes and the desktops that listen."""

WALLBOARD_PATH = "/wallboard"  # GET: server-sent events, a full ``snapshot`` first, then ``delta`` events
SNAPSHOT_EVENT = "snapshot"
HEARTBEAT_SECONDS = 1.0  # a comment line when nothing else went out; a link silent for 3x this is dead
DELTA_EVENT = "delta"  # what changed since the snapshot this stream was sent last (services/wallboard/delta.py)
