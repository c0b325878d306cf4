"""The web page: paste or drop articles, get one brief per story with citations.

`summarizer app` (or `python app.py`) serves a Gradio Blocks page on 127.0.0.1:7860.
This module imports only light dependencies at the top: gradio and the models load
in `build_page()` / `launch()`, so the CLI stays fast when the page is not used.
The HTML of the story cards comes from pure functions (`cards_html`) that are easy
to test without a server.
"""
from __future__ import annotations

import argparse
import base64
import html
import logging
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable, Sequence

from .errors import ConfigError, InputError, SummarizerError
from .ingest import SUPPORTED_SUFFIXES, article_id, articles_from_text, read_path
from .output import render, source_label
from .records import Article

log = logging.getLogger(__name__)

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
MAX_INPUT_CHARS = 200_000  # pasted text plus the article text of every file
MAX_FILES = 50
MAX_UPLOAD = "5mb"  # per file, enforced by Gradio on upload
UPLOAD_TYPES = sorted(SUPPORTED_SUFFIXES)
NOTHING_TO_SUMMARIZE = "Nothing to summarize: paste articles (separate them with a line of ---) or upload files."
EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE_LABELS = {  # folder under examples/ -> button label
    "mixed": "Two stories: flood + probe launch",
    "bridge": "Bridge closure: one story, five outlets",
}
PRESET_LABELS = {"default": "Default (MiniLM, best)", "fast": "Fast (WordLlama)"}


# --- input -------------------------------------------------------------------------------

def example_sets(root: Path = EXAMPLES_DIR) -> dict[str, list[Path]]:
    """Example folders under examples/ and their article files, in a stable order."""
    if not root.is_dir():
        return {}
    sets = {}
    for folder in sorted(p for p in root.iterdir() if p.is_dir()):
        files = sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in SUPPORTED_SUFFIXES)
        if files:
            sets[folder.name] = files
    order = list(EXAMPLE_LABELS)
    return dict(sorted(sets.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else len(order), kv[0])))


def example_label(name: str, files: list[Path]) -> str:
    return f"{EXAMPLE_LABELS.get(name, name.replace('-', ' ').capitalize())} ({len(files)} files)"


def pasted_example(root: Path = EXAMPLES_DIR) -> str:
    """The plain-text articles of the mixed example, joined by `---` lines as a user would paste them."""
    files = [f for f in example_sets(root).get("mixed", []) if f.suffix.lower() in (".txt", ".md")]
    return "\n\n---\n\n".join(f.read_text(encoding="utf-8").strip() for f in files)


def gather_articles(pasted: str | None, files: Sequence[str] | None, upload_root: str | Path | None = None,
                    max_chars: int = MAX_INPUT_CHARS) -> list[Article]:
    """Articles from the paste box (split on `---` lines) and uploaded files.

    Files are read only when they lie under `upload_root` (Gradio's upload folder), so a
    client cannot make the server read an arbitrary path. Raises InputError with a
    one-line message for empty, unreadable or oversized input.
    """
    pasted = (pasted or "").strip()
    files = [f for f in (files or []) if f]
    if not pasted and not files:
        raise InputError(NOTHING_TO_SUMMARIZE)
    if len(files) > MAX_FILES:
        raise InputError(f"{len(files)} files is over the limit of {MAX_FILES}; upload fewer files at a time.")
    if len(pasted) > max_chars:
        raise InputError(_too_long(len(pasted), max_chars))
    articles = articles_from_text(pasted) if pasted else []
    total = len(pasted)
    for name in files:
        path = Path(name)
        if upload_root is not None and not _is_within(path, Path(upload_root)):
            raise InputError(f"{path.name} was not uploaded through the page; upload the file again.")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise InputError(f"{path.name}: unsupported file type; upload .txt, .md, .html or .json files.")
        try:
            found = read_path(path)
        except InputError as exc:
            raise InputError(_strip_dirs(str(exc), path)) from None
        total += sum(len(a.text) for a in found)
        if total > max_chars:
            raise InputError(_too_long(total, max_chars))
        articles.extend(found)
    if not any(a.text.strip() for a in articles):
        raise InputError(NOTHING_TO_SUMMARIZE)
    return _unique_ids(articles)


def _too_long(chars: int, limit: int) -> str:
    return (f"The input is {chars:,} characters, over the {limit:,}-character limit; "
            "summarize fewer or shorter articles at a time.")


def _is_within(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except OSError:
        return False


def _strip_dirs(message: str, path: Path) -> str:
    """Show a file's own name, not the server's temporary folder."""
    return message.replace(str(path), path.name)


def _unique_ids(articles: list[Article]) -> list[Article]:
    seen: set[str] = set()
    result = []
    for n, a in enumerate(articles):
        if a.id in seen:
            a = Article(article_id(a.text, f"{a.id}-{n + 1}"), a.text, a.title, a.source, a.date, a.url)
        seen.add(a.id)
        result.append(a)
    return result


# --- output: story cards -----------------------------------------------------------------

def cards_html(result: dict[str, Any], source_sentences: dict[str, list[str]] | None = None,
               seconds: float | None = None) -> str:
    """One card per story: brief with [n] citations, sources, highlighted source text,
    the scores behind each sentence, and Markdown/JSON downloads. All text is escaped."""
    seconds = result.get("seconds") if seconds is None else seconds
    cards = [story_card(story, source_sentences or {}, seconds, result.get("config"))
             for story in result["stories"]]
    skipped = result.get("skipped") or []
    note = ""
    if skipped:
        names = ", ".join(_e(s["article_id"]) for s in skipped)
        note = f'<p class="skipped">Skipped (no sentences left after cleaning): {names}</p>'
    for warning in result.get("warnings") or []:  # e.g. an article that is not in English
        note += f'<p class="skipped">Note: {_e(warning["article_id"])} {_e(warning["reason"])}.</p>'
    return f'<div class="briefs">{"".join(cards)}{note}</div>'


def story_card(story: dict[str, Any], source_sentences: dict[str, list[str]], seconds: float | None,
               config: dict[str, Any] | None = None) -> str:
    anchor = _anchor(story["id"])
    articles = {a["id"]: a for a in story["articles"]}
    words = sum(len(s["text"].split()) for s in story["summary"])
    meta = [_plural(len(story["articles"]), "source"), f"{words} words"]
    if seconds is not None:
        meta.append(f"{seconds:.2f} s")
    if config:
        meta.append(f"{_e(config.get('preset', ''))} preset")
    return (
        f'<article class="story-card" id="{anchor}">'
        f'<header><h3>{_e(story["title"])}</h3><div class="meta">{" · ".join(meta)}</div></header>'
        f'{_rewrite_html(story, anchor)}'
        f'{_brief_html(story, articles, anchor)}'
        f'{_sources_html(story, anchor)}'
        f'{_highlight_html(story, source_sentences)}'
        f'{_why_html(story, articles, config)}'
        f'{_downloads_html(story)}'
        "</article>"
    )


def _brief_html(story: dict[str, Any], articles: dict[str, dict], anchor: str) -> str:
    parts = []
    for s in story["summary"]:
        source = articles.get(s["article_id"], {})
        parts.append(f'<span class="sent">{_e(s["text"])}</span>'
                     f'<a class="cite" href="#{anchor}-src-{s["citation"]}" '
                     f'title="{_e(source_label(source) if source else "")}">[{s["citation"]}]</a>')
    return f'<p class="brief">{" ".join(parts)}</p>'


def _rewrite_html(story: dict[str, Any], anchor: str) -> str:
    """The abstractive rewrite, when the pipeline added one: `rewritten` items with their sources."""
    items = story.get("rewritten")
    if not isinstance(items, list) or not items:
        return ""
    parts = []
    for item in items:
        cites = "".join(f'<a class="cite" href="#{anchor}-src-{n}">[{n}]</a>' for n in item.get("sources", []))
        kind = "sent rewritten" if item.get("rewritten") else "sent"
        parts.append(f'<span class="{kind}">{_e(item["text"])}</span>{cites}')
    rejected = story.get("rejected") or []
    note = (f'<div class="note">{_plural(len(rejected), "generated sentence")} rejected by the faithfulness '
            "check; the extract is kept in their place.</div>") if rejected else ""
    return ('<div class="rewrite"><div class="label">Rewritten brief (checked against the sources)</div>'
            f'<p>{" ".join(parts)}</p>{note}<div class="label">Extract</div></div>')


def _sources_html(story: dict[str, Any], anchor: str) -> str:
    dup_ids = {i for pair in story.get("duplicates", []) for i in pair}
    items = []
    for a in story["articles"]:
        title = _e(a.get("title") or a["id"])
        if a.get("url") and str(a["url"]).startswith(("http://", "https://")):
            title = f'<a href="{_e(a["url"])}" target="_blank" rel="noopener noreferrer">{title}</a>'
        extra = "".join(f' <span class="{k}">{_e(a[k])}</span>' for k in ("source", "date") if a.get(k))
        dup = ' <span class="dup" title="near-copy of another source; counted once">near-copy</span>' \
            if a["id"] in dup_ids else ""
        items.append(f'<li id="{anchor}-src-{a["number"]}"><span class="num">[{a["number"]}]</span> '
                     f'<span class="src-title">{title}</span>{extra}{dup}</li>')
    return f'<div class="sources"><h4>Sources</h4><ol>{"".join(items)}</ol></div>'


def _highlight_html(story: dict[str, Any], source_sentences: dict[str, list[str]]) -> str:
    chosen: dict[tuple[str, int], int] = {
        (s["article_id"], s["sentence_index"]): s["citation"] for s in story["summary"]
    }
    sections = []
    for a in story["articles"]:
        sentences = source_sentences.get(a["id"])
        if not sentences:
            continue
        spans = []
        for n, text in enumerate(sentences):
            if (a["id"], n) in chosen:
                spans.append(f'<mark>{_e(text)}</mark>')
            else:
                spans.append(f'<span>{_e(text)}</span>')
        picked = sum(1 for (aid, _) in chosen if aid == a["id"])
        sections.append(f'<section class="source-text"><h5>[{a["number"]}] {_e(a.get("title") or a["id"])}'
                        f' <small>{picked} of {len(sentences)} sentences chosen</small></h5>'
                        f'<p>{" ".join(spans)}</p></section>')
    if not sections:
        return ""
    return ('<details class="source-view"><summary>Sources with the chosen sentences highlighted</summary>'
            f'{"".join(sections)}</details>')


def _why_html(story: dict[str, Any], articles: dict[str, dict], config: dict[str, Any] | None) -> str:
    mmr_lambda = (config or {}).get("select", {}).get("mmr_lambda")
    rows = []
    for n, s in enumerate(story["summary"], start=1):
        rows.append(
            f'<tr><td>{n}</td><td class="text">{_e(s["text"])}</td><td>[{s["citation"]}]</td>'
            f'<td>{_bar(s["relevance"])}</td><td>{_bar(s["redundancy"])}</td><td>{s["score"]:.3f}</td></tr>'
        )
    if isinstance(mmr_lambda, (int, float)):
        formula = f"Score = {mmr_lambda:g} × relevance − {1 - mmr_lambda:g} × redundancy (λ = {mmr_lambda:g})"
    else:
        formula = "Score = λ × relevance − (1 − λ) × redundancy"
    return (
        '<details class="why"><summary>Why these sentences</summary>'
        '<table><thead><tr><th>#</th><th>Sentence</th><th>Source</th><th>Relevance</th>'
        f'<th>Redundancy</th><th>Score</th></tr></thead><tbody>{"".join(rows)}</tbody></table>'
        '<p class="note">Relevance: similarity to the centre of the story (plus a small bonus for lead '
        'sentences). Redundancy: highest similarity to a sentence chosen before it. '
        f'{formula}; sentences are picked greedily by score '
        'until the length budget is spent.</p></details>'
    )


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


def _bar(value: float) -> str:
    width = max(0.0, min(1.0, float(value))) * 100
    return f'<span class="bar"><span style="width:{width:.0f}%"></span></span> {value:.3f}'


def _anchor(story_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", story_id)


def _plural(n: int, word: str) -> str:
    if n == 1:
        return f"{n} {word}"
    return f"{n} {word[:-1]}ies" if word.endswith("y") else f"{n} {word}s"


def _e(value: Any) -> str:
    return html.escape(str(value), quote=True)


def status_markdown(result: dict[str, Any], n_articles: int, seconds: float) -> str:
    stories = len(result["stories"])
    return (f"**{_plural(stories, 'story')}** from {_plural(n_articles, 'article')} "
            f"in **{seconds:.2f} s** ({result['config'].get('preset', '')} preset)")


# --- the page -----------------------------------------------------------------------------

def rewrite_availability() -> tuple[str | None, str]:
    """(backend, note): the rewrite backend the page can offer, or None and a one-line reason.

    Uses `summarizer.rewrite.available_backend()` (returns "seq2seq", "llm" or None) when
    that module provides it; anything else counts as unavailable.
    """
    try:
        from . import rewrite
    except ImportError:
        return None, "No rewriter is installed in this build."
    probe = getattr(rewrite, "available_backend", None)
    if not callable(probe):
        return None, "No rewriter is installed in this build."
    try:
        backend = probe()
    except SummarizerError as exc:
        return None, str(exc)
    except Exception as exc:  # a broken optional model must not take the page down
        log.warning("rewriter unavailable: %s", exc)
        return None, f"The rewriter could not load ({type(exc).__name__})."
    if not backend:
        status = getattr(rewrite, "rewriter_status", None)
        reason = status("llm")[1] if callable(status) else "no rewrite model is installed"
        return None, f"Unavailable: {reason.rstrip('.')}."
    return str(backend), ("Rewrites each brief with a small offline model; every generated sentence is "
                          "checked against its sources.")


class PageRunner:
    """Runs one page request: read input, summarize, render. Models load once per process."""

    def __init__(self, upload_root: str | Path | None = None, max_chars: int = MAX_INPUT_CHARS):
        self.upload_root = upload_root
        self.max_chars = max_chars

    @staticmethod
    def summarizer(preset: str, budget: int, mmr_lambda: float, rewrite_backend: str | None = None):
        from .config import load_config
        from .pipeline import Summarizer

        if not 0.0 <= float(mmr_lambda) <= 1.0:
            raise ConfigError(f"λ must be between 0 and 1, got {mmr_lambda}")
        overrides = {"select.budget": int(budget), "select.unit": "words", "select.mmr_lambda": float(mmr_lambda)}
        if rewrite_backend:
            overrides["rewrite.backend"] = rewrite_backend
        return Summarizer(load_config(preset, overrides=overrides))  # embedders are cached per process

    @staticmethod
    def warm_up(presets: Sequence[str]) -> None:
        """Load the embedding models before the first request."""
        from .config import load_config
        from .embed import make_embedder

        for preset in presets:
            make_embedder(load_config(preset)).encode(["The page loads its models once per process."])

    def run(self, pasted: str | None, files: Sequence[str] | None, budget: int, mmr_lambda: float,
            preset: str, rewrite: bool = False, one_story: bool = False,
            progress: Callable[[float, str], None] | None = None) -> tuple[str, str, list[str]]:
        """(status Markdown, cards HTML, [brief.md, brief.json] paths)."""
        started = time.perf_counter()
        report = progress or (lambda fraction, desc: None)
        report(0.02, "Reading articles")
        articles = gather_articles(pasted, files, self.upload_root, self.max_chars)
        backend = None
        if rewrite:
            backend, note = rewrite_availability()
            if backend is None:
                raise InputError(f"Abstractive rewrite is unavailable: {note}")
        summarizer = self.summarizer(preset, budget, mmr_lambda, backend)

        def embedded(done: int, total: int) -> None:
            if done < total:
                report(0.1 + 0.7 * done / max(total, 1), f"Embedding {total} sentences")
            else:
                report(0.8, "Grouping stories and choosing sentences" + ("; then rewriting (slow on CPU)" if backend else ""))

        result = summarizer.summarize(articles, one_story=bool(one_story), progress=embedded)
        report(0.95, "Writing briefs")
        shown = {s["article_id"] for st in result["stories"] for s in st["summary"]}
        sentences = {a.id: summarizer.splitter.split_text(a.text) for a in articles if a.id in shown}
        seconds = time.perf_counter() - started
        downloads = write_downloads(result)
        return status_markdown(result, len(articles), seconds), cards_html(result, sentences, seconds), downloads


def write_downloads(result: dict[str, Any]) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="summarizer-page-"))
    md, js = folder / "briefs.md", folder / "briefs.json"
    md.write_text(render(result, "md"), encoding="utf-8")
    js.write_text(render(result, "json"), encoding="utf-8")
    return [str(md), str(js)]


CSS = """
.briefs { display: flex; flex-direction: column; gap: 18px; }
.story-card { border: 1px solid var(--border-color-primary); border-radius: 12px; padding: 18px 22px;
  background: var(--background-fill-primary); box-shadow: 0 1px 3px rgba(0,0,0,.06); }
.story-card header h3 { margin: 0 0 4px 0; font-size: 1.25rem; }
.story-card .meta { color: var(--body-text-color-subdued); font-size: .85rem; margin-bottom: 10px; }
.story-card .brief { font-size: 1.02rem; line-height: 1.65; margin: 8px 0 14px 0; }
.story-card a.cite { display: inline-block; margin: 0 4px 0 2px; padding: 0 5px; border-radius: 6px;
  font-size: .78rem; font-weight: 600; vertical-align: 2px; text-decoration: none;
  background: var(--color-accent-soft); color: var(--color-accent); }
.story-card .rewrite p { font-size: 1.02rem; line-height: 1.65; border-left: 3px solid var(--color-accent);
  padding: 2px 12px; margin: 4px 0 10px 0; }
.story-card .rewrite .label, .story-card .rewrite .note { font-size: .75rem; text-transform: uppercase;
  letter-spacing: .04em; color: var(--body-text-color-subdued); }
.story-card .rewrite .note { text-transform: none; letter-spacing: 0; margin-bottom: 10px; }
.story-card h4 { margin: 6px 0; font-size: .9rem; text-transform: uppercase; letter-spacing: .04em;
  color: var(--body-text-color-subdued); }
.story-card .sources ol { list-style: none; padding: 0; margin: 0 0 8px 0; }
.story-card .sources li { padding: 2px 0; font-size: .93rem; }
.story-card .sources .num { font-weight: 600; color: var(--color-accent); }
.story-card .sources .source { font-style: italic; }
.story-card .sources .source::before, .story-card .sources .date::before { content: "· "; font-style: normal; }
.story-card .sources .date, .story-card .dup { color: var(--body-text-color-subdued); font-size: .85rem; }
.story-card .dup { border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 0 5px; }
.story-card details { margin-top: 8px; border-top: 1px solid var(--border-color-primary); padding-top: 8px; }
.story-card summary { cursor: pointer; font-weight: 600; font-size: .92rem; }
.story-card .source-text h5 { margin: 10px 0 4px 0; font-size: .92rem; }
.story-card .source-text small { font-weight: normal; color: var(--body-text-color-subdued); }
.story-card .source-text p { line-height: 1.6; font-size: .92rem; }
.story-card mark { background: #fde68a; color: #111; padding: 1px 2px; border-radius: 3px; }
.story-card table { width: 100%; border-collapse: collapse; font-size: .86rem; margin-top: 6px; }
.story-card th, .story-card td { border-bottom: 1px solid var(--border-color-primary); padding: 5px 6px;
  text-align: left; vertical-align: top; white-space: nowrap; }
.story-card td.text { white-space: normal; }
.story-card .bar { display: inline-block; width: 48px; height: 6px; background: var(--border-color-primary);
  border-radius: 3px; vertical-align: middle; }
.story-card .bar span { display: block; height: 6px; background: var(--color-accent); border-radius: 3px; }
.story-card .note { color: var(--body-text-color-subdued); font-size: .82rem; }
.story-card footer.downloads { margin-top: 12px; font-size: .88rem; color: var(--body-text-color-subdued); }
.story-card a.download { margin-left: 8px; padding: 2px 10px; border: 1px solid var(--border-color-primary);
  border-radius: 8px; text-decoration: none; }
.skipped { color: var(--body-text-color-subdued); font-size: .85rem; }
#run-status { min-height: 3em; }
"""

INTRO = """# News brief
Paste or drop articles about one or more news stories. The page groups them into stories and writes
a short brief for each, where every sentence comes from a source and carries its citation **[n]**.
"""


def build_page(example: str | None = None, runner: PageRunner | None = None):
    """The Gradio Blocks page; `example` preloads an example set from examples/."""
    import gradio as gr

    from gradio.utils import get_upload_folder

    from .config import available_presets, load_config

    runner = runner or PageRunner(upload_root=get_upload_folder())
    defaults = load_config("default").select
    sets = example_sets()
    presets = [p for p in ("default", "fast") if p in available_presets()]
    backend, rewrite_note = rewrite_availability()
    if example is not None and example not in sets:
        raise ConfigError(f"unknown example set '{example}'; choose one of: {', '.join(sets) or 'none'}")

    with gr.Blocks(title="summarizer: news briefs with citations", analytics_enabled=False) as page:
        gr.Markdown(INTRO)
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                pasted = gr.Textbox(
                    label="Paste articles",
                    info="Separate articles with a line containing only ---. "
                         "A short first line without a full stop is read as the title.",
                    placeholder="Headline of the first article\n\nFirst article text...\n\n---\n\n"
                                "Headline of the second article\n\nSecond article text...",
                    lines=12, max_lines=30, elem_id="pasted",
                )
                files = gr.File(
                    label="…or drop article files (.txt, .md, .html, .json; several at once)",
                    height=150,
                    file_count="multiple", file_types=UPLOAD_TYPES, type="filepath",
                    value=[str(p) for p in sets[example]] if example else None, elem_id="files",
                )
                gr.Markdown("**Try an example**", elem_id="examples-label")
                with gr.Row():
                    example_buttons = [(gr.Button(example_label(name, paths), size="sm", variant="secondary"), paths)
                                       for name, paths in sets.items()]
                    paste_button = gr.Button("Pasted text (4 articles)", size="sm", variant="secondary") \
                        if "mixed" in sets else None
                    clear_button = gr.Button("Clear", size="sm", variant="secondary")
            with gr.Column(scale=2):
                budget = gr.Slider(40, 400, value=defaults.budget, step=10, label="Brief length (words per story)")
                mmr_lambda = gr.Slider(
                    0.0, 1.0, value=defaults.mmr_lambda, step=0.05, label="Relevance vs. diversity (λ)",
                    info="1 keeps the most central sentences; lower values cover more distinct facts.",
                )
                preset = gr.Radio([(PRESET_LABELS.get(p, p), p) for p in presets], value=presets[0],
                                  label="Embedding model")
                rewrite = gr.Checkbox(value=False, label="Abstractive rewrite", interactive=backend is not None,
                                      info=rewrite_note, elem_id="rewrite")
                one_story = gr.Checkbox(value=False, label="Treat all articles as one story")
                submit = gr.Button("Summarize", variant="primary", elem_id="summarize")
                gr.Markdown(f"<small>Up to {MAX_INPUT_CHARS:,} characters and {MAX_FILES} files "
                            f"(each at most {MAX_UPLOAD.upper()}) per run.</small>")
        status = gr.Markdown(label="Run summary", elem_id="run-status")
        cards = gr.HTML(label="Story cards", elem_id="cards")
        with gr.Column(visible=False) as downloads_box:  # shown once a run has succeeded
            downloads = gr.File(label="Download all briefs (Markdown, JSON)", file_count="multiple",
                                interactive=False, elem_id="downloads")

        def summarize(pasted_text, file_paths, budget_words, lam, preset_name, rewrite_on, one,
                      progress=gr.Progress()):
            try:
                return runner.run(pasted_text, file_paths, budget_words, lam, preset_name, rewrite_on, one,
                                  progress=lambda fraction, desc: progress(fraction, desc=desc))
            except SummarizerError as exc:
                raise gr.Error(str(exc), title="Cannot summarize", duration=20, print_exception=False) from None
            except Exception as exc:  # keep the server up and say something readable
                log.exception("page request failed")
                raise gr.Error(f"Unexpected error ({type(exc).__name__}); the input was not summarized. "
                               "Try again, or report it with the input that caused it.",
                               title="Something went wrong") from None

        run = submit.click(summarize, inputs=[pasted, files, budget, mmr_lambda, preset, rewrite, one_story],
                     outputs=[status, cards, downloads], api_name="summarize", concurrency_limit=1,
                     scroll_to_output=True, show_progress_on=[status])
        run.success(lambda: gr.Column(visible=True), outputs=downloads_box, api_visibility="private")
        for button, paths in example_buttons:
            button.click(lambda p=paths: ("", [str(f) for f in p]), outputs=[pasted, files],
                         api_visibility="private")
        if paste_button is not None:
            paste_button.click(lambda: (pasted_example(), None), outputs=[pasted, files],
                               api_visibility="private")
        clear_button.click(lambda: ("", None, "", "", None, gr.Column(visible=False)),
                           outputs=[pasted, files, status, cards, downloads, downloads_box],
                           api_visibility="private")
    return page


def launch(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, example: str | None = None,
           preload: bool = True, block: bool = True):
    """Build and serve the page; returns Gradio's (app, local_url, share_url)."""
    page = build_page(example)
    if preload:
        PageRunner.warm_up(["default", "fast"])
    import gradio as gr

    theme = gr.themes.Soft(font=["ui-sans-serif", "system-ui", "sans-serif"],
                           font_mono=["ui-monospace", "monospace"])
    page.queue(default_concurrency_limit=1, max_size=64)
    return page.launch(
        server_name=host, server_port=port, prevent_thread_lock=not block, show_error=True,
        allowed_paths=[str(EXAMPLES_DIR)] if EXAMPLES_DIR.is_dir() else None,
        max_file_size=MAX_UPLOAD, theme=theme, css=CSS, footer_links=["api"], ssr_mode=False, quiet=True,
        pwa=False,
    )


# --- command line -------------------------------------------------------------------------

def add_app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help="address to bind (%(default)s: this machine only; 0.0.0.0 for every interface)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help="port (%(default)s)")
    parser.add_argument("--example", metavar="NAME", help="preload an example set from examples/, e.g. mixed")
    parser.add_argument("--no-preload", dest="preload", action="store_false",
                        help="load the models on the first request instead of at start")


def register(subparsers) -> None:
    parser = subparsers.add_parser("app", help="serve the web page (Gradio) on 127.0.0.1:7860")
    add_app_options(parser)
    parser.set_defaults(run=run_app)


def run_app(args: argparse.Namespace) -> int:
    try:
        import gradio  # noqa: F401
    except ImportError:
        from .errors import MissingDependencyError

        raise MissingDependencyError("gradio", "app") from None
    logging.basicConfig(level=logging.WARNING, format="summarizer: %(levelname)s: %(message)s")
    print(f"summarizer: serving the page on http://{args.host}:{args.port} (Ctrl+C stops it)", file=sys.stderr)
    try:
        launch(args.host, args.port, args.example, preload=args.preload)
    except OSError as exc:
        raise InputError(f"cannot serve on {args.host}:{args.port} ({exc}); pass another --port") from None
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """`python app.py [--host H] [--port P] [--example NAME]`."""
    parser = argparse.ArgumentParser(prog="app.py", description="Serve the summarizer web page.")
    add_app_options(parser)
    args = parser.parse_args(argv)
    try:
        return run_app(args)
    except ConfigError as exc:
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return 2
    except SummarizerError as exc:
        print(f"summarizer: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
