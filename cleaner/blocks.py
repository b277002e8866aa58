"""Split text into lines with exact offsets, so removals can cut spans and keep every other byte."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import accumulate, count
from operator import add

import regex

BOM = "\ufeff"
_LINE = regex.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")
_CLOSERS = "\"'”’»)]」』）"
#: How sentences end, in Latin, CJK, Devanagari (।), Arabic (؟, ۔), Khmer (។), Burmese (။), Ethiopic (።),
#: Armenian (։) and Tibetan (།) script.
_TERMINAL = frozenset(".!?。！？…:;．।॥؟۔។။።։།")
_WIDE = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")

#: A block at least this long, ending like a sentence, is taken for article prose.
PROSE_MIN_CHARS = 100
PROSE_MIN_WORDS = 12
#: Thai, Lao, Khmer, Burmese and Tibetan put no spaces between words, and Thai and Lao end sentences with a
#: space, not a sign: a block in those scripts is prose when it is at least this long (characters, vowel
#: and tone marks included) and ends with a sentence sign or, without one, holds a few phrase breaks.
SPACELESS_MIN_CHARS = 150
SPACELESS_MIN_BREAKS = 2
_SPACELESS = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}]")
#: Text wrapped at a fixed width (Markdown and plain-text extractors print 72 or 80 columns) has no
#: line longer than this...
WRAP_MAX_WIDTH = 120
WRAP_MIN_WIDTH = 40
#: ...and at least this share of its lines within ``WRAP_SLACK`` characters of the width.
WRAP_FULL_SHARE = 0.2
WRAP_SLACK = 12
#: A line opening with one of these starts a block of its own even in wrapped text: a list item, a
#: Markdown link reference, a quote or a heading.
_BLOCK_START = regex.compile(r"\s*(?:[-*+•–]\s|\d{1,3}[.)]\s|\[[^\]]{1,40}\]:|>|#{1,6}\s|\|)")


@dataclass(slots=True)
class Line:
    """One physical line: ``start``..``end`` covers its terminator, ``text`` is the content without it."""

    index: int
    start: int
    end: int
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


def split_lines(text: str, *, keep_blank: bool = True) -> list[Line]:
    """Lines of ``text`` (CRLF, lone CR and LF all end a line); a leading BOM belongs to no line.

    With ``keep_blank=False`` only the lines holding something other than whitespace are returned
    (still numbered by their place among all lines): the rules never see blank lines.
    """
    offset = 1 if text.startswith(BOM) else 0
    lines: list[Line] = []
    size = len(text)
    if "\r" not in text:  # the common case, without a regex
        position = offset
        for number, content in enumerate(text[offset:].split("\n")):
            end = position + len(content) + 1
            if keep_blank or (content and not content.isspace()):
                if end > size:
                    if not content:
                        break
                    end = size
                lines.append(Line(number, position, end, content))
            position = end
        return lines
    for number, match in enumerate(_LINE.finditer(text, offset)):
        content = match.group().rstrip("\r\n")
        if keep_blank or (content and not content.isspace()):
            lines.append(Line(number, match.start(), match.end(), content))
    return lines


@dataclass(slots=True)
class SplitText:
    """A text's non-blank lines as columns, the form the engine works on (building a ``Line`` object per
    line costs more than everything else the splitting does): each line's number among all lines and
    its content, and where every line starts (``starts[n]``; a line ends where the next one starts, the
    last one at the end of the text)."""

    numbers: list[int]
    texts: list[str]
    starts: list[int]
    size: int

    def start(self, number: int) -> int:
        return self.starts[number]

    def end(self, number: int) -> int:
        """Where line ``number`` ends, its terminator included."""
        return min(self.starts[number + 1], self.size)

    def lines(self) -> list[Line]:
        """The same lines as ``Line`` objects (``split_lines(text, keep_blank=False)``)."""
        return [Line(number, self.start(number), self.end(number), text)
                for number, text in zip(self.numbers, self.texts, strict=True)]


def split_text(text: str) -> SplitText:
    """``split_lines(text, keep_blank=False)`` as columns (see ``SplitText``)."""
    offset = 1 if text.startswith(BOM) else 0
    if "\r" in text:
        matches = list(_LINE.finditer(text, offset))
        starts = [match.start() for match in matches]
        starts.append(matches[-1].end() if matches else len(text))
        parts = [match.group().rstrip("\r\n") for match in matches]
    else:
        parts = (text[offset:] if offset else text).split("\n")
        # Line n starts after the n lines before it and their n newlines.
        starts = list(map(add, accumulate(map(len, parts), initial=offset), count()))
    numbers = [number for number, content in enumerate(parts) if content and not content.isspace()]
    return SplitText(numbers, [parts[number] for number in numbers], starts, len(text))


#: A Markdown heading marker ("### "): Markdown extractors print section labels as headings.
_HEADING = regex.compile(r"\s*#{1,6}\s+(?=\S)")
#: A line that is one Markdown link and nothing else ("* [Share on Facebook](https://...)", "[Home][1]").
_LINK_LINE = regex.compile(
    r"\s*(?:[-*+•]\s+|\d{1,2}\.\s+)?\[([^\[\]]{1,200})\](?:\([^()\s]*(?:\s+\"[^\"]*\")?\)|\[\d+\])\s*")


def as_label(text: str) -> str:
    """``text`` as label patterns see it: without a Markdown heading marker, and a line that is one
    Markdown link as its link text. Markdown extractors print section labels as headings and menus,
    share rows and "Skip to content" as links; patterns allow only a few signs around a label."""
    start = text[:12]
    if "#" not in start and "[" not in start:
        return text
    heading = _HEADING.match(text)
    if heading:
        text = text[heading.end():]
    link = _LINK_LINE.fullmatch(text)
    return link.group(1) if link else text


def is_prose(text: str) -> bool:
    """A long block that reads as finished sentences (not a title, label or truncated teaser)."""
    return is_stripped_prose(text.strip())


def is_stripped_prose(stripped: str) -> bool:
    """``is_prose`` of a block already stripped of surrounding whitespace. A Chinese, Japanese or
    Korean character counts twice towards the length and once as a word: those scripts say in 60
    characters what English says in 120, and Chinese and Japanese put no spaces between words."""
    size = len(stripped)
    wide = wide_chars(stripped) if size < 2 * PROSE_MIN_CHARS else 0
    if size + wide < PROSE_MIN_CHARS:
        return False
    core = stripped.rstrip(_CLOSERS)
    if not core or core.endswith(("...", "…")):
        return False
    if core[-1] not in _TERMINAL:
        return _is_spaceless_prose(core, size, punctuated=False)
    return (size + wide >= 2 * PROSE_MIN_CHARS or len(stripped.split()) + wide >= PROSE_MIN_WORDS
            or _is_spaceless_prose(core, size, punctuated=True))


def wide_chars(text: str) -> int:
    """How many Chinese, Japanese or Korean characters ``text`` holds: each counts twice towards a length
    that measures prose (see ``is_stripped_prose``)."""
    return 0 if text.isascii() else len(_WIDE.findall(text))


def _is_spaceless_prose(core: str, size: int, *, punctuated: bool) -> bool:
    """Prose in a script that puts no spaces between words: long, its last letter of that script, and
    ending with a sentence sign (``punctuated``) or with a few spaces between its phrases (a headline is
    shorter; a menu has no such length)."""
    if size < SPACELESS_MIN_CHARS or len(core) < 2:
        return False
    if punctuated:
        return _SPACELESS.match(core[-2]) is not None
    return _SPACELESS.match(core[-1]) is not None and core.count(" ") >= SPACELESS_MIN_BREAKS


def wrap_width(texts: list[str]) -> int | None:
    """The column the non-blank lines ``texts`` were wrapped at, or None when they were not wrapped."""
    if len(texts) < 4:
        return None
    raw_sizes = list(map(len, texts))
    longest = max(raw_sizes)
    if longest > WRAP_MAX_WIDTH and len(texts[raw_sizes.index(longest)].rstrip()) > WRAP_MAX_WIDTH:
        return None  # most text: some line is longer than any wrapping width
    sizes = [len(text.rstrip()) for text in texts]
    width = max(sizes)
    if not WRAP_MIN_WIDTH <= width <= WRAP_MAX_WIDTH:
        return None
    full = sum(1 for size in sizes if size >= width - WRAP_SLACK)
    return width if full >= max(3, WRAP_FULL_SHARE * len(texts)) else None


def _continues(text: str, following: str) -> bool:
    """Whether ``following`` may carry on the paragraph of ``text``: it opens no block of its own, or
    both are lines of one quote."""
    if not _BLOCK_START.match(following):
        return True
    return text.lstrip().startswith(">") and following.lstrip().startswith(">")


def paragraphs(lines: list[Line], width: int | None = None) -> tuple[list[Line], dict[int, list[int]]]:
    """Blocks for the rules: in text wrapped at a fixed width, each paragraph joined into one block
    (so a sentence is judged whole, and prose is seen as prose); otherwise the lines themselves.

    A line continues into the next when they are adjacent and the next one's first word would not
    have fitted on it: that is where a wrapping program broke the line. Returns the blocks and, for
    each block of several lines (by its index, its first line's), the indices of the lines it covers.
    ``width``: the wrapping width when already known.
    """
    width = width or wrap_width([line.text for line in lines])
    if width is None:
        return lines, {}
    blocks: list[Line] = []
    members: dict[int, list[int]] = {}
    group: list[Line] = []
    for position, line in enumerate(lines):
        group.append(line)
        following = lines[position + 1] if position + 1 < len(lines) else None
        if following is not None and following.index == line.index + 1 and _continues(line.text, following.text):
            first_word = following.text.split(None, 1)[0]
            if len(line.text.rstrip()) + 1 + len(first_word) > width:
                continue
        head = group[0]
        text = head.text.rstrip()
        if len(group) > 1:
            text = " ".join([text, *(part.text.strip() for part in group[1:])])
        blocks.append(Line(head.index, head.start, group[-1].end, text))
        if len(group) > 1:
            members[head.index] = [part.index for part in group]
        group = []
    return blocks, members
