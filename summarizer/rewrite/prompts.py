"""What the rewrite asks a chat model, and how its replies are read: the instructions, the
headline example, and the cleaning of preambles, bullets and edge quotes from replies."""
from __future__ import annotations

import re

BRIEF_SYSTEM = "You are a news editor. You write short, factual news briefs. You never add facts."


# The rules a faithful rewrite keeps (the guard rejects a sentence that breaks one): who said what, hedges,
# negations, quoted words.
FAITHFUL_RULES = ("Copy names, numbers and dates exactly. Keep who said each thing (\"X said\", \"according to X\"), "
                  "and never give one person's words or deeds to another. Keep words such as may, could, about, "
                  "not. Keep quoted words exactly, inside their quotation marks, or report them without quotation "
                  "marks, naming the speaker.")


BRIEF_INSTRUCTION = (
    "Rewrite these {n} news sentences as one short news brief of {n} sentences. Merge sentences that belong "
    "together and make each one shorter. " + FAITHFUL_RULES + "\n\n{numbered}"
)


# The second chance of a sentence the fused brief left extractive: alone, with a plainer task, a small
# model rewrites many of the sentences it copied or garbled in the brief (eval.rewrite_benchmark with
# and without --no-second-chance: 59% vs 40% of the sentences SmolLM2 may see replaced).
SHORTEN_INSTRUCTION = "Rewrite this news sentence in fewer words. " + FAITHFUL_RULES + "\n\n{sentence}"


HEADLINE_SYSTEM = "You write short news headlines."


# One worked example (made up) shows a small model what a headline is; without it, it copies the lead.
HEADLINE_EXAMPLE = ("The River Alder burst its banks in Kesterby on Tuesday after two days of heavy rain, flooding "
                    "around 400 homes. Mayor Ilse Brandt said crews had rescued 37 people by boat.",
                    "River Alder floods 400 homes in Kesterby")


BULLET_RE = re.compile(r"^\s*(?:[-*•]|\d+[.)])\s+")


PREAMBLE_RE = re.compile(
    r"^\s*(here is|here's|sure|combined|rewrite|rewritten|shortened|summary|news brief|brief|headline|title)\b"
    r"[^:\n]*:\s*", re.I)


EDGE_QUOTES = "\"'“”‘’*#` "


def chat_messages(instruction: str) -> list[dict[str, str]]:
    return [{"role": "system", "content": BRIEF_SYSTEM}, {"role": "user", "content": instruction}]


def clean_headline(reply: str) -> str:
    """The first sentence of a reply, without a "Headline:" label, quotes or a final period."""
    for line in reply.splitlines():
        line = PREAMBLE_RE.sub("", BULLET_RE.sub("", line)).strip(EDGE_QUOTES)
        line = re.split(r"(?<=[a-z0-9])[.!?]\s", line)[0].rstrip(".").strip()
        if line:
            return line
    return ""
