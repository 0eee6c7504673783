"""The outbox: ``deliveries`` rows, queued once per digest day and recipient, claimed before send.

The transactional-outbox pattern: the message is written to the database first (with a stable
``Message-ID``), then a sender claims the row, sends it and marks it. A row is claimed in its own
short transaction so that two processes never send the same row:

- PostgreSQL: ``SELECT … FOR UPDATE SKIP LOCKED`` picks a due row nobody else holds, and the same
  transaction moves it to ``sending`` (concurrent senders skip it instead of waiting on it).
- SQLite (one writer at a time): one ``UPDATE … WHERE id = (SELECT the first due id) AND due
  … RETURNING id`` statement, so the read and the write are one step under SQLite's write lock
  (a SELECT first and an UPDATE after would hold a WAL read snapshot, and SQLite refuses, at
  once and without waiting, to upgrade a snapshot another process has written past).

A claim is a lease: ``next_attempt_at`` of a ``sending`` row is when the lease ends. A process that
died between claim and mark leaves the row to be claimed again after the lease (at-least-once at
that one boundary; the stable ``Message-ID`` lets a mail client recognise the copy).
No email code here: the caller sends (``digest.deliver``).
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import Delivery, utcnow

log = logging.getLogger(__name__)

STATUSES = ("pending", "sending", "sent", "failed", "given_up")
LEASE = timedelta(minutes=10)   # longer than any one SMTP conversation


@dataclass(frozen=True)
class Queued:
    """What :func:`enqueue` did for one recipient: ``created`` False when the row existed."""
    delivery_id: int
    recipient: str
    created: bool
    status: str


def enqueue(session: Session, *, day: date, recipient: str, subject: str, message: str,
            message_id: str, window_start: datetime, window_end: datetime, story_count: int,
            digest_id: int | None = None) -> Queued:
    """Queue one message unless (day, recipient) already has one; commits. Never raises on the
    duplicate: a second run for the same day returns the existing row with ``created=False``."""
    existing = session.scalar(select(Delivery).where(Delivery.day == day,
                                                     Delivery.recipient == recipient))
    if existing is not None:
        return Queued(existing.id, recipient, False, existing.status)
    row = Delivery(day=day, recipient=recipient, subject=subject, message=message,
                   message_id=message_id, window_start=window_start, window_end=window_end,
                   story_count=story_count, digest_id=digest_id, status="pending", attempts=0,
                   next_attempt_at=utcnow(), created_at=utcnow())
    session.add(row)
    try:
        session.commit()
    except IntegrityError:  # another process queued it between our look and our insert
        session.rollback()
        existing = session.scalar(select(Delivery).where(Delivery.day == day,
                                                         Delivery.recipient == recipient))
        return Queued(existing.id, recipient, False, existing.status)
    return Queued(row.id, recipient, True, "pending")


def queued_days(session: Session, recipients: list[str], day: date) -> dict[str, str]:
    """{recipient: status} of the rows already queued for `day`."""
    if not recipients:
        return {}
    return dict(session.execute(select(Delivery.recipient, Delivery.status)
                                .where(Delivery.day == day, Delivery.recipient.in_(recipients))
                                ).all())


def last_window_end(session: Session, recipients: list[str]) -> dict[str, datetime]:
    """{recipient: end of the window of their latest queued digest} (absent: never queued)."""
    if not recipients:
        return {}
    return dict(session.execute(
        select(Delivery.recipient, func.max(Delivery.window_end))
        .where(Delivery.recipient.in_(recipients)).group_by(Delivery.recipient)).all())


def _due(now: datetime):
    return (Delivery.status.in_(("pending", "failed", "sending"))
            & (Delivery.next_attempt_at <= now))


def claim_next(session: Session, now: datetime | None = None) -> Delivery | None:
    """Claim one due row (pending or failed whose time has come, or a sending row whose lease
    ran out) for this process; returns it detached-safe (``expire_on_commit`` off) or None."""
    now = now or utcnow()
    if session.get_bind().dialect.name == "postgresql":
        row = session.scalar(select(Delivery).where(_due(now)).order_by(Delivery.id)
                             .limit(1).with_for_update(skip_locked=True))
        if row is None:
            session.rollback()
            return None
        row.status, row.attempts, row.next_attempt_at = "sending", row.attempts + 1, now + LEASE
        session.commit()
        return row
    session.commit()  # no read snapshot may precede the write (WAL would refuse it at once)
    first_due = select(Delivery.id).where(_due(now)).order_by(Delivery.id).limit(1)
    claimed = session.execute(
        update(Delivery).where(Delivery.id == first_due.scalar_subquery(), _due(now))
        .values(status="sending", attempts=Delivery.attempts + 1, next_attempt_at=now + LEASE)
        .returning(Delivery.id).execution_options(synchronize_session=False)).scalar()
    session.commit()
    return None if claimed is None else session.get(Delivery, claimed, populate_existing=True)


def mark_sent(session: Session, delivery_id: int, now: datetime | None = None) -> None:
    session.execute(update(Delivery).where(Delivery.id == delivery_id)
                    .values(status="sent", sent_at=now or utcnow(), last_error=None))
    session.commit()


def mark_unsent(session: Session, delivery_id: int, error: str, retry_at: datetime,
                give_up_before: datetime, status: str = "failed") -> str:
    """Record a failed try: ``status`` again at `retry_at`, or ``given_up`` when the row was
    created before `give_up_before`. Returns the new status."""
    row = session.get(Delivery, delivery_id, populate_existing=True)
    row.last_error = error[:1000]
    row.status = "given_up" if row.created_at < give_up_before else status
    row.next_attempt_at = retry_at
    session.commit()
    return row.status


def list_deliveries(session: Session, status: str | None = None, limit: int = 200
                    ) -> list[Delivery]:
    query = select(Delivery).order_by(Delivery.id.desc()).limit(limit)
    if status:
        query = query.where(Delivery.status == status)
    return list(session.scalars(query))


def counts(session: Session) -> dict[str, int]:
    """{status: rows} over the whole outbox."""
    return dict(session.execute(select(Delivery.status, func.count())
                                .group_by(Delivery.status)).all())


def waiting(session: Session, now: datetime | None = None) -> list[Delivery]:
    """Rows that will be tried again: pending, failed, or claimed by a sender whose lease ran
    out (a row another process is sending right now is in flight, not waiting)."""
    now = now or utcnow()
    return list(session.scalars(select(Delivery).where(
        Delivery.status.in_(("pending", "failed"))
        | ((Delivery.status == "sending") & (Delivery.next_attempt_at <= now)))
        .order_by(Delivery.id)))


def in_flight(session: Session, now: datetime | None = None) -> int:
    """Rows claimed by a sender whose lease has not run out: being sent now, or held by a
    sender that died (they are claimed again when the lease ends)."""
    now = now or utcnow()
    return session.scalar(select(func.count()).select_from(Delivery).where(
        (Delivery.status == "sending") & (Delivery.next_attempt_at > now)))
