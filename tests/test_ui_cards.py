"""The page's pure parts: reading its input and turning a summarize() result into story cards."""
from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.ui import (MAX_INPUT_CHARS, NOTHING_TO_SUMMARIZE, cards_html, example_sets, gather_articles,
                           pasted_example)

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "examples" / "mixed"


@pytest.fixture(scope="module")
def flood_result(fast_summarizer):
    articles = gather_articles(None, [str(MIXED / "harbor-flood-wire.txt"), str(MIXED / "harbor-flood-reprint.txt"),
                                      str(MIXED / "probe-launch-local.html")])
    result = fast_summarizer.summarize(articles)
    sentences = {a.id: fast_summarizer.splitter.split_text(a.text) for a in articles}
    return result, sentences


def test_each_story_gets_a_card_with_linked_citations(flood_result):
    result, sentences = flood_result
    page = cards_html(result, sentences, seconds=1.234)
    cards = page.split('<article class="story-card"')[1:]
    assert len(cards) == len(result["stories"]) == 2
    for card, story in zip(cards, result["stories"]):
        anchor = re.search(r'id="([^"]+)"', card).group(1)
        for s in story["summary"]:
            assert f'href="#{anchor}-src-{s["citation"]}"' in card
            assert f'<li id="{anchor}-src-{s["citation"]}">' in card  # the citation's target exists
        assert "1.23 s" in card and f'{len(story["articles"])} source' in card
    assert "Sella Coast Herald" in page and "2026-03-12" in page  # outlet and date of the HTML page


def test_highlight_view_marks_exactly_the_chosen_sentences(flood_result):
    result, sentences = flood_result
    page = cards_html(result, sentences)
    chosen = sum(len(s["summary"]) for s in result["stories"])
    assert page.count("<mark>") == chosen
    story = result["stories"][0]
    first = story["summary"][0]
    assert sentences[first["article_id"]][first["sentence_index"]] == first["text"]


def test_downloads_hold_each_story_as_markdown_and_json(flood_result):
    result, sentences = flood_result
    page = cards_html(result, sentences)
    links = re.findall(r'download="([^"]+)" href="data:([^;]+);charset=utf-8;base64,([^"]+)"', page)
    assert len(links) == 4
    (md_name, _, md), (json_name, _, js) = links[:2]
    assert md_name.endswith(".md") and json_name.endswith(".json")
    assert base64.b64decode(md).decode().startswith(f"## {result['stories'][0]['title']}")
    assert json.loads(base64.b64decode(js))["stories"][0] == result["stories"][0]


def test_all_text_is_escaped():
    evil = '<img src=x onerror="alert(1)">'
    result = {
        "stories": [{
            "id": "story-1", "title": f"Title {evil}",
            "articles": [{"id": "a", "number": 1, "title": evil, "source": evil, "date": None,
                          "url": "javascript:alert(1)"}],
            "duplicates": [],
            "summary": [{"text": f"A sentence {evil}.", "article_id": "a", "sentence_index": 0, "citation": 1,
                         "score": 0.5, "relevance": 0.9, "redundancy": 0.0}],
            "rewritten": [{"text": f"Rewritten {evil}.", "sources": [1], "from": [0], "rewritten": True}],
        }],
        "skipped": [], "config": {"preset": "default", "select": {"mmr_lambda": 0.7}}, "seconds": 0.1,
    }
    page = cards_html(result, {"a": [f"A sentence {evil}."]})
    assert "<img" not in page and "javascript:" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "Rewritten brief" in page and "Score = 0.7 × relevance − 0.3 × redundancy" in page


def test_pasted_text_splits_on_separator_lines():
    articles = gather_articles(pasted_example(), None)
    assert len(articles) == len([f for f in example_sets()["mixed"] if f.suffix in (".txt", ".md")]) == 4
    assert len({a.id for a in articles}) == 4


def test_the_same_file_twice_keeps_distinct_ids():
    path = str(MIXED / "probe-launch-agency.txt")
    assert len({a.id for a in gather_articles(None, [path, path])}) == 2


def test_bad_input_is_refused_with_a_readable_message(tmp_path):
    with pytest.raises(InputError, match=re.escape(NOTHING_TO_SUMMARIZE)):
        gather_articles("   ", [])
    with pytest.raises(InputError, match="200,000-character limit"):
        gather_articles("word " * (MAX_INPUT_CHARS // 5 + 1), None)
    outside = tmp_path / "elsewhere" / "article.txt"
    outside.parent.mkdir()
    outside.write_text("A sentence that is long enough to keep around.", encoding="utf-8")
    with pytest.raises(InputError, match="article.txt was not uploaded through the page"):
        gather_articles(None, [str(outside)], upload_root=tmp_path / "uploads")
    inside = tmp_path / "uploads" / "x" / "notes.pdf"
    inside.parent.mkdir(parents=True)
    inside.write_bytes(b"%PDF")
    with pytest.raises(InputError, match="notes.pdf: unsupported file type") as caught:
        gather_articles(None, [str(inside)], upload_root=tmp_path / "uploads")
    assert str(tmp_path) not in str(caught.value)


def test_example_sets_are_the_projects_own():
    sets = example_sets()
    assert list(sets)[:2] == ["mixed", "bridge"] and len(sets["bridge"]) == 5
