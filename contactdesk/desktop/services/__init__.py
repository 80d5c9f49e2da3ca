"""Domain logic for the desktop. Never imports widgets or ``contactdesk.desktop.ui``."""
