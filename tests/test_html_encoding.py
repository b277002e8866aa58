"""Bytes in: the page's encoding is found (BOM, declared charset, UTF-8, a guess) so that no mojibake
reaches the text rules, and a guess is flagged."""

from __future__ import annotations

import codecs

import pytest

from cleaner import Cleaner
from cleaner.encoding import declared_encoding, decode_bytes

FRENCH = ("Le conseil municipal a voté mardi la prolongation du réaménagement du port pour deux années "
          "supplémentaires, après que des habitants se sont inquiétés du bruit, de la circulation et du coût "
          "du nouveau terminal de ferries. « Nous avons été entendus », a déclaré une riveraine âgée.")
RUSSIAN = ("Городской совет во вторник проголосовал за продление плана реконструкции гавани ещё на два года "
           "после того, как жители выразили обеспокоенность шумом, движением транспорта и стоимостью нового "
           "паромного терминала. Чиновники заявили, что пересмотренный бюджет опубликуют в следующем месяце.")
JAPANESE = ("市議会は火曜日、港の再開発計画をさらに二年間延長することを決めた。住民からは交通や騒音、"
            "新しいフェリーターミナルの費用について懸念の声が上がっていた。当局は来月、修正予算を公表するという。")


def page(text: str, meta: str = "") -> str:
    return (f"<html><head>{meta}<title>Port</title></head><body><article>"
            f"<p>{text}</p><p>{text}</p></article></body></html>")


@pytest.mark.parametrize(("text", "encoding", "meta"), [
    (FRENCH, "iso-8859-1", '<meta charset="iso-8859-1">'),
    (FRENCH, "cp1252", '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">'),
    (RUSSIAN, "cp1251", "<meta charset='windows-1251'>"),
    (JAPANESE, "shift_jis", '<meta http-equiv="content-type" content="text/html;charset=Shift_JIS">'),
    (RUSSIAN, "utf-8", '<meta charset="utf-8">'),
    (FRENCH, "utf-8", ""),
])
def test_declared_and_utf8_pages_decode_exactly(cleaner: Cleaner, text: str, encoding: str, meta: str) -> None:
    data = page(text, meta).encode(encoding)
    decoded = decode_bytes(data)
    assert text in decoded.text
    assert not decoded.guessed
    result = cleaner.clean_html(data)
    assert text[:60] in result.text
    assert "\ufffd" not in result.text
    assert not result.flags


@pytest.mark.parametrize(("bom", "encoding"), [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                                               (codecs.BOM_UTF16_BE, "utf-16-be")])
def test_a_byte_order_mark_wins_over_a_declaration(bom: bytes, encoding: str) -> None:
    data = bom + page(RUSSIAN, '<meta charset="iso-8859-1">').encode(encoding)
    assert RUSSIAN in decode_bytes(data).text


def test_utf8_bytes_under_a_latin1_declaration_are_read_as_utf8() -> None:
    """Pages that declare Latin-1 but hold UTF-8 are common; valid UTF-8 is never read as mojibake."""
    data = page(FRENCH, '<meta charset="iso-8859-1">').encode("utf-8")
    assert declared_encoding(data[:200]) == "cp1252"
    decoded = decode_bytes(data)
    assert (decoded.encoding, decoded.guessed) == ("utf-8", False)
    assert FRENCH in decoded.text


def test_undeclared_non_utf8_page_is_guessed_and_flagged(cleaner: Cleaner) -> None:
    data = page(RUSSIAN).encode("cp1251")
    decoded = decode_bytes(data)
    assert decoded.guessed
    assert RUSSIAN in decoded.text
    result = cleaner.clean_html(data)
    assert [f.kind for f in result.flags][:1] == ["encoding"]
    assert RUSSIAN[:60] in result.text


def test_undefined_windows_1252_bytes_never_raise() -> None:
    decoded = decode_bytes(b"<p>caf\xe9 \x81\x8d\x8f\x90\x9d</p>")
    assert decoded.guessed
    assert "\ufffd" not in decoded.text


@pytest.mark.parametrize("label", ["latin1", "ISO-8859-1", "us-ascii", "utf-16"])
def test_labels_browsers_reinterpret(label: str) -> None:
    expected = "utf-8" if label == "utf-16" else "cp1252"
    assert declared_encoding(f'<meta charset="{label}">'.encode()) == expected


def test_unknown_labels_are_ignored() -> None:
    assert declared_encoding(b'<meta charset="no-such-codec">') is None
    assert decode_bytes(page(FRENCH, '<meta charset="no-such-codec">').encode()).text.count(FRENCH) == 2
