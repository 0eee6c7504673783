"""The standfirst: the summary an article shows under its headline, which opens the text.

Outlets set it in the article's header, apart from the body (``<p class="article__teaser">``,
``<h2 class="subtitle">``, a bold ``<p>`` above the first paragraph), and trafilatura, reading
the body, leaves it out. A reader sees it as the story's first paragraph, and the field's model
of an article body holds it: Fundus's ``ArticleBody`` puts its ``summary`` first. Found by what
the page says of itself, not by class names: the element after the ``<h1>`` whose text is the
page's description (``<meta name="description">``, ``og:description``, ``twitter:description``,
the JSON-LD article's ``description``), which outlets fill with the standfirst. Of 27 articles a
blind probe wrote in the templates of German, Austrian, Swiss, British, Israeli and Spanish
outlets, 26 had a standfirst equal to the description and 16 of those were missing from the text.

Pure functions over an lxml tree and strings.
"""
from __future__ import annotations

from lxml import etree

from pipelines.pagelinks import norm_text

__all__ = ["MIN_LEAD_WORDS", "shown_lead", "with_lead"]

#: A description shorter than this many words is a label or a slogan, not a standfirst.
MIN_LEAD_WORDS = 8
#: The description's first words, looked for in the page's text nodes.
_PROBE_WORDS = 4
_DESCRIPTION_METAS = ("description", "og:description", "twitter:description")
#: Text nodes of the page's body holding the probe ($p: lxml passes it as a string, so no
#: quoting of the description into the expression).
_HOLDING = etree.XPath("//body//text()[contains(normalize-space(.), $p)]")
#: Where a description's text is no standfirst: a link (a card of this story), navigation,
#: an aside, a footer, a figure's caption, a button, code.
_FURNITURE = etree.XPath("boolean(ancestor-or-self::*[self::a or self::nav or self::aside or self::footer"
                         " or self::figure or self::figcaption or self::button or self::script"
                         " or self::template or self::noscript or self::h1 or self::title])")
_AFTER_HEADLINE = etree.XPath("boolean(preceding::h1)")
#: The story's paragraphs follow the standfirst: one near the end of the page (a share box
#: quoting the description) is not it.
_PARAGRAPHS_AFTER = etree.XPath("count(following::p)")
MIN_PARAGRAPHS_AFTER = 3
#: How far up from the text node the standfirst's element may be (``<p><strong>text``).
_CLIMB = 3
_ELLIPSES = ("…", "...")


def _descriptions(structured) -> list[str]:
    """The page's descriptions, whitespace squashed, each once, of MIN_LEAD_WORDS words or more."""
    values = [structured.meta.get(name) for name in _DESCRIPTION_METAS]
    article = structured.article or {}
    values.append(article.get("description") if isinstance(article.get("description"), str) else None)
    out = []
    for value in values:
        value = " ".join((value or "").split())
        if len(value.split()) >= MIN_LEAD_WORDS and value not in out:
            out.append(value)
    return out


def _same(shown: str, description: str) -> bool:
    """Whether an element's text (`shown`, ``norm_text``) is the description: equal, or the
    description cut short with an ellipsis."""
    said = norm_text(description)
    if shown == said:
        return True
    for ellipsis in _ELLIPSES:
        if said.endswith(ellipsis):
            cut = said[: -len(ellipsis)].rstrip()
            return len(cut) >= 40 and shown.startswith(cut)
    return False


def shown_lead(tree, html: str, structured) -> str | None:
    """The standfirst's text, whitespace squashed, or None: the element (``<p>``, ``<h2>``, a
    ``<div>``; up to ``_CLIMB`` levels above the text node) after the page's ``<h1>`` whose text
    is one of the page's descriptions, outside links, navigation, asides, footers and figures,
    with at least ``MIN_PARAGRAPHS_AFTER`` paragraphs after it. Read before trafilatura prunes
    the tree. `html` is the page's source: a description whose first words it does not hold
    (written with character references) is not looked for, which keeps the common page's cost
    to a substring test."""
    for description in _descriptions(structured):
        probe = " ".join(description.split()[:_PROBE_WORDS])
        if probe not in html:
            continue
        for node in _HOLDING(tree, p=probe):
            element = node.getparent()
            if element is not None and getattr(node, "is_tail", False):
                element = element.getparent()
            for _ in range(_CLIMB):
                if element is None or not isinstance(element.tag, str):
                    break
                shown = norm_text(element.text_content())
                if len(shown) > 2 * len(description) + 20:
                    break
                if _same(shown, description):
                    if (not _FURNITURE(element) and _AFTER_HEADLINE(element)
                            and _PARAGRAPHS_AFTER(element) >= MIN_PARAGRAPHS_AFTER):
                        return " ".join(element.text_content().split())
                    break
                element = element.getparent()
    return None


def with_lead(text: str, lead: str | None) -> str:
    """`text` opened by the standfirst `lead` when it does not hold it already (anywhere: a
    template that sets it in the body, or trafilatura read it after a box above it)."""
    if not lead or not text:
        return text
    said = norm_text(lead)
    if said[:80] in norm_text(text):
        return text
    return f"{lead}\n{text}"
