"""The messaging screens in the desktop UI: run-time language switches."""
