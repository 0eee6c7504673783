"""Loads the embedding model on import: the worker pool's fork server imports this module when the
embedding stage is on (``pipelines.extract``), so the model is loaded once, before the workers fork,
and shared by them — measured on ``bench/crawl.py``, each worker loading it cost ~1.6 s of CPU
and ~150 MB of memory. ``topic_embed`` never raises here: a model that will not load is logged
and tagging goes on with the lexicon alone.
"""
from topics import embed as topic_embed

topic_embed.available()
