"""`newsmon serve`: Datasette on a real SQLite store, fetched over HTTP as a browser would."""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from contextlib import contextmanager

import pytest

from test_search import fill

pytest.importorskip("datasette")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serving(tmp_path, *options):
    """(base URL, process) of `newsmon serve OPTIONS` on a filled SQLite store, until the block ends."""
    db = tmp_path / "news.db"
    fill(f"sqlite:///{db}")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "newsmon", "serve", *options, "--port", str(port),
                             "--db", f"sqlite:///{db}"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}/news"
    try:
        for _ in range(600):
            try:
                urllib.request.urlopen(base, timeout=2)
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"serve exited: {proc.stderr.read()[-500:]}")
                time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.fixture
def server(tmp_path):
    """(base URL, process) of `newsmon serve` on a filled SQLite store."""
    with serving(tmp_path) as running:
        yield running


@pytest.fixture
def served(server):
    return server[0]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as r:
        assert r.status == 200
        return r.read().decode()


def test_tables_search_canned_queries_and_their_feeds(served):
    page = get(f"{served}/articles")
    assert "One row per stored article" in page and "outlet_id" in page
    found = json.loads(get(f"{served}/articles.json?_search=remesas&_shape=array"))
    assert {a["url"].rsplit("/", 1)[-1] for a in found} == {"remesas"}
    faceted = get(f"{served}/articles.json?_search=cuba&_facet=outlet_id&_facet=language")
    assert '"es1"' in faceted and '"en1"' in faceted
    today = json.loads(get(f"{served}/todays_stories_by_topic.json?_shape=array"))
    assert {r["topic"] for r in today} == {"remittances", "energy_food_crisis", "oil_tariffs"}
    feed = ET.fromstring(get(f"{served}/topic_feed.atom?topic=remittances"))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in feed.findall("a:entry", ns)]
    assert sorted(titles) == ["Nuevas reglas para las remesas", "Una remesa llega tarde"]
    empty = ET.fromstring(get(f"{served}/stories_three_outlets_this_week.atom"))
    assert empty.findall("a:entry", ns) == []  # no such story yet: an empty feed, not an error
    assert "remittances" in get(f"{served}/articles_per_topic_per_day.atom")


def test_a_mistyped_url_is_a_404_page_not_a_traceback_in_the_terminal(server):
    base, proc = server
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{base}/no_such_table", timeout=30)
    assert missing.value.code == 404
    proc.terminate()
    out, err = proc.communicate(timeout=20)
    for printed in (out, err):   # rich prints to standard output
        assert "Traceback" not in printed and "NotFound" not in printed, printed[-2000:]


def test_a_port_in_use_gets_one_line_and_no_false_start(tmp_path):
    db = tmp_path / "news.db"
    fill(f"sqlite:///{db}")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "newsmon", "serve", "--port", str(port),
                                 "--db", f"sqlite:///{db}"], capture_output=True, text=True,
                                timeout=120)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and "Datasette on" not in result.stderr
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert f"cannot listen on 127.0.0.1:{port}" in result.stderr and "--port" in result.stderr


def test_served_beyond_this_machine_readers_addresses_and_sql_are_not(tmp_path):
    """A tester's trial: `serve --host 0.0.0.0` published /deliveries and /digests, readers'
    addresses and whole mails, and any SQL could read them. Beyond loopback they are not
    served and SQL is the canned queries'; the articles stay."""
    with serving(tmp_path, "--host", "0.0.0.0") as (base, _):
        assert "Nuevas reglas para las remesas" in get(base + "/articles?_search=remesas")
        assert "todays_stories_by_topic" in get(base)
        for path in ("/deliveries", "/digests", "?sql=select+*+from+deliveries"):
            with pytest.raises(urllib.error.HTTPError) as denied:
                urllib.request.urlopen(base + path, timeout=30)
            assert denied.value.code == 403, path
        assert "deliveries" not in get(base)
