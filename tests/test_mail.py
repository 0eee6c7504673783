"""The morning mail through a real SMTP server (aiosmtpd on 127.0.0.1): both parts, the right
readers and topics, web text escaped, a server that is down, and never a digest twice — also with
two `newsmon deliver` processes at once on SQLite and on PostgreSQL."""
from __future__ import annotations

import asyncio
import email
import json
import os
import re
import socket
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from email import policy

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner
from sqlalchemy import text

from newsmon.cli import cli
from pipelines.fingerprint import content_fingerprint
from run import rows
from storage.articles import store_article
from storage.crawlstate import upsert_outlets
from storage.engine import open_database
from sites import OutletRow

HOSTILE_TITLE = 'Apagones <script>alert("t")</script> en <img src=x onerror=alert(1)> Holguín'
HOSTILE_BODY = ("<script>steal()</script> La Unión Eléctrica anunció apagones de veinte horas en "
                "el oriente de Cuba por falta de combustible. <img src=y onerror=alert(2)> Los "
                "hospitales dependen de grupos electrógenos.")


class Sink:
    """Captures each message as aiosmtpd received it, parsed with email.policy.default."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.EmailMessage]] = []
        self.delay = 0.0   # seconds per message: a slow server makes two senders overlap

    async def handle_DATA(self, server, session, envelope):
        await asyncio.sleep(self.delay)
        msg = email.message_from_bytes(envelope.original_content or envelope.content,
                                       policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def to(self, address):
        return [m for rcpt, m in self.messages if address in rcpt]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(monkeypatch):
    """A running SMTP sink; NEWSMON_SMTP_URL and NEWSMON_MAIL_FROM point at it."""
    port = free_port()
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("NEWSMON_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("NEWSMON_MAIL_FROM", "monitor@example.org")
    yield sink
    controller.stop()


def seed(db_url: str, extra_energy: int = 0) -> None:
    """Two outlets; an energy story told twice (hostile title and body), a remittances story,
    `extra_energy` more energy stories, and an article on no topic."""
    sessions = open_database(db_url)[1]
    with sessions() as s:
        upsert_outlets(s, [OutletRow("desk", "Sample Desk", "es"), OutletRow("wire", "Sample Wire", "en")])
        first = store_article(s, _fields("http://desk.test/a1", "desk", HOSTILE_TITLE,
                                         HOSTILE_BODY, {"energy_food_crisis": 9.0}))
        s.flush()
        store_article(s, _fields("http://wire.test/a2", "wire", "Blackouts in eastern Cuba",
                                 HOSTILE_BODY + " More.", {"energy_food_crisis": 7.0,
                                                           "oil_tariffs": 5.0}),
                      story_id=first.story_id)
        store_article(s, _fields("http://wire.test/r1", "wire", "Remesas bajo nuevas reglas",
                                 "Las remesas a Cuba quedan bajo nuevas reglas de Western Union "
                                 "desde el lunes, según la empresa.", {"remittances": 8.0}))
        for i in range(extra_energy):
            store_article(s, _fields(f"http://desk.test/e{i}", "desk", f"Energy story {i}",
                                     f"Historia número {i} sobre el déficit de generación en "
                                     "Cuba y los apagones.", {"energy_food_crisis": 5.0}))
        store_article(s, _fields("http://wire.test/c1", "wire", "Béisbol",
                                 "Industriales ganó el juego de anoche en el Latinoamericano.", {}))
        s.commit()


def _fields(url, outlet, title, text, topics):
    return {"canonical_url": url, "outlet": outlet, "title": title, "text": text,
            "language": "es", "content_hash": content_fingerprint(text),
            "topics": [{"id": t, "score": v, "evidence": [f"[{t.split('_')[0]}] {text[:40]}"]}
                       for t, v in topics.items()]}


def invoke(*args):
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


@pytest.fixture
def store(sqlite_url):
    seed(sqlite_url)
    return sqlite_url


def test_digest_to_mails_both_parts_with_web_text_escaped(store, smtp, tmp_path):
    result = invoke("digest", "--to", "reader@example.org", "--out", str(tmp_path), "--db", store)
    assert result.exit_code == 0, result.output
    assert "reader@example.org: queued" in result.output and "sent: 1, pending: 0" in result.output
    [(rcpt, msg)] = smtp.messages
    assert rcpt == ["reader@example.org"]
    assert msg.get_content_type() == "multipart/alternative"
    html = msg.get_body(("html",)).get_content()
    text = msg.get_body(("plain",)).get_content()
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "&lt;script&gt;alert(" in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "Remesas bajo nuevas reglas" in html and "Remesas bajo nuevas reglas" in text
    assert "Why it is here: energy\r\n" in text and "Why it is here: remittances" in text
    # one story, shown once (its other topics' sections link to it: href="#story…")

    assert len(re.findall(r'class="title"[^>]*>Apagones &lt;script&gt;', html)) == 1
    assert "Also reported by" in html and "Sample Wire" in html
    assert msg["Message-ID"].startswith("<digest.") and msg["List-Id"] and msg["Date"]
    assert "3 stories" not in msg["Subject"] and "2 stories" in msg["Subject"]


def test_recipients_file_gives_each_reader_their_topics_once(store, smtp, tmp_path):
    recipients = tmp_path / "r.yaml"
    recipients.write_text("name: Cuba desk\nrecipients:\n  - email: all@example.org\n"
                          "  - email: money@example.org\n    name: Money desk\n"
                          "    topics: [remittances]\n    timezone: America/Havana\n"
                          "  - email: quiet@example.org\n    topics: [military_threat]\n"
                          "    empty_day: skip\n")
    for _ in range(2):
        result = invoke("digest", "--recipients", str(recipients), "--out", str(tmp_path / "d"),
                        "--db", store)
        assert result.exit_code == 0, result.output
    assert "already queued for this day (sent), nothing new" in result.output
    assert sorted(r for rc, _ in smtp.messages for r in rc) == ["all@example.org",
                                                                "money@example.org"]
    money = smtp.to("money@example.org")[0]
    html = money.get_body(("html",)).get_content()
    assert "Remesas bajo nuevas reglas" in html and "Apagones" not in html
    assert "Energy and food crisis" not in html
    assert "1 story from 1 outlet " in html   # its stories' outlets, not the window's two
    assert money["To"] == "Money desk <money@example.org>"
    assert money["Subject"].startswith("Cuba desk · ")
    everything = smtp.to("all@example.org")[0].get_body(("html",)).get_content()
    assert "Energy and food crisis" in everything and "Remittances" in everything


def test_server_down_then_up_delivers_exactly_once(store, smtp, tmp_path, monkeypatch):
    up = os.environ["NEWSMON_SMTP_URL"]
    monkeypatch.setenv("NEWSMON_SMTP_URL", f"smtp://127.0.0.1:{free_port()}")
    down = invoke("digest", "--to", "reader@example.org", "--out", str(tmp_path), "--db", store)
    assert down.exit_code == 0, down.output
    assert "pending: 1 (" in down.output and "connection refused" in down.output
    listed = json.loads(invoke("deliveries", "--format", "json", "--db", store).output)
    assert [(d["status"], d["recipient"]) for d in listed] == [("pending", "reader@example.org")]
    assert "refused" in listed[0]["last_error"]
    monkeypatch.setenv("NEWSMON_SMTP_URL", up)
    first = invoke("deliver", "--db", store)
    assert first.exit_code == 0 and first.output.startswith("sent: 1, pending: 0"), first.output
    assert invoke("deliver", "--db", store).output.startswith("sent: 0, pending: 0")
    again = invoke("digest", "--to", "reader@example.org", "--out", str(tmp_path), "--db", store)
    assert "already queued for this day (sent)" in again.output
    assert len(smtp.messages) == 1
    table = invoke("deliveries", "--status", "sent", "--db", store).output
    assert "reader@example.org" in table and "sent" in table


def test_a_refused_message_backs_off_and_is_given_up_after_the_limit(store, tmp_path,
                                                                      monkeypatch):
    class Refusing(Sink):
        async def handle_RCPT(self, server, session, envelope, address, options):
            return "450 mailbox busy"
    port = free_port()
    controller = Controller(Refusing(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        monkeypatch.setenv("NEWSMON_SMTP_URL", f"smtp://127.0.0.1:{port}")
        result = invoke("digest", "--to", "reader@example.org", "--out", str(tmp_path),
                        "--db", store)
        assert "refused this time: 1" in result.output and "450" in result.output
        assert invoke("deliver", "--db", store).output.startswith("sent: 0, pending: 1")
        [(attempts, status, wait)] = rows(store, "SELECT attempts, status, next_attempt_at > "
                                                 "datetime('now', '+50 seconds') FROM deliveries")
        assert (attempts, status, wait) == (1, "failed", 1)   # not tried again before its time
        old = (datetime.now(timezone.utc) - timedelta(days=4)).strftime("%Y-%m-%d %H:%M:%S")
        with open_database(store)[1]() as s:  # the row was first queued 4 days ago
            s.execute(text("UPDATE deliveries SET created_at = :t, next_attempt_at = :t"),
                      {"t": old})
            s.commit()
        assert "given up: 1" in invoke("deliver", "--db", store).output
        assert "given_up" in invoke("deliveries", "--db", store).output
    finally:
        controller.stop()


def test_bad_input_is_one_line_naming_the_fix(store, tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSMON_SMTP_URL", raising=False)
    blocker = tmp_path / "file"
    blocker.write_text("")
    bad_yaml = tmp_path / "r.yaml"
    bad_yaml.write_text("recipients:\n  - email: a@example.org\n    topics: [cuba_weather]\n")
    cases = [
        (["digest", "--date", "9999-12-31"], "--date 9999-12-31 is in the future"),
        (["digest", "--out", str(blocker / "sub")], "--out"),
        (["digest", "--to", "not-an-address"], "not an email address"),
        (["digest", "--to", "a@example.org"], "set NEWSMON_SMTP_URL"),
        (["digest", "--recipients", str(bad_yaml)], "valid ids: dialogue"),
    ]
    for args, needle in cases:
        proc = subprocess.run([sys.executable, "-m", "newsmon", *args, "--db", store],
                              capture_output=True, text=True, timeout=60, cwd=tmp_path)
        assert proc.returncode != 0, args
        assert "Traceback" not in proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and needle in lines[0], (args, proc.stderr)


def _race(db_url: str, smtp: Sink, tmp_path, n: int = 12) -> None:
    """Queue `n` readers' digests with the server down, then two `newsmon deliver` at once."""
    recipients = tmp_path / "many.yaml"
    recipients.write_text("recipients:\n" + "".join(f"  - email: r{i}@example.org\n"
                                                    for i in range(n)))
    env = {**os.environ, "NEWSMON_DATABASE_URL": db_url}
    down = {**env, "NEWSMON_SMTP_URL": f"smtp://127.0.0.1:{free_port()}"}
    queued = subprocess.run([sys.executable, "-m", "newsmon", "digest", "--recipients",
                             str(recipients), "--out", str(tmp_path / "d")], env=down,
                            capture_output=True, text=True, timeout=120)
    assert queued.returncode == 0, queued.stderr
    assert f"pending: {n} (" in queued.stdout
    smtp.delay = 0.25
    procs = [subprocess.Popen([sys.executable, "-m", "newsmon", "deliver"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    sent = sorted(int(o.split("sent: ")[1].split(",")[0]) for o, _ in outs)
    assert sum(sent) == n
    assert sent[0] > 0, f"the two senders did not overlap ({sent}): the test proves nothing"
    per_reader = sorted(r for rc, _ in smtp.messages for r in rc)
    assert per_reader == sorted(f"r{i}@example.org" for i in range(n))   # each exactly once


def test_two_deliver_processes_at_once_send_each_message_once_on_sqlite(sqlite_url, smtp,
                                                                        tmp_path):
    seed(sqlite_url)
    _race(sqlite_url, smtp, tmp_path)


def test_two_deliver_processes_at_once_send_each_message_once_on_postgresql(pg_url, smtp,
                                                                            tmp_path):
    seed(pg_url)
    _race(pg_url, smtp, tmp_path)


def test_dry_run_prints_the_message_and_writes_nothing(store, smtp, tmp_path):
    result = invoke("digest", "--to", "reader@example.org", "--dry-run", "--out",
                    str(tmp_path / "d"), "--db", store)
    assert result.exit_code == 0, result.output
    assert "To: reader@example.org" in result.output and "Message-ID: <digest." in result.output
    assert "Remesas bajo nuevas reglas" in result.output and "[text/html part:" in result.output
    assert smtp.messages == [] and not (tmp_path / "d").exists()
    assert rows(store, "SELECT count(*) FROM deliveries")[0][0] == 0


def test_the_trend_compares_with_the_previous_week(sqlite_url, smtp, tmp_path):
    seed(sqlite_url, extra_energy=6)
    with open_database(sqlite_url)[1]() as s:   # three energy stories were stored 3 days ago
        old = datetime.now(timezone.utc) - timedelta(days=3)
        s.execute(text("UPDATE articles SET fetched_at = :t WHERE url IN ('http://desk.test/e0',"
                       " 'http://desk.test/e1', 'http://desk.test/e2')"),
                  {"t": old.strftime("%Y-%m-%d %H:%M:%S.%f")})
        s.commit()
    result = invoke("digest", "--to", "reader@example.org", "--out", str(tmp_path), "--db",
                    sqlite_url)
    assert result.exit_code == 0, result.output
    text_part = smtp.messages[0][1].get_body(("plain",)).get_content()
    assert "against the daily mean of the previous 7 days" in text_part
    # today 4 energy stories (the blackout story and e3–e5) against 3 in 7 days: 0.4/day
    assert "    4  Energy and food crisis  ↑ more than usual (0.4/day)" in text_part


@pytest.mark.parametrize("url, names", [
    ("smtp://127.0.0.1:{port}?starttls=1", "STARTTLS"),
    ("smtp://bob:pw@127.0.0.1:{port}", "a login"),
    ("smtps://127.0.0.1:{port}", "does not speak TLS"),
])
def test_an_smtp_setting_the_server_cannot_do_is_an_error_not_a_retry(store, smtp, tmp_path, monkeypatch,
                                                                      url, names):
    """A tester's ?starttls=1, user:password@ and smtps:// against a plain server each gave
    "sent: 0, pending: 1" and exit 0, and the service retried them for three days."""
    port = os.environ["NEWSMON_SMTP_URL"].rsplit(":", 1)[1]
    monkeypatch.setenv("NEWSMON_SMTP_URL", url.format(port=port))
    result = invoke("digest", "--db", store, "--to", "reader@example.org", "--out", str(tmp_path))
    assert result.exit_code != 0 and names in result.output, result.output
    assert "Traceback" not in result.output
    monkeypatch.setenv("NEWSMON_SMTP_URL", f"smtp://127.0.0.1:{port}")   # fixed: the row was kept
    assert invoke("deliver", "--db", store).exit_code == 0
    assert len(smtp.to("reader@example.org")) == 1


def test_a_digest_names_the_stored_tags_its_topics_file_lacks(store, tmp_path):
    """A topic renamed or removed from the file after articles were tagged: their articles
    silently left the digest (only a file with none of the stored topics was refused)."""
    import yaml

    from topics import CHECKOUT_TOPICS

    data = yaml.safe_load(CHECKOUT_TOPICS.read_text(encoding="utf-8"))
    data["topics"] = [t for t in data["topics"] if t["id"] != "remittances"]
    edited = tmp_path / "topics.yaml"
    edited.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = invoke("digest", "--dry-run", "--topics", str(edited), "--out", str(tmp_path),
                    "--db", store)
    assert result.exit_code == 0, result.output
    assert (f"note: stored articles carry tags of topics {edited} does not have (remittances)"
            in result.output), result.output
    assert f"newsmon retag --all --topics {edited}" in result.output


def test_deliver_with_nothing_to_send_needs_no_mail_server(store):
    """A trial: `newsmon deliver` with an empty outbox and no NEWSMON_SMTP_URL exited 1 with
    "no mail server"; there was nothing to send."""
    from run import newsmon

    run = newsmon("deliver", "--db", store, env={"NEWSMON_SMTP_URL": ""})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "nothing to send: the outbox has no pending message"
    # a message waiting: the mail server is needed, and the line says so
    from datetime import date, datetime, timezone

    from storage.engine import open_database
    from storage.outbox import enqueue

    engine, sessions = open_database(store)
    now = datetime.now(timezone.utc)
    with sessions() as session:
        enqueue(session, day=date(2026, 12, 1), recipient="a@example.org", subject="s",
                message="m", message_id="<m@example.org>", window_start=now, window_end=now,
                story_count=0)
    engine.dispose()
    run = newsmon("deliver", "--db", store, env={"NEWSMON_SMTP_URL": ""})
    assert run.returncode == 1 and "set NEWSMON_SMTP_URL" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
