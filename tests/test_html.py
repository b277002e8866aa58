"""The HTML path on small hand-written pages: one page per kind of selector rule, the guards, url discovery,
rule validation and the selector-example checker."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cleaner import Cleaner, clean_html
from cleaner.errors import RuleSetError
from cleaner.examples import ExampleCase, check
from cleaner.html import MIN_PARAGRAPH_CHARS, page_url, prune_page
from cleaner.kinds.html import HtmlRule, name_words, raw_names

PARAGRAPHS = (
    "The city council voted on Tuesday to extend the harbour redevelopment plan by another two years, after "
    "residents raised concerns about traffic, noise and the cost of the new ferry terminal on the east side.",
    "Officials said the revised budget would be published next month and that construction crews would "
    "continue working on the northern pier while engineers review the remaining designs for the quay.",
    "Several local businesses welcomed the decision, saying that the delay would give them more time to "
    "prepare for the changes, although some shop owners warned that customers were already staying away.",
    "The mayor said she expected the first ferries to use the new terminal before the end of next summer, "
    "provided that the contractors kept to the timetable agreed with the port authority in the spring.",
)

#: One piece of chrome per default html rule: (rule id, snippet, a phrase that must not survive).
CHROME = [
    ("html-share", '<div class="article-share-bar"><a href="#">Share this story on Facebook now</a></div>',
     "Share this story"),
    ("html-newsletter", '<aside class="newsletterSignup"><p>Sign up for our morning briefing today.</p></aside>',
     "morning briefing"),
    ("html-related", '<section id="related-stories"><h2>Read these next</h2><ul><li><a href="/a">Ferry fares '
     'go up again this winter</a></li><li><a href="/b">New bridge opens</a></li></ul></section>',
     "Ferry fares"),
    ("html-comments", '<div id="comments" class="comments-area"><h3>Leave a reply</h3><p>Great article, thanks '
     'for writing it!</p></div>', "Leave a reply"),
    ("html-cookie", '<div class="cookie-consent-banner"><p>We use cookies to personalise content. Accept all?</p>'
     '</div>', "We use cookies"),
    ("html-advertisement", '<div class="ad-slot"><span>Advertisement: buy the best ferry tickets online</span>'
     '</div>', "buy the best ferry"),
    ("html-caption", '<figure><img src="pier.jpg" alt=""><figcaption>Workers on the northern pier on Monday. '
     'Photo: Jane Doe/Harbour Times</figcaption></figure>', "Workers on the northern pier"),
    ("html-navigation", '<nav class="breadcrumbs"><a href="/">Home</a> › <a href="/local">Local news section</a>'
     '</nav>', "Local news section"),
    ("html-print-only", '<div class="print-header"><span>https://www.harbour.example/news/harbour-plan-88.php</span>'
     '</div>', "harbour-plan-88"),
    ("html-author-bio", '<div class="author-box"><p>Jane Doe has covered the port for ten years. Follow her online.</p>'
     '</div>', "covered the port for ten years"),
    ("html-disclosure", '<aside class="affiliate-disclosure">We may earn a commission when you buy through our links.'
     '</aside>', "earn a commission"),
    ("html-donation", '<div class="donation-banner"><p>Keep local news alive: give what you can this month.</p></div>',
     "Keep local news alive"),
]


def page(*inside: str, head: str = "") -> str:
    """A page with a headline, the four article paragraphs and ``inside`` placed between them."""
    paragraphs = [f"<p>{p}</p>" for p in PARAGRAPHS]
    middle = "".join(inside)
    return (f"<!DOCTYPE html><html><head><title>Harbour plan</title>{head}</head><body><main><article>"
            f"<h1>Harbour plan extended</h1>{paragraphs[0]}{paragraphs[1]}{middle}{paragraphs[2]}{paragraphs[3]}"
            "</article></main></body></html>")


def test_each_default_html_rule_has_a_page_here(cleaner: Cleaner) -> None:
    ids = {rule.id for rule in cleaner.all_rules if rule.spec.kind == "html" and rule.spec.site is None}
    assert ids == {rule for rule, _, _ in CHROME} | {"html-standfirst"}


@pytest.mark.parametrize(("rule", "snippet", "phrase"), CHROME, ids=[c[0] for c in CHROME])
def test_each_kind_of_chrome_is_pruned_and_the_article_kept(cleaner: Cleaner, rule: str, snippet: str,
                                                            phrase: str) -> None:
    html = page(snippet)
    text, pruned = prune_page(html, cleaner.rules_for(None, on_text=False))
    assert phrase not in text
    assert rule in {p.rule for p in pruned}
    result = cleaner.clean_html(html)
    for paragraph in PARAGRAPHS:
        assert paragraph in result.text
    assert phrase not in result.text


def test_all_chrome_at_once_leaves_the_article_only(cleaner: Cleaner) -> None:
    result = cleaner.clean_html(page(*(snippet for _, snippet, _ in CHROME)))
    assert all(p in result.text for p in PARAGRAPHS)
    assert not [phrase for _, _, phrase in CHROME if phrase in result.text]


def test_a_standfirst_goes_but_subheadings_in_the_body_stay(cleaner: Cleaner) -> None:
    dek = '<p class="article-dek">Two more years of building work, and the residents are not happy about it.</p>'
    subhead = '<h2 class="subhead">Work on the northern pier</h2>'
    html = page(subhead).replace("<h1>Harbour plan extended</h1>", "<header><h1>Harbour plan extended</h1>"
                                 f"{dek}</header>")
    result = cleaner.clean_html(html)
    assert "Two more years of building work" not in result.text
    assert "Work on the northern pier" in result.text
    assert all(p in result.text for p in PARAGRAPHS)


def test_without_an_article_paragraph_nothing_is_head(cleaner: Cleaner) -> None:
    html = '<html><body><p class="dek">Short dek line</p><p>Short text.</p></body></html>'
    text, _ = prune_page(html, cleaner.rules_for(None, on_text=False))
    assert "Short dek line" in text


def test_a_kept_category_is_not_pruned() -> None:
    keeping = Cleaner(keep_categories=["caption"])
    snippet = CHROME[[c[0] for c in CHROME].index("html-caption")][1]
    text, _ = prune_page(page(snippet), keeping.rules_for(None, on_text=False))
    assert "Workers on the northern pier" in text


def test_word_matching_is_by_whole_words_of_class_and_id(cleaner: Cleaner) -> None:
    share = next(r for r in cleaner.all_rules if r.id == "html-share")
    assert isinstance(share, HtmlRule) and share.words is not None
    assert share.words.search(" social share bar ")
    for name in ("shareholders", "sharepoint docs", "timeshare"):
        assert not share.words.search(f" {name} "), name
    text, pruned = prune_page(page('<div class="shareholder-letter"><p>Shareholders met on Friday.</p></div>'),
                              cleaner.rules_for(None, on_text=False))
    assert "Shareholders met on Friday." in text and not pruned


def test_class_and_id_names_are_split_into_words() -> None:
    from selectolax.lexbor import LexborHTMLParser

    node = LexborHTMLParser('<div class="socialShare-bar c_newsletter" id="mostReadWidget"></div>').css_first("div")
    assert node is not None
    assert name_words(raw_names(node)) == " social share bar c newsletter most read widget "


def test_a_container_holding_the_article_is_never_pruned(cleaner: Cleaner) -> None:
    """A class name can lie: a node with most of the page's text is the article, whatever it is called."""
    html = page().replace("<article>", '<article><div class="related-content comments">').replace(
        "</article>", "</div></article>")
    text, pruned = prune_page(html, cleaner.rules_for(None, on_text=False))
    assert all(p in text for p in PARAGRAPHS)
    assert pruned == []


@pytest.mark.parametrize("marked", [False, True])
def test_an_article_among_much_page_text_is_never_pruned(cleaner: Cleaner, marked: bool) -> None:
    """Menus and link lists can make the article a small share of the page's text, never of its paragraphs;
    and a node marked as the article body is never pruned at all."""
    items = "".join(f'<li><a href="/s{n}">Section number {n} of the site</a></li>' for n in range(150))
    mark = ' itemprop="articleBody"' if marked else ""
    opening = f'<ul>{items}</ul><article><div class="entry-content social-share-enabled"{mark}>'
    html = page().replace("<article>", opening).replace("</article>", "</div></article>")
    text, pruned = prune_page(html, cleaner.rules_for(None, on_text=False))
    assert all(p in text for p in PARAGRAPHS)
    assert pruned == []


#: Paragraphs of a Chinese article: each shorter than ``MIN_PARAGRAPH_CHARS`` characters, as long as an
#: English paragraph of twice as many.
CHINESE_PARAGRAPHS = (
    "市议会周二投票决定将港口改造计划再延长两年，此前许多居民在听证会上对交通拥堵、夜间噪音以及东侧新渡轮码头不断上涨的造价表达了担忧。",
    "官员表示，修订后的预算将于下月正式公布，施工队将继续在北码头作业，同时来自三家设计院的工程师们会逐一复核码头其余部分的设计方案。",
    "几家本地商户对这一决定表示欢迎，称推迟将给他们更多时间为即将到来的变化做准备，但也有不少店主警告说，老顾客其实已经开始流失了。",
    "市长表示，她预计第一批渡轮将在明年夏天结束前开始使用新码头，前提是各家承包商严格遵守今年春季与港务局共同商定的施工时间表。",
)


def test_a_chinese_article_among_much_page_text_is_never_pruned(cleaner: Cleaner) -> None:
    """A Chinese, Japanese or Korean character counts twice towards a paragraph's length, so an article in
    those scripts is recognised by its paragraphs as one in English is, and its standfirst is a head."""
    assert all(len(p) < MIN_PARAGRAPH_CHARS <= 2 * len(p) for p in CHINESE_PARAGRAPHS)
    items = "".join(f'<li><a href="/s{n}">网站栏目第{n}个频道的链接</a></li>' for n in range(150))
    paragraphs = "".join(f"<p>{p}</p>" for p in CHINESE_PARAGRAPHS)
    html = (f'<html><body><ul>{items}</ul><article><h1>港口计划延长</h1><p class="article-dek">又是两年的施工。</p>'
            f'<div class="entry-content social-share-enabled">{paragraphs}</div></article></body></html>')
    text, pruned = prune_page(html, cleaner.rules_for(None, on_text=False))
    assert all(p in text for p in CHINESE_PARAGRAPHS)
    assert [p.rule for p in pruned] == ["html-standfirst"]


def test_inline_scripts_do_not_count_as_page_text(cleaner: Cleaner) -> None:
    """A page carrying megabytes of inline script must not make its article look like a small share."""
    script = "<script>var state = '" + "x" * 50_000 + "';</script>"
    html = page().replace("<article>", '<article><div class="related-content">').replace(
        "</article>", f"</div></article>{script}")
    text, pruned = prune_page(html, cleaner.rules_for(None, on_text=False))
    assert all(p in text for p in PARAGRAPHS) and not pruned
    result = cleaner.clean_html(html)
    assert all(p in result.text for p in PARAGRAPHS)
    assert result.flags == []


def test_pruning_that_leaves_too_little_falls_back_to_the_whole_page(cleaner: Cleaner) -> None:
    """Each paragraph alone is a small share of the page, but together they are all of it."""
    html = page().replace("<p>", '<div class="promo"><p>').replace("</p>", "</p></div>")
    result = cleaner.clean_html(html)
    assert all(p in result.text for p in PARAGRAPHS)
    assert [f.kind for f in result.flags] == ["backup"]


def test_url_comes_from_canonical_link_then_og_url() -> None:
    from selectolax.lexbor import LexborHTMLParser

    both = '<link rel="canonical" href="https://a.example/1"><meta property="og:url" content="https://b.example/2">'
    assert page_url(LexborHTMLParser(page(head=both))) == "https://a.example/1"
    og_only = '<meta property="og:url" content="https://b.example/2">'
    assert page_url(LexborHTMLParser(page(head=og_only))) == "https://b.example/2"
    relative = '<link rel="canonical" href="/news/1">'
    assert page_url(LexborHTMLParser(page(head=relative))) is None


def write_site_rules(directory: Path) -> None:
    (directory / "sites").mkdir()
    (directory / "sites" / "harbour.example.yaml").write_text(textwrap.dedent("""\
        rules:
          - id: harbour-example-promo
            kind: html
            category: advertisement
            description: The site's own promotion box.
            selectors: ['div.hx-box']
            examples:
              drop: ['<div class="hx-box"><p>Visit our shop for harbour maps.</p></div>']
              keep: ['<div class="hx-other"><p>The harbour maps were drawn in 1820.</p></div>']
        """), encoding="utf-8")


def test_site_rules_are_picked_by_the_pages_canonical_url(tmp_path: Path) -> None:
    write_site_rules(tmp_path)
    site = Cleaner(rule_dirs=[tmp_path])
    box = '<div class="hx-box"><p>Visit our shop for harbour maps and charts.</p></div>'
    canonical = '<link rel="canonical" href="https://www.harbour.example/news/1">'
    assert "Visit our shop" not in site.clean_html(page(box, head=canonical)).text
    assert "Visit our shop" in site.clean_html(page(box)).text
    assert "Visit our shop" not in site.clean_html(page(box), url="https://harbour.example/a").text


def test_site_html_rules_pass_their_own_examples(tmp_path: Path) -> None:
    write_site_rules(tmp_path)
    site = Cleaner(rule_dirs=[tmp_path])
    rule = next(r for r in site.all_rules if r.id == "harbour-example-promo")
    cases = [ExampleCase(rule, "drop", 1, rule.spec.examples.drop[0]),
             ExampleCase(rule, "keep", 1, rule.spec.examples.keep[0])]
    assert [check(case, site) for case in cases] == [[], []]


def test_selector_examples_can_fail(cleaner: Cleaner) -> None:
    rule = next(r for r in cleaner.all_rules if r.id == "html-share")
    not_chrome = ExampleCase(rule, "drop", 1, '<p class="lede">An ordinary paragraph of the story.</p>')
    assert any("must drop" in p for p in check(not_chrome, cleaner))
    chrome = ExampleCase(rule, "keep", 1, '<div class="share-tools"><a href="#">Tweet</a></div>')
    assert any("must keep" in p for p in check(chrome, cleaner))


def rule_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "bad.yaml"
    path.write_text("rules:\n  - id: html-bad\n    kind: html\n    category: share\n    description: x\n"
                    + textwrap.indent(textwrap.dedent(body), "    ")
                    + "    examples: {drop: ['<div class=\"x\">y</div>'], keep: ['<p>z</p>']}\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("body", "message"), [
    ("selectors: ['div[[class']\n", "bad CSS selector"),
    ("selectors: ['div >']\n", "bad CSS selector"),
    ("words: ['share(']\n", "bad pattern in 'words'"),
    ("words: ['x?']\n", "must not match an empty"),
    ("description2: x\n", "unknown key"),
    ("zone: tail\n", "zone 'tail' is not allowed"),
    ("selectors: []\n", "needs 'selectors' or 'words'"),
])
def test_bad_html_rules_are_errors_naming_the_file(tmp_path: Path, body: str, message: str) -> None:
    path = rule_file(tmp_path, body)
    with pytest.raises(RuleSetError) as caught:
        Cleaner(rule_dirs=[tmp_path], defaults=False)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)


def test_module_level_clean_html_takes_str_and_bytes() -> None:
    html = page(CHROME[0][1])
    assert clean_html(html).text == clean_html(html.encode("utf-8")).text
    assert PARAGRAPHS[0] in clean_html(html).text


def test_a_short_fast_extraction_falls_back_to_trafilaturas_full_cascade(cleaner: Cleaner,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    import cleaner.html as html_path

    real = html_path.extract
    calls: list[bool] = []

    def fast_path_misses(html: str, url: str | None, *, fast: bool = True) -> str:
        calls.append(fast)
        return "Harbour plan extended" if fast else real(html, url, fast=False)

    monkeypatch.setattr(html_path, "extract", fast_path_misses)
    result = cleaner.clean_html(page())
    assert calls == [True, False]
    assert all(p in result.text for p in PARAGRAPHS)


def test_the_outcome_accounts_for_every_pruned_node(cleaner: Cleaner) -> None:
    from cleaner.html import run_html

    canonical = '<link rel="canonical" href="https://www.harbour.example/news/1">'
    outcome = run_html(cleaner, page(CHROME[0][1], CHROME[1][1], head=canonical).encode("utf-8"))
    assert [p.rule for p in outcome.pruned] == ["html-share", "html-newsletter"]
    assert "Share this story" in outcome.pruned[0].text
    assert (outcome.url, outcome.encoding) == ("https://www.harbour.example/news/1", "utf-8")
    assert outcome.result.text == cleaner.clean_html(page(CHROME[0][1], CHROME[1][1], head=canonical)).text


TWEET = ('<blockquote class="twitter-tweet"><p lang="en" dir="ltr">The new ferry timetable is finally out and '
         'it is worse than the old one <a href="https://t.co/x">https://t.co/x</a></p>&mdash; Harbour Watch '
         '(@harbourwatch) <a href="https://twitter.com/harbourwatch/status/1">May 3, 2024</a></blockquote>')


@pytest.mark.parametrize("wrapper", ["social-media-embed", "share-embed", "socialEmbed"])
def test_an_embedded_post_stays_whatever_its_wrapper_is_called(cleaner: Cleaner, wrapper: str) -> None:
    """A quoted tweet is part of the story; a wrapper named like a share widget must not take it away
    (extractors discard such names, and so would the html rules)."""
    result = cleaner.clean_html(page(f'<div class="{wrapper}" id="embed-1">{TWEET}</div>'))
    assert "The new ferry timetable is finally out" in result.text
    assert all(p in result.text for p in PARAGRAPHS)


def test_a_share_widget_around_more_than_a_post_is_still_pruned(cleaner: Cleaner) -> None:
    widget = ('<div class="social-share-bar"><p>Share this story on Facebook, on X or by e-mail with your '
              f'friends and family, and follow us for more stories from the harbour.</p>{TWEET}</div>')
    text, pruned = prune_page(page(widget), cleaner.rules_for(None, on_text=False))
    assert "Share this story on Facebook" not in text and "html-share" in {p.rule for p in pruned}
