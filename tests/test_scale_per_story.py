"""Per-story work does not grow with the pile (issue 27): the same stories, briefed inside a
pile of 2,000 and of 8,000 tiny articles, cost the same Python operations and the same
memory. Nothing is timed: the interpreter counts the bytecode operations each step runs
(`sys.settrace` opcode events, comprehensions included) and `tracemalloc` its peak
allocation, which catches whole-pile NumPy work as well."""
from __future__ import annotations

import random
import sys
import tracemalloc
from functools import partial

import pytest

from summarizer.records import Article, Story
from summarizer.render.formats import render
from summarizer.run.engine import story_part

PLACES = ["Arden", "Belmont", "Corvale", "Dunmore", "Eastwick", "Fairhaven", "Glenrock", "Harlow", "Ivybridge",
          "Juniper", "Kestrel", "Lindale", "Marlow", "Northby", "Oakfield", "Pinecrest", "Quarry", "Redcliff"]
THINGS = ["bridge", "library", "ferry", "school", "clinic", "market", "stadium", "harbour", "tram line", "museum"]
ACTS = ["approved", "delayed", "rejected", "funded", "reviewed", "reopened"]


def tiny_story(n: int) -> list[Article]:
    """Two short articles in our own words about one made-up local decision."""
    rng = random.Random(n)
    place, thing, act = rng.choice(PLACES), rng.choice(THINGS), rng.choice(ACTS)
    cost = rng.randint(2, 90)
    texts = [(
        f"The council of {place} {act} plans for a new {thing} on Tuesday. The project would cost about {cost} "
        f"million dollars over five years. Residents said they had waited for the {thing} for a long time. "
        f"The mayor told reporters that the vote was the result of months of talks. Work could begin next spring."), (
        f"Officials in {place} said on Tuesday that the {thing} plan had been {act}. The estimated cost is "
        f"{cost} million dollars. Some residents spoke against the plan at a crowded public meeting. The mayor "
        f"said the town would publish the full budget for the {thing} next week."),
    ]
    return [Article(id=f"s{n}-a{k}", text=text, date=f"2026-03-0{1 + k}") for k, text in enumerate(texts)]


def pile(articles: int) -> list[Article]:
    return [a for n in range(articles // 2) for a in tiny_story(n)]


def count_operations(step) -> int:
    """Bytecode operations Python runs for step() (every frame, comprehensions included)."""
    count = 0

    def trace(frame, event, arg):
        nonlocal count
        if event == "call":
            frame.f_trace_opcodes = True
            frame.f_trace_lines = False
        elif event == "opcode":
            count += 1
        return trace

    sys.settrace(trace)
    try:
        step()
    finally:
        sys.settrace(None)
    return count


def peak_bytes(step) -> int:
    tracemalloc.start()
    try:
        step()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


STORIES = 12  # the same first stories, measured in each pile


@pytest.fixture(scope="module")
def piles(fast_summarizer):
    return {n: fast_summarizer.prepare(pile(n)) for n in (2000, 8000)}


def per_story(summarizer, prepared, measure) -> list[int]:
    stories = [Story(f"s{n}", (f"s{n}-a0", f"s{n}-a1")) for n in range(STORIES + 1)]
    summarizer.brief(stories[-1], prepared)  # what a pile builds once (e.g. its id index) is built here
    steps = {
        "brief": lambda s: summarizer.brief(s, prepared),
        "engine part + brief": lambda s: summarizer.brief(s, story_part(prepared, s)),
        "render": lambda s: render({"stories": [summarizer.brief(s, prepared)]}, "json"),
    }
    return {name: [measure(partial(step, s)) for s in stories[:STORIES]] for name, step in steps.items()}


def test_per_story_operations_do_not_grow_with_the_pile(fast_summarizer, piles):
    small, large = (per_story(fast_summarizer, piles[n], count_operations) for n in (2000, 8000))
    for step in small:
        # the same story costs the same operations in a pile four times larger: a per-story
        # step that walked the pile (an index rebuilt per story) would cost about 4x here
        assert sum(large[step]) <= 1.02 * sum(small[step]), (step, sum(small[step]), sum(large[step]))
        assert min(small[step]) > 100, step  # the counter saw the step's work


def test_per_story_memory_does_not_grow_with_the_pile(fast_summarizer, piles):
    small, large = (per_story(fast_summarizer, piles[n], peak_bytes) for n in (2000, 8000))
    rows = {n: piles[n].embeddings.nbytes for n in piles}
    assert rows[8000] > 3 * rows[2000]
    for step in small:
        # a copy or mask of the pile's vectors per story would grow by 3/4 of the large pile's rows
        assert max(large[step]) < max(small[step]) + rows[8000] // 8, (step, small[step], large[step])
