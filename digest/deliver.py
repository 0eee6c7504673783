"""Sending what the outbox holds: claim a due row, hand it to the SMTP server, mark it.

Rows are claimed one at a time through ``storage.outbox.claim_next`` (so two senders, the service
and a manual ``newsmon deliver``, or two hosts on PostgreSQL, never send one row), then sent
outside any transaction (a slow server holds no database lock).

Two kinds of failure, told apart because they mean different things to the reader's mail:

- the server cannot be reached (refused, unreachable, timed out): nothing was handed over. The row
  goes back to ``pending`` and stays due; the service's deliver job, every few minutes, is the
  pace of retries. This is what `newsmon digest` reports as ``pending: N (reason)``.
- the server took the connection but did not take this message for now (4xx, 552, dropped
  mid-message): the row is ``failed`` and tried again after an exponential backoff,
  1 min × 2^(attempts − 1), at most 6 h.
- the server refused the recipient or the message for good (a 5xx reply but 552: RFC 5321
  §4.2.1, "the same request … should not be repeated"; an unknown mailbox is 550): the row is
  ``given_up`` at once with the server's reply, as mail servers bounce. A 5xx to the sender
  (``MAIL FROM``) is a setting, the same for every row: MailConfigError, the row stays pending.

A row first queued more than ``NEWSMON_DELIVERY_GIVE_UP_DAYS`` days ago (default 3) and still not
sent is ``given_up``: shown by `newsmon deliveries`, never tried again.
"""
from __future__ import annotations

import logging
import smtplib
from dataclasses import dataclass
from datetime import datetime, timedelta

from digest.mail import MailConfigError, ServerUnavailable, SmtpServer, connect, send
from storage import outbox
from storage.models import utcnow
from storage.settings import env_number

log = logging.getLogger(__name__)

BACKOFF_BASE = timedelta(minutes=1)
BACKOFF_MAX = timedelta(hours=6)


def give_up_days() -> float:
    """Days after which an undeliverable row is given up ($NEWSMON_DELIVERY_GIVE_UP_DAYS,
    default 3; SettingError)."""
    return env_number("NEWSMON_DELIVERY_GIVE_UP_DAYS", 3, minimum=0)


@dataclass
class DeliveryReport:
    sent: int = 0
    failed: int = 0            # tries that failed this time (the rows wait for their backoff)
    given_up: int = 0
    pending: int = 0           # rows still waiting after this run (pending or failed)
    in_flight: int = 0         # rows another sender holds (or held when it died: its lease)
    reason: str | None = None  # why the last row was not sent

    def line(self) -> str:
        out = f"sent: {self.sent}, pending: {self.pending}"
        if self.pending and self.reason:
            out += f" ({self.reason})"
        if self.in_flight:   # a sender that was killed holds them until its lease runs out
            minutes = int(outbox.LEASE.total_seconds() // 60)
            out += (f", in flight: {self.in_flight} (held by another sender, or one that "
                    f"stopped: tried again within {minutes} min)")
        if self.failed:   # among the pending: refused this time, tried again after a pause
            out += f", of which refused this time: {self.failed}"
        if self.given_up:
            out += f", given up: {self.given_up}"
        return out


def backoff(attempts: int) -> timedelta:
    """Pause before try number ``attempts + 1``: 1, 2, 4, … minutes, at most 6 hours."""
    return min(BACKOFF_BASE * 2 ** max(0, attempts - 1), BACKOFF_MAX)


def deliver_due(sessions, server: SmtpServer, mail_from: str, now: datetime | None = None,
                give_up_after_days: float | None = None, limit: int = 10_000) -> DeliveryReport:
    """Send every due outbox row over one SMTP connection; never raises for a server that is
    down or refuses a message (that is counted in the report). Raises MailConfigError when the
    server refuses the login or cannot do what NEWSMON_SMTP_URL asks (STARTTLS, a login, TLS
    on a plain port): a setting to fix, not a server to wait for."""
    days = give_up_days() if give_up_after_days is None else give_up_after_days
    report = DeliveryReport()
    smtp = None
    try:
        with sessions() as session:
            for _ in range(limit):
                clock = now or utcnow()
                row = outbox.claim_next(session, clock)
                if row is None:
                    break
                give_up_before = clock - timedelta(days=days)
                if smtp is None:
                    try:
                        smtp = connect(server)
                    except MailConfigError as exc:   # no retry helps: the row waits, unclaimed
                        outbox.mark_unsent(session, row.id, str(exc), clock, give_up_before,
                                           status="pending")
                        raise
                    except ServerUnavailable as exc:
                        report.reason = str(exc)
                        status = outbox.mark_unsent(session, row.id, str(exc), clock,
                                                    give_up_before, status="pending")
                        report.given_up += status == "given_up"
                        log.info("delivery %s to %s: %s; kept as pending", row.id,
                                 row.recipient, exc)
                        break
                try:
                    send(smtp, row.message, mail_from, row.recipient)
                except (smtplib.SMTPException, OSError) as exc:
                    reason = _smtp_reason(exc)
                    if isinstance(exc, smtplib.SMTPSenderRefused) and _permanent(exc):
                        outbox.mark_unsent(session, row.id, reason, clock, give_up_before,
                                           status="pending")
                        raise MailConfigError(
                            f"the mail server refuses the sender {mail_from} ({reason}): set "
                            "NEWSMON_MAIL_FROM to an address it accepts") from None
                    report.reason = reason
                    permanent = _permanent(exc)
                    status = outbox.mark_unsent(session, row.id, reason,
                                                clock + backoff(row.attempts), give_up_before,
                                                status="given_up" if permanent else "failed")
                    report.failed += status == "failed"
                    report.given_up += status == "given_up"
                    log.warning("delivery %s to %s %s (try %d): %s", row.id, row.recipient,
                                "refused for good, given up" if permanent else "failed",
                                row.attempts, reason)
                    if isinstance(exc, (smtplib.SMTPServerDisconnected, OSError)):
                        _quit(smtp)
                        smtp = None
                    continue
                outbox.mark_sent(session, row.id, utcnow())
                report.sent += 1
                log.info("sent %s to %s (%s)", row.message_id, row.recipient, row.subject)
            report.pending = len(outbox.waiting(session, now))
            report.in_flight = outbox.in_flight(session, now)
    finally:
        if smtp is not None:
            _quit(smtp)
    return report


def _permanent(exc: BaseException) -> bool:
    """A 5xx reply other than 552 (RFC 5321 §4.2.1 and §4.5.3.1.10: 552 is to be taken as 452)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code = next(iter(exc.recipients.values()))[0]
    elif isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
    else:
        return False
    return 500 <= code < 600 and code != 552


def _smtp_reason(exc: BaseException) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, msg = next(iter(exc.recipients.values()))
        return f"recipient refused: {code} {msg.decode(errors='replace')}"
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        text = error.decode(errors="replace") if isinstance(error, bytes) else str(error)
        return f"{exc.smtp_code} {text}"
    return str(exc) or type(exc).__name__


def _quit(smtp) -> None:
    try:
        smtp.quit()
    except (smtplib.SMTPException, OSError):
        smtp.close()
