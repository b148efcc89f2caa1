"""Citations open the stored original at the quote, highlighted: the viewer through the API."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from index import CaseIndex
from integrations.api.app import create_app


@pytest.fixture(scope="module")
def client(sample_index: CaseIndex) -> TestClient:
    return TestClient(create_app(Settings(data_dir=sample_index.data_dir), index=sample_index))


def _cited(client: TestClient, question: str, suffix: str) -> dict[str, object]:
    body = client.post("/ask", json={"question": question}).json()
    assert body["answered"], body
    return next(c for c in body["citations"] if c["source"].endswith(suffix))


def test_a_pdf_citation_opens_the_viewer_at_its_page_with_the_quote_marked(client: TestClient) -> None:
    citation = _cited(client, "What did the review recommend about fathers and male carers?", ".pdf")
    url = str(citation["url"])
    assert url.startswith(f"/documents/{citation['document_id']}/view?") and url.endswith("#quote")
    query = parse_qs(urlsplit(url).query)
    assert query["page"] == [str(citation["page"])] and query["quote"] == [citation["quote"]]
    assert citation["source_url"] and "#page=" in str(citation["source_url"])  # where it was published

    page = client.get(url)
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    marks = re.findall(r'<span class="mark"( id="quote")? style="left: ([\d.]+)%; top: ([\d.]+)%', page.text)
    assert marks and marks[0][0]  # the first mark is what #quote scrolls to
    published = str(citation["source_url"]).split("#")[0]
    assert f'href="{published}' in page.text  # where it was published, beside the stored original
    assert all(0 <= float(left) < 100 and 0 <= float(top) < 100 for _, left, top in marks)
    image = re.search(r'<img src="([^"]+)"', page.text)
    assert image is not None
    png = client.get(image.group(1))
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")


def test_a_web_page_citation_opens_its_text_scrolled_to_the_marked_quote(client: TestClient) -> None:
    citation = _cited(client, "Where should a baby sleep?", ".html")
    page = client.get(str(citation["url"]))
    assert page.status_code == 200
    marked = re.search(r'<mark id="quote">(.*?)</mark>', page.text, re.S)
    assert marked is not None
    assert marked.group(1).split()[:4] == str(citation["quote"]).split()[:4]


def test_a_quote_not_on_the_page_is_said_plainly_and_a_missing_document_is_404(client: TestClient) -> None:
    citation = _cited(client, "What did the review recommend about fathers and male carers?", ".pdf")
    other = client.get(
        f"/documents/{citation['document_id']}/view", params={"page": 1, "quote": "Words that are not there " * 3}
    )
    assert other.status_code == 200 and "could not be found on this page" in other.text
    assert client.get("/documents/nope/view").status_code == 404
    assert client.get(f"/documents/{citation['document_id']}/pages/999.png").status_code == 404
