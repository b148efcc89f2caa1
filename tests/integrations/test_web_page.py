"""The web page in a real headless Chromium (Debian's), driven by Playwright, keyboard only."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn

from assistant.feedback import FeedbackStore
from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app
from tests.servers import free_port, wait_for

pytestmark = pytest.mark.slow
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def base_url(sample_index: CaseIndex) -> Iterator[str]:
    port = free_port()
    app = create_app(Settings(data_dir=sample_index.data_dir), index=sample_index)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    wait_for(f"{url}/health")
    yield url
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail("Chromium is missing: .ci/run installs Debian's chromium")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def test_ask_by_keyboard_shows_cited_answer_with_page_links(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(base_url)
    page.get_by_label("Your question").fill("What should happen when a bruise is seen on a baby who cannot move?")
    page.keyboard.press("Tab")  # to the filters, then on to the Ask button
    page.get_by_role("button", name="Ask").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.citations li a", timeout=30_000)
    assert page.locator("#results h2").inner_text() == "Answer"
    links = page.locator("ol.citations li a")
    href = links.first.get_attribute("href") or ""
    assert "/view?page=" in href and href.endswith("#quote")
    assert page.locator("#status").inner_text() == "The answer is ready."
    page.screenshot(path=str(Path(os.environ.get("CASELEARN_SCREENSHOT_DIR", "/tmp")) / "caselearn-answer.png"))
    page.close()


def test_clicking_a_citation_shows_the_quote_highlighted_on_screen(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.goto(base_url)
    page.get_by_label("Your question").fill("What did the review recommend about fathers and male carers?")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_selector("ol.citations li a", timeout=30_000)
    link = page.locator("ol.citations li a").filter(has_text="p.").first
    with page.expect_popup() as popup:
        link.click()
    viewer = popup.value
    viewer.wait_for_load_state("load")
    mark = viewer.locator("#quote")
    mark.wait_for(state="visible", timeout=10_000)
    viewer.wait_for_function("() => document.querySelector('.page img').complete")
    box = mark.bounding_box()
    assert box is not None and box["width"] > 20 and box["height"] > 5
    assert 0 <= box["y"] < 700, "the quote is scrolled into view"
    assert viewer.locator(".quoted").inner_text().startswith("Quoted:")
    viewer.screenshot(path=str(Path(os.environ.get("CASELEARN_SCREENSHOT_DIR", "/tmp")) / "caselearn-viewer.png"))
    viewer.close()
    page.close()


def test_search_with_a_filter_lists_passages(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(base_url)
    page.get_by_label("Your question").fill("recommendations")
    page.get_by_label("Review type").select_option("SAR")
    page.get_by_role("button", name="Search passages").press("Enter")
    page.wait_for_selector("article.hit", timeout=30_000)
    titles = page.locator("article.hit h3").all_inner_texts()
    assert titles and all("Mr D" in t for t in titles)
    page.close()


def test_a_pasted_long_question_is_refused_whole_and_replaces_the_old_answer(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(base_url)
    page.get_by_label("Your question").fill("hoarding and fire risk")
    page.get_by_role("button", name="Ask").click()
    page.wait_for_selector("ol.citations li a", timeout=30_000)
    long = "What have reviews found about bruising in babies who are not yet mobile? " * 85
    page.get_by_label("Your question").fill(long)
    assert len(page.get_by_label("Your question").input_value()) == len(long)  # nothing cut on the page
    page.get_by_role("button", name="Ask").click()
    problem = page.locator("#results .problem")
    problem.wait_for(timeout=30_000)
    assert "too long" in problem.inner_text() and "2000" in problem.inner_text()
    assert page.locator("ol.citations").count() == 0
    assert page.locator("#status").inner_text() == problem.inner_text()
    page.get_by_label("Your question").fill("   ")
    page.get_by_role("button", name="Search passages").click()
    assert page.locator("#results .problem").inner_text() == "Please type a question."
    page.close()


def test_emergency_notice_is_an_alert(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(base_url)
    page.get_by_label("Your question").fill("he says he will kill her tonight")
    page.get_by_role("button", name="Ask").click()
    alert = page.get_by_role("alert")
    alert.wait_for(timeout=30_000)
    assert "999" in alert.inner_text()
    page.close()


def test_theme_browser_shows_learning_and_offers_downloads(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    page.goto(base_url)
    # Before a theme is chosen the downloads are not shown (no dead links to tab through).
    assert not page.locator("#download-docx").is_visible() and not page.locator("#download-md").is_visible()
    page.wait_for_function("document.querySelectorAll('#theme option').length > 1", timeout=30_000)
    options = page.locator("#theme option").all_inner_texts()
    assert not any("(1 documents)" in o for o in options)
    page.get_by_label("Theme", exact=True).select_option("self_neglect")
    page.get_by_role("button", name="Show learning").press("Enter")
    page.wait_for_selector("#results h2", timeout=30_000)
    assert page.locator("#results h2").inner_text().startswith("Learning: Self-neglect")
    assert page.locator("#results blockquote").count() > 0
    assert page.locator("#download-docx").get_attribute("href") == "/themes/self_neglect/learning?format=docx"
    assert page.locator("#download-docx").is_visible()
    page.close()


def test_an_answer_can_be_rated_not_helpful_with_a_reason_by_keyboard(  # type: ignore[no-untyped-def]
    browser, base_url: str, sample_index: CaseIndex
) -> None:
    before = len(FeedbackStore.in_data_dir(sample_index.data_dir).records())
    page = browser.new_page()
    page.goto(base_url)
    page.get_by_label("Your question").fill("Where should a baby sleep?")
    page.get_by_role("button", name="Ask").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#feedback-not-helpful", timeout=30_000)
    page.locator("#feedback-not-helpful").focus()
    page.keyboard.press("Enter")
    page.get_by_label("Optional: tell us why").select_option("wrong_source")
    page.locator("#feedback-send").focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#feedback p[role=status]", timeout=10_000)
    assert page.locator("#feedback").inner_text() == "Thank you, your feedback was recorded."
    page.close()
    records = FeedbackStore.in_data_dir(sample_index.data_dir).records()
    assert len(records) == before + 1
    assert (records[-1].channel, records[-1].rating, records[-1].reason) == ("web", "not_helpful", "wrong_source")


FAMILY = "A father killed his partner and their 12-year-old, then himself."
INTERNAL = re.compile(
    r"\b[a-z]+_[a-z0-9_]+\b"  # field names: subject_age, is_child
    r"|\bp\d+\.[a-z]"  # person keys: p3.died
    r"|\b[A-Z][A-Z_]*\.\d"  # criterion ids: SIN.2
    r"|\b(?:True|False|None|null|undefined|NaN)\b"
    r"|specification"
)


def test_referral_check_shows_the_facts_read_and_checking_again_changes_the_verdict(  # type: ignore[no-untyped-def]
    browser, base_url: str
) -> None:
    page = browser.new_page()
    page.goto(base_url)
    page.get_by_label("The situation").fill(FAMILY)
    page.get_by_role("button", name="Check", exact=True).focus()
    page.keyboard.press("Enter")
    headline = page.locator("#referral-headline")
    headline.wait_for(timeout=30_000)
    assert headline.inner_text().startswith("Likely: Domestic homicide review")
    assert page.locator("ul.people li").count() == 3
    partner = page.get_by_role("group", name="His partner")
    died = partner.get_by_label("Has died")
    assert died.input_value() == "true"  # prefilled from the description, with the words it was read from
    assert "read from: “killed his”" in partner.inner_text()
    child = page.get_by_role("group", name="12-year-old")
    assert child.get_by_label("Age").input_value() == "12"
    # The route details are collapsed until opened, and carry the form and who decides.
    sin = page.locator("details.route").filter(has=page.locator("summary", has_text="Serious incident notification"))
    assert not sin.locator("dl").is_visible()
    sin.locator("summary").focus()
    page.keyboard.press("Enter")
    details = sin.inner_text()
    assert "Who decides" in details and "within 5 working days" in details and "Form" in details
    assert page.locator("#results .notice").last.inner_text().startswith("This is a suggestion")
    assert not INTERNAL.search(page.locator("body").inner_text()), INTERNAL.search(page.locator("body").inner_text())

    died.select_option(label="No")
    page.get_by_role("button", name="Check again").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => { const h = document.querySelector('#referral-headline');"
        " return h && !h.textContent.includes('Domestic homicide'); }",
        timeout=30_000,
    )
    partner = page.get_by_role("group", name="His partner")
    assert partner.get_by_label("Has died").input_value() == "false"
    assert "You said so." in partner.inner_text()
    assert page.locator("#referral-headline").inner_text().startswith("Likely: Serious incident notification")
    assert page.locator("#status").inner_text() == "The check is ready."
    text = page.locator("body").inner_text()
    assert not INTERNAL.search(text), INTERNAL.search(text)
    page.screenshot(
        path=str(Path(os.environ.get("CASELEARN_SCREENSHOT_DIR", "/tmp")) / "caselearn-referral.png"), full_page=True
    )
    page.close()


def test_api_docs_render_with_nothing_from_the_internet(browser, base_url: str) -> None:  # type: ignore[no-untyped-def]
    page = browser.new_page()
    outside: list[str] = []

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        if route.request.url.startswith(base_url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", only_local)
    page.goto(f"{base_url}/docs")
    page.wait_for_selector("text=/ask", timeout=30_000)  # Swagger UI drew the operations
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("caselearn")
    assert outside == []
    assert page.goto(f"{base_url}/redoc").status == 404  # ReDoc's bundle would fetch its logo online
    page.close()
