from __future__ import annotations

from workbench.tui.text import clean, literal


def test_data_shown_in_the_tui_cannot_reorder_or_run_on_the_terminal() -> None:
    hostile = "mallory\u202etxt.exe\u202c \x1b]52;c;cm0gLXJmIH4=\x07 \u2066x\u2069 \x9b2J"
    shown = clean(hostile)
    for char in ("\u202e", "\u202c", "\x1b", "\x07", "\u2066", "\x9b"):
        assert char not in shown
    assert "\\u202e" in shown and "\\x1b" in shown
    assert clean("two\nlines\tand a tab") == "two\nlines\tand a tab"  # layout stays
    assert literal("[b]not markup[/b]").plain == "[b]not markup[/b]"
