"""The bundled demo outlet: a small local news-outlet server (``localsite``) whose feeds, sitemaps
and listing pages are written by ``pages``, and the sample articles ``newsmon demo`` serves
(``site/``, read by ``samples.demo_outlets``). The test suite serves its own outlets with the same
server."""
