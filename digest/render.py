"""Rendering a digest to HTML and plain text with Jinja2 (the templates are in
``digest/templates``). Autoescaping is on for the HTML template: every title, lead and outlet
name comes from the web and is untrusted, so it is escaped, never marked safe."""
from __future__ import annotations

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from digest.build import Digest

_env = Environment(loader=PackageLoader("digest", "templates"),
                   autoescape=select_autoescape(enabled_extensions=("html.j2",),
                                                default_for_string=True),
                   undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _when(value) -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else ""


_env.filters["when"] = _when


def render_digest(digest: Digest) -> tuple[str, str]:
    """(html, text) of the digest."""
    context = {"d": digest, "sections": [s for s in digest.sections if s.entries],
               "empty_topics": [s for s in digest.sections if not s.entries]}
    return (_env.get_template("digest.html.j2").render(**context),
            _env.get_template("digest.txt.j2").render(**context))
