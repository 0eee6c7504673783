"""One digest run, as `newsmon digest` and the service's daily job do it: build and archive the
edition, queue one message per recipient in the outbox, send what is due.

Window per recipient, on stored time: the articles first stored since the end of the window of
that recipient's previous digest (the first time: the last 24 hours; never more than
``MAX_WINDOW``), up to now; with an explicit day, that calendar day in the recipient's time zone.
A recipient gets at most one digest per day (the outbox's unique (day, recipient)): running again
for the same day queues nothing new and says so. Each distinct window is read from the database
once, however many recipients share it.
"""
from __future__ import annotations

import itertools
import logging
import os
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from digest.build import Digest, build_digest, trend_window, with_leads
from digest.mail import build_message, list_id, message_id
from digest.recipients import Recipient
from digest.render import render_digest
from storage import digests as store
from storage import outbox
from storage.models import utcnow
from storage.retag import foreign_tags, tagged_topic_ids
from storage.settings import env_number
from storage.storyreads import story_articles

log = logging.getLogger(__name__)

FIRST_WINDOW = timedelta(hours=24)
MAX_WINDOW = timedelta(days=7)


def top_stories() -> int:
    """Stories at the top of the digest ($NEWSMON_DIGEST_TOP_STORIES, default 5; SettingError)."""
    return env_number("NEWSMON_DIGEST_TOP_STORIES", 5, minimum=0, integer=True)


def per_topic() -> int:
    """Stories per topic section ($NEWSMON_DIGEST_PER_TOPIC, default 5; SettingError)."""
    return env_number("NEWSMON_DIGEST_PER_TOPIC", 5, minimum=1, integer=True)


class TopicsMismatch(ValueError):
    """The stored tags are of another topics file than the one given (``storage.retag.
    foreign_tags``): a digest with it would mail readers empty sections."""


@dataclass
class RunResult:
    edition: Digest
    html_path: Path | None
    text_path: Path | None
    queued: list[str] = field(default_factory=list)               # recipients queued now
    already: list[tuple[str, str]] = field(default_factory=list)  # (recipient, status)
    skipped: list[str] = field(default_factory=list)              # empty day, 'skip'
    messages: list = field(default_factory=list)                  # EmailMessage (dry run)
    #: topic ids that stored tags carry and the topics file lacks (renamed or removed since):
    #: their articles are missing from this digest until they are retagged
    unknown_topics: list[str] = field(default_factory=list)


class Editions:
    """Digests built from the database, one query set per distinct (start, end) window."""

    def __init__(self, session, topics, name: str, now: datetime):
        self.session, self.name, self.now = session, name, now
        self.topics = [(t.id, t.label) for t in topics.topics]
        self._rows_cache: dict = {}
        self._cache: dict = {}

    def _rows(self, start: datetime, end: datetime):
        key = (start, end)
        if key not in self._rows_cache:
            rows = store.window_articles(self.session, start, end)
            self._rows_cache[key] = (
                rows, story_articles(self.session, {r.story_id for r in rows}),
                store.topic_story_counts(self.session, *trend_window(start)))
        return self._rows_cache[key]

    def build(self, day: date, start: datetime, end: datetime, tz: str,
              only_topics=None) -> Digest:
        """The digest of one window for one set of topics (the same digest object for the same
        arguments: the archive's edition and a reader of every topic share it)."""
        key = (day, start, end, tz, tuple(sorted(only_topics)) if only_topics else None)
        if key not in self._cache:
            self._cache[key] = self._build(day, start, end, tz, only_topics)
        return self._cache[key]

    def _build(self, day, start, end, tz, only_topics) -> Digest:
        articles, stories, previous = self._rows(start, end)
        digest = build_digest(articles, stories, self.topics, name=self.name, day=day,
                              start=start, end=end, tz=tz, previous_counts=previous,
                              only_topics=set(only_topics) if only_topics else None,
                              top=top_stories(), per_topic=per_topic())
        ids = [e.article_id for e in digest.entries]
        return with_leads(digest, store.article_texts(self.session, ids),
                          store.article_evidence(self.session, ids))


def window(day: date | None, tz: str, now: datetime, previous_end: datetime | None = None
           ) -> tuple[date, datetime, datetime]:
    """(label day, start, end): the calendar `day` in `tz` (ending now at the latest), or the
    time since `previous_end` (first time: 24 hours; at most MAX_WINDOW) up to `now`."""
    zone = ZoneInfo(tz)
    if day is not None:
        start = datetime.combine(day, time(0), tzinfo=zone)
        return day, start, min(start + timedelta(days=1), now)
    start = previous_end or now - FIRST_WINDOW
    return now.astimezone(zone).date(), max(start, now - MAX_WINDOW), now


def run_digest(sessions, topics, recipients: list[Recipient], *, name: str, out_dir: str | Path,
               tz: str, mail_from: str, day: date | None = None, now: datetime | None = None,
               dry_run: bool = False) -> RunResult:
    """Archive the edition (all topics) in `out_dir`, then queue each recipient's digest.
    `dry_run`: nothing is written; the messages are returned in ``RunResult.messages``.
    Raises TopicsMismatch, before anything is written, when the stored tags are all of
    topics that `topics` does not have."""
    now = now or utcnow()
    with sessions() as session:
        foreign = foreign_tags(session, topics.ids)
        if foreign:
            shown = ", ".join(foreign[:5]) + (f" and {len(foreign) - 5} more" if len(foreign) > 5 else "")
            raise TopicsMismatch(
                f"{topics.path} has none of the topics the stored articles are tagged with "
                f"({shown}): pass --topics with the file they were tagged with (or set "
                f"NEWSMON_TOPICS_FILE); for new topics, run `newsmon retag --all --force --topics FILE` first")
        unknown = sorted(tagged_topic_ids(session) - set(topics.ids))
        editions = Editions(session, topics, name, now)
        label, start, end = window(day, tz, now)
        edition = editions.build(label, start, end, tz)
        result = RunResult(edition, None, None, unknown_topics=unknown)
        rendered = {id(edition): render_digest(edition)}  # a reader of all topics shares it
        if not dry_run:
            html, text = rendered[id(edition)]
            result.html_path, result.text_path = archive(edition, html, text, out_dir)
            row = store.save_digest(session, day=label, subject=edition.subject,
                                    article_count=edition.article_count,
                                    story_count=edition.story_count, html=html, text=text,
                                    html_path=str(result.html_path),
                                    text_path=str(result.text_path))
            digest_id = row.id
        else:
            digest_id = None
        emails = [r.email for r in recipients]
        previous = outbox.last_window_end(session, emails)
        for r in recipients:
            r_day, r_start, r_end = window(day, r.timezone, now, previous.get(r.email))
            done = outbox.queued_days(session, [r.email], r_day)
            if done:
                result.already.append((r.email, done[r.email]))
                continue
            mine = editions.build(r_day, r_start, r_end, r.timezone, r.topics)
            if not mine.story_count and r.empty_day == "skip":
                result.skipped.append(r.email)
                continue
            if id(mine) not in rendered:
                rendered[id(mine)] = render_digest(mine)
            html, text = rendered[id(mine)]
            msg_id = message_id(r_day, r.email, mail_from)
            msg = build_message(subject=mine.subject, html=html, text=text, mail_from=mail_from,
                                to=r.email, to_name=r.name, msg_id=msg_id, date=now,
                                list_id=list_id(name, mail_from))
            if dry_run:
                result.messages.append(msg)
                continue
            queued = outbox.enqueue(session, day=r_day, recipient=r.email, subject=mine.subject,
                                    message=msg.as_string(), message_id=msg_id,
                                    window_start=r_start, window_end=r_end,
                                    story_count=mine.story_count, digest_id=digest_id)
            if queued.created:
                result.queued.append(r.email)
            else:
                result.already.append((r.email, queued.status))
    return result


def archive(digest: Digest, html: str, text: str, out_dir: str | Path) -> tuple[Path, Path]:
    """Write the edition as digest-YYYY-MM-DD.html and .txt in `out_dir` (created). A later
    edition of the same day with other content is written beside it, as digest-YYYY-MM-DD-2.html
    and so on, so that each edition the database records (``digests.html_path``) keeps its own
    file; an edition the same as one written already reuses that one. Returns the two paths;
    raises OSError."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    for n in itertools.count(1):
        stem = f"digest-{digest.day.isoformat()}" + (f"-{n}" if n > 1 else "")
        html_path, text_path = out / f"{stem}.html", out / f"{stem}.txt"
        if not html_path.exists() and not text_path.exists():
            break
        if _holds(html_path, html) and _holds(text_path, text):
            return html_path.resolve(), text_path.resolve()
    _write_both({html_path: html, text_path: text})
    return html_path.resolve(), text_path.resolve()


def _write_both(files: dict[Path, str]) -> None:
    """Write every file or none: each goes to a temporary name beside it first and is renamed
    once all are complete, so a full disk leaves no truncated edition behind (an operator's
    trial left half an HTML file that a later run would then not overwrite). Raises OSError."""
    temps: dict[Path, Path] = {}
    try:
        for path, content in files.items():
            temps[path] = path.with_name(f".{path.name}.{os.getpid()}.tmp")   # one per writer
            temps[path].write_text(content, encoding="utf-8")
        for path, temp in temps.items():
            os.replace(temp, path)
    except OSError:
        for path, temp in temps.items():
            temp.unlink(missing_ok=True)
        raise


#: The window's line ("· stored 3 Dec 05:13 – 4 Dec 05:13 (UTC)"): today's window ends now, so
#: two runs a minute apart with nothing new differ in it alone, and are one edition.
_WINDOW = re.compile(r"· stored [^\n<]*? – [^\n<]*? \(")


def _holds(path: Path, content: str) -> bool:
    """Whether the file at `path` is the edition `content`, but for the window's end."""
    try:
        kept = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return kept == content or _WINDOW.sub("", kept) == _WINDOW.sub("", content)
