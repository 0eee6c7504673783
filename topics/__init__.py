"""The topic subsystem, pure (no Scrapy, no SQL): the topics file model and scoring with evidence
(``score``), text normalisation and stemming (``text``), the optional embedding stage (``embed``;
``embed_preload`` loads it in the worker pool's fork server), ``newsmon topics build``
(``build``) and ``newsmon topics eval`` (``evaluate``). Used by the tag pipeline, the digest, the
CLI and retag; it imports nothing of newsmon's other folders."""

from __future__ import annotations

import os
from pathlib import Path

#: The checkout's own topics file: the first monitor's (US–Cuba relations).
CHECKOUT_TOPICS = Path(__file__).resolve().parents[1] / "config" / "topics.yaml"


def default_topics_path() -> Path:
    """The topics file when none is given: ``$NEWSMON_TOPICS_FILE`` (``$NEWSMON_TOPICS``, the
    older name), else ``config/topics.yaml`` of the current folder, else CHECKOUT_TOPICS."""
    env = os.environ.get("NEWSMON_TOPICS_FILE") or os.environ.get("NEWSMON_TOPICS")
    if env:
        return Path(env)
    local = Path.cwd() / "config" / "topics.yaml"
    if local.is_file():
        return local
    return CHECKOUT_TOPICS
