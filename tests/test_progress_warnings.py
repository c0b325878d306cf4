"""Progress a user can see and warnings that scale (issue 27), through the real CLI: stage
bars on stderr with --progress (off when stderr is not a terminal), and one warning line
per reason however many articles share it, the full list in the JSON and the manifest."""
import json
import re

from tests.conftest import EXAMPLES
from tests.test_cli import cli

STAGES = ("reading", "cleaning", "embedding", "story leads", "grouping", "briefs")
PLACES = ["Arroyo", "Bermejo", "Cantera", "Dorado", "Estrella", "Fresno", "Granada", "Hinojosa"]


def spanish_article(place: str, n: int) -> str:
    """A short news article in Spanish, in our own words."""
    return (f"El consejo municipal de {place} aprobó ayer un plan de {n + 3} millones para reparar el puente "
            f"principal. Los vecinos dijeron que esperaban las obras desde hace años. El alcalde anunció que los "
            f"trabajos comenzarán en primavera y durarán {n + 4} meses. La oposición pidió más información sobre "
            f"el presupuesto y los plazos del proyecto.")


def pile_with_foreign_articles(folder):
    folder.mkdir()
    for name in ("harbor-flood-wire.txt", "probe-launch-agency.txt"):
        (folder / name).write_text((EXAMPLES / "mixed" / name).read_text())
    for n, place in enumerate(PLACES):
        (folder / f"noticia-{n}.txt").write_text(spanish_article(place, n))
    return folder


def warning_lines(stderr: str, text: str) -> list[str]:
    return [line for line in stderr.splitlines() if text in line]


def test_progress_on_request_and_one_warning_line_for_many_articles(tmp_path):
    pile = pile_with_foreign_articles(tmp_path / "news")
    shown = cli("summarize", str(pile), "-p", "fast", "-f", "json", "--progress", "-o", str(tmp_path / "out.json"))
    assert shown.returncode == 0, shown.stderr
    for stage in STAGES:
        assert stage in shown.stderr, (stage, shown.stderr)
    rates = [float(r) for r in re.findall(r"([\d.]+)k? \w+/s", shown.stderr)]
    assert rates and max(rates) < 100_000, shown.stderr  # never a chunk counted as done in no time

    lines = warning_lines(shown.stderr, "look like English")
    assert len(lines) == 1, shown.stderr
    assert "8 articles" in lines[0] and "and 3 more" in lines[0] and '"warnings"' in lines[0], lines[0]
    assert len(re.findall(r"noticia-\d-[0-9a-f]{8}", lines[0])) == 5  # the first few ids, named
    result = json.loads((tmp_path / "out.json").read_text())
    assert sorted(w["article_id"].rsplit("-", 1)[0] for w in result["warnings"]) == [f"noticia-{n}" for n in range(8)]

    quiet = cli("summarize", str(pile), "-p", "fast", "-f", "json", "--no-progress", "-o", str(tmp_path / "q.json"))
    piped = cli("summarize", str(pile), "-p", "fast", "-f", "json")  # stderr is no terminal: no bars
    for run in (quiet, piped):
        assert run.returncode == 0, run.stderr
        assert not any(f"{stage}:" in run.stderr or f"{stage}…" in run.stderr for stage in STAGES), run.stderr
    same = [dict(r, seconds=0) for r in (result, json.loads((tmp_path / "q.json").read_text()), json.loads(piped.stdout))]
    assert same[0] == same[1] == same[2]  # bars change nothing in the output


def test_batch_shows_progress_and_lists_every_warning_in_the_manifest(tmp_path):
    pile = pile_with_foreign_articles(tmp_path / "news")
    run = cli("batch", str(pile), "--out", str(tmp_path / "briefs"), "-p", "fast", "--progress")
    assert run.returncode == 0, run.stderr
    for stage in STAGES:
        assert stage in run.stderr, (stage, run.stderr)
    assert len(warning_lines(run.stderr, "look like English")) == 1, run.stderr
    manifest = json.loads((tmp_path / "briefs" / "manifest.json").read_text())
    assert len([w for w in manifest["warnings"] if "English" in w["reason"]]) == 8
