from __future__ import annotations

import logging

import pytest
from fastapi.testclient import TestClient

from assistant.settings import Settings
from index import CaseIndex, IndexConfig, SentenceTransformerEmbedder, ingest_paths
from integrations.api.app import create_app
from tests.conftest import SAMPLES
from tests.pdfs import PNG_BYTES, pdf_bytes

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory, embedder: SentenceTransformerEmbedder) -> CaseIndex:
    data = tmp_path_factory.mktemp("api-data")
    index = CaseIndex(IndexConfig(data_dir=data), embedder=embedder)
    ingest_paths(index, [SAMPLES])
    return index


@pytest.fixture(scope="module")
def client(index: CaseIndex) -> TestClient:
    return TestClient(create_app(Settings(data_dir=index.data_dir), index=index))


def test_health_and_openapi_docs(client: TestClient) -> None:
    assert client.get("/health").json()["documents"] == 4
    assert client.get("/docs").status_code == 200
    assert "/ask" in client.get("/openapi.json").json()["paths"]


def test_search_returns_hits_with_provenance_and_applies_filters(client: TestClient) -> None:
    body = client.get("/search", params={"q": "hoarding fire risk", "k": 3}).json()
    assert len(body["hits"]) == 3 and body["hits"][0]["source"] == "sar-mr-d-summary.pdf"
    assert {"source", "title", "page", "pages", "section", "text", "score", "url"} <= body["hits"][0].keys()
    filtered = client.get("/search", params={"q": "learning", "type": "LCSPR", "year_from": 2025}).json()
    assert {h["source"] for h in filtered["hits"]} == {"cspr-child-b-summary.pdf"}


def test_ask_answers_with_citations_and_notices(client: TestClient) -> None:
    response = client.post("/ask", json={"question": "What should happen when a bruise is seen on a baby?"})
    assert response.status_code == 200
    body = response.json()
    assert body["answered"] is True and body["citations"]
    citation = body["citations"][0]
    assert {"n", "source", "title", "page", "section", "url", "quote"} <= citation.keys()
    assert [n["kind"] for n in body["notices"]] == ["guidance"]


def test_follow_up_through_conversation_id(client: TestClient) -> None:
    first = client.post("/ask", json={"question": "What did the adult review about Mr D find about hoarding?"}).json()
    second = client.post(
        "/ask", json={"question": "and what did it recommend?", "conversation_id": first["conversation_id"]}
    ).json()
    assert second["answered"]
    assert "sar-mr-d-summary.pdf" in {c["source"] for c in second["citations"]}


def test_follow_up_through_history(client: TestClient) -> None:
    body = client.post(
        "/ask",
        json={
            "question": "and what were the recommendations?",
            "history": [{"role": "user", "content": "What did the review of Child B find about the father?"}],
        },
    ).json()
    assert "cspr-child-b-summary.pdf" in {c["source"] for c in body["citations"]}


def test_danger_question_gets_emergency_notice_first(client: TestClient) -> None:
    body = client.post("/ask", json={"question": "He has a knife and says he will hurt her tonight"}).json()
    assert body["notices"][0]["kind"] == "emergency" and "999" in body["notices"][0]["text"]


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"question": ""}}, 400),
        ({"json": {"question": "   "}}, 400),
        ({"json": {"question": "x" * 5000}}, 400),
        ({"json": {"nope": 1}}, 422),
        ({"content": b"{not json", "headers": {"content-type": "application/json"}}, 422),
        ({"json": {"question": "q", "filters": {"year_from": "soon"}}}, 422),
    ],
)
def test_bad_ask_requests_get_a_clear_4xx(client: TestClient, kwargs: dict, status: int) -> None:
    response = client.post("/ask", **kwargs)
    assert response.status_code == status
    assert response.json()["error"]


def test_one_question_length_limit_everywhere_refused_in_plain_words(client: TestClient) -> None:
    """Never cut: a question over the limit is refused whole, with its length and the limit."""
    long = "Please tell me about bruising in babies. " * 160  # about 6,400 characters
    refusals = [
        client.post("/ask", json={"question": long}),
        client.get("/search", params={"q": long}),
        client.post("/referral-check", json={"situation": long}),
    ]
    for response in refusals:
        assert response.status_code == 400
        error = response.json()["error"]
        assert error.startswith("That") and "too long" in error and "characters" in error
    assert "under 2000 characters" in refusals[0].json()["error"]
    assert "under 2000 characters" in refusals[1].json()["error"]
    assert client.post("/ask", json={"question": "x" * 1999}).status_code == 200
    assert client.post("/ask", json={"question": ""}).json()["error"] == "Please type a question."


def test_bad_search_requests_get_a_clear_4xx(client: TestClient) -> None:
    assert client.get("/search").status_code == 422
    assert client.get("/search", params={"q": " "}).status_code == 400
    assert client.get("/search", params={"q": "x", "k": 0}).status_code == 422


def test_document_list_and_original_file_opens(client: TestClient) -> None:
    documents = client.get("/documents").json()
    pdf = next(d for d in documents if d["source"] == "cspr-child-b-summary.pdf")
    response = client.get(pdf["file_url"])
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    html = next(d for d in documents if d["format"] == "html")
    assert client.get(html["file_url"]).headers["content-type"].startswith("text/plain")
    assert client.get("/documents/nope/file").status_code == 404


def test_upload_indexes_at_once_then_delete(client: TestClient) -> None:
    data = pdf_bytes([["Kestrel Road protocol: practitioners must record every unannounced visit."]])
    response = client.post("/documents", files={"file": ("kestrel.pdf", data, "application/pdf")})
    assert response.status_code == 201, response.text
    document = response.json()["document"]
    hits = client.get("/search", params={"q": "Kestrel Road unannounced visit", "k": 1}).json()["hits"]
    assert hits[0]["source"] == "kestrel.pdf"
    assert client.delete(f"/documents/{document['id']}").status_code == 200
    assert client.delete(f"/documents/{document['id']}").status_code == 404


def test_upload_of_a_copy_under_another_name_is_not_added_again(client: TestClient) -> None:
    data = (SAMPLES / "cspr-child-b-summary.pdf").read_bytes()
    response = client.post("/documents", files={"file": ("child-b (final).pdf", data, "application/pdf")})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "duplicate" and body["document"]["source"] == "cspr-child-b-summary.pdf"
    assert body["note"] == (
        "child-b _final_.pdf is the same file as cspr-child-b-summary.pdf, already in the library; "
        "it was not added again."
    )
    assert client.get("/health").json()["documents"] == 4


def test_upload_refuses_bad_files_with_plain_reasons(client: TestClient) -> None:
    bad = client.post("/documents", files={"file": ("photo.png", PNG_BYTES, "image/png")})
    assert bad.status_code == 415
    fake = client.post("/documents", files={"file": ("scan.pdf", PNG_BYTES, "application/pdf")})
    assert fake.status_code == 422 and "damaged" in fake.json()["error"]
    assert client.post("/documents").status_code == 422
    sneaky = client.post("/documents", files={"file": ("../../etc/evil.txt", b"Some notes.", "text/plain")})
    assert sneaky.status_code == 201
    assert sneaky.json()["document"]["source"] == "evil.txt"
    client.delete(f"/documents/{sneaky.json()['document']['id']}")


def test_upload_size_limit(index: CaseIndex) -> None:
    client = TestClient(create_app(Settings(data_dir=index.data_dir, max_upload_mb=1), index=index))
    big = b"word " * 300_000
    response = client.post("/documents", files={"file": ("big.txt", big, "text/plain")})
    assert response.status_code == 413
    assert not list(index.data_dir.glob("upload-*"))


def test_api_key_protects_document_changes(index: CaseIndex) -> None:
    client = TestClient(create_app(Settings(data_dir=index.data_dir, api_key="s3cret"), index=index))
    files = {"file": ("note.txt", b"A short note about escalation.", "text/plain")}
    assert client.post("/documents", files=files).status_code == 401
    assert client.delete("/documents/whatever").status_code == 401
    assert client.post("/documents", files=files, headers={"Authorization": "Bearer wrong"}).status_code == 401
    ok = client.post("/documents", files=files, headers={"Authorization": "Bearer s3cret"})
    assert ok.status_code == 201
    doc_id = ok.json()["document"]["id"]
    assert client.delete(f"/documents/{doc_id}", headers={"Authorization": "Bearer s3cret"}).status_code == 200
    assert client.get("/search", params={"q": "escalation"}).status_code == 200  # reading needs no key


def test_question_text_never_reaches_the_logs(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    marker = "Zanzibarquokka-7731"
    with caplog.at_level(logging.DEBUG):
        client.post("/ask", json={"question": f"What did the review say about {marker}?"})
        client.get("/search", params={"q": marker})
    # The test client's own logger (httpx) prints the URL it sends; everything the service logs is checked.
    service_lines = [r.getMessage() for r in caplog.records if not r.name.startswith("httpx")]
    assert service_lines and not any(marker in line for line in service_lines)
    assert any("/ask" in line for line in service_lines)  # the access log still records the route


def test_cors_is_closed_by_default(client: TestClient) -> None:
    response = client.options(
        "/ask", headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"}
    )
    assert "access-control-allow-origin" not in response.headers


def test_web_page_is_served(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200 and '<label for="question">' in page.text
    assert client.get("/static/app.js").status_code == 200
    assert client.get("/static/../../secret").status_code == 404
