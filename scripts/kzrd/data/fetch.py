"""Online mode: fetch an upstream file to a temporary file, verify it, never clobber good data."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import requests
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from kzrd.core.errors import InputError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchSettings:
    timeout_s: float = 30
    retries: int = 3
    max_bytes: int = 50 * 1024 * 1024
    allow_redirect_hosts: list[str] = field(default_factory=list)

    @classmethod
    def from_config(cls, online: dict) -> FetchSettings:
        """Settings from the config section ``online``."""
        return cls(
            timeout_s=float(online.get("timeout_s", 30)),
            retries=int(online.get("retries", 3)),
            max_bytes=int(online.get("max_bytes", 50 * 1024 * 1024)),
            allow_redirect_hosts=list(online.get("allow_redirect_hosts", [])),
        )


def _session(settings: FetchSettings) -> requests.Session:
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
    s.mount("http://", HTTPAdapter(max_retries=retry))
    s.mount("https://", HTTPAdapter(max_retries=retry))
    return s


def _looks_like(expected_suffix: str, head: bytes) -> bool:
    """Content sniffing: an HTML error page served with status 200 is not a data file."""
    stripped = head.lstrip().lower()
    if stripped.startswith((b"<!doctype html", b"<html")):
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

    Raises :class:`InputError` with one line naming the source id and the URL on any failure.
    """
    where = f"source {source_id} ({url})"
    host = urlparse(url).hostname
    try:
        with (
            _session(settings) as s,
            s.get(
                url,
                timeout=(settings.timeout_s, settings.timeout_s),
                stream=True,
                allow_redirects=True,
            ) as r,
        ):
            for hop in [*r.history, r]:
                h = urlparse(hop.url).hostname
                if h != host and h not in settings.allow_redirect_hosts:
                    raise InputError(
                        f"{where}: redirected to another host {h!r}, refused (online.allow_redirect_hosts)"
                    )
            if r.status_code != 200:
                raise InputError(f"{where}: HTTP {r.status_code}")
            digest, size, head = hashlib.sha256(), 0, b""
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
            length = r.headers.get("Content-Length")
            if (
                length is not None
                and r.headers.get("Content-Encoding") is None
                and int(length) != size
            ):
                raise InputError(f"{where}: truncated body ({size} of {length} bytes)")
    except requests.RequestException as err:
        raise InputError(f"{where}: {type(err).__name__}: {err}") from None
    if not _looks_like(suffix, head):
        raise InputError(f"{where}: the response is not a {suffix} file (an HTML page?)")
    sha = digest.hexdigest()
    if expected_sha256 and sha != expected_sha256:
        raise InputError(f"{where}: sha256 {sha} does not match the pinned {expected_sha256}")
    log.info("%s: fetched %d bytes, sha256 %s", where, size, sha)
    return sha
