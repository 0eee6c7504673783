"""What the worker pool's fork server loads before it forks the workers, when the embedding
stage is on (``pipelines.extract``): the embedding model (``topics.embed_preload``) and, for the
crawl's topics snapshot (``NEWSMON_TOPICS_SNAPSHOT``, set by the extract pipeline in the pool's
environment), the topics and the embeddings of their descriptions. The workers inherit both, so
none embeds the descriptions again (0.26 s of CPU each, measured with the 12 topics of
config/topics.yaml). Imported for its effect; never raises.
"""
import logging
import os

from pipelines.page import SNAPSHOT_VARIABLE
from topics import embed_preload  # noqa: F401 - loads the model
from topics import embed as topic_embed


def _warm() -> None:
    snapshot = os.environ.get(SNAPSHOT_VARIABLE)
    if not snapshot:
        return
    try:
        from pipelines.tag import topics_of_snapshot

        topic_embed.warm(topics_of_snapshot(snapshot))
    except Exception:  # noqa: BLE001 - a worker loads the snapshot itself and reports it
        logging.getLogger(__name__).info("topics snapshot %s not preloaded", snapshot,
                                         exc_info=True)


_warm()
