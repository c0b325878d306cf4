"""The page in a real headless Chromium (Debian's chromium + chromium-driver, driven by Selenium).

Screenshots land in test-artifacts/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from summarizer.ui import NOTHING_TO_SUMMARIZE, rewrite_availability

ROOT = Path(__file__).resolve().parent.parent
MIXED = ROOT / "examples" / "mixed"
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                  "--window-size=1280,1600"]


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    chromium, driver_path = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver_path, "install Debian's chromium and chromium-driver (.ci/run does)"
    options = Options()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS + [f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=driver_path), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


@pytest.fixture
def page(browser, app_url):
    browser.get(app_url)
    WebDriverWait(browser, 60).until(lambda d: d.find_elements(By.CSS_SELECTOR, "#pasted textarea"))
    return browser


def cards(driver):
    return driver.find_elements(By.CSS_SELECTOR, "#cards .story-card")


def screenshot(driver, name: str) -> Path:
    """The whole page, not only the window."""
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(1280, min(max(height, 900), 6000))
    driver.execute_script("window.scrollTo(0, 0)")
    path = ARTIFACTS / name
    driver.save_screenshot(str(path))
    driver.set_window_size(1280, 1600)
    return path


def test_pasting_two_stories_shows_two_cited_cards(page):
    flood = [(MIXED / n).read_text(encoding="utf-8") for n in ("harbor-flood-wire.txt", "harbor-flood-reprint.txt")]
    probe = (MIXED / "probe-launch-agency.txt").read_text(encoding="utf-8")
    page.find_element(By.CSS_SELECTOR, "#pasted textarea").send_keys("\n---\n".join(flood + [probe]))
    page.find_element(By.CSS_SELECTOR, "#summarize").click()
    WebDriverWait(page, 120).until(lambda d: len(cards(d)) == 2)

    titles = [c.find_element(By.CSS_SELECTOR, "h3").text for c in cards(page)]
    assert any("Kesterby" in t or "Alder" in t for t in titles) and any("Lumen" in t for t in titles)
    for card in cards(page):
        citations = [c for c in card.find_elements(By.CSS_SELECTOR, ".brief a.cite") if c.is_displayed()]
        assert citations and all(c.text in ("[1]", "[2]") for c in citations)
        sources = card.find_elements(By.CSS_SELECTOR, ".sources li")
        assert {c.text for c in citations} <= {s.find_element(By.CSS_SELECTOR, ".num").text for s in sources}
    assert "2 stories from 3 articles" in page.find_element(By.CSS_SELECTOR, "#run-status").text
    WebDriverWait(page, 30).until(lambda d: "briefs" in d.find_element(By.ID, "downloads").text)

    card = cards(page)[0]  # the highlight and why views open on click
    card.find_element(By.CSS_SELECTOR, "details.source-view summary").click()
    card.find_element(By.CSS_SELECTOR, "details.why summary").click()
    assert any(m.is_displayed() for m in card.find_elements(By.CSS_SELECTOR, "mark"))
    assert card.find_elements(By.CSS_SELECTOR, "details.why tbody tr")
    hrefs = [a.get_attribute("href") for a in card.find_elements(By.CSS_SELECTOR, "a.download")]
    assert [h.split(";")[0] for h in hrefs] == ["data:text/markdown", "data:application/json"]
    assert screenshot(page, "page-two-stories.png").stat().st_size > 10_000


def test_example_button_loads_files_and_summarizes(page):
    page.find_element(By.XPATH, "//button[contains(., 'Two stories: flood + probe launch')]").click()
    WebDriverWait(page, 30).until(lambda d: "probe-launch-local" in d.find_element(By.ID, "files").text)
    page.find_element(By.CSS_SELECTOR, "#summarize").click()
    WebDriverWait(page, 120).until(lambda d: len(cards(d)) == 2)
    text = page.find_element(By.ID, "cards").text
    assert "Sella Coast Herald" in text and "Science Desk Weekly" in text
    assert "2 stories from 6 articles" in page.find_element(By.CSS_SELECTOR, "#run-status").text
    screenshot(page, "page-mixed-example.png")


def test_empty_input_shows_a_readable_error(page):
    page.find_element(By.CSS_SELECTOR, "#summarize").click()
    WebDriverWait(page, 30).until(lambda d: NOTHING_TO_SUMMARIZE.split(":")[0] in d.find_element(By.TAG_NAME, "body").text)
    assert not cards(page)
    screenshot(page, "page-empty-input-error.png")


def test_rewrite_toggle_states_why_it_is_off(page):
    backend, note = rewrite_availability()
    toggle = page.find_element(By.CSS_SELECTOR, "#rewrite input[type=checkbox]")
    assert toggle.is_enabled() == (backend is not None)
    assert note in page.find_element(By.ID, "rewrite").text
