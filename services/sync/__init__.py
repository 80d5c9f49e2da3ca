"""Live sync, the domain side: version-checked saves with three-way conflicts, presence, the offline journal.

No Qt here: the transport (event stream, change client, connectivity) is in :mod:`desktop.sync`,
the widgets in :mod:`desktop.ui.sync`.
"""
