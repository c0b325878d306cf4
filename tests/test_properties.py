"""Property tests (hypothesis) for arbitrary Unicode input, through the real pipeline (fast preset).

For any input the pipeline raises nothing but its documented errors (SummarizerError and
subclasses); every brief sentence is verbatim text of its cleaned source; the length
budget holds; and the same input gives the same output. Examples are bounded and
derandomized, so CI runs the same cases every time.
"""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer import Summarizer
from summarizer.errors import InputError, SummarizerError
from summarizer.read.clean import clean_text
from summarizer.read.ingest import articles_from_text, decode_bytes, read_path
from summarizer.records import Article

SETTINGS = dict(deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

WORDS = ("the council said river flood homes on Tuesday water rose bridge closed residents were evacuated "
         "after two days of rain mayor pumps engineers expect level fall Kesterby harbour school").split()

# Words: mostly news vocabulary, some arbitrary Unicode (any script, symbols, controls, emoji).
word = st.one_of(st.sampled_from(WORDS), st.sampled_from(WORDS), st.text(min_size=1, max_size=12))
sentence = st.builds(
    lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end,
    word, st.lists(word, min_size=2, max_size=30), st.sampled_from([".", "!", "?", "…", ".”", "", "\n"]),
)
paragraph = st.lists(sentence, min_size=1, max_size=6).map(" ".join)
article_text = st.one_of(
    st.lists(paragraph, min_size=1, max_size=6).map("\n\n".join),  # article-like
    st.text(max_size=400),  # anything at all
    st.lists(paragraph, min_size=1, max_size=3).flatmap(  # article with noise spliced in
        lambda ps: st.text(max_size=60).map(lambda noise: noise.join(ps))),
)
articles = st.lists(article_text, min_size=1, max_size=4)


@pytest.fixture(scope="module")
def fast():
    return Summarizer.from_config("fast")


def summarize_or_documented_error(summarizer, texts, **kwargs):
    items = [Article(id=f"a{n}", text=t) for n, t in enumerate(texts)]
    try:
        return summarizer.summarize(items, **kwargs)
    except SummarizerError:
        return None


@settings(max_examples=80, **SETTINGS)
@given(texts=articles, one_story=st.booleans())
def test_briefs_are_verbatim_cleaned_source_text_within_budget(fast, texts, one_story):
    result = summarize_or_documented_error(fast, texts, one_story=one_story)
    if result is None:
        return
    budget = fast.config.select.budget
    for story in result["stories"]:
        words = 0
        for item in story["summary"]:
            source = texts[int(item["article_id"][1:])]
            assert item["text"] in clean_text(source)
            assert fast.splitter.split_text(source)[item["sentence_index"]] == item["text"]
            words += len(item["text"].split())
        assert words <= budget or len(story["summary"]) == 1


@settings(max_examples=40, **SETTINGS)
@given(texts=articles, budget=st.integers(min_value=1, max_value=60), unit=st.sampled_from(["words", "sentences"]))
def test_any_budget_is_respected(texts, budget, unit):
    summarizer = Summarizer.from_config("fast", **{"select.budget": budget, "select.unit": unit})
    result = summarize_or_documented_error(summarizer, texts)
    if result is None:
        return
    for story in result["stories"]:
        used = sum(len(s["text"].split()) for s in story["summary"]) if unit == "words" else len(story["summary"])
        # The first pick is always made, so a brief is never empty even under a tiny budget.
        assert used <= budget or len(story["summary"]) == 1
        assert story["summary"], "a story's brief is never empty"


def summarize_pasted(summarizer, pasted):
    try:
        return summarizer.summarize([pasted])
    except SummarizerError:
        return None


@settings(max_examples=30, **SETTINGS)
@given(texts=articles)
def test_same_input_gives_the_same_output(fast, texts):
    pasted = "\n---\n".join(texts)  # the paste-box path: articles separated by --- lines
    first = summarize_pasted(fast, pasted)
    second = summarize_pasted(Summarizer.from_config("fast"), pasted)  # a fresh pipeline
    if first is None:
        assert second is None
        return
    first.pop("seconds"), second.pop("seconds")
    assert first == second


@settings(max_examples=150, **SETTINGS)
@given(text=st.text(max_size=300))
def test_pasted_text_splits_into_nonempty_articles(text):
    for article in articles_from_text(text):
        assert article.text.strip() and article.text in text


@settings(max_examples=150, **SETTINGS)
@given(text=st.text(max_size=300), encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16"]))
def test_decoding_returns_the_text_or_a_documented_error(text, encoding):
    data = text.encode(encoding)
    try:
        decoded = decode_bytes(data, "x")
    except InputError:
        return
    # A leading byte-order mark is dropped: the one the encoder wrote, or the text's own in plain UTF-8.
    assert decoded == (text[1:] if encoding == "utf-8" and text.startswith("\ufeff") else text)


@settings(max_examples=60, **SETTINGS)
@given(data=st.one_of(st.binary(max_size=2000), st.text(max_size=600).map(lambda t: t.encode("utf-8"))),
       suffix=st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl"]))
def test_any_file_reads_or_fails_with_input_error(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    try:
        found = read_path(path)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert found and all(isinstance(a, Article) and a.text.strip() for a in found)
