"""The topic subsystem, pure (no Scrapy, no SQL): the topics file model and scoring with evidence
(``score``), text normalisation and stemming (``text``), the optional embedding stage (``embed``;
``embed_preload`` loads it in the worker pool's fork server), ``newsmon topics build``
(``build``) and ``newsmon topics eval`` (``evaluate``). Used by the tag pipeline, the digest, the
CLI and retag; it imports nothing of newsmon's other folders."""
