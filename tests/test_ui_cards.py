"""The page's pure parts: reading its input and turning a summarize() result into story cards."""
from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

import pytest

from summarizer.errors import InputError
from summarizer.interfaces.page import (
    MAX_INPUT_CHARS,
    NOTHING_TO_SUMMARIZE,
    TOO_LITTLE_PROSE,
    PageRunner,
    example_sets,
    gather_articles,
    pasted_example,
    source_paragraphs,
)
from summarizer.render.page_html import cards_html, copy_text, source_label
from tests.conftest import word_set

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "examples" / "mixed"


@pytest.fixture(scope="module")
def flood_result(fast_summarizer):
    articles = gather_articles(None, [str(MIXED / "harbor-flood-wire.txt"), str(MIXED / "harbor-flood-reprint.txt"),
                                      str(MIXED / "probe-launch-local.html")])
    result = fast_summarizer.summarize(articles)
    texts = {a.id: source_paragraphs(fast_summarizer.splitter, a.text) for a in articles}
    return result, texts


def test_each_story_gets_a_card_with_linked_citations(flood_result):
    result, texts = flood_result
    times = {story["id"]: 0.01 * n for n, story in enumerate(result["stories"], start=1)}
    page = cards_html(result, texts, times)
    cards = page.split('<article class="story-card"')[1:]
    assert len(cards) == len(result["stories"]) == 2
    for n, (card, story) in enumerate(zip(cards, result["stories"]), start=1):
        anchor = re.search(r'id="([^"]+)"', card).group(1)
        for s in story["summary"]:
            target = f'{anchor}-s{s["citation"]}-{s["sentence_index"]}'
            assert f'href="#{target}"' in card and f'<mark id="{target}">' in card  # the link's target exists
        assert f"chosen in {10 * n} ms" in card and f'{len(story["articles"])} source' in card  # its own time
    assert "Sella Coast Herald" in page and "2026-03-12" in page  # outlet and date of the HTML page


def test_citations_carry_their_passage_with_the_sentences_around_it(flood_result):
    result, texts = flood_result
    page = cards_html(result, texts)
    for story in result["stories"]:
        for s in story["summary"]:
            flat = [t for p in texts[s["article_id"]] for t in p]
            index = s["sentence_index"]
            # the same sentence, maybe compressed, or with a person's first name from its article ("Ilse Marr")
            assert word_set(s["text"]) - word_set(flat[index]) <= word_set(" ".join(flat[:index]))
            around = [html.escape(t) for t in flat[max(0, index - 1):index] + flat[index + 1:index + 2]]
            passage = f"{around[0] + ' ' if index else ' '}<mark>{html.escape(flat[index])}</mark>"
            assert passage in page and all(a in page for a in around)


def test_every_source_is_listed_with_its_text_in_paragraphs(flood_result):
    result, texts = flood_result
    page = cards_html(result, texts)
    chosen = sum(len(s["summary"]) for s in result["stories"])
    assert page.count("<mark id=") == chosen  # exactly the chosen sentences lit in the sources
    for story in result["stories"]:
        for a in story["articles"]:
            assert f'id="{re.sub(r"[^A-Za-z0-9_-]", "-", story["id"])}-src-{a["number"]}"' in page
    wire = next(p for aid, p in texts.items() if aid.startswith("harbor-flood-wire"))
    assert len(wire) >= 5  # one paragraph per paragraph of the file, not one block
    for paragraph in wire:  # each paragraph starts its own <p>
        assert re.search(r'<p>(<span>|<mark id="[^"]+">)' + re.escape(html.escape(paragraph[0])), page), paragraph[0]
    assert "not cited" in page or all(len({s["article_id"] for s in st["summary"]}) == len(st["articles"])
                                      for st in result["stories"])


def test_sources_without_a_headline_are_named_by_outlet_date_and_first_words():
    paragraphs = [["The harbour wall was finished on Monday after nine years of delays and two budget rows."]]
    article = {"id": "pasted-1-0a8e9001", "number": 1, "title": None, "source": "Meridian Wire", "date": "2026-03-12"}
    label = source_label(article, paragraphs)
    assert label == "Meridian Wire · 2026-03-12: The harbour wall was finished on Monday after…"
    assert source_label({"id": "x", "title": "Wall done"}, paragraphs) == "Wall done"


def test_copy_text_is_the_brief_with_citations_and_named_sources(flood_result):
    result, texts = flood_result
    story = result["stories"][0]
    text = copy_text(story, texts)
    assert text.startswith(story["title"]) and f'{story["summary"][0]["text"]} [{story["summary"][0]["citation"]}]' in text
    assert "Sources:\n[1] " in text and text.count("\n[") == len(story["articles"])


def test_why_table_terms_add_up_to_the_score(flood_result):
    result, texts = flood_result
    page = cards_html(result, texts)
    lam = result["config"]["select"]["mmr_lambda"]
    for story in result["stories"]:
        for s in story["summary"]:
            assert abs(lam * s["relevance"] + s["coverage"] - (1 - lam) * s["redundancy"] - s["score"]) < 1e-3
            assert f'{lam * s["relevance"]:.3f}</td>' in page and f'+ {s["coverage"]:.3f}</td>' in page
    assert "coverage" in page and "Redundancy" in page and f"λ = {lam:g}" in page


def test_too_little_prose_gets_a_message_that_says_what_is_needed():
    with pytest.raises(InputError, match=re.escape(TOO_LITTLE_PROSE)):
        PageRunner().run("Only one sentence is here, and it is not enough for a brief.", None, 100, 0.9, "fast")


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
    page = cards_html(result, {"a": [[f"A sentence {evil}."]]})
    assert "<img" not in page and "javascript:" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "Rewritten brief" in page and "score = λ × relevance + coverage − (1 − λ) × redundancy" in page


def test_pasted_text_splits_on_separator_lines():
    articles = gather_articles(pasted_example(), None)
    assert len(articles) == len([f for f in example_sets()["mixed"] if f.suffix in (".txt", ".md")]) == 4
    assert len({a.id for a in articles}) == 4


def test_the_same_file_dropped_twice_is_read_once_and_ids_stay_distinct():
    path = MIXED / "probe-launch-agency.txt"
    assert len(gather_articles(None, [str(path), str(path)])) == 1
    pasted_twice = f"{path.read_text()}\n---\n{path.read_text()}"  # pasted copies are two articles
    assert len({a.id for a in gather_articles(pasted_twice, [])}) == 2


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


def test_a_rewritten_sentence_cites_the_source_sentences_it_came_from():
    texts = {"a": [["The bridge shut on Monday after engineers found cracks in two steel beams."],
                   ["Repairs will take six weeks, the council said on Tuesday evening."]],
             "b": [["Commuters face a detour of twenty minutes each way while the bridge stays shut."]]}
    summary = [{"text": texts["a"][0][0], "article_id": "a", "sentence_index": 0, "citation": 1, "score": 0.5,
                "relevance": 0.5, "redundancy": 0.0, "coverage": 0.05},
               {"text": texts["a"][1][0], "article_id": "a", "sentence_index": 1, "citation": 1, "score": 0.4,
                "relevance": 0.4, "redundancy": 0.1, "coverage": 0.0},
               {"text": texts["b"][0][0], "article_id": "b", "sentence_index": 0, "citation": 2, "score": 0.3,
                "relevance": 0.3, "redundancy": 0.2, "coverage": 0.0}]
    fused = "The bridge shut on Monday over cracked beams, and repairs will take six weeks."
    result = {"stories": [{
        "id": "story-9", "title": "Bridge shut",
        "articles": [{"id": "a", "number": 1, "title": None, "source": "Meridian Wire", "date": "2026-03-12"},
                     {"id": "b", "number": 2, "title": "Detours", "source": None, "date": None}],
        "duplicates": [], "summary": summary,
        "rewritten": [{"text": fused, "sources": [1], "from": [0, 1], "rewritten": True},
                      {"text": texts["b"][0][0], "sources": [2], "from": [2], "rewritten": False}],
    }], "skipped": [], "config": {"preset": "default", "select": {"mmr_lambda": 0.9}}}
    page = cards_html(result, texts)
    rewrite = page[page.index('<div class="rewrite">'):page.index('<div class="label">Extract</div>')]
    first = rewrite[rewrite.index(html.escape(fused)):rewrite.index(html.escape(texts["b"][0][0]))]
    # the pop-up of [1] holds both source sentences the fused sentence came from, each highlighted
    assert first.count("<mark>") == 2 and all(html.escape(texts["a"][i][0]) in first for i in (0, 1))
    assert "Meridian Wire · 2026-03-12: The bridge shut on Monday after engineers found…" in first
    assert 'href="#story-9-s1-0"' in first and "Copy brief" in rewrite


def test_skipped_articles_are_named_not_numbered():
    prose = (MIXED / "probe-launch-agency.txt").read_text(encoding="utf-8")
    _, page, _ = PageRunner().run(f"{prose}\n---\nMenu Home News Sport", None, 100, 0.9, "fast")
    skipped = re.search(r'<p class="skipped">Skipped[^<]*</p>', page).group(0)
    assert "Menu Home News Sport" in skipped and not re.search(r"pasted-\d+-[0-9a-f]{8}", page)
