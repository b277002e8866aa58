"""Properties of ``clean`` on arbitrary text: it never raises, never loses or alters a kept line,
is idempotent and never empties a document."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import clean
from cleaner.blocks import split_lines, split_text

CHROME = [
    "Donate now", "All rights reserved.", "© 2021 Example Media", "Source: Example Wire",
    "Image courtesy of Example Agency", "Thu Feb 9, 2017 6:37PM", "Updated 19 Mar, 2024",
    "Related articles", "Opinion", "Subscribe to our newsletter", "Example Press TV",
    "Powered by Example", "GMT 12:01 2017 Sunday ,23 April", "Photo: Example/AFP",
]
PROSE = [
    "The council voted on Tuesday to extend the harbour plan by two more years after residents raised "
    "concerns about traffic, noise and the cost of the new terminal.",
    "Officials said the revised budget would be published next month, and that crews would keep working "
    "on the northern pier while engineers review the remaining designs.",
    "Schools will close early on Friday.",
    "Fight for the harbour",
]
NEWLINES = st.sampled_from(["\n", "\r\n", "\r", "\n\n", "\r\n\r\n"])
LINE = st.one_of(st.sampled_from(CHROME), st.sampled_from(PROSE), st.text(max_size=80))
DOCUMENT = st.builds(
    lambda bom, parts, end: ("\ufeff" if bom else "") + "".join(p + n for p, n in parts) + end,
    st.booleans(),
    st.lists(st.tuples(LINE, NEWLINES), max_size=25),
    st.sampled_from(["", "tail without newline", "\n"]),
)


def kept_lines_are_original(original: str, cleaned: str) -> bool:
    """Every line of the output is a whole line of the input, with its terminator, in order."""
    source = [original[line.start:line.end] for line in split_lines(original)]
    position = 0
    for line in split_lines(cleaned):
        piece = cleaned[line.start:line.end]
        while position < len(source) and source[position] != piece:
            # the last kept line may have lost nothing but is compared whole
            position += 1
        if position == len(source):
            return False
        position += 1
    return True


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENT)
def test_clean_properties(text: str) -> None:
    result = clean(text)
    # the output is the input with the removed spans cut out
    rebuilt, position = [], 0
    for removal in result.removed:
        assert position <= removal.start < removal.end <= len(text)
        assert text[removal.start:removal.end] == removal.text
        rebuilt.append(text[position:removal.start])
        position = removal.end
    rebuilt.append(text[position:])
    assert "".join(rebuilt) == result.text
    assert kept_lines_are_original(text, result.text)
    # a BOM survives, and a document with content is never emptied
    assert result.text.startswith("\ufeff") == text.startswith("\ufeff")
    if text.strip("\ufeff \t\r\n"):
        assert result.text.strip("\ufeff \t\r\n")
    # idempotent
    assert clean(result.text).text == result.text


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_clean_never_raises_on_any_text(text: str) -> None:
    result = clean(text)
    assert clean(result.text).text == result.text


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), min_size=1000, max_size=5000))
def test_very_long_lines(text: str) -> None:
    line = text.replace("\n", " ").replace("\r", " ")
    assert clean(line).text == line


@settings(max_examples=100, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CHROME + PROSE),
                          st.text(alphabet=st.characters(categories=["Cs", "Cc", "L", "Zs", "P"]), max_size=40)),
                max_size=12))
def test_control_characters_and_lone_surrogates(parts: list[str]) -> None:
    text = "\n".join(parts)
    result = clean(text)
    assert "".join(
        text[a:b] for a, b in zip([0] + [r.end for r in result.removed],
                                  [r.start for r in result.removed] + [len(text)], strict=True)
    ) == result.text
    assert clean(result.text).text == result.text


@settings(max_examples=500, deadline=None)
@given(st.one_of(DOCUMENT, st.text(alphabet="ab \t\n\r\ufeff")))
def test_the_engines_columns_are_the_lines(text: str) -> None:
    """The engine splits text into columns (``split_text``) for speed; they are exactly the non-blank lines
    ``split_lines`` finds, offsets and numbers included, whatever the line endings and BOM."""
    expected = [(line.index, line.start, line.end, line.text) for line in split_lines(text, keep_blank=False)]
    assert [(line.index, line.start, line.end, line.text) for line in split_text(text).lines()] == expected
