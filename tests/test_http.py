"""The sources' HTTP client against a real server on 127.0.0.1, with the faults of the wild."""

from __future__ import annotations

import time
from dataclasses import replace

import pytest
from feeds import FAST, serve
from werkzeug import Request, Response

from returnwatch.sources.http import FetchError, HttpClient, redact

server = pytest.fixture(serve)


def test_503_then_200_is_retried_and_honours_retry_after(server):
    server.expect_oneshot_request("/feed").respond_with_data(
        "busy", status=503, headers={"Retry-After": "0"}
    )
    server.expect_request("/feed").respond_with_data("<rss/>", content_type="application/rss+xml")
    with HttpClient(FAST) as http:
        fetched = http.get(server.url_for("/feed"), accept=("xml",))
    assert fetched.status == 200 and fetched.content == b"<rss/>"
    assert len(server.log) == 2


def test_429_waits_as_told_then_succeeds(server):
    server.expect_oneshot_request("/api").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "1"}
    )
    server.expect_request("/api").respond_with_json({"data": []})
    started = time.monotonic()
    with HttpClient(replace(FAST, max_retry_wait=0.4)) as http:
        assert http.get(server.url_for("/api")).status == 200
    assert 0.35 < time.monotonic() - started < 2  # Retry-After 1 s, capped at max_retry_wait


def test_permanent_500_fails_after_the_retries_with_the_status(server):
    server.expect_request("/broken").respond_with_data("oops", status=500)
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="HTTP 500"):
        http.get(server.url_for("/broken"))
    assert len(server.log) == FAST.retries + 1


def test_404_is_not_retried(server):
    server.expect_request("/gone").respond_with_data("no", status=404)
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="HTTP 404"):
        http.get(server.url_for("/gone"))
    assert len(server.log) == 1


def _sleepy(seconds: float):
    def handler(request: Request) -> Response:
        time.sleep(seconds)
        return Response("late", content_type="text/html")

    return handler


def test_a_server_slower_than_the_read_timeout_fails_fast(server):
    server.expect_request("/slow").respond_with_handler(_sleepy(2))
    started = time.monotonic()
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="timed out"):
        http.get(server.url_for("/slow"))
    assert time.monotonic() - started < 3


def test_a_trickling_server_is_cut_at_the_deadline(server):
    def trickle():
        for _ in range(40):
            time.sleep(0.2)  # each chunk within the read timeout, the whole far beyond the deadline
            yield b"x"

    server.expect_request("/trickle").respond_with_response(
        Response(trickle(), content_type="text/html")
    )
    started = time.monotonic()
    settings = replace(FAST, deadline=0.5, retries=0)
    with HttpClient(settings) as http, pytest.raises(FetchError, match="within"):
        http.get(server.url_for("/trickle"))
    assert time.monotonic() - started < 3


def test_a_truncated_body_is_an_error_not_a_short_document(server):
    def short():
        yield b"<html><body>585 families ret"

    server.expect_request("/cut").respond_with_response(
        Response(short(), headers={"Content-Length": "5000"}, direct_passthrough=True)
    )
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="truncated"):
        http.get(server.url_for("/cut"))


def test_wrong_content_type_is_refused(server):
    server.expect_request("/feed.xml").respond_with_data(b"\x89PNG", content_type="image/png")
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="content type 'image/png'"):
        http.get(server.url_for("/feed.xml"), accept=("xml", "rss"))


@pytest.mark.parametrize("declared", [True, False])
def test_an_oversize_body_is_stopped_early(server, declared):
    big = b"9" * (FAST.max_bytes * 4)
    response = Response(iter([big[i : i + 4096] for i in range(0, len(big), 4096)]))
    if declared:
        response = Response(big)
    server.expect_request("/big").respond_with_response(response)
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="over the limit"):
        http.get(server.url_for("/big"))


def test_a_redirect_loop_stops_at_the_limit(server):
    server.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    server.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    with HttpClient(FAST) as http, pytest.raises(FetchError, match="redirect"):
        http.get(server.url_for("/a"))
    assert len(server.log) == FAST.max_redirects + 1


def test_conditional_get_costs_one_small_request_when_unchanged(server, tmp_path):
    def etagged(request: Request) -> Response:
        if request.headers.get("If-None-Match") == '"v1"':
            return Response(status=304)
        return Response("<rss/>", content_type="application/rss+xml", headers={"ETag": '"v1"'})

    server.expect_request("/feed").respond_with_handler(etagged)
    state = tmp_path / "validators.json"
    with HttpClient(FAST, state) as http:
        assert http.get(server.url_for("/feed"), conditional=True).content == b"<rss/>"
    with HttpClient(FAST, state) as http:  # a later run: the validators were kept on disk
        again = http.get(server.url_for("/feed"), conditional=True)
    assert again.not_modified and again.content == b""
    assert server.log[-1][0].headers["If-None-Match"] == '"v1"'


def test_user_agent_names_the_project(server):
    server.expect_request("/ua").respond_with_data("ok")
    with HttpClient(FAST) as http:
        http.get(server.url_for("/ua"))
    assert server.log[0][0].headers["User-Agent"].startswith("returnwatch/")


def test_secrets_in_urls_are_never_shown(server):
    server.expect_request("/v2/reports").respond_with_data("down", status=500)
    url = server.url_for("/v2/reports") + "?appname=SECRET-APP&limit=10"
    with HttpClient(FAST) as http, pytest.raises(FetchError) as err:
        http.get(url)
    assert "SECRET-APP" not in str(err.value) and "appname=***" in str(err.value)
    assert redact("https://x/y?token=t&q=1") == "https://x/y?token=***&q=1"


def test_certificates_are_loaded_only_when_a_request_is_made(server, monkeypatch):
    """Making httpx's client loads the CA bundle (~20-50 ms): a run that pulls only folders
    makes an HttpClient (for its validators) but never a request, so it loads none."""
    import ssl

    made = []
    real = ssl.create_default_context
    monkeypatch.setattr(
        ssl, "create_default_context", lambda *a, **k: made.append(1) or real(*a, **k)
    )
    with HttpClient(replace(FAST, retries=0)):
        pass
    assert made == []
    server.expect_request("/a").respond_with_data("ok", content_type="text/plain")
    with HttpClient(replace(FAST, retries=0)) as http:
        assert http.get(server.url_for("/a")).content == b"ok"
    assert len(made) == 1
