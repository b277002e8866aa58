"""What an embedded player or post leaves between two paragraphs of the article goes when its shape is one no
sentence has (a time counter, a TikTok sound line, the player's playback message, a row of podcast apps,
a tweet card's leftovers, a post's footer); sentences about the platforms stay, and so do the labels that
go only at the edges."""

from __future__ import annotations

import pytest

from cleaner import Cleaner
from tests.conftest import PARAGRAPHS

RESIDUE = [
    "0:00 / 23:41",
    "Playback speed 1x",
    "♬ original sound - Tessa Vane",
    "If playback doesn't begin shortly, try restarting your device.",
    "Wenn die Wiedergabe nicht in Kürze beginnt, empfehlen wir dir, das Gerät neu zu starten.",
    "Subscribe: Apple Podcasts | Spotify | RSS",
    "See Ella Marsh's other Tweets",
    "Publicado por Cofradía del Puerto en viernes, 8 de marzo de 2019",
]

# Sentences about the platforms, and labels a story may print as a subheading ("Episode 7"), which the
# rules take only before or after the article.
STORY = [
    "The harbour master posted a video of the storm, and it was watched on YouTube 3 million times.",
    "Episode 7",
    "Watch on YouTube",
    "If playback of the council meeting does not begin, residents can call the clerk's office.",
]


def middle(line: str) -> str:
    return "\n\n".join([*PARAGRAPHS[:2], line, PARAGRAPHS[2]]) + "\n"


@pytest.mark.parametrize("line", RESIDUE)
def test_residue_between_paragraphs_goes(cleaner: Cleaner, line: str) -> None:
    result = cleaner.clean(middle(line), "https://news.example/story")
    assert line not in result.text.split("\n")
    assert all(paragraph in result.text for paragraph in PARAGRAPHS)


@pytest.mark.parametrize("line", STORY)
def test_lines_a_story_may_hold_stay_between_paragraphs(cleaner: Cleaner, line: str) -> None:
    text = middle(line)
    assert cleaner.clean(text, "https://news.example/story").text == text
