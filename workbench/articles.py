"""Reading an article: a file, stdin, pasted text or a URL (its main text pulled out of the HTML)."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from workbench.errors import InputError
from workbench.references.fetch import DEFAULT_TIMEOUT, Fetched, is_url, open_source, regular_file

# A long book is 1-2 MB of text; anything over this is not one article (and would take minutes).
MAX_ARTICLE_BYTES = 20 * 1024 * 1024
_MB = 1024 * 1024
_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[@-Z\\-_])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x80-\x9f]")


@dataclass(frozen=True)
class ArticleText:
    text: str
    title: str | None = None
    url: str | None = None
    published_at: str | None = None
    source: str | None = None
    warning: str | None = None


def sanitize(text: str) -> str:
    """Article text as data: terminal escape sequences and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _ANSI.sub("", text))


def _too_big(max_bytes: int) -> str:
    cap = f"{max_bytes // _MB} MB" if max_bytes % _MB == 0 else f"{max_bytes:,} bytes"
    return f"larger than {cap}; split it first (or raise the cap with --max-bytes)"


def decode(data: bytes, name: str) -> tuple[str, str | None]:
    """Bytes -> text: UTF-8 (BOM or not), UTF-16 with a BOM, else latin-1 with a warning."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError as exc:
            raise InputError(f"invalid UTF-16 at byte {exc.start}", source=name) from None
    if b"\x00" in data[:65536]:
        raise InputError("binary file, not text", source=name)
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError:
        return data.decode("latin-1"), f"{name}: not valid UTF-8; read as latin-1"


def read_article(source: str, *, max_bytes: int = MAX_ARTICLE_BYTES, timeout: float = DEFAULT_TIMEOUT) -> ArticleText:
    """Read an article from a path, "-" (stdin) or an http(s) URL.

    A path must be a regular file (a FIFO or /dev/zero is refused before it is opened); every
    source is capped at ``max_bytes``; a URL must be downloaded within ``timeout`` seconds.
    """
    if source != "-" and not is_url(source):
        path = regular_file(source)
        if path.stat().st_size > max_bytes:
            raise InputError(_too_big(max_bytes), source=source)
    try:
        fetched: Fetched = open_source(source, max_bytes=max_bytes, timeout=timeout)
    except InputError as exc:
        if "size cap" in exc.detail:
            raise InputError(_too_big(max_bytes), source=exc.source) from None
        raise
    try:
        with fetched.path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:
            raise InputError(_too_big(max_bytes), source=source)
    finally:
        fetched.cleanup()
    text, warning = decode(data, fetched.source)
    looks_html = (fetched.content_type or "").endswith("html") or re.match(r"\s*<(?:!doctype|html)", text, re.I)
    if looks_html:
        page = extract_main_text(text)
        if not page.text.strip():
            raise InputError("no article text found in this HTML page", source=source)
        return ArticleText(
            sanitize(page.text),
            page.title,
            source if is_url(source) else None,
            page.published_at,
            fetched.source,
            warning,
        )
    text = sanitize(text)
    if not text.strip():
        raise InputError("empty file", source=fetched.source)
    title = Path(source).stem if source != "-" and not is_url(source) else None
    return ArticleText(text, title, source if is_url(source) else None, None, fetched.source, warning)


_SKIP = {
    "script",
    "style",
    "nav",
    "header",
    "footer",
    "aside",
    "form",
    "noscript",
    "svg",
    "iframe",
    "button",
    "select",
    "figure",
    "template",
    "menu",
}
_BLOCK = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "pre",
    "td",
    "dd",
    "dt",
    "br",
    "div",
    "section",
    "article",
    "main",
    "tr",
    "figcaption",
}
_BOILER = re.compile(
    r"\b(?:cookie|subscribe|newsletter|advert|promo|share|social|related|comment|menu|"
    r"sidebar|footer|header|nav|banner|popup|modal)",
    re.I,
)


class _MainText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip_depth = 0
        self.stack: list[tuple[str, bool]] = []
        self.article_depth = 0
        self.blocks: list[tuple[bool, str]] = []  # (inside <article>/<main>, text)
        self.current: list[str] = []
        self.title: str | None = None
        self.in_title = False
        self.published_at: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        if tag == "meta":
            prop = attributes.get("property", "") or attributes.get("name", "")
            if prop in ("og:title",) and attributes.get("content") and not self.title:
                self.title = attributes["content"].strip()
            if prop in ("article:published_time", "date", "pubdate", "publishdate") and attributes.get("content"):
                self.published_at = self.published_at or attributes["content"][:10]
            return
        if tag == "time" and attributes.get("datetime") and not self.published_at:
            self.published_at = attributes["datetime"][:10]
        if tag in ("br", "img", "hr", "input", "link", "meta"):
            if tag == "br":
                self._flush()
            return
        boiler = bool(_BOILER.search(attributes.get("class", "") + " " + attributes.get("id", "")))
        skipping = tag in _SKIP or (boiler and tag in ("div", "section", "ul", "aside"))
        self.stack.append((tag, skipping))
        if skipping:
            self.skip_depth += 1
        if tag in ("article", "main"):
            self.article_depth += 1
        if tag == "title":
            self.in_title = True
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _BLOCK:
            self._flush()
        while self.stack:
            open_tag, skipping = self.stack.pop()
            if skipping:
                self.skip_depth -= 1
            if open_tag in ("article", "main"):
                self.article_depth -= 1
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_title:
            if not self.title:
                self.title = data.strip() or None
            return
        if self.skip_depth == 0:
            self.current.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self.current)).strip()
        self.current = []
        if text:
            self.blocks.append((self.article_depth > 0, text))


@dataclass(frozen=True)
class Page:
    text: str
    title: str | None
    published_at: str | None


# A "<" that no ">" closes before the next "<" can't open markup: it is text.
_LONE_LT = re.compile(r"<(?![^<>]*>)")


def defuse(html: str) -> str:
    """``html`` without what makes the stdlib parser quadratic (minutes for a 1 MB page): comments
    are dropped (an unclosed one runs to the end, as browsers read it) and a "<" that no ">" closes
    before the next "<" (``<a<a<a``, ``<?<?``) or that opens ``<![`` is escaped as text."""
    if "<!--" in html:
        kept: list[str] = []
        start = 0
        while (opening := html.find("<!--", start)) != -1:
            kept.append(html[start:opening])
            closing = html.find("-->", opening + 4)
            if closing == -1:
                start = len(html)
                break
            start = closing + 3
        kept.append(html[start:])
        html = "".join(kept)
    # "<![" (CDATA, marked sections) is text in an HTML page; the stdlib parser scans for its end
    # quadratically and fails on a malformed one (an AssertionError).
    return _LONE_LT.sub("&lt;", html.replace("<![", "&lt;!["))


def extract_main_text(html: str) -> Page:
    """The readable text of a page: <article>/<main> when present, without navigation, ads, scripts."""
    parser = _MainText()
    parser.feed(defuse(html))
    parser.close()
    parser._flush()
    inside = [text for in_article, text in parser.blocks if in_article]
    blocks = inside if sum(len(t) for t in inside) > 200 else [t for _, t in parser.blocks]
    # Short fragments (menu items, buttons) are not prose.
    kept = [t for t in blocks if len(t.split()) >= 4 or t.endswith((".", "!", "?", ":", "”", '"'))]
    return Page("\n".join(kept), parser.title, parser.published_at)
