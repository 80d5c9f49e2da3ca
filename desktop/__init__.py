"""The Qt client of ContactDesk: start-up, typed wiring, widgets, worker tasks and the console script."""

__version__ = "0.1.0"
APP_NAME = "ContactDesk"
