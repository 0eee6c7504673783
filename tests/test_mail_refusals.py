"""What a mail server's refusals and a killed sender look like to the user (an operator's trial):
a mailbox refused for good is given up at once, not retried for three days like a busy one; a
sender address the server refuses is a setting to fix; a row a killed sender held is shown as in
flight, not hidden. A real SMTP server (aiosmtpd) on 127.0.0.1."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

from aiosmtpd.controller import Controller

from run import rows
from test_mail import Sink, free_port, invoke, seed, smtp, store  # noqa: F401 - fixtures


class Refusing(Sink):
    def __init__(self, rcpt=None, mail=None):
        super().__init__()
        self.rcpt, self.mail = rcpt, mail

    async def handle_RCPT(self, server, session, envelope, address, options):
        if self.rcpt:
            return self.rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.mail:
            return self.mail
        envelope.mail_from = address
        return "250 OK"


def serve(handler, monkeypatch) -> Controller:
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setenv("NEWSMON_SMTP_URL", f"smtp://127.0.0.1:{port}")
    monkeypatch.setenv("NEWSMON_MAIL_FROM", "monitor@example.org")
    return controller


def test_a_mailbox_refused_for_good_is_given_up_at_once(store, tmp_path, monkeypatch):
    controller = serve(Refusing(rcpt="550 5.1.1 no such user"), monkeypatch)
    try:
        result = invoke("digest", "--to", "gone@example.org", "--out", str(tmp_path),
                        "--db", store)
        assert result.exit_code == 0, result.output
        assert "sent: 0, pending: 0" in result.output and "given up: 1" in result.output
        assert rows(store, "SELECT status, attempts, last_error FROM deliveries") == [
            ("given_up", 1, "recipient refused: 550 5.1.1 no such user")]
        assert invoke("deliver", "--db", store).output.startswith("sent: 0, pending: 0")
    finally:
        controller.stop()


def test_a_552_is_taken_as_a_temporary_refusal(store, tmp_path, monkeypatch):
    """RFC 5321 §4.5.3.1.10: clients should treat 552 (storage exceeded) as 452."""
    controller = serve(Refusing(rcpt="552 mailbox full"), monkeypatch)
    try:
        result = invoke("digest", "--to", "full@example.org", "--out", str(tmp_path),
                        "--db", store)
        assert "refused this time: 1" in result.output, result.output
        assert rows(store, "SELECT status FROM deliveries") == [("failed",)]
    finally:
        controller.stop()


def test_a_refused_sender_address_is_one_line_naming_the_setting(store, tmp_path, monkeypatch):
    controller = serve(Refusing(mail="553 5.7.1 sender not allowed"), monkeypatch)
    try:
        env = {**os.environ, "NEWSMON_DATABASE_URL": store}
        proc = subprocess.run([sys.executable, "-m", "newsmon", "digest", "--to",
                               "reader@example.org", "--out", str(tmp_path)], env=env,
                              capture_output=True, text=True, timeout=120)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, proc.stderr
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and "NEWSMON_MAIL_FROM" in lines[0] and "553" in lines[0], lines
        assert rows(store, "SELECT status FROM deliveries") == [("pending",)]   # kept for later
    finally:
        controller.stop()


def test_a_row_held_by_a_killed_sender_is_shown_in_flight(store, smtp, tmp_path):
    env = {**os.environ, "NEWSMON_DATABASE_URL": store}
    down = {**env, "NEWSMON_SMTP_URL": f"smtp://127.0.0.1:{free_port()}"}
    queued = subprocess.run([sys.executable, "-m", "newsmon", "digest", "--to",
                             "reader@example.org", "--out", str(tmp_path)], env=down,
                            capture_output=True, text=True, timeout=120)
    assert queued.returncode == 0 and "pending: 1" in queued.stdout, queued.stderr
    smtp.delay = 60   # the server takes its time over the message: the sender is killed then
    sender = subprocess.Popen([sys.executable, "-m", "newsmon", "deliver"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while rows(store, "SELECT status FROM deliveries") != [("sending",)]:
        assert time.monotonic() < deadline and sender.poll() is None
        time.sleep(0.05)
    sender.send_signal(signal.SIGKILL)
    sender.wait()
    result = invoke("deliver", "--db", store)
    assert result.output.startswith("sent: 0, pending: 0, in flight: 1"), result.output
    assert "tried again within 10 min" in result.output
