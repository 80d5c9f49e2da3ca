"""Domain logic shared by the desktop and the gateway: no widgets, no server; imports ``db`` only."""
