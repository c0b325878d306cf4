"""The abstractive rewrite: the faithfulness guard, the stage, a tiny seq2seq model built here,
and the real SmolLM2 weights through the CLI."""
from __future__ import annotations

import json
import re

import pytest
from conftest import EXAMPLES

from summarizer.config import load_config
from summarizer.interfaces.cli import main
from summarizer.rewrite.backends import (
    Draft,
    LLMRewriter,
    Seq2SeqRewriter,
    available_backends,
    pack,
    rewriter_status,
)
from summarizer.rewrite.guard import (
    FaithfulnessGuard,
    changed_quotes,
    entities,
    has_quote,
    numbers,
    quotations,
)
from summarizer.rewrite.stage import RewriteStage, make_rewriter

FLOOD = [
    "The River Alder burst its banks in Kesterby on Tuesday after two days of heavy rain, flooding around "
    "400 homes and forcing the evacuation of the harbour district.",
    "The river peaked at 5.8 metres at the Mill Street gauge shortly before noon, the highest level since "
    "records began in 1961, the regional water agency said.",
    "Mayor Ilse Brandt said emergency crews had rescued 37 people from upper floors by boat and that no "
    "deaths had been reported.",
    '"The water came up faster than any of our models predicted," Brandt told reporters at the town hall.',
]


def summary_items(texts, citations=None):
    citations = citations or [1] * len(texts)
    return [{"text": t, "citation": c} for t, c in zip(texts, citations)]


# --- guard ----------------------------------------------------------------------------------

def test_guard_accepts_a_faithful_fusion():
    fused = ("The River Alder burst its banks in Kesterby on Tuesday, flooding around 400 homes, and the regional "
             "water agency said it peaked at 5.8 metres, the highest since 1961.")
    verdict = FaithfulnessGuard().check(fused, FLOOD[:2])
    assert verdict.ok, verdict.unsupported


@pytest.mark.parametrize("sentence, reason", [
    ("The River Alder burst its banks in Kesterby, flooding around 4,812 homes.", "number 4812"),
    ("The River Alder burst its banks in Kesterby on Friday, flooding 400 homes.", "date friday"),
    ("The River Alder burst its banks in Dunmore, flooding around 400 homes.", "entity Dunmore"),
    ("The River Alder did not burst its banks in Kesterby, sparing 400 homes.", "negation not"),
    ("Heavy rain in Kesterby threatens the local ecosystem and tourism economy for years.", "novel"),
])
def test_guard_rejects_what_the_sources_do_not_say(sentence, reason):
    verdict = FaithfulnessGuard().check(sentence, FLOOD[:2])
    assert not verdict.ok
    assert any(r.startswith(reason) for r in verdict.unsupported), verdict.unsupported


def test_numbers_compare_values_not_spelling():
    assert numbers("about 1,200 people, 5.80 metres, two boats") == {"1200", "5.8", "2"}
    assert FaithfulnessGuard().check("Two days of heavy rain flooded around 400 homes in Kesterby.", FLOOD[:1]).ok


def test_entities_are_capitalized_spans_and_titles_may_be_added():
    assert entities("Mayor Ilse Brandt thanked the Bank of England's staff.") == ["Mayor Ilse Brandt", "Bank of England"]
    assert FaithfulnessGuard().check("Mayor Brandt said crews rescued 37 people by boat.", ["Brandt said crews rescued 37 people by boat."]).ok
    assert not FaithfulnessGuard().check("Mayor Jones said crews rescued 37 people by boat.", ["Brandt said crews rescued 37 people by boat."]).ok


# --- the stage ------------------------------------------------------------------------------

def test_stage_keeps_accepted_rewrites_and_falls_back_to_the_extract():
    summary = summary_items(FLOOD[:3], citations=[1, 2, 2])
    fused = ("The River Alder burst its banks in Kesterby on Tuesday after two days of heavy rain, flooding around "
             "400 homes, and peaked at 5.8 metres at the Mill Street gauge, the highest level since 1961, the "
             "water agency said.")
    invented = "Mayor Ilse Brandt said crews rescued 52 people from upper floors by boat and no deaths were reported."
    result = RewriteStage().apply(summary, [Draft(fused, (0, 1)), Draft(invented, (2,))])
    brief = result["rewritten"]
    assert [b["text"] for b in brief] == [fused, FLOOD[2]]
    assert brief[0] == {"text": fused, "sources": [1, 2], "from": [0, 1], "rewritten": True}
    assert brief[1] == {"text": FLOOD[2], "sources": [2], "from": [2], "rewritten": False}
    assert [(r["text"], r["from"]) for r in result["rejected"]] == [(invented, [2])]
    assert "number 52" in result["rejected"][0]["reasons"]


def test_stage_keeps_a_source_sentence_the_rewrite_dropped():
    summary = summary_items(FLOOD[:2])
    shortened = "The River Alder burst its banks in Kesterby on Tuesday after two days of rain, flooding around 400 homes."
    brief = RewriteStage().apply(summary, [Draft(shortened, (0, 1))])["rewritten"]
    assert [b["text"] for b in brief] == [shortened, FLOOD[1]]
    assert [b["rewritten"] for b in brief] == [True, False]


def test_quotes_are_found_in_every_style_and_must_stay_verbatim():
    for text in ['He said "go".', "He said “go”.", "He said ``go''.", "He said ‘go’.", "He said 'go now'."]:
        assert has_quote(text), text
    assert not has_quote("Islamic State’s last pocket, the mayor’s office")  # apostrophes are not quotes
    assert quotations("the “final battle to crush IS” and ``every day''") == ["final battle to crush IS", "every day"]
    source = ["Brandt said the water came up “faster than any of our models predicted”."]
    assert changed_quotes("Brandt said it rose “faster than any of our models predicted”.", source) == []
    assert changed_quotes("Brandt said it rose “faster than our models predicted”.", source)
    assert changed_quotes("Brandt said it rose “faster than any of our models predicted.", source) == ["quote unbalanced"]
    verdict = FaithfulnessGuard().check("Brandt said the water rose “faster than anyone predicted”.", source)
    assert not verdict.ok and any(r.startswith("quote") for r in verdict.unsupported)


def test_a_fused_sentence_cites_every_sentence_it_took_a_fact_from():
    summary = summary_items(FLOOD[:3], citations=[1, 2, 3])
    fused = "The River Alder burst its banks in Kesterby, and Mayor Ilse Brandt said crews rescued 37 people."
    result = RewriteStage().apply(summary, [Draft(fused, (0, 1, 2))])
    fusion = next(b for b in result["rewritten"] if b["rewritten"])
    assert fusion["text"] == fused and fusion["from"] == [0, 2] and fusion["sources"] == [1, 3]
    assert {i for b in result["rewritten"] for i in b["from"]} == {0, 1, 2}  # nothing lost


def test_a_verbatim_copy_cites_only_the_sentence_it_copies():
    summary = summary_items(FLOOD[:3], citations=[1, 2, 3])
    result = RewriteStage().apply(summary, [Draft(f"{FLOOD[2]} {FLOOD[0]}", (0, 1, 2))])
    assert [(b["from"], b["sources"], b["rewritten"]) for b in result["rewritten"]] == [
        ([0], [1], False), ([1], [2], False), ([2], [3], False)]


def test_stage_sends_attributed_quotes_and_drops_repeats():
    class Echo:  # a backend that returns each group's first sentence twice
        name = "echo"

        def drafts(self, sentences):
            return [Draft(f"- {s}\n- {s}", (i,)) for i, s in enumerate(sentences)]

    result = RewriteStage(Echo())(summary_items(FLOOD))
    assert [b["text"] for b in result["rewritten"]] == FLOOD
    assert all(not b["rewritten"] for b in result["rewritten"])
    assert {r["text"] for r in result["rejected"]} == set(FLOOD)  # the quote, with its speaker, went too
    assert all(r["reasons"] == ["repeats an earlier sentence"] for r in result["rejected"])


def test_a_verbatim_copy_does_not_block_a_changed_sentence_that_replaces_it():
    summary = summary_items(FLOOD[:2], citations=[1, 2])
    shorter = ("The river peaked at 5.8 metres at the Mill Street gauge, the highest level since records began in "
               "1961, the agency said.")
    result = RewriteStage().apply(summary, [Draft(FLOOD[1], (0, 1)), Draft(shorter, (1,))])
    assert [(b["text"], b["from"], b["rewritten"]) for b in result["rewritten"]] == [
        (FLOOD[0], [0], False), (shorter, [1], True)]
    assert result["rejected"] == []


class Shortener:  # a backend whose fused brief rewrites only the first sentence; `shorten` cuts a time of day
    name = "shortener"

    def __init__(self):
        self.shortened = []

    def drafts(self, sentences):
        fused = sentences[0].replace(" and forcing the evacuation of the harbour district", "")
        return [Draft(f"{fused} {sentences[1]}", tuple(range(len(sentences))))]

    def shorten(self, sentences):
        self.shortened.append(list(sentences))
        return [Draft(re.sub(r" shortly before noon|\s*\d+ deaths\.$", "", s), (i,)) for i, s in enumerate(sentences)]


def test_sentences_the_brief_left_extractive_get_a_second_chance_alone():
    backend = Shortener()
    result = RewriteStage(backend)(summary_items(FLOOD, citations=[1, 2, 2, 3]))
    # the verbatim copy of sentence 1 and the untouched sentences 2 and 3 (a quote with its speaker) go back
    # one by one
    assert backend.shortened == [[FLOOD[1], FLOOD[2], FLOOD[3]]]
    brief = [(b["from"], b["rewritten"]) for b in result["rewritten"]]
    assert brief == [([0], True), ([1], True), ([2], False), ([3], False)]
    assert result["rewritten"][1]["text"] == FLOOD[1].replace(" shortly before noon", "")
    # sentence 2's shortening did not change it (a copy): it stays extractive, and is not rejected
    assert result["rejected"] == []
    no_retry = Shortener()
    assert [b["rewritten"] for b in RewriteStage(no_retry, second_chance=False)(summary_items(FLOOD))["rewritten"]] == [
        True, False, False, False]
    assert no_retry.shortened == []


def test_an_echoed_instruction_is_not_a_sentence_of_the_brief():
    stage = RewriteStage()
    assert stage.sentences("Rewrite this news sentence in fewer words:\n\nCrews rescued 37 people.") == [
        "Crews rescued 37 people."]
    assert stage.sentences("Rewrite: Crews rescued 37 people.") == ["Crews rescued 37 people."]


class Headliner:  # a backend that writes no brief, only a fixed headline
    name = "headliner"
    text = "River Alder floods homes in Kesterby"

    def drafts(self, sentences):
        return []

    def headline(self, sentences):
        return self.text


def test_a_guarded_model_headline_titles_only_untitled_stories(fast_summarizer):
    from summarizer.run.pipeline import Summarizer

    summarizer = Summarizer(fast_summarizer.config, embedder=fast_summarizer.embedder, rewriter=RewriteStage(Headliner()))
    untitled = summarizer.summarize([" ".join(FLOOD)], one_story=True)["stories"][0]
    assert untitled["title"] == Headliner.text
    titled = summarizer.summarize([{"title": "Kesterby under water", "text": " ".join(FLOOD)}], one_story=True)
    assert titled["stories"][0]["title"] == "Kesterby under water"
    inventor = Headliner()
    inventor.text = "River Alder floods 4,812 homes in Dunmore"
    assert "title" not in RewriteStage(inventor)(summary_items(FLOOD))


def test_pack_keeps_order_and_limits():
    assert pack([3, 3, 3, 9, 1], limit=6) == [(0, 1), (2,), (3,), (4,)]
    assert pack([1] * 5, limit=2, max_items=2) == [(0, 1), (2, 3), (4,)]


def test_config_preset_flag_and_status():
    assert load_config().rewrite.backend == "none"
    assert make_rewriter(load_config()) is None
    assert load_config("abstractive").rewrite.backend == "llm"
    assert available_backends() == ["none", "llm"]
    assert rewriter_status("llm")[0]
    available, reason = rewriter_status("seq2seq")
    assert not available and "rewrite.model" in reason
    with pytest.raises(SystemExit) as exit_:
        main(["summarize", str(EXAMPLES / "mixed"), "--rewrite", "gpt"])
    assert exit_.value.code == 2


def test_seq2seq_without_a_model_is_a_config_error(capsys):
    code = main(["summarize", str(EXAMPLES / "mixed"), "-p", "fast", "--rewrite", "seq2seq"])
    assert code == 2
    assert "rewrite.model" in capsys.readouterr().err


# --- seq2seq with a tiny model built here ---------------------------------------------------

@pytest.fixture(scope="module")
def tiny_seq2seq(tmp_path_factory):
    """A 1-layer BART with random weights and a word-level tokenizer trained on the examples."""
    import torch
    from tokenizers import (
        Tokenizer,
        decoders,
        models,
        pre_tokenizers,
        processors,
        trainers,
    )
    from transformers import (
        BartConfig,
        BartForConditionalGeneration,
        PreTrainedTokenizerFast,
    )

    corpus = [line for f in sorted((EXAMPLES / "mixed").glob("*.txt")) for line in f.read_text().splitlines()]
    words = Tokenizer(models.WordLevel(unk_token="<unk>"))
    words.pre_tokenizer = pre_tokenizers.Whitespace()
    words.train_from_iterator(corpus, trainers.WordLevelTrainer(special_tokens=["<s>", "<pad>", "</s>", "<unk>"]))
    words.post_processor = processors.TemplateProcessing(single="<s> $A </s>", special_tokens=[("<s>", 0), ("</s>", 2)])
    words.decoder = decoders.WordPiece()
    tokenizer = PreTrainedTokenizerFast(tokenizer_object=words, bos_token="<s>", pad_token="<pad>",
                                        eos_token="</s>", unk_token="<unk>", model_max_length=48)
    config = BartConfig(vocab_size=len(tokenizer), d_model=16, encoder_layers=1, decoder_layers=1,
                        encoder_attention_heads=2, decoder_attention_heads=2, encoder_ffn_dim=32,
                        decoder_ffn_dim=32, max_position_embeddings=64, pad_token_id=1, bos_token_id=0,
                        eos_token_id=2, decoder_start_token_id=2, forced_bos_token_id=None, forced_eos_token_id=2)
    torch.manual_seed(0)
    folder = tmp_path_factory.mktemp("tiny-bart")
    tokenizer.save_pretrained(folder)
    BartForConditionalGeneration(config).save_pretrained(folder)
    return folder


def flood_sentences():
    from summarizer.read.split import SentenceSplitter

    text = (EXAMPLES / "mixed" / "harbor-flood-wire.txt").read_text()
    return [s for s in SentenceSplitter().split_text(text) if len(s.split()) >= 8]


def test_seq2seq_chunks_fit_the_input_limit(tiny_seq2seq):
    rewriter = Seq2SeqRewriter.load(str(tiny_seq2seq), max_input_tokens=40)
    assert rewriter.input_limit == 40  # min(config 40, tokenizer 48, positions 64)
    sentences = flood_sentences()
    chunks = rewriter.chunks(sentences)
    assert [i for chunk in chunks for i in chunk] == list(range(len(sentences)))
    assert 1 < len(chunks) < len(sentences) + 1
    for chunk in chunks:
        ids = rewriter.tokenizer(" ".join(sentences[i] for i in chunk))["input_ids"]
        assert len(chunk) == 1 or len(ids) <= 40  # only a single overlong sentence exceeds it...
    long_sentence = " ".join(sentences)  # ...and is cut at the limit
    batch = rewriter.tokenizer([long_sentence], truncation=True, max_length=rewriter.input_limit)
    assert len(batch["input_ids"][0]) == 40


@pytest.mark.parametrize("low, high", [(3, 5), (6, 12)])
def test_seq2seq_output_respects_length_bounds(tiny_seq2seq, low, high):
    rewriter = Seq2SeqRewriter.load(str(tiny_seq2seq), beams=2, min_new_tokens=low, max_new_tokens=high)
    output = rewriter.generate(flood_sentences()[:3])
    pad, eos = rewriter.tokenizer.pad_token_id, rewriter.tokenizer.eos_token_id
    for row in output.tolist():
        new = [t for t in row[1:] if t != pad]  # row[0] is the decoder start token
        assert low <= len(new) <= high
        assert eos not in new[:low - 1]


def test_guard_rejects_a_number_injected_into_seq2seq_drafts(tiny_seq2seq):
    sentences = flood_sentences()[:5]
    stage = RewriteStage(Seq2SeqRewriter.load(str(tiny_seq2seq), max_input_tokens=40))
    drafts = stage.rewriter.drafts(sentences)
    assert drafts and all(d.text for d in drafts)
    target = next(d for d in drafts if any(re.search(r"\d", sentences[i]) for i in d.group))
    source = next(sentences[i] for i in target.group if re.search(r"\d", sentences[i]))
    faithful = source.replace("the regional water agency said", "officials said")
    injected = re.sub(r"\d[\d,.]*\d|\d", "4,812", faithful, count=1)
    edited = [Draft(f"{d.text} {faithful} {injected}", d.group) if d is target else d for d in drafts]
    result = stage.apply(summary_items(sentences, citations=[1, 1, 2, 2, 3]), edited)
    assert any(r["text"] == injected and "number 4812" in r["reasons"] for r in result["rejected"])
    assert all("4812" not in b["text"].replace(",", "") for b in result["rewritten"])
    assert sorted({i for b in result["rewritten"] for i in b["from"]}) == list(range(5))  # nothing lost
    assert all(b["sources"] for b in result["rewritten"])


def test_pipeline_with_seq2seq_keeps_citations(tiny_seq2seq, fast_summarizer):
    from summarizer.render.formats import render
    from summarizer.run.pipeline import Summarizer

    stage = RewriteStage(Seq2SeqRewriter.load(str(tiny_seq2seq)))
    result = Summarizer(fast_summarizer.config, embedder=fast_summarizer.embedder, rewriter=stage).summarize(
        [str(p.read_text()) for p in sorted((EXAMPLES / "mixed").glob("*.txt"))])
    for story in result["stories"]:
        numbers_in_story = {a["number"] for a in story["articles"]}
        assert {i for b in story["rewritten"] for i in b["from"]} == set(range(len(story["summary"])))
        for b in story["rewritten"]:
            assert set(b["sources"]) <= numbers_in_story and b["sources"]
            assert numbers(b["text"]) <= numbers(" ".join(story["summary"][i]["text"] for i in b["from"]))
    assert "rewrites rejected by the faithfulness guard" in render(result, "md")


# --- the real SmolLM2 weights ---------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.timeout(400)
def test_llm_rewrites_a_short_story_through_the_cli(tmp_path, capsys):
    out = tmp_path / "brief.json"
    files = [str(EXAMPLES / "mixed" / f) for f in ("harbor-flood-wire.txt", "harbor-flood-local.md")]
    code = main(["-q", "summarize", *files, "--one-story", "-p", "fast", "--budget", "70", "--rewrite", "llm",
                 "-f", "json", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    story = json.loads(out.read_text())["stories"][0]
    assert story["rewritten"]
    guard = FaithfulnessGuard()
    for sentence in story["rewritten"]:
        sources = [story["summary"][i]["text"] for i in sentence["from"]]
        assert guard.check(sentence["text"], sources).ok or not sentence["rewritten"]
        assert sentence["sources"] == sorted({story["summary"][i]["citation"] for i in sentence["from"]})
    assert {i for s in story["rewritten"] for i in s["from"]} == set(range(len(story["summary"])))
    assert all(r["reasons"] for r in story["rejected"])
    # the same model (cached per process) writes one brief per story, and the same way twice
    backend = make_rewriter(load_config("abstractive")).rewriter
    texts = [s["text"] for s in story["summary"] if not has_quote(s["text"])]
    drafts = backend.drafts(texts)
    assert [d.group for d in drafts] == [tuple(range(len(texts)))]
    assert len(drafts[0].text.split()) >= 5
    assert backend.drafts(texts) == drafts
    # the second chance: one request per sentence, batched, the same replies twice
    shortened = backend.shorten(texts)
    assert [d.group for d in shortened] == [(i,) for i in range(len(texts))]
    assert all(d.text for d in shortened) and backend.shorten(texts) == shortened


QUOTED_STORY = [
    "The Kesterby council voted on Monday to close the Mill Street bridge for six months of repairs after "
    "inspectors found cracks in two of its steel supports.",
    "Council leader Tomas Reyes said ``nobody will cross that bridge until it is safe,'' adding that a ferry "
    "would run every 20 minutes.",
    "The bridge carries about 9,000 vehicles a day between the harbour district and the town centre.",
    "Shop owners on the harbour side said the closure would cut their trade, and the council promised a "
    "support fund of 150,000 euros.",
    "Reyes called the cracks ‘a warning we cannot ignore’ and said repairs would start next week.",
]


@pytest.mark.slow
@pytest.mark.timeout(400)
def test_llm_fuses_one_brief_keeps_quotes_verbatim_and_guards_the_headline():
    progress = []
    stage = make_rewriter(load_config("abstractive"), progress=lambda done, message: progress.append((done, message)))
    assert progress and progress[-1][0] == 1.0 and "ready" in progress[-1][1]  # loaded, or cached and ready
    assert isinstance(stage.rewriter, LLMRewriter)
    summary = summary_items(QUOTED_STORY, citations=[1, 2, 1, 3, 2])
    assert stage.eligible(summary) == [0, 1, 2, 3, 4]  # quotes with a named speaker reach the model too
    result = stage(summary)
    assert {i for b in result["rewritten"] for i in b["from"]} == set(range(5))
    guard = FaithfulnessGuard()
    for b in result["rewritten"]:
        sources = [QUOTED_STORY[i] for i in b["from"]]
        assert b["sources"] == sorted({summary[i]["citation"] for i in b["from"]})
        assert not b["rewritten"] or guard.check(b["text"], sources).ok
        assert not b["rewritten"] or changed_quotes(b["text"], sources) == []  # quoted words kept verbatim
    assert sum(b["rewritten"] for b in result["rewritten"]) + len(result["rejected"]) >= 1  # the model wrote
    if "title" in result:
        assert guard.check_headline(result["title"], QUOTED_STORY).ok
