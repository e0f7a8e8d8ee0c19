"""Errors with a message fit for a user: what went wrong and where (file, line, field)."""

from __future__ import annotations


class WorkbenchError(Exception):
    """A problem the user can act on; the CLI prints it on one line and exits non-zero."""


class InputError(WorkbenchError):
    """Bad input: names the source and, when known, the line and the field."""

    def __init__(
        self, message: str, *, source: str | None = None, line: int | None = None, field: str | None = None
    ) -> None:
        self.source = source
        self.line = line
        self.field = field
        self.detail = message
        where = ""
        if source:
            where = source
            if line is not None:
                where += f":{line}"
            where += ": "
        if field:
            message = f"field {field!r}: {message}"
        super().__init__(where + message)


class FetchError(WorkbenchError):
    """A URL could not be fetched (status, timeout, size cap, content type)."""


class IndexDamaged(WorkbenchError):
    """The full-text index of the reference records is missing or damaged: searching it would wrongly
    say there is nothing to find."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"the search index of the reference records is missing or damaged ({detail}); "
            "nothing can be searched until it is repaired: run `workbench doctor --repair`"
        )
