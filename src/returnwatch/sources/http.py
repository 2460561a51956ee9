"""HTTP for sources: timeouts, retries with backoff, conditional GET, a size limit.

One ``HttpClient`` per pull. It retries timeouts, broken connections, 429 and 5xx
(honouring ``Retry-After``), follows at most a few redirects, streams bodies and stops
as soon as one is over the limit, and remembers ETag / Last-Modified per URL in a small
JSON file so an unchanged source costs one small request (answered 304).
Secrets in URLs (``appname``, keys, tokens) never appear in messages or in that file.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import time
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx

from returnwatch.config import HttpSettings

# httpx logs every request line at INFO, query string included: that would leak appnames.
logging.getLogger("httpx").setLevel(logging.WARNING)

RETRY_STATUS = {429, 500, 502, 503, 504}
SECRET_PARAMS = {"appname", "key", "api_key", "apikey", "token", "access_token", "secret"}


class FetchError(Exception):
    """A URL that could not be fetched; the message says what happened and what to do."""


@dataclass(frozen=True)
class Fetched:
    """A response: status 200 with its body, or 304 (not modified) with none."""

    url: str
    status: int
    content: bytes
    content_type: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def redact(url: str) -> str:
    """The URL with the values of secret-looking query parameters replaced by ``***``."""
    parts = urlsplit(str(url))
    if not parts.query:
        return str(url)
    query = [(k, "***" if k.lower() in SECRET_PARAMS else v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def with_params(url: str, params: dict | None) -> str:
    """The URL with ``params`` added to the query it already has (lists repeat the key)."""
    if not params:
        return url
    parts = urlsplit(url)
    extra = urlencode(params, doseq=True)
    return urlunsplit(parts._replace(query=f"{parts.query}&{extra}" if parts.query else extra))


@dataclass
class Validators:
    """ETag / Last-Modified of each URL last fetched, kept in one JSON file."""

    path: Path | None
    by_url: dict[str, dict[str, str]] = field(default_factory=dict)

    @classmethod
    def open(cls, path: Path | None) -> Validators:
        if path is None or not path.is_file():
            return cls(path)
        try:
            return cls(path, json.loads(path.read_text(encoding="utf-8")))
        except (ValueError, OSError):
            return cls(path)  # a damaged cache only costs full downloads

    def headers(self, url: str) -> dict[str, str]:
        known = self.by_url.get(redact(url), {})
        headers = {}
        if "etag" in known:
            headers["If-None-Match"] = known["etag"]
        if "last_modified" in known:
            headers["If-Modified-Since"] = known["last_modified"]
        return headers

    def remember(self, url: str, response: httpx.Response) -> None:
        known = {
            "etag": response.headers.get("etag"),
            "last_modified": response.headers.get("last-modified"),
        }
        known = {k: v for k, v in known.items() if v}
        if known:
            self.by_url[redact(url)] = known

    def forget(self, url: str) -> None:
        self.by_url.pop(redact(url), None)

    def save(self) -> None:
        if self.path is None or (not self.by_url and not self.path.exists()):
            return  # nothing learned and nothing to forget: no file for folder-only runs
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".validators-")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self.by_url, handle, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


class HttpClient:
    """A small robust HTTP client for pulling sources (use as a context manager)."""

    def __init__(
        self,
        settings: HttpSettings | None = None,
        validators_file: Path | None = None,
        save_on_close: bool = True,
    ):
        self.settings = settings or HttpSettings.from_env()
        self.save_on_close = save_on_close
        self.validators = Validators.open(validators_file)
        self._opened: httpx.Client | None = None

    @property
    def _client(self) -> httpx.Client:
        """httpx's client, made on the first request: making one loads the CA certificates
        (~20-50 ms of CPU), which a run that pulls only folders never needs."""
        if self._opened is None:
            s = self.settings
            self._opened = httpx.Client(
                timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout),
                follow_redirects=True,
                max_redirects=s.max_redirects,
                headers={"User-Agent": s.user_agent},
            )
        return self._opened

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if self._opened is not None:
            self._opened.close()
        if self.save_on_close:
            self.validators.save()

    def get(
        self,
        url: str,
        *,
        conditional: bool = False,
        accept: tuple[str, ...] = (),
        params: dict | None = None,
    ) -> Fetched:
        """GET with retries; ``conditional`` sends stored validators (and may return 304);
        ``accept`` lists content-type fragments (``"xml"``, ``"json"``) the body must have."""
        headers = self.validators.headers(url) if conditional else {}
        return self._request("GET", url, headers, accept, conditional, params=params)

    def post(
        self, url: str, *, json_body: dict, accept: tuple[str, ...] = (), params: dict | None = None
    ) -> Fetched:
        return self._request("POST", url, {}, accept, False, params=params, json=json_body)

    def _request(self, method, url, headers, accept, conditional, params=None, **kwargs):
        s = self.settings
        url = with_params(url, params)  # httpx would drop the URL's own query given params
        shown = redact(url)
        for attempt in range(s.retries + 1):
            last = attempt == s.retries
            try:
                response, content = self._once(method, url, headers, **kwargs)
            except _TooBig as err:
                raise FetchError(f"{shown}: {err}") from None
            except httpx.TooManyRedirects:
                raise FetchError(
                    f"{shown}: more than {s.max_redirects} redirects "
                    "(a redirect loop?); check the URL"
                ) from None
            except (httpx.TimeoutException, httpx.TransportError, _Deadline) as err:
                if last:
                    raise FetchError(
                        f"{shown}: {_describe(err)} after {s.retries + 1} tries; "
                        "the server may be down, try again later"
                    ) from None
                time.sleep(s.backoff * 2**attempt)
                continue
            if response.status_code in RETRY_STATUS and not last:
                time.sleep(self._wait(response, attempt))
                continue
            return self._result(response, content, shown, accept, conditional, url)
        raise AssertionError("unreachable")

    def _once(self, method, url, headers, **kwargs) -> tuple[httpx.Response, bytes]:
        limit, started = self.settings.max_bytes, time.monotonic()
        with self._client.stream(method, url, headers=headers, **kwargs) as response:
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit and response.status_code == 200:
                raise _TooBig(int(declared))
            chunks, size = [], 0
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise _TooBig(size)
                if time.monotonic() - started > self.settings.deadline:
                    raise _Deadline(f"no complete answer within {self.settings.deadline} s")
                chunks.append(chunk)
        return response, b"".join(chunks)

    def _wait(self, response: httpx.Response, attempt: int) -> float:
        s = self.settings
        wait = s.backoff * 2**attempt
        after = response.headers.get("retry-after", "").strip()
        if after.isdigit():
            wait = float(after)
        elif after:
            with contextlib.suppress(TypeError, ValueError):
                wait = parsedate_to_datetime(after).timestamp() - time.time()
        return max(0.0, min(wait, s.max_retry_wait))

    def _result(self, response, content, shown, accept, conditional, url) -> Fetched:
        status = response.status_code
        if status == 304 and conditional:
            return Fetched(str(response.url), 304, b"", "")
        if status != 200:
            raise FetchError(
                f"{shown}: HTTP {status} {response.reason_phrase}"
                + (" (after retries)" if status in RETRY_STATUS else "")
                + "; check the URL or try again later"
            )
        content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if accept and not any(fragment in content_type for fragment in accept):
            raise FetchError(
                f"{shown}: content type {content_type or '(none)'!r} is not one of "
                f"{', '.join(accept)}; is this the right URL?"
            )
        if conditional:
            self.validators.remember(url, response)
        return Fetched(redact(str(response.url)), 200, content, content_type)


class _Deadline(Exception):
    """The whole request took longer than the deadline."""


class _TooBig(FetchError):
    def __init__(self, size: int):
        super().__init__(
            f"body of {size}+ bytes is over the limit; raise "
            "RETURNWATCH_HTTP_MAX_BYTES if the source is really that large"
        )


def _describe(err: Exception) -> str:
    if isinstance(err, httpx.TimeoutException):
        return f"timed out ({type(err).__name__})"
    if isinstance(err, httpx.RemoteProtocolError):
        return f"broken or truncated response ({err})"
    return str(err) or type(err).__name__
