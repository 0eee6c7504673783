"""`newsmon deliver` and `newsmon deliveries`: send what the outbox holds, and list it."""
from __future__ import annotations

import json
import os

import click

from newsmon.cli.digest import deliver_or_fail, mail_config_or_fail
from newsmon.cli.options import db_option, format_option
from newsmon.cli.output import open_db, table
from storage.outbox import STATUSES, in_flight, waiting


@click.command()
@db_option
def deliver(db_url):
    """Send every queued digest whose time has come; print sent / pending / failed.

    A mail server that is down is a retry, not an error (exit 0); the exit is non-zero only when
    the mail settings ($NEWSMON_SMTP_URL, $NEWSMON_MAIL_FROM) or the database cannot be used.

    Example: NEWSMON_SMTP_URL=smtp://127.0.0.1:2525 newsmon deliver
    """
    sessions = open_db(db_url)
    if not os.environ.get("NEWSMON_SMTP_URL"):
        with sessions() as session:
            idle = not waiting(session) and not in_flight(session)
        if idle:   # no mail server needed to say so (a trial: exit 1 "no mail server")
            click.echo("nothing to send: the outbox has no pending message")
            return
    server, mail_from = mail_config_or_fail(True)
    click.echo(deliver_or_fail(sessions, server, mail_from).line())


@click.command()
@click.option("--status", type=click.Choice(STATUSES), default=None,
              help="Only rows with this status.")
@click.option("--limit", type=click.IntRange(min=1), default=200, show_default=True)
@format_option("table", "json")
@db_option
def deliveries(status, limit, fmt, db_url):
    """List the outbox: one row per digest day and recipient, newest first, with its status,
    attempts, next try or time sent, and the last error.

    Example: newsmon deliveries --status pending --format json
    """
    from storage.outbox import list_deliveries

    sessions = open_db(db_url)
    with sessions() as session:
        rows = [_row(d) for d in list_deliveries(session, status, limit)]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(table([(r["id"], r["day"], r["recipient"], r["status"], r["attempts"],
                       r["sent_at"] or r["next_attempt_at"], r["stories"],
                       (r["last_error"] or "")[:60]) for r in rows],
                     ("id", "day", "recipient", "status", "attempts", "sent / next try",
                      "stories", "last error")))


def _row(d) -> dict:
    when = lambda t: t.isoformat(timespec="seconds") if t else None  # noqa: E731
    waiting = d.status in ("pending", "failed", "sending")
    return {"id": d.id, "day": d.day.isoformat(), "recipient": d.recipient, "status": d.status,
            "attempts": d.attempts, "subject": d.subject, "stories": d.story_count,
            "message_id": d.message_id, "created_at": when(d.created_at),
            "next_attempt_at": when(d.next_attempt_at) if waiting else None,
            "sent_at": when(d.sent_at), "last_error": d.last_error}
