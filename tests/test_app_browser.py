"""The page in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

Each test checks what a person sees: citations that show their evidence, named sources, a copy
button, errors that stay while stale results go, a busy button with progress beside it, a "why"
table whose numbers add up, and a 400 px wide window where nothing is cut off. Screenshots land
in test-artifacts/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.common.exceptions import TimeoutException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from summarizer.interfaces.page import (
    NOTHING_TO_SUMMARIZE,
    TOO_LITTLE_PROSE,
    rewrite_availability,
)
from tests.conftest import word_set

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "examples" / "mixed"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"]
WIDE, TALL = 1280, 900
ID_LIKE = re.compile(r"\b(pasted|article)-\d+-[0-9a-f]{8}\b")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_path, "install Debian's chromium and chromium-driver (make test does, as root)"
    options = Options()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS + [f"--window-size={WIDE},{TALL}",
                                  f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, app_url):
    browser.set_window_size(WIDE, TALL)
    browser.get(app_url)
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pasted textarea"))
    return browser


def cards(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#cards .story-card")


def status_text(driver) -> str:
    return driver.find_element(By.ID, "run-status").text


def paste_and_run(driver, text: str, wait_cards: int | None = None, at_least: bool = False) -> None:
    """Paste, summarize and wait until this run is over (the button was busy and is idle again);
    then expect `wait_cards` cards (or more, with at_least)."""
    box = driver.find_element(By.CSS_SELECTOR, "#pasted textarea")
    box.send_keys(Keys.CONTROL, "a")
    box.send_keys(Keys.DELETE)
    if text:
        box.send_keys(text)
    driver.execute_script(ARM_RUN)
    driver.find_element(By.ID, "summarize").click()
    WebDriverWait(driver, 120).until(lambda d: d.execute_script("return window.runBusy") and idle(d))
    if wait_cards is not None:
        found = len(cards(driver))
        assert (found >= wait_cards if at_least else found == wait_cards), (found, status_text(driver))


ARM_RUN = """
const button = document.getElementById('summarize');
window.runBusy = false;
new MutationObserver(() => { if (button.disabled) window.runBusy = true; })
  .observe(button, {attributes: true, childList: true, subtree: true, characterData: true});
"""


def idle(driver) -> bool:
    button = driver.find_element(By.ID, "summarize")
    return button.is_enabled() and "Summarizing" not in button.text


def mixed_text(*names: str) -> str:
    return "\n---\n".join((MIXED / n).read_text(encoding="utf-8") for n in names)


def screenshot(driver, name: str, width: int = WIDE) -> Path:
    """The whole page, not only the window."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height, TALL), 8000))
    driver.execute_script("window.scrollTo(0, 0)")
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    driver.set_window_size(width, TALL)
    return path


def seconds(text: str) -> float:
    """"chosen in 4 ms" or "chosen in 1.25 s" -> seconds."""
    value, unit = re.search(r"(\d+(?:\.\d+)?) (ms|s)\b", text).groups()
    return float(value) / (1000 if unit == "ms" else 1)


def numbers(text: str) -> list[float]:
    return [float(x) for x in re.findall(r"-?\d+\.\d+", text)]


def test_a_pasted_mixed_pile_gives_one_card_per_story(page):
    paste_and_run(page, mixed_text("harbor-flood-wire.txt", "harbor-flood-reprint.txt", "probe-launch-agency.txt"),
                  wait_cards=1, at_least=True)
    assert "2 stories from 3 articles" in status_text(page)
    titles = [c.find_element(By.CSS_SELECTOR, "h3").text for c in cards(page)]
    assert any("Kesterby" in t or "Alder" in t for t in titles) and any("Lumen" in t for t in titles)
    WebDriverWait(page, 30).until(lambda d: "briefs" in d.find_element(By.ID, "downloads").text)


def test_citations_show_their_evidence_and_every_source_is_listed(page):
    paste_and_run(page, mixed_text("harbor-flood-wire.txt", "harbor-flood-reprint.txt", "probe-launch-agency.txt"),
                  wait_cards=1, at_least=True)

    card = cards(page)[0]
    cite = card.find_element(By.CSS_SELECTOR, ".brief a.cite")
    evidence = cite.find_element(By.XPATH, "following-sibling::span[@class='evidence']")
    assert not evidence.is_displayed()
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", cite)
    ActionChains(page).move_to_element(cite).perform()  # hover: the cited passage with its neighbours
    WebDriverWait(page, 5).until(lambda d: evidence.is_displayed())
    sentence = cite.find_element(By.XPATH, "../preceding-sibling::span[1]").text
    passage = evidence.find_element(By.CSS_SELECTOR, ".ev-text")
    marked = passage.find_element(By.TAG_NAME, "mark").text
    assert marked == sentence and len(passage.text) > len(marked) + 40  # sentences around it
    screenshot_window(page, "page-citation-hover.png")
    ActionChains(page).move_to_element(card.find_element(By.TAG_NAME, "h3")).perform()
    WebDriverWait(page, 5).until(lambda d: not evidence.is_displayed())
    page.execute_script("arguments[0].focus()", cite)  # reached with the keyboard: the same pop-up
    WebDriverWait(page, 5).until(lambda d: evidence.is_displayed())

    cite.click()  # click: jump to the sentence in its source, the source text opened and the sentence lit
    target = WebDriverWait(page, 10).until(
        lambda d: d.execute_script("return document.querySelector('mark:target')"))
    assert target.text == sentence and target.is_displayed()
    assert target.value_of_css_property("background-color") != "rgba(0, 0, 0, 0)"
    in_view = page.execute_script("const r = arguments[0].getBoundingClientRect();"
                                  "return r.top >= 0 && r.bottom <= window.innerHeight", target)
    assert in_view
    screenshot_window(page, "page-citation-click.png")

    sources = page.find_elements(By.CSS_SELECTOR, "#cards .sources li")
    assert len(sources) == 3  # every source, cited or not
    for source in sources:
        text = source.find_element(By.CSS_SELECTOR, ".src-line").text
        assert re.search(r"\d+ sentences? cited|not cited", text) and not ID_LIKE.search(text)
        details = source.find_element(By.CSS_SELECTOR, "details")
        if not details.get_attribute("open"):  # the click above opened the cited one
            details.find_element(By.TAG_NAME, "summary").click()
        paragraphs = source.find_elements(By.CSS_SELECTOR, "details p")
        assert len(paragraphs) >= 3 and all(p.is_displayed() for p in paragraphs)  # in paragraphs, not one block
    screenshot(page, "page-two-stories.png")


def screenshot_window(driver, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    return path


def test_copy_button_puts_the_brief_on_the_clipboard(page, app_url):
    page.execute_cdp_cmd("Browser.grantPermissions", {
        "origin": app_url.rstrip("/"), "permissions": ["clipboardReadWrite", "clipboardSanitizedWrite"]})
    paste_and_run(page, mixed_text("probe-launch-agency.txt"), wait_cards=1)
    card = cards(page)[0]
    button = card.find_element(By.CSS_SELECTOR, "button.copy")
    button.click()
    WebDriverWait(page, 5).until(lambda d: "Copied" in button.text)
    copied = page.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "navigator.clipboard.readText().then(done, e => done('error: ' + e))")
    brief = " ".join(s.text for s in card.find_elements(By.CSS_SELECTOR, ".brief .sent"))
    assert copied.startswith(card.find_element(By.CSS_SELECTOR, "h3").text)
    first = card.find_element(By.CSS_SELECTOR, ".brief .sent").text
    assert f"{first} [1]" in copied and "Sources:\n[1] " in copied and len(copied) > len(brief)


def test_sources_are_named_by_outlet_date_and_first_words(page):
    page.find_element(By.XPATH, "//button[contains(., 'Two stories: flood + probe launch')]").click()
    WebDriverWait(page, 30).until(lambda d: "probe-launch-local" in d.find_element(By.ID, "files").text)
    paste_and_run(page, "", wait_cards=2)  # the six example files
    text = page.find_element(By.ID, "cards").text
    assert "Sella Coast Herald" in text and "Science Desk Weekly" in text and "2026-03-13" in text
    assert not ID_LIKE.search(text)
    assert "2 stories from 6 articles" in status_text(page)
    # the probe story's dated sources: its date range on the card and a compact timeline
    ranges = [e.text for e in page.find_elements(By.CSS_SELECTOR, ".story-card .story-dates")]
    assert any("Mar 12" in r and "Mar 13, 2026" in r for r in ranges), ranges
    days = [e.text for e in page.find_elements(By.CSS_SELECTOR, ".story-card .timeline li")]
    assert any(d.startswith("Mar 12") for d in days) and any(d.startswith("Mar 13") for d in days), days
    screenshot(page, "page-mixed-example.png")
    untitled = (MIXED / "harbor-flood-wire.txt").read_text(encoding="utf-8").split("\n", 1)[1].strip()
    page.find_element(By.CSS_SELECTOR, "#pasted textarea").send_keys(untitled)
    WebDriverWait(page, 30).until(lambda d: not file_rows(d))  # a pasted article replaces the example
    paste_and_run(page, untitled, wait_cards=1)
    names = [e.text for e in page.find_elements(By.CSS_SELECTOR, ".sources .src-title")]
    assert any(n.startswith("The River Alder burst its banks") for n in names), names  # first words


def test_errors_stay_and_stale_results_go(page):
    paste_and_run(page, mixed_text("probe-launch-agency.txt"), wait_cards=1)
    assert "1 story from 1 article" in status_text(page)

    paste_and_run(page, "Only one sentence is here, and it is not enough for a brief.")
    WebDriverWait(page, 30).until(lambda d: "two full sentences of prose" in status_text(d) and idle(d))
    assert not cards(page), "a failed run leaves no stale cards"
    assert "story" not in status_text(page), "nor the last run's summary line"
    assert TOO_LITTLE_PROSE in status_text(page)
    error = page.find_element(By.CSS_SELECTOR, "#run-status .run-error")
    assert error.is_displayed() and not page.find_elements(By.CSS_SELECTOR, ".toast-body")
    time.sleep(12)  # a toast would be gone by now; the message stays until the next run
    assert error.is_displayed() and "two full sentences of prose" in error.text
    screenshot(page, "page-one-sentence-error.png")

    paste_and_run(page, "")
    WebDriverWait(page, 30).until(lambda d: NOTHING_TO_SUMMARIZE.split(":")[0] in status_text(d) and idle(d))
    screenshot(page, "page-empty-input-error.png")
    paste_and_run(page, mixed_text("probe-launch-agency.txt"), wait_cards=1)
    assert not page.find_elements(By.CSS_SELECTOR, "#run-status .run-error")  # gone with the next run


WATCH_RUN = """
const button = document.getElementById('summarize'), status = document.getElementById('run-status');
window.seen = {busy: false, progress: null};
const look = () => {
  if (button.disabled && /Summarizing/.test(button.textContent)) window.seen.busy = true;
  const bar = status.querySelector('.progress-text, .progress-level, .eta-bar, .meta-text, .progress-bar');
  if (bar && !window.seen.progress) {
    const b = button.getBoundingClientRect(), p = bar.getBoundingClientRect();
    window.seen.progress = {gap: p.top - b.bottom, bottom: p.bottom, height: window.innerHeight};
  }
};
new MutationObserver(look).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                   characterData: true});
"""


def test_waiting_is_visible_beside_the_button(page):
    page.find_element(By.XPATH, "//button[contains(., 'Two stories: flood + probe launch')]").click()
    WebDriverWait(page, 30).until(lambda d: "probe-launch-local" in d.find_element(By.ID, "files").text)
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", page.find_element(By.ID, "summarize"))
    page.execute_script(WATCH_RUN)
    page.find_element(By.CSS_SELECTOR, "input[type=radio][value=quality]").click()  # the slowest preset
    page.find_element(By.ID, "summarize").click()
    try:  # a picture of the busy button and its progress, for a person to look at
        WebDriverWait(page, 10, poll_frequency=0.05).until(lambda d: d.execute_script("return window.seen.progress"))
        screenshot_window(page, "page-progress.png")
    except TimeoutException:
        pass  # the run was over before a picture could be taken; the assertions below still hold
    WebDriverWait(page, 120).until(lambda d: len(cards(d)) == 2 and idle(d))
    seen = page.execute_script("return window.seen")
    assert seen["busy"], "the button showed no busy state"
    progress = seen["progress"]
    assert progress, "no progress was shown in the status beside the button"
    assert 0 <= progress["gap"] < 120 and progress["bottom"] <= progress["height"], progress  # in view, by the button

    total = numbers(status_text(page))[0]
    times = [seconds(c.find_element(By.CSS_SELECTOR, ".story-time").text) for c in cards(page)]
    assert all(0 <= t < total for t in times) and sum(times) < total  # each card its own time


def test_why_table_adds_up_and_fits_a_400px_window(page):
    paste_and_run(page, mixed_text("harbor-flood-wire.txt", "probe-launch-agency.txt"), wait_cards=1, at_least=True)
    for card in cards(page):
        card.find_element(By.CSS_SELECTOR, "details.why summary").click()
        note = card.find_element(By.CSS_SELECTOR, "details.why .note").text
        assert "coverage" in note.lower() and "redundancy" in note.lower() and "λ" in note
        rows = card.find_elements(By.CSS_SELECTOR, "details.why tbody tr")
        assert len(rows) == len(card.find_elements(By.CSS_SELECTOR, ".brief .sent"))
        for row in rows:
            cells = row.find_elements(By.TAG_NAME, "td")
            gain, coverage, penalty, score = (numbers(c.text)[0] for c in cells[3:7])
            assert abs(gain + coverage - abs(penalty) - score) < 0.0015, row.text
    screenshot(page, "page-why-table.png")

    page.set_window_size(400, TALL)
    for details in page.find_elements(By.CSS_SELECTOR, "#cards details"):
        page.execute_script("arguments[0].open = true", details)
    width = page.execute_script("return document.documentElement.clientWidth")
    cut = page.execute_script("""
        const width = arguments[0], cut = [];
        for (const el of document.querySelectorAll('#cards *')) {
          const r = el.getBoundingClientRect();
          if (r.width && r.height && (r.right > width + 1 || r.left < -1) && !el.closest('.evidence'))
            cut.push(el.tagName + '.' + el.className + ': ' + (el.textContent || '').slice(0, 40));
        }
        return cut;""", width)
    assert cut == []
    assert page.execute_script("return document.documentElement.scrollWidth") <= width
    screenshot(page, "page-narrow-400px.png", width=400)

    cite = cards(page)[0].find_element(By.CSS_SELECTOR, ".brief a.cite")  # the pop-up fits too
    page.execute_script("arguments[0].scrollIntoView({block: 'start'})", cite)
    ActionChains(page).move_to_element(cite).perform()
    evidence = cite.find_element(By.XPATH, "following-sibling::span[@class='evidence']")
    WebDriverWait(page, 5).until(lambda d: evidence.is_displayed())
    left, right = page.execute_script("const r = arguments[0].getBoundingClientRect(); return [r.left, r.right]",
                                      evidence)
    assert 0 <= left and right <= width, (left, right, width)
    screenshot_window(page, "page-narrow-citation.png")


def test_rewrite_toggle_and_the_evidence_of_a_rewritten_sentence(page):
    backend, note = rewrite_availability()
    toggle = page.find_element(By.CSS_SELECTOR, "#rewrite input[type=checkbox]")
    assert toggle.is_enabled() == (backend is not None)
    assert note in page.find_element(By.ID, "rewrite").text
    if backend is None:
        return
    toggle.click()
    paste_and_run(page, mixed_text("probe-launch-agency.txt"))
    WebDriverWait(page, 240).until(lambda d: len(cards(d)) == 1 and idle(d))
    rewrite = cards(page)[0].find_element(By.CSS_SELECTOR, ".rewrite")
    cite = rewrite.find_element(By.CSS_SELECTOR, "a.cite")
    page.execute_script("arguments[0].scrollIntoView({block: 'center'})", cite)
    ActionChains(page).move_to_element(cite).perform()
    evidence = cite.find_element(By.XPATH, "following-sibling::span[@class='evidence']")
    WebDriverWait(page, 5).until(lambda d: evidence.is_displayed())
    extract = {s.text for s in cards(page)[0].find_elements(By.CSS_SELECTOR, ".brief-box .sent")}
    marked = [m.text for m in evidence.find_elements(By.TAG_NAME, "mark")]
    # the source sentences it was built from: each holds the words of an extract sentence (which
    # may show it compressed)
    assert marked and all(any(word_set(e) <= word_set(m) for e in extract) for m in marked)
    screenshot_window(page, "page-rewrite-evidence.png")


def file_rows(driver) -> list[str]:
    """The names of the files the upload box holds."""
    return [e.text for e in driver.find_elements(By.CSS_SELECTOR, "#files .file-name, #files td.filename")]


def test_the_page_starts_empty_and_pasted_text_replaces_a_loaded_example(page):
    assert page.find_element(By.CSS_SELECTOR, "#pasted textarea").get_attribute("value") == ""
    assert not file_rows(page)  # no example preloaded: what a person runs is what they gave
    page.find_element(By.XPATH, "//button[contains(., 'Two stories')]").click()
    WebDriverWait(page, 30).until(lambda d: len(file_rows(d)) == len(list(MIXED.iterdir())))
    screenshot(page, "page-example-loaded.png")
    page.find_element(By.CSS_SELECTOR, "#pasted textarea").send_keys(mixed_text("probe-launch-agency.txt"))
    WebDriverWait(page, 30).until(lambda d: not file_rows(d))  # the example's files go when the text comes
    paste_and_run(page, mixed_text("probe-launch-agency.txt"), wait_cards=1)
    assert "1 story from 1 article" in status_text(page), status_text(page)
    titles = [c.find_element(By.CSS_SELECTOR, "h3").text for c in cards(page)]
    assert not any("Kesterby" in t or "Alder" in t for t in titles), titles
    screenshot(page, "page-paste-replaced-example.png")


def test_a_narrow_screen_is_brought_to_the_results_after_a_run(page):
    page.set_window_size(400, TALL)
    page.execute_script("window.scrollTo(0, 0)")
    paste_and_run(page, mixed_text("harbor-flood-wire.txt", "probe-launch-agency.txt"), wait_cards=1, at_least=True)
    WebDriverWait(page, 10).until(lambda d: d.execute_script("return window.scrollY") > 0)
    top, height, start = page.execute_script(
        "const r = document.getElementById('cards').getBoundingClientRect();"
        "return [r.top, window.innerHeight, r.top + window.scrollY]")
    assert start > height  # without the scroll the results begin below the first screen
    assert -5 <= top < height / 2, (top, height)  # the reader now sees them at the top
    ARTIFACTS.mkdir(exist_ok=True)
    page.save_screenshot(str(ARTIFACTS / "page-narrow-after-run.png"))  # the screen as the reader sees it
    page.set_window_size(WIDE, TALL)


def test_newest_day_shows_what_the_latest_sources_add(page):
    page.find_element(By.XPATH, "//button[contains(., 'Levee break')]").click()
    WebDriverWait(page, 30).until(lambda d: len(file_rows(d)) == 5)
    page.find_element(By.CSS_SELECTOR, "#newest input[type=checkbox]").click()
    paste_and_run(page, "", wait_cards=1)
    card = cards(page)[0]
    section = card.find_element(By.CSS_SELECTOR, ".whats-new")
    assert section.find_element(By.CSS_SELECTOR, ".label").text.lower() == "what's new on apr 11, 2001"  # CSS capitals
    cited = {a.get_attribute("data-source") for a in section.find_elements(By.CSS_SELECTOR, "a.cite")}
    [newest] = [li.text for li in card.find_elements(By.CSS_SELECTOR, ".timeline li") if "Apr 11" in li.text]
    newest_sources = set(re.search(r"\[([\d, ]+)\]", newest).group(1).replace(" ", "").split(","))
    assert cited and cited <= newest_sources, (cited, newest)  # drawn only from the newest day's articles
    for link in section.find_elements(By.CSS_SELECTOR, "a.cite"):  # each jumps to its highlighted sentence
        target = link.get_attribute("href").split("#", 1)[1]
        assert card.find_elements(By.CSS_SELECTOR, f"mark#{target}"), target
    counts = {li.get_attribute("id").rsplit("-", 1)[1]: li.find_element(By.CSS_SELECTOR, ".count").text
              for li in card.find_elements(By.CSS_SELECTOR, ".sources li")}
    assert all(counts[n] != "not cited" for n in cited), counts
    copied = card.find_element(By.CSS_SELECTOR, "button.copy").get_attribute("data-copy")
    assert copied.split("\n")[2].startswith("What's new on Apr 11, 2001: ") and "The story so far: " in copied
    screenshot(page, "page-whats-new-newest-day.png")
    page.find_element(By.CSS_SELECTOR, "#newest input[type=checkbox]").click()
    page.find_element(By.XPATH, "//button[contains(., 'Bridge')]").click()  # another example: the old cards go
    WebDriverWait(page, 30).until(lambda d: not cards(d) and len(file_rows(d)) > 0)
    page.execute_script(ARM_RUN)
    page.find_element(By.CSS_SELECTOR, "#pasted textarea").send_keys(Keys.CONTROL, Keys.ENTER)  # Ctrl+Enter runs
    WebDriverWait(page, 120).until(lambda d: d.execute_script("return window.runBusy") and idle(d))
    assert len(cards(page)) >= 1, status_text(page)
