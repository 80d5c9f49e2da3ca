"""The desktop application: services (no widgets), background tasks, Qt user interface."""
