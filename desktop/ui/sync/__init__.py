"""Live sync in the desktop: change bridge, connectivity, conflict dialog, presence and offline banners.

Entry points for the main window (see docs/sync.md):
:class:`ChangeBridge`, :class:`ConnectivityWatch`, :class:`ConflictDialog`, :class:`PresenceBanner`,
:class:`OfflineBanner`, :class:`PresenceTracker`, :class:`OutageController`.
"""

from __future__ import annotations

from .banners import OfflineBanner, PresenceBanner
from .bridge import ChangeBridge, ConnectivityWatch
from .conflict_dialog import ConflictDialog
from .controllers import OutageController, PresenceTracker

__all__ = [
    "ChangeBridge",
    "ConflictDialog",
    "ConnectivityWatch",
    "OfflineBanner",
    "OutageController",
    "PresenceBanner",
    "PresenceTracker",
]
