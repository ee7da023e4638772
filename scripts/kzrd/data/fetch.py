"""Online mode: fetch an upstream file to a temporary file, verify it, never clobber good data."""

from __future__ import annotations

import contextlib
import hashlib
import logging
import socket
import threading
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3 import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.util.retry import Retry

from kzrd.core.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchSettings:
    timeout_s: float = 30
    retries: int = 3
    max_bytes: int = 50 * 1024 * 1024
    allow_redirect_hosts: list[str] = field(default_factory=list)
    deadline_s: float = 300

    @classmethod
    def from_config(cls, online: dict) -> FetchSettings:
        """Settings from the config section ``online``."""
        return cls(
            timeout_s=float(online.get("timeout_s", 30)),
            retries=int(online.get("retries", 3)),
            max_bytes=int(online.get("max_bytes", 50 * 1024 * 1024)),
            allow_redirect_hosts=list(online.get("allow_redirect_hosts", [])),
            deadline_s=float(online.get("deadline_s", 300)),
        )


class _Deadline:
    """The total deadline of one download (connection, headers, body and retries together).

    ``timeout_s`` bounds each read only: a server that drips its reply, each piece in time, would
    hold a download for ever. When the deadline passes, every socket the download opened is shut
    down, which wakes a read blocked on it; :func:`fetch` then reports the deadline, not the
    broken connection.
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expired = threading.Event()
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._socks.append(sock)
            if self.expired.is_set():
                self._shutdown(sock)

    @staticmethod
    def _shutdown(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)

    def _expire(self) -> None:
        with self._lock:
            self.expired.set()
            for sock in self._socks:
                self._shutdown(sock)

    def __enter__(self) -> _Deadline:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()


class _Adapter(HTTPAdapter):
    """An adapter whose connections register their socket with the download's deadline."""

    def __init__(self, deadline: _Deadline, **kwargs) -> None:
        self._deadline = deadline  # before super().__init__, which builds the pool manager
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        deadline = self._deadline

        def watched(pool: type, conn: type) -> type:
            class Connection(conn):
                def connect(self) -> None:
                    super().connect()
                    deadline.watch(self.sock)

            return type(pool.__name__, (pool,), {"ConnectionCls": Connection})

        self.poolmanager.pool_classes_by_scheme = {
            "http": watched(HTTPConnectionPool, HTTPConnection),
            "https": watched(HTTPSConnectionPool, HTTPSConnection),
        }


def _session(settings: FetchSettings, deadline: _Deadline) -> requests.Session:
    retry = Retry(
        total=settings.retries,
        connect=settings.retries,
        read=settings.retries,
        status=settings.retries,
        backoff_factor=0.5,
        status_forcelist=(500, 502, 503, 504),
        allowed_methods=frozenset({"GET"}),
        raise_on_status=False,
        redirect=5,
    )
    s = requests.Session()
    s.mount("http://", _Adapter(deadline, max_retries=retry))
    s.mount("https://", _Adapter(deadline, max_retries=retry))
    return s


def _looks_like(expected_suffix: str, head: bytes) -> bool:
    """Content sniffing: an HTML error page served with status 200 is not a data file."""
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html", b"<head", b"<body")):
        return False
    magic = {
        ".pdf": (b"%PDF",),
        ".xlsx": (b"PK\x03\x04",),
        ".xls": (b"\xd0\xcf\x11\xe0",),
        ".shp": (b"\x00\x00\x27\x0a",),  # shapefile main file and index: file code 9994
        ".shx": (b"\x00\x00\x27\x0a",),
    }
    return head.startswith(magic[expected_suffix]) if expected_suffix in magic else True


def fetch(
    source_id: str,
    url: str,
    dest: Path,
    expected_sha256: str | None,
    suffix: str,
    settings: FetchSettings,
) -> str:
    """Download ``url`` into ``dest`` (a temporary path the caller owns); return its sha256.

    The whole download, retries included, must end within ``settings.deadline_s``.
    Raises :class:`InputError` with one line naming the source id and the URL on any failure.
    """
    where = f"source {source_id} ({url})"
    host = urlparse(url).hostname
    digest, size, head = hashlib.sha256(), 0, b""
    try:
        with (
            _Deadline(settings.deadline_s) as deadline,
            _session(settings, deadline) as s,
            s.get(
                url,
                timeout=(settings.timeout_s, settings.timeout_s),
                stream=True,
                allow_redirects=True,
            ) as r,
        ):
            # a connection made outside the adapter's pools (e.g. through a proxy) is watched too
            deadline.watch(getattr(getattr(r.raw, "connection", None), "sock", None))
            for hop in [*r.history, r]:
                h = urlparse(hop.url).hostname
                if h != host and h not in settings.allow_redirect_hosts:
                    raise InputError(
                        f"{where}: redirected to another host {h!r}, refused (online.allow_redirect_hosts)"
                    )
            if r.status_code != 200:
                raise InputError(f"{where}: HTTP {r.status_code}")
            with open(dest, "wb") as f:
                for chunk in r.iter_content(1 << 16):
                    size += len(chunk)
                    if size > settings.max_bytes:
                        raise InputError(
                            f"{where}: larger than online.max_bytes={settings.max_bytes}"
                        )
                    if len(head) < 512:
                        head += chunk[: 512 - len(head)]
                    digest.update(chunk)
                    f.write(chunk)
                    if deadline.expired.is_set():
                        break
            if deadline.expired.is_set():
                raise _Expired
            length = r.headers.get("Content-Length")
            if (
                length is not None
                and r.headers.get("Content-Encoding") is None
                and length.strip().isdigit()
                and int(length) != size
            ):
                raise InputError(f"{where}: truncated body ({size} of {length} bytes)")
    except (_Expired, requests.RequestException) as err:
        if isinstance(err, _Expired) or deadline.expired.is_set():
            raise InputError(
                f"{where}: not complete within online.deadline_s={settings.deadline_s:g} s "
                f"({size} bytes received); the server is too slow: try again later, "
                "use a faster mirror (online.urls) or raise online.deadline_s"
            ) from None
        raise InputError(f"{where}: {type(err).__name__}: {err}") from None
    if size == 0:
        raise InputError(f"{where}: the response body is empty; check the URL or try again later")
    if not _looks_like(suffix, head):
        raise InputError(
            f"{where}: the response is not a {suffix} file (an HTML page?); check the URL"
        )
    sha = digest.hexdigest()
    if expected_sha256 and sha != expected_sha256:
        raise InputError(
            f"{where}: sha256 {sha} does not match the pinned {expected_sha256}, refused; "
            "check the URL (a mirror must serve exactly the pinned file)"
        )
    log.info("%s: fetched %d bytes, sha256 %s", where, size, sha)
    return sha


class _Expired(Exception):
    """The download's deadline passed (internal: :func:`fetch` turns it into one InputError)."""
