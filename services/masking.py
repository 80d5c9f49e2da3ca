"""Default masks for identifiers shown on screen, in exports and in logs.

The functions are those of :mod:`db.pii`, which also computes the masked columns stored beside every raw
identifier: what a screen computes from a value and what the database stores for it are one and the same.
"""

from __future__ import annotations

from db.pii import MASK, mask_account, mask_email, mask_id_number, mask_phone

__all__ = ["MASK", "mask_account", "mask_email", "mask_id_number", "mask_phone"]
