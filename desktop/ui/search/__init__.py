"""Customer search: the search box, the id-only result model and the result table."""

from .model import SearchResultModel
from .view import SearchPanel

__all__ = ["SearchPanel", "SearchResultModel"]
