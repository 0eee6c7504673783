"""`newsmon digest`: build and archive the digest, queue it per recipient, send what is due."""
from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import click

from newsmon.cli.base import fail
from newsmon.cli.options import (DAY, db_option, digest_dir_option, recipients_option,
                                 topics_option, tz_option)
from newsmon.cli.output import open_db


def load_topics_or_fail(path):
    from topics.topicfile import load_topics

    try:
        return load_topics(path)
    except (OSError, ValueError) as exc:
        fail(f"cannot use the topics file: {exc}")


def recipients_or_fail(to, recipients_file, topics, tz: str | None = None):
    """(monitor name, [Recipient]) from --to (in time zone `tz`) and --recipients; one line
    naming the fix."""
    from digest.recipients import RecipientsError, ad_hoc, load_recipients, monitor_name

    try:
        listed = load_recipients(recipients_file, topics.ids) if recipients_file else None
        chosen = {r.email.lower(): r for r in ad_hoc(list(to), tz)}
        if listed:
            chosen.update({r.email.lower(): r for r in listed.recipients})
    except RecipientsError as exc:
        fail(str(exc))
    return (listed.name if listed else monitor_name()), list(chosen.values())


def mail_config_or_fail(need_server: bool):
    """(SmtpServer or None, sender) from NEWSMON_SMTP_URL and NEWSMON_MAIL_FROM."""
    from digest.mail import MailConfigError, sender, smtp_from_url

    try:
        server = smtp_from_url(os.environ.get("NEWSMON_SMTP_URL")) if need_server else None
        return server, sender()
    except MailConfigError as exc:
        fail(str(exc))


def out_dir_or_fail(out_dir: str, option: str = "--out") -> Path:
    path = Path(out_dir)
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".newsmon-write-test"
        probe.write_text("")
        probe.unlink()
    except OSError as exc:
        fail(f"{option} {out_dir}: cannot write there ({exc.strerror or exc}); "
             "give a folder you can create and write")
    return path


def deliver_or_fail(sessions, server, mail_from):
    from digest.deliver import deliver_due
    from digest.mail import MailConfigError

    try:
        return deliver_due(sessions, server, mail_from)
    except (MailConfigError, ValueError) as exc:
        fail(str(exc))


@click.command()
@click.option("--date", "day", type=DAY, default=None,
              help="Calendar day (YYYY-MM-DD) in each recipient's time zone (--tz for --to "
                   "and the archive); default: since each recipient's previous digest (first "
                   "time: the last 24 hours).")
@digest_dir_option("--out")
@click.option("--to", "to", multiple=True, metavar="ADDR",
              help="Mail the digest (all topics) to this address (repeatable).")
@recipients_option("Recipients YAML (see config/recipients.yaml).")
@click.option("--dry-run", is_flag=True, help="Print each message instead of queueing or "
              "sending it; nothing is written.")
@tz_option
@topics_option
@db_option
def digest(day, digest_dir, to, recipients_file, dry_run, tz, topics_file, db_url):
    """Write the digest and mail it: top stories, then one section per topic, each story once.
    The archive goes to --out; each recipient gets one message per day through the outbox
    (`newsmon deliveries`). A mail server that is down leaves them pending: `newsmon deliver`.

    Example: newsmon digest --to reader@example.org --out digests/
    """
    from digest.run import TopicsMismatch, run_digest

    if day is not None and day.date() > datetime.now(ZoneInfo(tz)).date():
        fail(f"--date {day:%Y-%m-%d} is in the future; give a day up to today (YYYY-MM-DD)")
    topics = load_topics_or_fail(topics_file)
    name, recipients = recipients_or_fail(to, recipients_file, topics, tz)
    server, mail_from = mail_config_or_fail(bool(recipients) and not dry_run)
    sessions = open_db(db_url)   # first: a bad --db leaves no folder behind
    if not dry_run:
        out_dir_or_fail(digest_dir)
    try:
        result = run_digest(sessions, topics, recipients, name=name, out_dir=digest_dir, tz=tz,
                            mail_from=mail_from, day=day.date() if day else None, dry_run=dry_run)
    except TopicsMismatch as exc:
        fail(str(exc))
    except OSError as exc:   # the archive: a full disk or a folder made read-only since
        fail(f"cannot write the digest to {digest_dir} ({exc.strerror or exc}): free space there "
             "or pass --out; nothing was queued")
    edition = result.edition
    click.echo(edition.subject)
    click.echo(f"  top stories: {len(edition.top)}")
    for section in edition.sections:
        if section.entries:
            n = len(section.entries) + section.more
            click.echo(f"  {section.label}: {n} stor{'y' if n == 1 else 'ies'}")
    tagged = edition.article_count - edition.untagged_count
    if edition.story_count == 0 and tagged:
        # the day's tags are of topics this file lacks (others of it are stored): say which file
        click.echo(f"  note: {tagged} article(s) of the day carry tags of topics that "
                   f"{topics.path} does not have; pass the topics file they were tagged with "
                   f"(--topics FILE)")
    if result.unknown_topics:   # renamed or removed from the file since those were tagged
        shown = ", ".join(result.unknown_topics[:5]) + (" …" if len(result.unknown_topics) > 5 else "")
        click.echo(f"  note: stored articles carry tags of topics {topics.path} does not have "
                   f"({shown}); they are left out until retagged: newsmon retag --all "
                   f"--topics {topics.path}")
    if dry_run:
        if not recipients:
            click.echo("no recipients: pass --to ADDR or --recipients FILE to see each message")
        for msg in result.messages:
            click.echo("\n" + _preview(msg))
        return
    click.echo(f"archive: {result.html_path}\n         {result.text_path}")
    if not recipients:
        click.echo("no recipients: pass --to ADDR or --recipients FILE to mail it")
        return
    for email in result.queued:
        click.echo(f"{email}: queued")
    for email, status in result.already:
        click.echo(f"{email}: already queued for this day ({status}), nothing new")
    for email in result.skipped:
        click.echo(f"{email}: nothing new on their topics, skipped (empty_day: skip)")
    click.echo(deliver_or_fail(sessions, server, mail_from).line())


def _preview(msg) -> str:
    """Headers and the plain-text part of a message (the HTML part only by size)."""
    head = "\n".join(f"{k}: {v}" for k, v in msg.items())
    text = msg.get_body(("plain",)).get_content()
    html = msg.get_body(("html",)).get_content()
    return f"{head}\n\n{text}\n[text/html part: {len(html.encode()):,} bytes]"
