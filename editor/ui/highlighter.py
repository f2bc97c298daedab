"""Subtle Markdown + HTML colouring for the body source, fast on Webflow's one-line bodies."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QGuiApplication,
    QPalette,
    QSyntaxHighlighter,
    QTextCharFormat,
    QTextDocument,
)

# Every pattern is compiled once and run by the regex engine over the whole line: a
# Webflow body is one line of 20 KB or more, so no per-character Python loop is allowed.
_TAG = re.compile(r"</?[A-Za-z][\w:.-]*((?:[^>\"']|\"[^\"]*\"|'[^']*')*)/?>")
_ATTRIBUTE = re.compile(r"([^\s\"'<>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s\"'=<>`]+))?")
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);")
_COMMENT_START = "<!--"
_COMMENT_END = "-->"
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t].*)?$")
_RULE = re.compile(r" {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$")
_LIST_MARKER = re.compile(r"[ \t]*(?:[-*+]|[0-9]{1,9}[.)])(?=[ \t]|$)")
_QUOTE = re.compile(r" {0,3}>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(
    r"(?<![\w*])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![\w*])|(?<!\w)_(?=\S)([^_]+?)(?<=\S)_(?!\w)"
)
_CODE = re.compile(r"(`+)(.+?)\1")
_LINK = re.compile(r"!?\[([^\]\n]*)\]\(([^()\s]*(?:\([^()\s]*\)[^()\s]*)*)(?:\s+\"[^\"]*\")?\)")
_AUTOLINK = re.compile(r"https?://[^\s<>()\"']+")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
# Webflow leaves an empty id on nearly every element; it is noise when reading.
_DEBRIS_ATTRIBUTES = frozenset({"id", "class", "style"})

_Painter = Callable[[int, int, QTextCharFormat], None]

# Block states: which constructs continue onto the next line.
_IN_COMMENT = 1
_IN_HTML_BLOCK = 2  # CommonMark: Markdown is not parsed until the next blank line


@dataclass
class _Formats:
    tag: QTextCharFormat
    attribute: QTextCharFormat
    value: QTextCharFormat
    debris: QTextCharFormat
    entity: QTextCharFormat
    comment: QTextCharFormat
    heading: QTextCharFormat
    strong: QTextCharFormat
    emphasis: QTextCharFormat
    code: QTextCharFormat
    link_text: QTextCharFormat
    url: QTextCharFormat
    marker: QTextCharFormat


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the application shows light text on a dark background."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme != Qt.ColorScheme.Unknown:
        return scheme == Qt.ColorScheme.Dark
    palette = palette or QGuiApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


def blend(a: QColor, b: QColor, amount: float) -> QColor:
    """``a`` moved ``amount`` (0..1) of the way towards ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * amount,
        a.greenF() + (b.greenF() - a.greenF()) * amount,
        a.blueF() + (b.blueF() - a.blueF()) * amount,
    )


def _formats(palette: QPalette) -> _Formats:
    text = palette.color(QPalette.ColorRole.Text)
    base = palette.color(QPalette.ColorRole.Base)
    dark = is_dark(palette)

    def hue(degrees: int) -> QColor:
        # Same hue in both schemes; lightness flips so contrast with the base stays gentle.
        return QColor.fromHslF(degrees / 360, 0.45, 0.72 if dark else 0.36)

    def make(colour: QColor, *, bold: bool = False, italic: bool = False) -> QTextCharFormat:
        fmt = QTextCharFormat()
        fmt.setForeground(colour)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        if italic:
            fmt.setFontItalic(True)
        return fmt

    muted = blend(text, base, 0.45)
    return _Formats(
        tag=make(muted),
        attribute=make(hue(190)),
        value=make(hue(30)),
        debris=make(blend(text, base, 0.7)),
        entity=make(hue(280)),
        comment=make(blend(text, base, 0.55), italic=True),
        heading=make(hue(215), bold=True),
        strong=make(text, bold=True),
        emphasis=make(text, italic=True),
        code=make(hue(340)),
        link_text=make(palette.color(QPalette.ColorRole.Link) if not dark else hue(210)),
        url=make(muted),
        marker=make(hue(215), bold=True),
    )


class MarkupHighlighter(QSyntaxHighlighter):
    """Colours Markdown and embedded HTML; colours come from the palette (light or dark)."""

    def __init__(self, document: QTextDocument) -> None:
        super().__init__(document)
        self._f = _formats(QGuiApplication.palette())
        QGuiApplication.styleHints().colorSchemeChanged.connect(self.refresh_colours)

    def refresh_colours(self) -> None:
        """Take colours from the current palette again (the user switched light/dark)."""
        self._f = _formats(QGuiApplication.palette())
        self.rehighlight()

    # A line longer than this stays uncoloured: Qt lays a line out again at each keystroke,
    # and its formats double the cost (a whole Webflow article on one 1 MB line: 0.57 s a
    # key coloured, 0.29 s plain).
    LONGEST_COLOURED_LINE = 100_000

    def highlightBlock(self, text: str) -> None:
        if not text or len(text) > self.LONGEST_COLOURED_LINE:
            self.setCurrentBlockState(max(self.previousBlockState(), 0) if text else 0)
            return
        previous = max(self.previousBlockState(), 0)
        qt = _qt_positions(text)

        def paint(start: int, end: int, fmt: QTextCharFormat) -> None:
            if qt is None:
                self.setFormat(start, end - start, fmt)
            else:
                self.setFormat(qt(start), qt(end) - qt(start), fmt)

        in_html_block = bool(previous & _IN_HTML_BLOCK) or text.lstrip().startswith("<")
        if not in_html_block:
            self._markdown(text, paint)
        self._html(text, paint)
        in_comment = self._comments(text, paint, bool(previous & _IN_COMMENT))
        state = (_IN_COMMENT if in_comment else 0) | (
            _IN_HTML_BLOCK if in_html_block and text.strip() else 0
        )
        self.setCurrentBlockState(state)

    def _markdown(self, text: str, paint: _Painter) -> None:
        f = self._f
        if _RULE.match(text):
            paint(0, len(text), f.tag)
            return
        if _HEADING.match(text):
            paint(0, len(text), f.heading)
            return
        marker = _LIST_MARKER.match(text) or _QUOTE.match(text)
        if marker:
            paint(marker.start(), marker.end(), f.marker)
        for match in _STRONG.finditer(text):
            paint(match.start(), match.end(), f.strong)
        for match in _EMPHASIS.finditer(text):
            paint(match.start(), match.end(), f.emphasis)
        for match in _AUTOLINK.finditer(text):
            paint(match.start(), match.end(), f.url)
        for match in _LINK.finditer(text):
            paint(match.start(), match.end(), f.url)
            paint(match.start(1), match.end(1), f.link_text)
        for match in _CODE.finditer(text):
            paint(match.start(), match.end(), f.code)

    def _html(self, text: str, paint: _Painter) -> None:
        if "<" not in text and "&" not in text:
            return
        f = self._f
        for tag in _TAG.finditer(text):
            paint(tag.start(), tag.end(), f.tag)
            start, end = tag.span(1)
            if start == end:
                continue
            for attribute in _ATTRIBUTE.finditer(text, start, end):
                value = attribute.group(2)
                name = attribute.group(1)
                if value is not None and len(value) == 2 and name.lower() in _DEBRIS_ATTRIBUTES:
                    paint(attribute.start(), attribute.end(), f.debris)
                    continue
                paint(attribute.start(1), attribute.end(1), f.attribute)
                if value is not None:
                    paint(attribute.start(2), attribute.end(2), f.value)
        for entity in _ENTITY.finditer(text):
            paint(entity.start(), entity.end(), f.entity)

    def _comments(self, text: str, paint: _Painter, in_comment: bool) -> bool:
        """Paint comments (which may span lines); whether one is still open at the end."""
        position = 0
        if in_comment:
            end = text.find(_COMMENT_END)
            if end < 0:
                paint(0, len(text), self._f.comment)
                return True
            position = end + len(_COMMENT_END)
            paint(0, position, self._f.comment)
        while (start := text.find(_COMMENT_START, position)) >= 0:
            end = text.find(_COMMENT_END, start + len(_COMMENT_START))
            if end < 0:
                paint(start, len(text), self._f.comment)
                return True
            position = end + len(_COMMENT_END)
            paint(start, position, self._f.comment)
        return False


def _qt_positions(text: str) -> Callable[[int], int] | None:
    """Python offsets to Qt (UTF-16) positions, or None when they are the same."""
    astral = [match.start() for match in _ASTRAL.finditer(text)]
    if not astral:
        return None
    return lambda offset: offset + bisect_left(astral, offset)
