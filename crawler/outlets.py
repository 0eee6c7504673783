"""Outlets are data: `config/outlets.yaml` loaded and validated into :class:`Outlet` values.

The file holds a list ``outlets:``; each entry has ``id``, ``name``, ``language`` and any of
``feeds``, ``sitemaps``, ``sections`` (lists of URLs), optional ``home`` and ``article_pattern``
(a regex on the URL path that tells articles from listings), and optional politeness overrides.
A bad file raises :class:`OutletConfigError` with a one-line message naming the outlet and key.
PyYAML parses (safe loading, with libyaml when present: no object construction from untrusted
files).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from storage.configfiles import yaml_problem

REPO_CONFIG = Path(__file__).resolve().parents[1] / "config"

# Keys an outlet may carry beyond the contract's; per-outlet Scrapy overrides included.
URL_LIST_KEYS = ("feeds", "sitemaps", "sections")
OPTIONAL_KEYS = {"home", "article_pattern", "exclude_pattern", "max_age_days", "download_delay",
                 "concurrency", "timeout", "max_size_mb", "enabled", "notes", "confidence"}
ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$")


class OutletConfigError(ValueError):
    """The outlets file cannot be used; the message names the outlet, the key and the fix."""


@dataclass(frozen=True)
class Outlet:
    id: str
    name: str
    language: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    sections: tuple[str, ...] = ()
    home: str | None = None
    article_pattern: str | None = None
    exclude_pattern: str | None = None
    max_age_days: float | None = None
    download_delay: float | None = None
    concurrency: int | None = None
    timeout: float | None = None
    max_size_mb: float | None = None
    enabled: bool = True
    extra: dict = field(default_factory=dict, compare=False, hash=False)

    def request_meta(self) -> dict:
        """Per-outlet overrides of Scrapy's timeout and body-size limit, as request meta."""
        meta = {}
        if self.timeout:
            meta["download_timeout"] = self.timeout
        if self.max_size_mb:
            meta["download_maxsize"] = int(self.max_size_mb * 1024 * 1024)
        return meta

    def is_article_path(self, url: str) -> bool:
        """True when the URL's path looks like an article of this outlet (no pattern: any)."""
        path = urlsplit(url).path or "/"
        if self.exclude_pattern and re.search(self.exclude_pattern, path):
            return False
        return not self.article_pattern or re.search(self.article_pattern, path) is not None


def default_outlets_path() -> Path:
    """$NEWSMON_OUTLETS, else ./config/outlets.yaml, else the repository's config/outlets.yaml."""
    env = os.environ.get("NEWSMON_OUTLETS")
    if env:
        return Path(env)
    local = Path("config/outlets.yaml")
    return local if local.exists() else REPO_CONFIG / "outlets.yaml"


def load_outlets(path: str | Path | None = None) -> list[Outlet]:
    path = Path(path) if path else default_outlets_path()
    text = ""
    try:
        text = path.read_text(encoding="utf-8")
        # Safe loading either way; libyaml's parser, when PyYAML has it, is several times faster.
        raw = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except FileNotFoundError:
        raise OutletConfigError(f"{path}: no such file; pass --outlets FILE or create "
                                "config/outlets.yaml") from None
    except OSError as exc:   # a folder, no permission
        raise OutletConfigError(f"{path}: cannot read the outlets file ({exc.strerror}); pass "
                                "--outlets FILE") from None
    except UnicodeDecodeError as exc:
        raise OutletConfigError(f"{path}: not UTF-8 text (byte {exc.start}); save the outlets "
                                "file as UTF-8") from None
    except yaml.YAMLError as exc:
        raise OutletConfigError(yaml_problem(path, text, exc)) from None
    return parse_outlets(raw, source=str(path))


def parse_outlets(raw, source: str = "outlets") -> list[Outlet]:
    if not isinstance(raw, dict) or not isinstance(raw.get("outlets"), list):
        raise OutletConfigError(f"{source}: expected a top-level list 'outlets:'")
    outlets, seen = [], set()
    for i, entry in enumerate(raw["outlets"]):
        outlet = _parse_outlet(entry, f"{source}: outlet #{i + 1}")
        if outlet.id in seen:
            raise OutletConfigError(f"{source}: outlet '{outlet.id}': id is used twice; ids must be "
                                    "unique")
        seen.add(outlet.id)
        outlets.append(outlet)
    return outlets


def _parse_outlet(entry, where: str) -> Outlet:
    if not isinstance(entry, dict):
        raise OutletConfigError(f"{where}: expected a mapping with id, name, language")
    oid = entry.get("id")
    if isinstance(oid, int) and not isinstance(oid, bool):
        oid = str(oid)   # "id: 123": digits are an id, YAML read them as a number
    if isinstance(oid, bool):   # YAML 1.1 reads no/yes/on/off as booleans
        raise OutletConfigError(f"{where}: key 'id' was read by YAML as {oid!r}: put the value "
                                f"in quotes (id: \"off\")")
    if not isinstance(oid, str) or not ID_RE.match(oid):
        raise OutletConfigError(f"{where}: key 'id' must be letters, digits, '_', '-' or '.' "
                                f"(got {oid!r})")
    where = where.split(":")[0] + f": outlet '{oid}'"

    def bad(key: str, why: str) -> OutletConfigError:
        return OutletConfigError(f"{where}: key '{key}' {why}")

    unknown = set(entry) - {"id", "name", "language", *URL_LIST_KEYS} - OPTIONAL_KEYS
    if unknown:
        raise bad(sorted(unknown)[0], "is unknown; allowed: id, name, language, feeds, sitemaps, "
                  "sections, " + ", ".join(sorted(OPTIONAL_KEYS)))
    for key in ("name", "language"):
        if isinstance(entry.get(key), bool):   # YAML 1.1 reads no/yes/on/off as booleans
            raise bad(key, f"was read by YAML as {entry[key]!r}: put the value in quotes "
                           f"({key}: \"no\")")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise bad("name", "is missing; give the outlet a readable name")
    language = entry.get("language")
    if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2}(-[A-Za-z]{2})?", language):
        raise bad("language", f"must be a language code such as en or es (got {language!r})")
    lists = {}
    for key in URL_LIST_KEYS:
        value = entry.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list):
            raise bad(key, "must be a list of URLs")
        for url in value:
            if not _is_http_url(url):
                raise bad(key, f"has {url!r}, which is not an http(s) URL")
        lists[key] = tuple(value)
    home = entry.get("home")
    if home is not None and not _is_http_url(home):
        raise bad("home", f"has {home!r}, which is not an http(s) URL")
    if not any(lists.values()) and not home:
        raise bad("feeds", "is empty and so are sitemaps and sections; give at least one")
    for key in ("article_pattern", "exclude_pattern"):
        pattern = entry.get(key)
        if pattern is not None:
            try:
                re.compile(pattern)
            except (re.error, TypeError) as exc:
                raise bad(key, f"is not a valid regular expression ({exc})") from None
    numbers = {}
    for key, kind in (("max_age_days", float), ("download_delay", float), ("concurrency", int),
                      ("timeout", float), ("max_size_mb", float)):
        value = entry.get(key)
        if value is not None:
            if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
                raise bad(key, f"must be a non-negative number (got {value!r})")
            if key == "concurrency" and value < 1:   # 0 requests at a time: the crawl waited for ever
                raise bad(key, f"must be 1 or more (got {value!r})")
            numbers[key] = kind(value)
    enabled = entry.get("enabled", True)
    if not isinstance(enabled, bool):
        raise bad("enabled", "must be true or false")
    return Outlet(id=oid, name=name.strip(), language=language, home=home,
                  article_pattern=entry.get("article_pattern"),
                  exclude_pattern=entry.get("exclude_pattern"), enabled=enabled,
                  extra={k: entry[k] for k in ("notes", "confidence") if k in entry},
                  **lists, **numbers)


def _is_http_url(url) -> bool:
    if not isinstance(url, str):
        return False
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.netloc)
