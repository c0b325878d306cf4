"""The web page: paste or drop articles, get one brief per story with citations.

`summarizer app` (or `python app.py`) serves a Gradio Blocks page on 127.0.0.1:7860.
This module imports only light dependencies at the top: gradio and the models load
in `build_page()` / `launch()`, so the CLI stays fast when the page is not used.
The HTML of the story cards comes from pure functions in page_html.py (`cards_html`), easy
to test without a server; this module reads the input, runs the pipeline and wires Gradio.
"""
from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import tempfile
import time
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Sequence

from summarizer.config import available_presets, load_config
from summarizer.errors import (
    ConfigError,
    InputError,
    MissingDependencyError,
    SummarizerError,
)
from summarizer.read.clean import clean_paragraphs
from summarizer.read.digests import with_digests_split
from summarizer.read.ingest import (
    SUPPORTED_SUFFIXES,
    article_id,
    articles_from_text,
    read_path,
)
from summarizer.records import Article
from summarizer.render.formats import first_words, render
from summarizer.render.page_html import (
    COPY_JS,
    RUN_KEY_JS,
    CSS,
    cards_html,
    error_markdown,
    scroll_js,
    source_label,
    status_markdown,
)
from summarizer.rewrite.backends import available_backend, rewriter_status

log = logging.getLogger(__name__)

DEFAULT_HOST, DEFAULT_PORT = "127.0.0.1", 7860
MAX_INPUT_CHARS = 200_000  # pasted text plus the article text of every file
MAX_FILES = 50
MAX_UPLOAD = "5mb"  # per file, enforced by Gradio on upload
UPLOAD_TYPES = sorted(SUPPORTED_SUFFIXES)
NOTHING_TO_SUMMARIZE = "Nothing to summarize: paste articles (separate them with a line of ---) or upload files."
EXAMPLES_DIR = Path(__file__).resolve().parents[2] / "examples"
EXAMPLE_LABELS = {  # folder under examples/ -> button label
    "mixed": "Two stories: flood + probe launch",
    "bridge": "Bridge closure: one story, five outlets",
    "wire2001": "Levee break: wire copy over two days",
    "wire1998": "Port closure: 1998 wire copy",
}
PAGE_PRESETS = ("default", "quality", "fast")  # offered when configs/ has them, in this order
EMBEDDER_NAMES = {"wordllama": "WordLlama", "minilm": "MiniLM"}


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


def without_examples(paths: Sequence[str] | None, pasted: str | None = None,
                     root: Path = EXAMPLES_DIR) -> list[str] | None:
    """The files less any example article (matched by content) once the user gave input of
    their own (pasted text, or a file that is not an example): what a user gives replaces a
    loaded example instead of being added to it."""
    if not paths:
        return paths
    examples = {hashlib.sha1(f.read_bytes()).hexdigest() for files in example_sets(root).values() for f in files}
    is_example = [_file_digest(p) in examples for p in paths]
    if not any(is_example) or not ((pasted or "").strip() or not all(is_example)):
        return list(paths)
    kept = [p for p, example in zip(paths, is_example) if not example]
    return kept or None


def _file_digest(path: str) -> str | None:
    try:
        return hashlib.sha1(Path(path).read_bytes()).hexdigest()
    except OSError:
        return None


def gather_articles(pasted: str | None, files: Sequence[str] | None, upload_root: str | Path | None = None,
                    max_chars: int = MAX_INPUT_CHARS, unreadable: list[str] | None = None) -> list[Article]:
    """Articles from the paste box (split on `---` lines) and uploaded files.

    Files are read only when they lie under `upload_root` (Gradio's upload folder), so a
    client cannot make the server read an arbitrary path. A file uploaded twice is read once.
    Raises InputError with a one-line message for empty, unreadable or oversized input; with
    `unreadable`, a file that cannot be read among others that can is passed over and its
    reason added there.
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
    problems, seen = [], set()
    for name in files:
        path = Path(name)
        if upload_root is not None and not _is_within(path, Path(upload_root)):
            raise InputError(f"{path.name} was not uploaded through the page; upload the file again.")
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise InputError(f"{path.name}: unsupported file type; upload .txt, .md, .html or .json files.")
        try:
            fingerprint = (path.name, hashlib.sha1(path.read_bytes()).hexdigest())
            if fingerprint in seen:  # the same file dropped twice
                continue
            seen.add(fingerprint)
            found = read_path(path)
        except (InputError, OSError) as exc:
            problems.append(_strip_dirs(str(exc), path))
            continue
        total += sum(len(a.text) for a in found)
        if total > max_chars:
            raise InputError(_too_long(total, max_chars))
        articles.extend(found)
    if problems and (unreadable is None or not any(a.text.strip() for a in articles)):
        raise InputError(problems[0])
    if not any(a.text.strip() for a in articles):
        raise InputError(NOTHING_TO_SUMMARIZE)
    if unreadable is not None:
        unreadable.extend(problems)
    return _unique_ids([replace(a, path=Path(a.path).name) if a.path else a for a in articles])


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
            a = replace(a, id=article_id(a.text, f"{a.id}-{n + 1}"))
        seen.add(a.id)
        result.append(a)
    return result


# --- the page -----------------------------------------------------------------------------

def page_presets() -> list[str]:
    return [p for p in PAGE_PRESETS if p in available_presets()]


def preset_label(name: str) -> str:
    """"Default: WordLlama, learned scorer", from the preset itself."""
    config = load_config(name)
    embedder = EMBEDDER_NAMES.get(config.embed.model, config.embed.model)
    relevance = "centroid relevance" if config.select.scorer == "centroid" else "learned scorer"
    return f"{name.capitalize()}: {embedder}, {relevance}"


def rewrite_availability() -> tuple[str | None, str]:
    """(backend, note): the rewrite backend the page can offer, or None and a one-line reason."""
    try:
        backend = available_backend()
    except SummarizerError as exc:
        return None, str(exc)
    except Exception as exc:  # a broken optional model must not take the page down
        log.warning("rewriter unavailable: %s", exc)
        return None, f"The rewriter could not load ({type(exc).__name__})."
    if not backend:
        return None, f"Unavailable: {rewriter_status('llm')[1].rstrip('.')}."
    return str(backend), ("Rewrites each brief with a small offline model; every generated sentence is "
                          "checked against its sources.")


class PageRunner:
    """Runs one page request: read input, summarize, render. Models load once per process."""

    def __init__(self, upload_root: str | Path | None = None, max_chars: int = MAX_INPUT_CHARS):
        self.upload_root = upload_root
        self.max_chars = max_chars

    @staticmethod
    def summarizer(preset: str, budget: int, mmr_lambda: float, rewrite_backend: str | None = None,
                   progress: Callable[[float, str], None] | None = None):
        """The Summarizer for these controls; the rewrite model (when asked for) is loaded first,
        its loading reported to progress(fraction, message), and kept for the process."""
        if not 0.0 <= float(mmr_lambda) <= 1.0:
            raise ConfigError(f"λ must be between 0 and 1, got {mmr_lambda}")
        overrides = {"select.budget": int(budget), "select.unit": "words", "select.mmr_lambda": float(mmr_lambda)}
        if rewrite_backend:
            overrides["rewrite.backend"] = rewrite_backend
        config = load_config(preset, overrides=overrides)
        stage = None
        if rewrite_backend:
            from summarizer.rewrite.stage import make_rewriter

            stage = make_rewriter(config, progress=progress)  # loads once per process, under a lock
        return _timed_summarizer()(config, rewriter=stage)  # embedders are cached per process

    @staticmethod
    def warm_up(presets: Sequence[str]) -> None:
        """Load everything a request uses (splitter, embedder, scorer) with one tiny run per preset."""
        from summarizer.run.pipeline import Summarizer

        for preset in presets:
            Summarizer(load_config(preset)).summarize([WARM_UP_TEXT])

    @staticmethod
    def warm_up_rewrite(backend: str | None = None) -> bool:
        """Load the rewrite model and run it once, so that the first rewrite request is not slower
        than later ones (a request during the load waits for it). False when unavailable."""
        backend = backend or rewrite_availability()[0]
        if not backend:
            return False
        PageRunner.summarizer("default", 60, 0.9, backend).summarize([WARM_UP_TEXT], one_story=True)
        return True

    def run(self, pasted: str | None, files: Sequence[str] | None, budget: int, mmr_lambda: float,
            preset: str, rewrite: bool = False, one_story: bool = False, newest: bool = False,
            progress: Callable[[float, str], None] | None = None) -> tuple[str, str, list[str]]:
        """(status Markdown, cards HTML, [brief.md, brief.json] paths)."""
        started = time.perf_counter()
        report = progress or (lambda fraction, desc: None)
        report(0.02, "Reading articles")
        unreadable: list[str] = []
        articles = gather_articles(pasted, files, self.upload_root, self.max_chars, unreadable)
        articles = with_digests_split(articles)  # the articles the briefs cite: a press digest's items
        backend = None
        if rewrite:
            backend, note = rewrite_availability()
            if backend is None:
                raise InputError(f"Abstractive rewrite is unavailable: {note}")
        summarizer = self.summarizer(preset, budget, mmr_lambda, backend,
                                     progress=lambda fraction, desc: report(0.03 + 0.05 * fraction, desc))
        if sum(len(a.text) for a in articles) < 2000 and sum(len(summarizer.splitter(a)) for a in articles) < 2:
            raise InputError(TOO_LITTLE_PROSE)  # short input: checked before any model runs

        def embedded(done: int, total: int) -> None:
            if done < total:
                report(0.1 + 0.7 * done / max(total, 1), f"Embedding {total} sentences")
            else:
                report(0.8, "Grouping stories and choosing sentences" + ("; then rewriting (slow on CPU)" if backend else ""))

        try:
            result = summarizer.summarize(articles, one_story=bool(one_story), progress=embedded, newest=bool(newest))
        except InputError as exc:
            if str(exc).startswith("no sentences left"):
                raise InputError(TOO_LITTLE_PROSE) from None
            raise
        report(0.95, "Writing briefs")
        texts = {a.id: source_paragraphs(summarizer.splitter, a.text) for a in articles}
        names = {a.id: article_name(a) for a in articles}
        seconds = time.perf_counter() - started
        downloads = write_downloads(result)
        cards = cards_html(result, texts, summarizer.story_seconds, names, unreadable)
        return status_markdown(result, len(articles), seconds), cards, downloads


# Three small articles, so that the warm-up runs every stage a request does (clustering included).
WARM_UP_TEXT = "\n---\n".join([
    "The page loads its models once, when the server starts. Every request after that reuses them.",
    "The first brief should come as fast as the next ones. Nobody likes waiting for a model to load.",
    "A harbour town counted the cost of the flood on Wednesday. The council opened an emergency fund.",
])
TOO_LITTLE_PROSE = ("The input has fewer than two full sentences of prose; give at least two (five or more "
                    "words each, ending with a full stop), in one article or several.")


@lru_cache(maxsize=1)
def _timed_summarizer():
    """A Summarizer that records the seconds each story's selection (and rewrite) takes."""
    from summarizer.run.pipeline import Summarizer

    class TimedSummarizer(Summarizer):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.story_seconds: dict[str, float] = {}

        def brief(self, story, prepared, *args, **kwargs):
            started = time.perf_counter()
            record = super().brief(story, prepared, *args, **kwargs)
            self.story_seconds[record["id"]] = time.perf_counter() - started
            return record

    return TimedSummarizer


def source_paragraphs(splitter, text: str) -> list[list[str]]:
    """An article's cleaned sentences (the list `sentence_index` counts) grouped in its paragraphs."""
    paragraphs = clean_paragraphs(text, quotes=getattr(splitter, "quotes", True))  # as split_text cleans
    groups: list[list[str]] = [[]]
    current, position = 0, 0
    for sentence in splitter.split_text(text):
        for number in range(current, len(paragraphs)):
            found = paragraphs[number].find(sentence, position if number == current else 0)
            if found >= 0:
                if number != current and groups[-1]:
                    groups.append([])
                current, position = number, found + len(sentence)
                break
        groups[-1].append(sentence)  # a sentence not found (changed by cleaning) stays where it is
    return [g for g in groups if g]


def article_name(article: Article) -> str:
    """A readable name for notes about an article: outlet, date and headline or first words."""
    return source_label({"id": article.id, "title": article.title or first_words(article.text), "source": article.source,
                         "date": article.date})


def write_downloads(result: dict[str, Any]) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix="summarizer-page-"))
    md, js = folder / "briefs.md", folder / "briefs.json"
    md.write_text(render(result, "md"), encoding="utf-8")
    js.write_text(render(result, "json"), encoding="utf-8")
    return [str(md), str(js)]


INTRO = """# News brief
Paste or drop articles about one or more news stories. The page groups them into stories and writes
a short brief for each, where every sentence comes from a source and carries its citation **[n]**.
"""


def build_page(example: str | None = None, runner: PageRunner | None = None):
    """The Gradio Blocks page; `example` preloads an example set from examples/."""
    import gradio as gr
    from gradio.utils import get_upload_folder


    runner = runner or PageRunner(upload_root=get_upload_folder())
    defaults = load_config("default").select
    sets = example_sets()
    presets = page_presets()
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
                preset = gr.Radio([(preset_label(p), p) for p in presets], value=presets[0],
                                  label="Preset (embedding model, relevance)")
                rewrite = gr.Checkbox(value=False, label="Abstractive rewrite", interactive=backend is not None,
                                      info=rewrite_note, elem_id="rewrite")
                one_story = gr.Checkbox(value=False, label="Treat all articles as one story")
                newest = gr.Checkbox(value=False, label="Show what each story's newest day adds",
                                     info="For stories whose sources are dated on two or more days: a "
                                          "\"What's new\" section from the newest day's articles.",
                                     elem_id="newest")
                submit = gr.Button("Summarize", variant="primary", elem_id="summarize")
                status = gr.Markdown(label="Run summary", elem_id="run-status")  # progress, then the outcome
                gr.Markdown(f"<small>Up to {MAX_INPUT_CHARS:,} characters and {MAX_FILES} files "
                            f"(each at most {MAX_UPLOAD.upper()}) per run.</small>")
        cards = gr.HTML(label="Story cards", elem_id="cards", js_on_load=COPY_JS + RUN_KEY_JS)
        with gr.Column(visible=False) as downloads_box:  # shown once a run has succeeded
            downloads = gr.File(label="Download all briefs (Markdown, JSON)", file_count="multiple",
                                interactive=False, elem_id="downloads")
        failures: dict[str, str] = {}  # session -> message of its failed run, for the failure step

        def start():  # clears the last run at once; the button shows that a run is under way
            return ("", "", None, gr.Column(visible=False),
                    gr.Button("Summarizing…", interactive=False, elem_classes=["busy"]))

        def summarize(pasted_text, file_paths, budget_words, lam, preset_name, rewrite_on, one, newest_on=False,
                      request: gr.Request = None, progress=gr.Progress()):
            try:
                return runner.run(pasted_text, file_paths, budget_words, lam, preset_name, rewrite_on, one, newest_on,
                                  progress=lambda fraction, desc: progress(fraction, desc=desc))
            except SummarizerError as exc:
                message = str(exc)
            except Exception as exc:  # keep the server up and say something readable
                log.exception("page request failed")
                message = (f"Unexpected error ({type(exc).__name__}); the input was not summarized. "
                           "Try again, or report it with the input that caused it.")
            if request is not None and request.session_hash:
                while len(failures) >= 256:
                    failures.pop(next(iter(failures)))
                failures[request.session_hash] = message
            # API clients get the message as an error; the page shows it in the status (failed step).
            raise gr.Error(message, title="Cannot summarize", visible=False, print_exception=False)

        def failed(request: gr.Request = None):
            session = request.session_hash if request is not None else None
            return error_markdown(failures.pop(session, "The run failed; try again.")), ready()

        def succeeded():
            return gr.Column(visible=True), ready()

        def ready():
            return gr.Button("Summarize", interactive=True, elem_classes=[])

        # Gradio finds the request argument by its annotation; this module's annotations are strings.
        summarize.__annotations__["request"] = failed.__annotations__["request"] = gr.Request

        inputs = [pasted, files, budget, mmr_lambda, preset, rewrite, one_story, newest]
        run = submit.click(start, outputs=[status, cards, downloads, downloads_box, submit], queue=False,
                           api_visibility="private", show_progress="hidden")
        run = run.then(summarize, inputs=inputs, outputs=[status, cards, downloads], api_name="summarize",
                       concurrency_limit=1, show_progress_on=[status])
        run.success(succeeded, outputs=[downloads_box, submit], api_visibility="private", show_progress="hidden")
        run.success(None, js=scroll_js("run-status"), api_visibility="private")  # narrow screens: the outcome, then the cards
        run.failure(failed, outputs=[status, submit], api_visibility="private", show_progress="hidden")
        run.failure(None, js=scroll_js("run-status"), api_visibility="private")
        # What the user pastes or drops replaces a loaded example instead of joining it.
        def replace_examples(file_paths, text=None):
            kept = without_examples(file_paths, text)
            return gr.skip() if kept == (list(file_paths) if file_paths else file_paths) else kept

        pasted.input(replace_examples, inputs=[files, pasted], outputs=[files], api_visibility="private",
                     show_progress="hidden", queue=False)
        files.upload(replace_examples, inputs=[files], outputs=[files], api_visibility="private",
                     show_progress="hidden", queue=False)
        results = [status, cards, downloads, downloads_box]  # a newly loaded example clears the last run's
        no_results = ("", "", None, gr.Column(visible=False))
        for button, paths in example_buttons:
            button.click(lambda p=paths: ("", [str(f) for f in p], *no_results), outputs=[pasted, files, *results],
                         api_visibility="private")
        if paste_button is not None:
            paste_button.click(lambda: (pasted_example(), None, *no_results), outputs=[pasted, files, *results],
                               api_visibility="private")
        clear_button.click(lambda: ("", None, "", "", None, gr.Column(visible=False)),
                           outputs=[pasted, files, status, cards, downloads, downloads_box],
                           api_visibility="private")
    return page


def launch(host: str = DEFAULT_HOST, port: int = DEFAULT_PORT, example: str | None = None,
           preload: bool = True, block: bool = True):
    """Build and serve the page; returns Gradio's (app, local_url, share_url).

    preload: the embedding models, scorers and the rewrite model (when available) load and run once
    before the server answers, so that the first request is as fast as the next ones."""
    page = build_page(example)
    if preload:
        started = time.perf_counter()
        PageRunner.warm_up(page_presets())
        _warm_rewrite()
        log.info("models ready after %.1f s", time.perf_counter() - started)
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


def _warm_rewrite() -> None:
    try:
        PageRunner.warm_up_rewrite()
    except Exception as exc:  # the page keeps serving extractive briefs
        log.warning("the rewrite model could not be loaded at start (%s); it loads on first use", exc)


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

        raise MissingDependencyError("gradio", "app") from None
    logging.basicConfig(level=logging.WARNING, format="summarizer: %(levelname)s: %(message)s")
    print(f"summarizer: serving the page on http://{args.host}:{args.port} (Ctrl+C stops it)"
          + ("; it answers once the models have loaded" if args.preload else ""), file=sys.stderr)
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
