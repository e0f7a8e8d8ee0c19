"""Errors the store raises with a message fit to show a user."""


class StoreError(Exception):
    """A problem with the store that the user can act on (bad path, unknown id, bad label)."""


class NotFound(StoreError):
    """An id or name that is not in the store."""
