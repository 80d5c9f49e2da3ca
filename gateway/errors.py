"""What can be wrong with a webhook, as exceptions the handlers raise and the server answers."""

from __future__ import annotations


class BadWebhook(ValueError):
    """A webhook that lacks what it must carry (answered with 400, nothing written)."""
