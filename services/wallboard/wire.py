"""The wallboard stream's wire facts, shared by the gateway that pushes and the desktops that listen."""

WALLBOARD_PATH = "/wallboard"  # GET: server-sent events, one ``snapshot`` event per computed snapshot
SNAPSHOT_EVENT = "snapshot"
HEARTBEAT_SECONDS = 1.0  # a comment line when nothing else went out; a link silent for 3x this is dead
