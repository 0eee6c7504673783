"""Mail: the SMTP server from one URL, the digest as a MIME message, one send.

The standard library does mail well (``smtplib``, ``email.message.EmailMessage``), so no other
package. ``NEWSMON_SMTP_URL`` is ``smtp://[user:password@]host[:port]`` (port 25),
``smtp://…?starttls=1`` to upgrade with STARTTLS (port 587), or ``smtps://…`` for implicit TLS
(port 465). Secrets stay in the environment, never in config files.
"""
from __future__ import annotations

import hashlib
import logging
import os
import smtplib
import socket
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime, formataddr, parseaddr
from urllib.parse import parse_qs, unquote, urlsplit

log = logging.getLogger(__name__)

TIMEOUT_S = 30


class MailConfigError(ValueError):
    """The SMTP URL or sender address cannot be used; the message names the fix."""


@dataclass(frozen=True)
class SmtpServer:
    host: str
    port: int
    user: str | None = None
    password: str | None = None
    tls: bool = False          # implicit TLS (smtps)
    starttls: bool = False

    def __str__(self) -> str:
        return f"{'smtps' if self.tls else 'smtp'}://{self.host}:{self.port}"


def smtp_from_url(url: str | None) -> SmtpServer:
    """Parse ``NEWSMON_SMTP_URL``; raises MailConfigError naming the fix."""
    if not url:
        raise MailConfigError("no mail server: set NEWSMON_SMTP_URL, e.g. "
                              "smtp://user:password@mail.example.org:587?starttls=1")
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
        raise MailConfigError(f"NEWSMON_SMTP_URL {_redact(url)!r}: use smtp://host:port, "
                              "smtps://host:465 or smtp://host:587?starttls=1")
    query = parse_qs(parts.query)
    starttls = query.get("starttls", ["0"])[0].lower() in ("1", "true", "yes")
    tls = parts.scheme == "smtps"
    try:
        port = parts.port or (465 if tls else 587 if starttls else 25)
    except ValueError:
        raise MailConfigError(f"NEWSMON_SMTP_URL {_redact(url)!r}: the port is not a number")
    return SmtpServer(parts.hostname, port, unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None, tls, starttls)


def sender(value: str | None = None) -> str:
    """``NEWSMON_MAIL_FROM`` (or `value`), checked to hold one address."""
    value = value or os.environ.get("NEWSMON_MAIL_FROM") or "newsmon@localhost"
    if "@" not in parseaddr(value)[1]:
        raise MailConfigError(f"NEWSMON_MAIL_FROM {value!r}: give an address such as "
                              "newsmon@example.org")
    return value


def message_id(day, recipient: str, mail_from: str) -> str:
    """The same ``Message-ID`` for the same digest day and recipient, so a resend is recognised."""
    domain = parseaddr(mail_from)[1].rsplit("@", 1)[-1] or "newsmon.invalid"
    token = hashlib.sha256(f"{day.isoformat()}|{recipient.lower()}".encode()).hexdigest()[:20]
    return f"<digest.{day.isoformat()}.{token}@{domain}>"


def build_message(*, subject: str, html: str, text: str, mail_from: str, to: str,
                  to_name: str | None, msg_id: str, date, list_id: str) -> EmailMessage:
    """multipart/alternative: text/plain first, text/html last (the part clients prefer)."""
    msg = EmailMessage()
    msg["Subject"] = subject
    msg["From"] = mail_from
    msg["To"] = formataddr((to_name, to)) if to_name else to
    msg["Date"] = format_datetime(date)
    msg["Message-ID"] = msg_id
    msg["List-Id"] = list_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text, subtype="plain", charset="utf-8", cte="quoted-printable")
    msg.add_alternative(html, subtype="html", charset="utf-8", cte="quoted-printable")
    return msg


def list_id(name: str, mail_from: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-") or "newsmon"
    domain = parseaddr(mail_from)[1].rsplit("@", 1)[-1] or "newsmon.invalid"
    return f"{name} <{slug[:60]}.{domain}>"


class ServerUnavailable(Exception):
    """No SMTP conversation could start (refused, unreachable, timed out, TLS failed): nothing
    was handed over, so it is a retry for every row, not a failure of one message."""


def connect(server: SmtpServer) -> smtplib.SMTP:
    """An open, logged-in SMTP connection; raises ServerUnavailable."""
    try:
        if server.tls:
            smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_S,
                                    context=ssl.create_default_context())
        else:
            smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_S)
            if server.starttls:
                smtp.starttls(context=ssl.create_default_context())
        if server.user:
            smtp.login(server.user, server.password or "")
        return smtp
    except smtplib.SMTPAuthenticationError as exc:
        raise MailConfigError(f"the mail server refused the login for {server.user!r} "
                              f"({exc.smtp_code}); check NEWSMON_SMTP_URL") from None
    except smtplib.SMTPNotSupportedError as exc:
        # the server answers but cannot do what the URL asks: no retry will change that
        asked = "STARTTLS (?starttls=1)" if "STARTTLS" in str(exc) else "a login (user:password@)"
        raise MailConfigError(f"{server}: the mail server does not offer {asked}; drop it from "
                              f"NEWSMON_SMTP_URL, or give the server's TLS port with smtps://") from None
    except ssl.SSLError as exc:
        if "WRONG_VERSION_NUMBER" not in str(exc) and "wrong version number" not in str(exc):
            raise ServerUnavailable(f"{server}: {_reason(exc)}") from None
        raise MailConfigError(f"{server}: the server does not speak TLS on this port; use smtp:// "
                              f"(with ?starttls=1 if it offers STARTTLS) or the server's TLS port") from None
    except (OSError, smtplib.SMTPException, socket.timeout) as exc:
        raise ServerUnavailable(f"{server}: {_reason(exc)}") from None


def send(smtp: smtplib.SMTP, raw: str, mail_from: str, to: str) -> None:
    """Hand one message over; raises smtplib.SMTPException or OSError when it was not taken."""
    data = raw.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8")  # SMTP wants CRLF
    smtp.sendmail(parseaddr(mail_from)[1], [to], data)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    return str(exc).strip() or type(exc).__name__


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
