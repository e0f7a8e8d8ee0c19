"""Importing from URLs, against a real HTTP server on 127.0.0.1 started by each test."""

from __future__ import annotations

import json
from http.server import BaseHTTPRequestHandler

import httpx
import pytest
from sqlite_utils import Database

import claims_db
from tests.http_server import Server, json_bytes, sleep_route
from workbench.errors import FetchError, InputError
from workbench.references import ImportProgress, import_dataset
from workbench.references import fetch as fetch_module

CSV = "id,claim,rating\n1,Crime rose 10% in 2020,False\n2,Taxes fell,True\n"


@pytest.fixture(autouse=True)
def fast_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fetch_module, "BACKOFF_S", 0.01)


def quick_client(timeout: float = 2.0) -> httpx.Client:
    return httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=fetch_module.MAX_REDIRECTS)


def test_import_from_url_with_progress_and_provenance(db: Database, server: Server) -> None:
    url = server.body("/data.csv", CSV, headers={"ETag": '"v1"'})
    events: list[ImportProgress] = []
    result = import_dataset(db, url, name="remote", progress=events.append)
    assert result.stats.added == 2
    dataset = claims_db.get_dataset(db, "remote")
    assert dataset.source == url and dataset.etag == '"v1"' and dataset.format == "csv"
    assert {e.stage for e in events} == {"download", "rows"}
    assert events[-1].done == 2


def test_an_unchanged_remote_dataset_is_not_downloaded_again(db: Database, server: Server) -> None:
    url = server.body("/data.csv", CSV, headers={"ETag": '"v1"'})
    import_dataset(db, url, name="remote")
    again = import_dataset(db, url, name="remote")
    assert again.not_modified
    assert server.requests[-1][1].get("If-None-Match") == '"v1"'
    assert claims_db.get_dataset(db, "remote").row_count == 2


def test_retries_5xx_then_succeeds(db: Database, server: Server) -> None:
    def flaky(handler: BaseHTTPRequestHandler, _query: object) -> None:
        if server.hits["/flaky.csv"] < 3:
            handler.send_error(503, "Busy")
            return
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.end_headers()
        handler.wfile.write(CSV.encode())

    url = server.add("/flaky.csv", flaky)
    assert import_dataset(db, url, name="flaky").stats.added == 2
    assert server.hits["/flaky.csv"] == 3


def test_retries_429_with_retry_after(db: Database, server: Server) -> None:
    def limited(handler: BaseHTTPRequestHandler, _query: object) -> None:
        if server.hits["/limited.csv"] == 1:
            handler.send_response(429)
            handler.send_header("Retry-After", "0")
            handler.end_headers()
            return
        handler.send_response(200)
        handler.end_headers()
        handler.wfile.write(CSV.encode())

    url = server.add("/limited.csv", limited)
    assert import_dataset(db, url, name="limited").stats.added == 2


@pytest.mark.parametrize(
    ("path", "setup", "message"),
    [
        ("/missing.csv", None, r"HTTP 404"),
        ("/error.csv", "500", r"HTTP 500 .*after 4 attempts"),
        ("/image.csv", "image", r"wrong content type 'image/png'"),
        ("/big.csv", "big", r"over the size cap of 1,000 bytes"),
        ("/loop", "loop", r"too many redirects"),
    ],
)
def test_http_failures_are_clear_and_leave_the_store_as_it_was(
    db: Database, server: Server, path: str, setup: str | None, message: str
) -> None:
    if setup == "500":
        server.body(path, "oops", status=500)
    elif setup == "image":
        server.body(path, b"\x89PNG....", content_type="image/png")
    elif setup == "big":
        server.body(path, "id,text\n" + "1,x\n" * 1000)
    elif setup == "loop":

        def loop(handler: BaseHTTPRequestHandler, _query: object) -> None:
            handler.send_response(302)
            handler.send_header("Location", "/loop")
            handler.end_headers()

        server.add(path, loop)
    with pytest.raises(FetchError, match=message):
        import_dataset(db, server.url + path, name="x", max_bytes=1000, client=quick_client())
    assert claims_db.list_datasets(db) == []


def test_a_body_over_the_cap_without_content_length_is_stopped(db: Database, server: Server) -> None:
    def chunked(handler: BaseHTTPRequestHandler, _query: object) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.end_headers()
        handler.wfile.write(b"id,text\n" + b"1,xxxxxxxxxx\n" * 500)

    url = server.add("/stream.csv", chunked)
    with pytest.raises(FetchError, match="over the size cap"):
        import_dataset(db, url, name="s", max_bytes=1000)


def test_timeout_is_retried_then_reported(db: Database, server: Server) -> None:
    url = server.add("/slow.csv", sleep_route(1.0))
    with pytest.raises(FetchError, match="timed out"):
        import_dataset(db, url, name="slow", client=quick_client(timeout=0.2))
    assert server.hits["/slow.csv"] == fetch_module.RETRIES + 1


def test_a_url_that_is_not_http_is_refused(db: Database) -> None:
    with pytest.raises(InputError, match="unsupported URL scheme 'ftp'"):
        import_dataset(db, "ftp://example.org/data.csv", name="ftp")


def test_factcheck_api_follows_next_page_token_and_never_stores_the_key(db: Database, server: Server) -> None:
    def page(handler: BaseHTTPRequestHandler, query: dict[str, list[str]]) -> None:
        token = query.get("pageToken", [""])[0]
        assert query.get("key") == ["SECRET"]
        number = int(token or "1")
        review = {"publisher": {"name": "Checker"}, "url": f"https://c.org/{number}", "textualRating": "False"}
        body: dict[str, object] = {"claims": [{"text": f"Claim on page {number}", "claimReview": [review]}]}
        if number < 3:
            body["nextPageToken"] = str(number + 1)
        data = json_bytes(body)
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.end_headers()
        handler.wfile.write(data)

    url = server.add("/v1alpha1/claims:search", page) + "?query=vaccines"
    result = import_dataset(db, url, name="api", fmt="factcheck-api", api_key="SECRET")
    assert result.stats.added == 3
    dataset = claims_db.get_dataset(db, "api")
    assert "SECRET" not in json.dumps(dataset.__dict__) and "key=REDACTED" in (dataset.source or "")
    texts = sorted(r[0] for r in db.execute("SELECT text FROM records"))
    assert texts == ["Claim on page 1", "Claim on page 2", "Claim on page 3"]


def test_claimreview_embedded_in_a_served_html_page(db: Database, server: Server) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": "Bananas are blue",
        "url": "https://c.org/bananas",
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }
    page = f'<html><body><script type="application/ld+json">{json.dumps(review)}</script></body></html>'
    url = server.body("/review", page, content_type="text/html; charset=utf-8")
    result = import_dataset(db, url, name="page")
    assert result.format == "claimreview" and result.stats.added == 1
