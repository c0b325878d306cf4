"""Guard pairs built at run time from the sentences of a whole-article dev set (never stored in the project).

Each real sentence is rewritten by labelled string transformations, one faithful and one unfaithful
per sentence where they apply, the kinds balanced by taking, for each sentence, the kind that has the
fewest pairs so far:
- faithful: the attribution moved ("X said Y" <-> "Y, X said"), "according to X, Y", a leading time or
  place phrase dropped, a non-restrictive "who/which" clause dropped, light synonyms ("about" ->
  "around", "more than" -> "over"), two sentences of one article joined by "and";
- unfaithful: speaker replaced by another speaker of the same cluster, attribution dropped, a number,
  weekday or place changed, a negation added or removed, a hedge removed ("may" -> "will", "about 40"
  -> "40"), an invented place added, two sentences of one article merged (a cause invented between
  them, or one's number put into the other), a comment of the model's own added (", raising fresh
  doubts about the future").

The transformations are crude (the sentence is not parsed); a few "faithful" ones read awkwardly, which
counts against the guard. The guard was not tuned on these pairs: they are a held-out second opinion
beside the project's own set (eval/guard_pairs.yaml).
"""
from __future__ import annotations

import collections
import random
import re
from pathlib import Path

from summarizer.config import load_config
from summarizer.evaluation.harness import load_data
from summarizer.read.split import SentenceSplitter

DUC2003 = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "dev" / "duc2003_task2.jsonl.gz"
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
INVENTED_PLACE = "Harwell"  # a made-up town; a cluster that names it is skipped for this change
_TAIL = r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday))?"
_SPEAKER = r"(?:(?:[A-Z][\w.'’-]*|the|a|an|of|for|and|[a-z]+)\s+){0,6}[\w.'’-]+"
ATTR_END_RE = re.compile(rf"^(?P<claim>[^\"“”`']{{20,}}?),\s+(?P<speaker>{_SPEAKER})\s+(?P<verb>said|says){_TAIL}\.$")
ATTR_FRONT_RE = re.compile(r"^(?P<speaker>[A-Z][^,\"“”`']{2,60}?)\s+(?P<verb>said|says)\s+(?:that\s+)?"
                           r"(?P<claim>[^\"“”`']{20,})\.$")
AUX_RE = re.compile(r"\b(is|was|are|were|has|have|had|will|would|could|can|should)\b(?!\s+(?:not|n't|never)\b)")
NOT_RE = re.compile(r"\s+not\b|n't\b")
HEDGE_RE = re.compile(r"\b(may|might|could)\b")
APPROX_RE = re.compile(r"\b(about|nearly|almost|around|more than|some|up to|at least|an estimated)\s+(?=\d)")
NUMBER_RE = re.compile(r"(?<![\w.,])(\d{2,}|\d+,\d{3})(?![\w.,]\d)")
PLACE_RE = re.compile(r"\bin ([A-Z][a-z]{3,})\b")
LEAD_RE = re.compile(r"^(?:On|In|At|During|After|Before|Since|Earlier|Later|Last|This)(?:\s+[^,\s\"“”`']+){1,4},"
                     r"\s+(?P<rest>[A-Z].+)$")
CLAUSE_RE = re.compile(r",\s+(?:who|which)\s+[^,\"“”`']{3,80},(?=\s+[a-z])")
QUOTE_RE = re.compile(r"[\"“”„«»`']")
PRONOUNS = {"he", "she", "they", "it", "we", "i"}
SYNONYMS = [(r"\babout (?=\d)", "around "), (r"\bmore than (?=\d)", "over "), (r"\bnearly\b", "almost"),
            (r"\bbegan\b", "started"), (r"\balso ", ""), (r"\bpercent\b", "per cent")]
COMMON_OPENERS = {"The", "A", "An", "In", "On", "At", "It", "They", "He", "She", "This", "That", "There", "Its",
                  "His", "Her", "Their", "We", "But", "And", "As", "When", "After", "Some", "Many", "Most"}
KINDS = ("speaker", "attribution", "fact", "negation", "hedge", "entity", "merge", "addition")
# Comments an abstractive model adds of its own (written for this project): none is in a source.
ADDED_COMMENTS = (", a testament to enduring resolve", ", raising fresh doubts about the future",
                  ", a sign of deepening uncertainty", ", a remarkable turnaround by any measure")


def lower_first(text: str) -> str:
    first = text.split(" ", 1)[0]
    return text[0].lower() + text[1:] if first in COMMON_OPENERS else text


def upper_first(text: str) -> str:
    return text[0].upper() + text[1:]


def faithful_variants(sentence: str, neighbour: str | None) -> list[tuple[str, list[str]]]:
    """(rewrite, sources) that say what `sentence` (and, for a join, `neighbour`) says."""
    found = []
    end = ATTR_END_RE.match(sentence)
    if end:
        found.append((f"{end['speaker'][0].upper()}{end['speaker'][1:]} {end['verb']} {lower_first(end['claim'])}.",
                      [sentence]))
        if end["speaker"].lower() not in PRONOUNS:
            found.append((f"According to {lower_first(end['speaker'])}, {lower_first(end['claim'])}.", [sentence]))
    front = ATTR_FRONT_RE.match(sentence)
    if front and len(front["speaker"].split()) <= 7:
        found.append((f"{upper_first(front['claim'])}, {lower_first(front['speaker'])} {front['verb']}.", [sentence]))
    if QUOTE_RE.search(sentence):  # the changes below could touch quoted words
        return found + ([(f"{sentence.rstrip('.')}, and {lower_first(neighbour)}", [sentence, neighbour])]
                        if neighbour else [])
    lead = LEAD_RE.match(sentence)
    if lead and not re.match(r"^(?:If|Unless|Although|Despite|Without)\b", sentence):
        found.append((upper_first(lead["rest"]), [sentence]))
    if CLAUSE_RE.search(sentence):
        found.append((CLAUSE_RE.sub("", sentence, count=1), [sentence]))
    for pattern, replacement in SYNONYMS:
        if re.search(pattern, sentence):
            found.append((re.sub(pattern, replacement, sentence, count=1), [sentence]))
            break
    if neighbour:
        found.append((f"{sentence.rstrip('.')}, and {lower_first(neighbour)}", [sentence, neighbour]))
    return found


def unfaithful_variants(sentence: str, neighbour: str | None, speakers: list[str], places: list[str],
                        cluster_text: str) -> dict[str, tuple[str, list[str]]]:
    """One rewrite per kind that applies, each breaking one thing."""
    found: dict[str, tuple[str, list[str]]] = {}
    end, front = ATTR_END_RE.match(sentence), ATTR_FRONT_RE.match(sentence)
    match = end or (front if front and len(front["speaker"].split()) <= 7 else None)
    if match:
        found["attribution"] = (upper_first(match["claim"]).rstrip(".") + ".", [sentence])
        own = match["speaker"].split()[-1].lower()
        other = next((s for s in speakers if s.split()[-1].lower() != own and s.lower() not in sentence.lower()), None)
        if other:
            found["speaker"] = (sentence.replace(match["speaker"], other, 1), [sentence])
    number = NUMBER_RE.search(sentence)
    weekday = next((d for d in WEEKDAYS if re.search(rf"\b{d}\b", sentence)), None)
    place = PLACE_RE.search(sentence)
    if number:
        value = int(number.group().replace(",", ""))
        changed = f"{value + max(2, value // 4):,}" if "," in number.group() else str(value + max(2, value // 4))
        found["fact"] = (sentence[:number.start()] + changed + sentence[number.end():], [sentence])
    elif weekday:
        other_day = WEEKDAYS[(WEEKDAYS.index(weekday) + 2) % 7]
        found["fact"] = (re.sub(rf"\b{weekday}\b", other_day, sentence, count=1), [sentence])
    elif place:
        other_place = next((p for p in places if p not in sentence), None)
        if other_place:
            found["fact"] = (sentence.replace(f"in {place[1]}", f"in {other_place}", 1), [sentence])
    if NOT_RE.search(sentence):
        found["negation"] = (NOT_RE.sub("", sentence, count=1), [sentence])
    elif AUX_RE.search(sentence):
        found["negation"] = (AUX_RE.sub(lambda m: f"{m[1]} not", sentence, count=1), [sentence])
    if HEDGE_RE.search(sentence):
        found["hedge"] = (HEDGE_RE.sub("will", sentence, count=1), [sentence])
    elif APPROX_RE.search(sentence):
        found["hedge"] = (APPROX_RE.sub("", sentence, count=1), [sentence])
    if INVENTED_PLACE not in cluster_text:
        found["entity"] = (f"In {INVENTED_PLACE}, {lower_first(sentence)}", [sentence])
    comment = ADDED_COMMENTS[len(sentence) % len(ADDED_COMMENTS)]
    if not any(word in sentence.lower() for word in comment.strip(", ").split() if len(word) > 4):
        found["addition"] = (f"{sentence.rstrip('.')}{comment}.", [sentence])
    if neighbour:
        theirs = NUMBER_RE.search(neighbour)
        if number and theirs and theirs.group() != number.group() and theirs.group() not in sentence:
            found["merge"] = (sentence[:number.start()] + theirs.group() + sentence[number.end():],
                              [sentence, neighbour])
        else:
            found["merge"] = (f"{sentence.rstrip('.')} because {lower_first(neighbour)}", [sentence, neighbour])
    return found


def dev_pairs(path: Path = DUC2003, limit: int = 400, seed: int = 0) -> list[tuple[list[str], str, str]]:
    """About `limit` (sources, rewrite, kind) pairs from the sentences of the clusters in `path`."""
    splitter = SentenceSplitter.from_config(load_config("fast"))
    rng = random.Random(seed)
    candidates = []
    for cluster in load_data(path):
        text = " ".join(a.text for a in cluster.articles)
        documents = [[s.text for s in splitter(a)] for a in cluster.articles]
        sentences = [s for d in documents for s in d]
        speakers = sorted({m["speaker"] for s in sentences for m in [ATTR_END_RE.match(s)] if m
                           and m["speaker"][0].isupper() and len(m["speaker"].split()) <= 4})
        places = sorted({m for s in sentences for m in PLACE_RE.findall(s)})
        for document in documents:
            for k, sentence in enumerate(document):
                words = len(sentence.split())
                if 10 <= words <= 45 and sentence.endswith("."):
                    neighbour = document[k + 1] if k + 1 < len(document) and document[k + 1].endswith(".") \
                        and len(document[k + 1].split()) <= 35 else None
                    candidates.append((sentence, neighbour, speakers, places, text))
    rng.shuffle(candidates)
    pairs: list[tuple[list[str], str, str]] = []
    counts: collections.Counter = collections.Counter()
    for sentence, neighbour, speakers, places, text in candidates:
        if len(pairs) >= limit:
            break
        join = neighbour if rng.random() < 0.15 else None
        faithful = [v for v in faithful_variants(sentence, join) if v[0] != sentence]
        unfaithful = unfaithful_variants(sentence, neighbour, speakers, places, text)
        if not faithful or not unfaithful:
            continue
        rewrite, sources = rng.choice(faithful)
        pairs.append((sources, rewrite, "faithful"))
        kind = min(unfaithful, key=lambda k: (counts[k], KINDS.index(k)))
        counts[kind] += 1
        rewrite, sources = unfaithful[kind]
        pairs.append((sources, rewrite, kind))
    return pairs
