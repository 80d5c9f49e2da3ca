"""Live sync, the transport: the gateway's change-event stream, the desktop's change client, connectivity.

No Qt and no widgets here (the Qt adapters are in :mod:`desktop.ui.sync`); see docs/sync.md.
"""
