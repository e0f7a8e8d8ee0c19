"""Data is shown literally: rich Text objects (never markup strings), control characters made visible."""

from __future__ import annotations

import re
from collections.abc import Iterable

from rich.text import Text

from workbench.escaping import visible as escaped

LABEL_COLOURS = {
    "green": "bold #ffffff on #2e7d32",
    "chartreuse": "bold #000000 on #9ccc65",
    "yellow": "bold #000000 on #fdd835",
    "orange": "bold #000000 on #fb8c00",
    "red": "bold #ffffff on #c62828",
    "magenta": "bold #ffffff on #8e24aa",
    "grey": "bold #ffffff on #616161",
}


def clean(value: object) -> str:
    """A string safe for a terminal: escape sequences, control characters and bidi overrides shown
    as \\xNN / \\uNNNN (the CLI's own rule, workbench.escaping); line breaks and tabs stay."""
    if value is None:
        return ""
    return escaped(value, keep="\n\t")


_ONE_CHAR = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def visible(value: str) -> str:
    """Like :func:`clean`, but each control character becomes one visible character (␛ for ESC), so
    offsets into the text stay the same (a text box that shows an article's text uses this)."""

    def one(match: re.Match[str]) -> str:
        code = ord(match.group(0))
        return chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else "\ufffd"

    return _ONE_CHAR.sub(one, value)


def literal(value: object, style: str = "") -> Text:
    """Text that is never interpreted as markup."""
    return Text(clean(value), style=style)


def shorten(value: object, width: int) -> str:
    text = " ".join(clean(value).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "…"


def badge(label: str | None, color: str | None, display: str | None = None) -> Text:
    if not label:
        return Text(" · ", style="dim")
    return Text(f" {display or label} ", style=LABEL_COLOURS.get(color or "", "bold reverse"))


def highlight_words(text: Text, words: Iterable[str], style: str = "bold underline") -> Text:
    """Underline whole-word occurrences of ``words`` (case-insensitive) in ``text``."""
    plain = text.plain.lower()
    for word in words:
        if not word:
            continue
        for match in re.finditer(rf"(?<!\w){re.escape(word.lower())}(?!\w)", plain):
            text.stylize(style, match.start(), match.end())
    return text
