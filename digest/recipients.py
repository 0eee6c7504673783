"""Recipients are data: ``config/recipients.yaml`` loaded and validated into :class:`Recipient`.

The file holds an optional ``name`` (the monitor's name: the first words of every subject) and a
list ``recipients:``; each has ``email``, optional ``name``, ``topics`` (topic ids; omitted = all),
``timezone`` (IANA name; default ``NEWSMON_TIMEZONE`` or UTC) and ``empty_day`` (``note``: mail a
short "nothing new" digest, the default; ``skip``: mail nothing that day). A bad file raises
:class:`RecipientsError` with one line naming the entry, the key and the fix; an unknown topic id
lists the valid ones. PyYAML ``safe_load`` parses (no object construction from the file).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml

from storage.configfiles import yaml_problem

KEYS = {"email", "name", "topics", "timezone", "empty_day"}
EMPTY_DAY = ("note", "skip")
# One address, as mail servers accept it (RFC 5321 local@domain, no spaces or angle brackets).
EMAIL_RE = re.compile(r"^[^@\s<>(),;:\"]+@[^@\s<>(),;:\"]+\.[^@\s<>(),;:\"]+$")
DEFAULT_NAME = "newsmon"


class RecipientsError(ValueError):
    """The recipients file or an address cannot be used; the message names the fix."""


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str | None = None
    topics: tuple[str, ...] | None = None    # None: every topic
    timezone: str = "UTC"
    empty_day: str = "note"


@dataclass(frozen=True)
class Recipients:
    name: str                                # the monitor's name, for subjects and List-Id
    recipients: tuple[Recipient, ...]


def default_timezone() -> str:
    return os.environ.get("NEWSMON_TIMEZONE") or "UTC"


def monitor_name(value: str | None = None) -> str:
    return value or os.environ.get("NEWSMON_MONITOR_NAME") or DEFAULT_NAME


def check_email(value, where: str) -> str:
    if not isinstance(value, str) or not EMAIL_RE.match(value.strip()):
        raise RecipientsError(f"{where}: {value!r} is not an email address; write it as "
                              "reader@example.org")
    return value.strip()


def check_timezone(value, where: str) -> str:
    try:
        ZoneInfo(str(value))
    except (ZoneInfoNotFoundError, ValueError):
        raise RecipientsError(f"{where}: timezone {value!r} is unknown; use an IANA name such "
                              "as Europe/Madrid, America/New_York or UTC") from None
    return str(value)


def load_recipients(path: str | Path, topic_ids: list[str]) -> Recipients:
    """Read and validate `path` against the topic ids of the topics file in use."""
    p = Path(path)
    text = ""
    try:
        text = p.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except OSError as exc:
        raise RecipientsError(f"{p}: cannot read the recipients file ({exc.strerror}); pass an "
                              "existing file to --recipients or set NEWSMON_RECIPIENTS") from None
    except UnicodeDecodeError as exc:
        raise RecipientsError(f"{p}: not UTF-8 text (byte {exc.start}); save the recipients file "
                              "as UTF-8") from None
    except yaml.YAMLError as exc:   # the line to fix, as the outlets file says it
        raise RecipientsError(yaml_problem(p, text, exc)) from None
    return parse_recipients(data, topic_ids, source=str(p))


def parse_recipients(data, topic_ids: list[str], source: str = "recipients") -> Recipients:
    if not isinstance(data, dict) or not isinstance(data.get("recipients"), list):
        raise RecipientsError(f"{source}: expected a mapping with a 'recipients' list "
                              "(see config/recipients.yaml)")
    name = data.get("name")
    if name is not None and (not isinstance(name, str) or not name.strip()):
        raise RecipientsError(f"{source}: 'name' must be a line of text (the monitor's name)")
    out, seen = [], set()
    for i, item in enumerate(data["recipients"]):
        where = f"{source}: recipient #{i + 1}"
        if not isinstance(item, dict):
            raise RecipientsError(f"{where}: expected a mapping with at least 'email'")
        unknown = sorted(set(item) - KEYS)
        if unknown:
            raise RecipientsError(f"{where}: unknown key {unknown[0]!r}; allowed: "
                                  f"{', '.join(sorted(KEYS))}")
        email = check_email(item.get("email"), where)
        where = f"{source}: recipient {email}"
        if email.lower() in seen:
            raise RecipientsError(f"{where}: listed twice; keep one entry per address")
        seen.add(email.lower())
        topics = item.get("topics")
        if topics is not None:
            if isinstance(topics, str):
                topics = [topics]
            if not isinstance(topics, list) or not topics:
                raise RecipientsError(f"{where}: 'topics' must be a list of topic ids (or "
                                      "omitted for all topics)")
            for t in topics:
                if str(t) not in topic_ids:
                    raise RecipientsError(f"{where}: unknown topic id {t!r}; valid ids: "
                                          f"{', '.join(topic_ids)}")
            topics = tuple(dict.fromkeys(str(t) for t in topics))
        empty_day = item.get("empty_day", "note")
        if empty_day not in EMPTY_DAY:
            raise RecipientsError(f"{where}: empty_day {empty_day!r}: use 'note' or 'skip'")
        display = item.get("name")
        if display is not None and not isinstance(display, str):
            raise RecipientsError(f"{where}: 'name' must be text")
        out.append(Recipient(email, display, topics,
                             check_timezone(item.get("timezone") or default_timezone(), where),
                             empty_day))
    return Recipients(monitor_name(name), tuple(out))


def ad_hoc(addresses: list[str], timezone: str | None = None) -> list[Recipient]:
    """Recipients given with ``--to``: every topic, `timezone` (default: NEWSMON_TIMEZONE or
    UTC), a note on empty days."""
    tz = check_timezone(timezone or default_timezone(), "--tz")
    return [Recipient(check_email(a, "--to"), timezone=tz) for a in addresses]
