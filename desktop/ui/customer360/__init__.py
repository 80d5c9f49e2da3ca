"""The customer 360° view."""

from .view import TABS, Customer360View

__all__ = ["TABS", "Customer360View"]
