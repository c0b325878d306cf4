"""HTML of the web page's story cards: pure functions from a summarize() result to escaped HTML.

A card holds the brief with [n] citations (hovering or focusing one shows the cited passage
with the sentences around it; clicking jumps to it in the source text), a copy button, every
source with outlet, date and its text in paragraphs, the "why these sentences" table and
downloads. No script runs from here: the copy button is wired by `COPY_JS` (interfaces/page.py passes it
to Gradio), the rest is HTML and CSS.
"""
from __future__ import annotations

import base64
import html
import re
from typing import Any, Mapping, Sequence

from summarizer.render.formats import (
    NOTHING_NEW,
    annotated,
    brief_text,
    first_words,
    plural,
    render,
    timeline_days,
    whats_new_label,
    whats_new_text,
)
from summarizer.stories.timeline import date_range_label

Paragraphs = Sequence[Sequence[str]]  # an article's cleaned sentences, grouped in paragraphs
CONTEXT = 1  # sentences shown before and after a cited one


def cards_html(result: dict[str, Any], texts: Mapping[str, Paragraphs | Sequence[str]] | None = None,
               story_seconds: Mapping[str, float] | None = None,
               names: Mapping[str, str] | None = None, unreadable: Sequence[str] = ()) -> str:
    """One card per story. texts: article id -> its cleaned sentences in paragraphs (a flat list
    is one paragraph), with the indices the summary's `sentence_index` counts; story_seconds:
    story id -> seconds spent on that story; names: article id -> readable name, for skipped ones;
    unreadable: why each uploaded file that could not be read was passed over."""
    texts = {k: _as_paragraphs(v) for k, v in (texts or {}).items()}
    story_seconds = story_seconds or {}
    cards = [story_card(story, texts, story_seconds.get(story["id"]), result.get("config"))
             for story in result["stories"]]
    names = names or {}
    note = ""
    skipped = result.get("skipped") or []
    if skipped:
        listed = ", ".join(_e(names.get(s["article_id"], s["article_id"])) for s in skipped)
        note = (f'<p class="skipped">Skipped, no full sentences of prose left after cleaning: {listed}</p>')
    for reason in unreadable:
        note += f'<p class="skipped">Skipped a file: {_e(reason)}</p>'
    for warning in result.get("warnings") or []:  # e.g. an article that is not in English
        name = names.get(warning["article_id"], warning["article_id"])
        note += f'<p class="skipped">Note: {_e(name)} {_e(warning["reason"])}.</p>'
    return f'<div class="briefs">{"".join(cards)}{note}</div>'


def story_card(story: dict[str, Any], texts: Mapping[str, Paragraphs], seconds: float | None,
               config: dict[str, Any] | None = None) -> str:
    anchor = _anchor(story["id"])
    words = sum(len(s["text"].split()) for s in story.get("whats_new", []) + story["summary"])
    meta = [plural(len(story["articles"]), "source"), f"{words} words"]
    if date_range_label(story.get("timeline")):
        meta.insert(0, f'<span class="story-dates">{_e(date_range_label(story.get("timeline")))}</span>')
    if seconds is not None:
        done = "chosen and rewritten" if story.get("rewritten") else "chosen"
        meta.append(f'<span class="story-time" title="time spent on this story; reading and embedding '
                    f'are shared by the run">{done} in {duration(seconds)}</span>')
    if config:
        meta.append(f"{_e(config.get('preset', ''))} preset")
    sources = {a["number"]: a for a in story["articles"]}
    return (
        f'<article class="story-card" id="{anchor}">'
        f'<header><h3>{_e(story["title"])}</h3><div class="meta">{" · ".join(meta)}</div></header>'
        f'{_whats_new_html(story, sources, texts, anchor)}'
        f'{_rewrite_html(story, sources, texts, anchor)}'
        f'{_brief_html(story, sources, texts, anchor)}'
        f'{_timeline_html(story)}'
        f'{_sources_html(story, texts, anchor)}'
        f'{_why_html(story, config)}'
        f'{_downloads_html(story)}'
        "</article>"
    )


def _whats_new_html(story: dict[str, Any], sources: dict[int, dict], texts: Mapping[str, Paragraphs],
                    anchor: str) -> str:
    """What the story's newest sources add (an update brief), when the story has one."""
    if "whats_new" not in story:
        return ""
    parts = [f'<span class="sent">{_e(annotated(s))}</span>'
             f'{_cite(s["citation"], [s], sources, texts, anchor)}' for s in story["whats_new"]]
    body = " ".join(parts) or _e(NOTHING_NEW)
    return (f'<section class="whats-new"><div class="label">{_e(whats_new_label(story))}</div>'
            f'<p class="brief">{body}</p></section>')


def _timeline_html(story: dict[str, Any]) -> str:
    """A compact timeline: each day the story's sources appeared, with how many articles and their outlets."""
    timeline = story.get("timeline")
    if not timeline or len(timeline["days"]) < 2:
        return ""
    days = "".join(
        f'<li><time datetime="{iso}">{_e(label)}</time> '
        f'{_e(count)} <span class="num">[{", ".join(map(str, numbers))}]</span></li>'
        for iso, label, count, numbers in timeline_days(story))
    return f'<ol class="timeline" aria-label="Timeline">{days}</ol>'


# --- names -----------------------------------------------------------------------------------

def source_name(article: Mapping[str, Any], paragraphs: Paragraphs | None = None) -> str:
    """The headline, else the first words of the text (never the internal id when there is text)."""
    if article.get("title"):
        return str(article["title"])
    first = next((s for p in paragraphs or () for s in p), "")
    if first.split():
        return first_words(first)
    return str(article.get("id", "source"))


def source_byline(article: Mapping[str, Any]) -> str:
    """"Outlet · date" from what is known, or ""."""
    return " · ".join(str(article[k]) for k in ("source", "date") if article.get(k))


def source_label(article: Mapping[str, Any], paragraphs: Paragraphs | None = None) -> str:
    """One line naming a source: outlet, date and headline (or first words)."""
    byline = source_byline(article)
    name = source_name(article, paragraphs)
    return f"{byline}: {name}" if byline else name


# --- the brief and its evidence ----------------------------------------------------------------

def _brief_html(story: dict[str, Any], sources: dict[int, dict], texts: Mapping[str, Paragraphs],
                anchor: str) -> str:
    parts = []
    for s in story["summary"]:
        parts.append(f'<span class="sent">{_e(annotated(s))}</span>'
                     f'{_cite(s["citation"], [s], sources, texts, anchor)}')
    label = '<div class="label">Extract</div>' if story.get("rewritten") else ""
    copy = "" if story.get("rewritten") else _copy_button(story, texts)
    return f'{label}<div class="brief-box"><p class="brief">{" ".join(parts)}</p>{copy}</div>'


def _rewrite_html(story: dict[str, Any], sources: dict[int, dict], texts: Mapping[str, Paragraphs],
                  anchor: str) -> str:
    """The abstractive rewrite, when the pipeline added one: each sentence cites the source
    sentences it came from (`from`: indices into the summary)."""
    items = story.get("rewritten")
    if not isinstance(items, list) or not items:
        return ""
    summary = story["summary"]
    parts = []
    for item in items:
        origin = [summary[i] for i in item.get("from", []) if isinstance(i, int) and 0 <= i < len(summary)]
        cites = []
        for number in item.get("sources", []):
            cited = [s for s in origin if s["citation"] == number] or \
                [s for s in summary if s["citation"] == number]
            cites.append(_cite(number, cited, sources, texts, anchor))
        kind = "sent rewritten" if item.get("rewritten") else "sent"
        parts.append(f'<span class="{kind}">{_e(item["text"])}</span>{"".join(cites)}')
    rejected = story.get("rejected") or []
    note = (f'<div class="note">{plural(len(rejected), "generated sentence")} rejected by the faithfulness '
            "check; the extract is kept in their place.</div>") if rejected else ""
    return ('<div class="rewrite"><div class="label">Rewritten brief (checked against the sources)</div>'
            f'<div class="brief-box"><p class="brief">{" ".join(parts)}</p>{_copy_button(story, texts)}</div>'
            f'{note}</div>')


def _cite(number: int, cited: list[dict], sources: dict[int, dict], texts: Mapping[str, Paragraphs],
          anchor: str) -> str:
    """[n] with a pop-up of the cited passage (shown on hover and on focus); the link jumps to
    the first cited sentence in the source text."""
    article = sources.get(number, {})
    paragraphs = texts.get(article.get("id", ""))
    passages = "".join(_passage(s, paragraphs) for s in cited)
    target = f"#{_sentence_id(anchor, number, cited[0]['sentence_index'])}" if cited and paragraphs \
        else f"#{anchor}-src-{number}"
    head = f'<span class="ev-head">[{number}] {_e(source_label(article, paragraphs)) if article else ""}</span>'
    return (f'<span class="cite-wrap"><a class="cite" href="{target}" data-source="{number}">[{number}]</a>'
            f'<span class="evidence" role="tooltip">{head}{passages}'
            '<span class="ev-hint">Click the number to read it in the source.</span></span></span>')


def _passage(sentence: dict, paragraphs: Paragraphs | None) -> str:
    flat = [s for p in paragraphs or () for s in p]
    index = sentence["sentence_index"]
    if not 0 <= index < len(flat):
        return f'<span class="ev-text"><mark>{_e(sentence["text"])}</mark></span>'
    before = " ".join(flat[max(0, index - CONTEXT):index])
    after = " ".join(flat[index + 1:index + 1 + CONTEXT])
    return (f'<span class="ev-text">{"… " if index > CONTEXT else ""}{_e(before)} <mark>{_e(flat[index])}</mark> '
            f'{_e(after)}{" …" if index + 1 + CONTEXT < len(flat) else ""}</span>')


def copy_text(story: dict[str, Any], texts: Mapping[str, Paragraphs] | None = None) -> str:
    """What "Copy brief" puts on the clipboard: title, brief with [n] citations, named sources."""
    texts = texts or {}
    sources = "\n".join(f"[{a['number']}] {source_label(a, texts.get(a['id']))}" for a in story["articles"])
    new = whats_new_text(story)
    brief = f"{whats_new_label(story)}: {new}\n\nThe story so far: {brief_text(story)}" if new else brief_text(story)
    return f"{story['title']}\n\n{brief}\n\nSources:\n{sources}\n"


def _copy_button(story: dict[str, Any], texts: Mapping[str, Paragraphs]) -> str:
    return (f'<button class="copy" type="button" data-copy="{_e(copy_text(story, texts))}" '
            'title="Copy the brief with its citations and sources">Copy brief</button>')


# --- sources -----------------------------------------------------------------------------------

def _sources_html(story: dict[str, Any], texts: Mapping[str, Paragraphs], anchor: str) -> str:
    dup_ids = {i for pair in story.get("duplicates", []) for i in pair}
    cited: dict[str, dict[int, int]] = {}
    for s in story.get("whats_new", []) + story["summary"]:  # both sections cite into the sources
        cited.setdefault(s["article_id"], {})[s["sentence_index"]] = s["citation"]
    items = []
    for a in story["articles"]:
        paragraphs = texts.get(a["id"])
        name = _e(source_name(a, paragraphs))
        if a.get("url") and str(a["url"]).startswith(("http://", "https://")):
            name = f'<a href="{_e(a["url"])}" target="_blank" rel="noopener noreferrer">{name}</a>'
        byline = "".join(f'<span class="{k}">{_e(a[k])}</span>' for k in ("source", "date") if a.get(k))
        picked = cited.get(a["id"], {})
        count = (f'{plural(len(picked), "sentence")} cited' if picked else "not cited")
        dup = ' <span class="dup" title="near-copy of another source; counted once">near-copy</span>' \
            if a["id"] in dup_ids else ""
        body = _source_text(a, paragraphs, picked, anchor) if paragraphs else ""
        items.append(f'<li id="{anchor}-src-{a["number"]}"><div class="src-line"><span class="num">[{a["number"]}]</span> '
                     f'<span class="src-title">{name}</span>{byline}<span class="count">{count}</span>{dup}</div>'
                     f'{body}</li>')
    return f'<div class="sources"><h4>Sources</h4><ol>{"".join(items)}</ol></div>'


def _source_text(article: dict, paragraphs: Paragraphs, picked: dict[int, int], anchor: str) -> str:
    index, blocks = 0, []
    for paragraph in paragraphs:
        spans = []
        for text in paragraph:
            if index in picked:
                spans.append(f'<mark id="{_sentence_id(anchor, article["number"], index)}">{_e(text)}</mark>')
            else:
                spans.append(f"<span>{_e(text)}</span>")
            index += 1
        blocks.append(f'<p>{" ".join(spans)}</p>')
    words = sum(len(s.split()) for p in paragraphs for s in p)
    return (f'<details class="source-text"><summary>Read the source ({words} words, cited sentences '
            f'highlighted)</summary>{"".join(blocks)}</details>')


def _sentence_id(anchor: str, number: int, index: int) -> str:
    return f"{anchor}-s{number}-{index}"


# --- why these sentences ---------------------------------------------------------------------

def _why_html(story: dict[str, Any], config: dict[str, Any] | None) -> str:
    select = (config or {}).get("select", {})
    lam = select.get("mmr_lambda")
    lam = float(lam) if isinstance(lam, (int, float)) else None
    rows = []
    for n, s in enumerate(story["summary"], start=1):
        cells = [f'<td data-label="#">{n}</td>',
                 f'<td class="text" data-label="Sentence">{_e(s["text"])} <span class="num">[{s["citation"]}]</span></td>',
                 f'<td data-label="Relevance">{_bar(s["relevance"])}</td>']
        if lam is not None:
            gain, coverage = lam * s["relevance"], float(s.get("coverage", 0.0))
            penalty = (1 - lam) * s["redundancy"]
            shown = round(gain, 3) + round(coverage, 3) - round(penalty, 3)
            cells += [f'<td data-label="λ × relevance">{gain:.3f}</td>',
                      f'<td data-label="+ coverage">+ {coverage:.3f}</td>',
                      f'<td data-label="− (1−λ) × redundancy">− {penalty:.3f} '
                      f'<small>({s["redundancy"]:.3f})</small></td>',
                      f'<td data-label="= score" class="score">{_score(shown, s["score"])}</td>']
        else:
            cells += [f'<td data-label="Redundancy">{s["redundancy"]:.3f}</td>',
                      f'<td data-label="Score" class="score">{s["score"]:.3f}</td>']
        rows.append(f'<tr>{"".join(cells)}</tr>')
    if lam is not None:
        head = ("<th>#</th><th>Sentence</th><th>Relevance</th><th>λ × relevance</th><th>+ coverage</th>"
                "<th>− (1−λ) × redundancy</th><th>= score</th>")
        formula = (f"score = λ × relevance + coverage − (1 − λ) × redundancy, with λ = {lam:g} "
                   "(the “relevance vs. diversity” slider)")
    else:
        head = "<th>#</th><th>Sentence</th><th>Relevance</th><th>Redundancy</th><th>Score</th>"
        formula = "score = λ × relevance + coverage − (1 − λ) × redundancy"
    return (
        '<details class="why"><summary>Why these sentences</summary>'
        f'<p class="note">{_relevance_note(select)} {_coverage_note(select)} '
        "<b>Redundancy</b>: the highest similarity (cosine of the sentence embeddings) to a sentence "
        f"chosen before it. The brief is built greedily: {formula}; the best-scoring sentence that still "
        "fits the length budget is added, and the numbers are those it had when it was picked.</p>"
        f'<table><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table></details>'
    )


def _relevance_note(select: Mapping[str, Any]) -> str:
    scorer = select.get("scorer") or "centroid"
    if scorer != "centroid":
        return (f"<b>Relevance</b> comes from the learned scorer ({_e(scorer)}): a linear model trained on "
                "Multi-News to predict how much of a sentence a human summary keeps, from features of the "
                "sentence within its story (similarity to the story and to the other sources, position, words "
                "shared across sources, length) and from its words.")
    position = select.get("position_weight")
    bonus = f" plus {position:g} × a lead-position bonus" if isinstance(position, (int, float)) and position else ""
    return f"<b>Relevance</b>: similarity to the centre of the story{bonus}."


def _coverage_note(select: Mapping[str, Any]) -> str:
    weight = select.get("coverage_weight")
    if isinstance(weight, (int, float)) and weight == 0:
        return "<b>Coverage</b> is off (coverage weight 0)."
    scale = f" scaled so the best sentence at the start gets {weight:g}" if isinstance(weight, (int, float)) else ""
    return ("<b>Coverage</b>: the weight of the words and word pairs that several sources share (in a "
            f"one-source story: that recur) and the brief does not hold yet,{scale}.")


def _score(shown: float, actual: float) -> str:
    """The sum of the rounded terms; differs from the stored score only in the last digit."""
    if abs(shown - actual) > 0.0015:  # a term this table does not know (e.g. a length factor)
        return f"{actual:.3f}"
    return f"{shown:.3f}"


# --- downloads and helpers -------------------------------------------------------------------

def _downloads_html(story: dict[str, Any]) -> str:
    single = {"stories": [story]}
    slug = re.sub(r"[^a-z0-9]+", "-", story["title"].lower()).strip("-")[:50] or story["id"]
    links = [
        (f"{slug}.md", "text/markdown", render(single, "md"), "Markdown"),
        (f"{slug}.json", "application/json", render(single, "json"), "JSON"),
    ]
    anchors = "".join(
        f'<a class="download" download="{_e(name)}" '
        f'href="data:{mime};charset=utf-8;base64,{base64.b64encode(text.encode()).decode()}">{label}</a>'
        for name, mime, text, label in links
    )
    return f'<footer class="downloads">Download this brief: {anchors}</footer>'


def status_markdown(result: dict[str, Any], n_articles: int, seconds: float) -> str:
    stories = len(result["stories"])
    return (f"**{plural(stories, 'story')}** from {plural(n_articles, 'article')} "
            f"in **{seconds:.2f} s** ({result['config'].get('preset', '')} preset)")


def error_markdown(message: str) -> str:
    """A failed run's message: stays on the page until the next run."""
    return f'<div class="run-error" role="alert"><b>Cannot summarize.</b> {_e(message)}</div>'


def duration(seconds: float) -> str:
    """"4 ms", "1.25 s": a story's selection often takes milliseconds."""
    if seconds < 0.0005:
        return "< 1 ms"
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def _as_paragraphs(value: Paragraphs | Sequence[str]) -> list[list[str]]:
    if value and isinstance(value[0], str):
        return [list(value)]
    return [list(p) for p in value]


def _bar(value: float) -> str:
    width = max(0.0, min(1.0, float(value))) * 100
    return f'<span class="bar"><span style="width:{width:.0f}%"></span></span> {value:.3f}'


def _anchor(story_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", story_id)


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


# Wires every "Copy brief" button of the cards (Gradio's gr.HTML(js_on_load=...): `element` is the
# component). The clipboard API needs a secure context (localhost is one); else a hidden textarea.
NARROW_PX = 900  # below this width the results sit under every control


def scroll_js(element_id: str) -> str:
    """Front-end code that brings the reader to `element_id` on a narrow screen, where it
    would otherwise start below every control."""
    return (f"() => {{ if (window.innerWidth < {NARROW_PX}) {{ const el = document.getElementById('{element_id}');"
            " if (el) el.scrollIntoView({block: 'start'}); } }")


COPY_JS = """
element.addEventListener('click', async (event) => {
  const button = event.target.closest('button.copy');
  if (!button) return;
  const text = button.dataset.copy || '';
  let copied = false;
  try { await navigator.clipboard.writeText(text); copied = true; } catch (error) { copied = false; }
  if (!copied) {
    const area = document.createElement('textarea');
    area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
    document.body.appendChild(area); area.select();
    try { copied = document.execCommand('copy'); } catch (error) { copied = false; }
    area.remove();
  }
  button.textContent = copied ? 'Copied ✓' : 'Copy failed: select the text';
  button.classList.toggle('copied', copied);
  setTimeout(() => { button.textContent = 'Copy brief'; button.classList.remove('copied'); }, 2500);
});
"""

# Ctrl+Enter (Cmd+Enter) in the page runs the summary, as in most editors' "send".
RUN_KEY_JS = """
if (!window.summarizerRunKey) {
  window.summarizerRunKey = true;  // one listener, however often this runs
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Enter' || !(event.ctrlKey || event.metaKey)) return;
    const button = document.getElementById('summarize');
    if (button && !button.disabled) { event.preventDefault(); button.click(); }
  });
}
"""

CSS = """
.briefs { display: flex; flex-direction: column; gap: 18px; }
.story-card { border: 1px solid var(--border-color-primary); border-radius: 12px; padding: 18px 22px;
  background: var(--background-fill-primary); box-shadow: 0 1px 3px rgba(0,0,0,.06); overflow-wrap: anywhere; }
.story-card header h3 { margin: 0 0 4px 0; font-size: 1.25rem; }
.story-card .meta { color: var(--body-text-color-subdued); font-size: .85rem; margin-bottom: 10px; }
.story-card .meta .story-dates { font-weight: 600; }
.story-card .timeline { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 0 0 12px 0;
  font-size: .85rem; color: var(--body-text-color-subdued); }
.story-card .whats-new { border-left: 3px solid var(--color-accent); padding: 2px 12px; margin: 4px 0 10px 0; }
.story-card .brief-box { display: flex; gap: 12px; align-items: flex-start; }
.story-card .brief { position: relative; flex: 1; font-size: 1.02rem; line-height: 1.65; margin: 8px 0 14px 0; }
.story-card button.copy { flex: none; margin-top: 8px; padding: 3px 10px; font-size: .82rem; cursor: pointer;
  border: 1px solid var(--border-color-primary); border-radius: 8px; background: var(--background-fill-secondary);
  color: var(--body-text-color); }
.story-card button.copy.copied { border-color: var(--color-accent); color: var(--color-accent); }
.story-card a.cite { display: inline-block; margin: 0 4px 0 2px; padding: 0 5px; border-radius: 6px;
  font-size: .78rem; font-weight: 600; vertical-align: 2px; text-decoration: none;
  background: var(--color-accent-soft); color: var(--color-accent); }
.story-card .evidence { display: none; position: absolute; left: 0; right: 0; z-index: 20; margin-top: 4px;
  padding: 10px 12px; border: 1px solid var(--border-color-primary); border-radius: 10px;
  background: var(--background-fill-primary); box-shadow: 0 6px 18px rgba(0,0,0,.18);
  font-size: .9rem; line-height: 1.55; font-weight: normal; }
.story-card .cite-wrap:hover .evidence, .story-card .cite-wrap:focus-within .evidence { display: block; }
.story-card .evidence > span { display: block; }
.story-card .evidence .ev-head { font-weight: 600; margin-bottom: 4px; }
.story-card .evidence .ev-text + .ev-text { margin-top: 6px; }
.story-card .evidence .ev-hint { margin-top: 6px; font-size: .78rem; color: var(--body-text-color-subdued); }
.story-card .label { font-size: .75rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--body-text-color-subdued); }
.story-card .rewrite .brief { border-left: 3px solid var(--color-accent); padding: 2px 12px; margin: 4px 0 10px 0; }
.story-card .rewrite .note { margin-bottom: 10px; }
.story-card h4 { margin: 6px 0; font-size: .9rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--body-text-color-subdued); }
.story-card .sources ol { list-style: none; padding: 0; margin: 0 0 8px 0; }
.story-card .sources li { padding: 4px 0; font-size: .93rem; }
.story-card .sources .num { font-weight: 600; color: var(--color-accent); }
.story-card .sources .source { font-style: italic; }
.story-card .sources .source::before, .story-card .sources .date::before,
.story-card .sources .count::before { content: " · "; font-style: normal; }
.story-card .sources .date, .story-card .sources .count, .story-card .dup { color: var(--body-text-color-subdued);
  font-size: .85rem; }
.story-card .dup { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 0 5px; }
.story-card details { margin-top: 8px; border-top: 1px solid var(--border-color-primary); padding-top: 8px; }
.story-card .sources details { margin: 4px 0 4px 1.6em; border-top: none; padding-top: 0; }
.story-card .sources details summary { font-weight: normal; font-size: .85rem; color: var(--body-text-color-subdued); }
.story-card .sources details p { line-height: 1.6; font-size: .92rem; margin: 6px 0; }
.story-card summary { cursor: pointer; font-weight: 600; font-size: .92rem; }
.story-card mark { background: #fde68a; color: #111; padding: 1px 2px; border-radius: 3px; }
.story-card mark:target { background: #f59e0b; outline: 2px solid #b45309; scroll-margin-top: 30vh; }
.story-card table { width: 100%; border-collapse: collapse; font-size: .86rem; margin-top: 6px; }
.story-card th, .story-card td { border-bottom: 1px solid var(--border-color-primary); padding: 5px 6px;
  text-align: left; vertical-align: top; }
.story-card td.text { min-width: 14em; }
.story-card th, .story-card td:not(.text) { white-space: nowrap; overflow-wrap: normal; }
.story-card td.score { font-weight: 600; }
.story-card .bar { display: inline-block; width: 40px; height: 6px; background: var(--border-color-primary);
  border-radius: 3px; vertical-align: middle; }
.story-card .bar span { display: block; height: 6px; background: var(--color-accent); border-radius: 3px; }
.story-card .note { color: var(--body-text-color-subdued); font-size: .82rem; }
.story-card footer.downloads { margin-top: 12px; font-size: .88rem; color: var(--body-text-color-subdued); }
.story-card a.download { margin-left: 8px; padding: 2px 10px; border: 1px solid var(--border-color-primary);
  border-radius: 8px; text-decoration: none; }
.skipped { color: var(--body-text-color-subdued); font-size: .85rem; }
#run-status { min-height: 4.5em; }
.run-error { border: 1px solid #dc2626; border-left-width: 4px; border-radius: 8px; padding: 8px 12px;
  background: #fef2f2; color: #7f1d1d; }
#summarize.busy { cursor: progress; opacity: .85; }
#summarize.busy::before { content: ""; width: 1em; height: 1em; margin-right: 8px; border-radius: 50%;
  border: 2px solid currentColor; border-right-color: transparent; animation: busy-spin .8s linear infinite; }
@keyframes busy-spin { to { transform: rotate(360deg); } }
@media (max-width: 640px) {
  .story-card { padding: 12px 12px; }
  .story-card .brief-box { flex-direction: column; gap: 0; }
  .story-card button.copy { margin: 0 0 10px 0; }
  .story-card .sources details { margin-left: 0; }
  .story-card table, .story-card tbody, .story-card tr, .story-card td { display: block; width: auto;
    border: 0 !important; }
  .story-card thead { display: none; }
  .story-card tr { border-top: 1px solid var(--border-color-primary) !important; padding: 6px 0; }
  .story-card td { padding: 2px 0; white-space: normal !important; }
  .story-card td.text { min-width: 0; }
  .story-card td::before { content: attr(data-label) ": "; font-weight: 600; color: var(--body-text-color-subdued); }
  .story-card td.text::before { content: ""; }
}
"""
