"""Live sync, the domain side: version-checked saves with three-way conflicts, presence, the offline journal.

No Qt here: the transport (event stream, change client, connectivity) is in :mod:`contactdesk.desktop.sync`,
the widgets in :mod:`contactdesk.desktop.ui.sync`.
"""
