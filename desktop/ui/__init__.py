"""The Qt user interface: windows, views, models. May import services, tasks and db."""
