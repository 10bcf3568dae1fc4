"""The one exception the domain core raises: a stable code plus details.

The server maps each code to an HTTP status and a message through its error
catalogue (`server/errors.py`); the phone maps it to Chinese text.
"""


class DomainError(Exception):
    """A rule of the ledger or the sync protocol refused an operation."""

    def __init__(self, code: str, message: str = "", details: dict | None = None):
        super().__init__(message or code)
        self.code = code
        self.message = message or code
        self.details = details or {}
