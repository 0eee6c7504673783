"""Two steps of trafilatura's cascade (``trafilatura.core``, ``trafilatura.main_extractor``, 2.3.1)
done without work whose result nobody reads: the same tree, for less CPU. ``install`` puts them in
place of trafilatura's, where trafilatura looks them up, and only when trafilatura's own are the
ones re-implemented here (their source's sha256), so another trafilatura version runs as it is.

- ``prune_unwanted_nodes(..., with_backup=True)`` (``prune_unwanted_sections``, once for every
  candidate body): before pruning, trafilatura keeps the matches that have no matched ancestor,
  asking of each match whether any of its ancestors is one, in Python: an lxml proxy object per
  ancestor (cProfile put it at 3 % of ``analyse``, ``python bench/worker_steps.py --profile``,
  the ``<genexpr>`` of ``htmlprocessing.py``; cProfile inflates such generators). Here
  the matches are marked with an attribute and libxml2 answers the same question for all of them
  in one XPath (``not(ancestor::*[@mark])``); the marks are taken away before anything else reads
  the tree. The result is trafilatura's list, in trafilatura's order.
- ``text_in_place`` (not installed: pipelines.extraction calls it): ``bare_extraction`` first
  copies a tree it is handed, so that the caller's tree stays as it was. newsmon parses each page
  once and hands that tree over; the copy cost ~0.8 ms a page (cProfile, ``copy.copy`` called by
  ``bare_extraction``, ``python bench/worker_steps.py --profile``). Here trafilatura's cascade
  runs on the tree itself, which keeps trafilatura's two raw-tree prunes: comment sections
  (comments off) and infinite-scroll boxes of appended articles. What newsmon reads from the tree
  afterwards (date, byline, title, links) no longer sees those: both are other people's dates
  and names.
- ``_prepare_tree``: trafilatura copies the cleaned tree as a backup before converting its tags;
  the backup is read only by the comparison with the external extractors (``fast=False``) and
  by the comment extraction on a forum page (``include_comments``). newsmon's settings
  (``fast=True``, no comments; ``pipelines.extraction.EXTRACTION_SETTINGS``) read neither, so the
  copy (~0.3 ms a page) is made only when the options need it.

Measured in instructions (``python bench/instructions.py --step 3``: 61 benchmark pages, one
hash seed), the two together: a worker's ``analyse`` 168.5 → 166.9 M a page (−1 %).

Proven the same: ``python bench/analyse_dump.py`` gives the identical output, byte for byte, with
and without ``install`` on the 181 benchmark pages and trafilatura's 990 evaluation pages; the
tests (tests/test_fastprune.py) compare the trees on crafted cases and the fixtures.

The two functions follow trafilatura's own (Apache License 2.0, © Adrien Barbaresi), changed
where said above.
"""
from __future__ import annotations

import hashlib
import inspect
import logging
import sys
from contextlib import nullcontext
from copy import copy

from lxml import etree
import trafilatura.core
from trafilatura.htmlprocessing import convert_tags, tree_cleaning
from trafilatura.settings import Extractor
from trafilatura.xml import delete_element, xmltotxt

from pipelines.fastclean import known_values

logger = logging.getLogger(__name__)

__all__ = ["install", "outermost", "prepare_tree", "prune_unwanted_nodes", "text_in_place"]

#: The attribute that marks the matches while libxml2 looks for the outermost ones; a name no
#: page uses (an attribute a page already has under this name is left as it was).
MARK = "data-newsmon-prune-mark"
_OUTERMOST = etree.XPath(f"descendant-or-self::*[@{MARK}][not(ancestor::*[@{MARK}])]")
#: sha256 (first 16 hex digits) of the source of the functions replaced, in trafilatura 2.3.1.
#: Each is put where trafilatura calls it from: the module-level name its callers look up.
REPLACED = {
    ("trafilatura.htmlprocessing", "prune_unwanted_nodes", "4731f8e24ef86449"):
        ("trafilatura.main_extractor", "prune_unwanted_nodes"),
    ("trafilatura.core", "_prepare_tree", "9595f0642825c2c7"): ("trafilatura.core", "_prepare_tree"),
}
#: trafilatura's functions that ``install`` replaced, by (caller module, name): to compare with.
ORIGINALS: dict[tuple[str, str], object] = {}


def outermost(matches: dict, tree) -> list:
    """The elements of `matches` (an ordered dict of elements under `tree`) that have no ancestor
    in `matches`, in the order of `matches`: trafilatura's
    ``[e for e in matches if not any(a in matches for a in e.iterancestors())]``."""
    if len(matches) < 2:
        return list(matches)
    top = tree   # the XPath starts at the top of tree's tree, so that every match is under it
    for top in tree.iterancestors():
        pass
    marked = [e for e in matches if e.get(MARK) is None]
    try:
        for element in marked:
            element.set(MARK, "")
        found = set(_OUTERMOST(top))
    finally:
        for element in marked:
            del element.attrib[MARK]
    if len(marked) < len(matches):  # the page had the attribute itself: ask as trafilatura does
        return [e for e in matches if not any(a in matches for a in e.iterancestors())]
    return [e for e in matches if e in found]


def prune_unwanted_nodes(tree, nodelist, with_backup: bool = False):
    """trafilatura's ``htmlprocessing.prune_unwanted_nodes``: "Prune the HTML tree by removing
    unwanted sections"; with `with_backup`, nothing is pruned when the matches hold more than
    6/7 of the tree's text. The outermost matches are found by ``outermost``."""
    if not with_backup:
        for expression in nodelist:
            for subtree in expression(tree):
                delete_element(subtree)  # the tail text is preserved
        return tree
    matches = dict.fromkeys(elem for expression in nodelist for elem in expression(tree))
    outer = outermost(matches, tree)
    old_len = len(tree.text_content())
    if old_len - sum(len(elem.text_content()) for elem in outer) > old_len / 7:
        for elem in outer:
            delete_element(elem)
    return tree


def prepare_tree(tree, options, url):
    """trafilatura's ``core._prepare_tree``: "Clean and convert a raw tree, returning (converted,
    pre-conversion backup)"; the backup is None when `options` read none (``fast`` and no
    comments)."""
    cleaned = tree_cleaning(copy(tree), options)
    backup = copy(cleaned) if not options.fast or options.comments else None
    cleaned = convert_tags(cleaned, options, url)
    return cleaned, backup


#: ``bare_extraction``'s keyword arguments that ``text_in_place`` takes, by the name of the
#: ``Extractor`` option each sets (as ``bare_extraction`` builds it).
_OPTIONS = {"fast": "fast", "include_comments": "comments", "include_tables": "tables",
            "with_metadata": "with_metadata"}


def text_in_place(tree, url: str | None, settings: dict, values: str | None = None) -> str:
    """``trafilatura.bare_extraction(tree, url=url, **settings).text`` stripped ("" where that
    gives None), without its copy of `tree`: trafilatura prunes `tree` itself (see the module
    docstring). `settings` may hold the keys of ``_OPTIONS`` only (KeyError otherwise);
    ``with_metadata`` must be false. `values`, when given, are `tree`'s class and id values
    (``fastclean.known_values``: trafilatura's raw-tree expressions skip a page without their
    words). On a trafilatura without ``trafilatura_sequence`` this is ``bare_extraction``
    itself."""
    sequence = getattr(trafilatura.core, "trafilatura_sequence", None)
    if sequence is None or settings.get("with_metadata"):
        doc = trafilatura.core.bare_extraction(tree, url=url, **settings)
        return (doc.text or "").strip() if doc is not None else ""
    options = Extractor(output_format="python", url=url,
                        **{_OPTIONS[key]: value for key, value in settings.items()})
    try:   # the rest of bare_extraction, for these options
        with known_values(tree, values) if values is not None else nullcontext():
            postbody, text, _, comments = sequence(tree, options, url)
    except (TypeError, ValueError):
        logger.warning("discarding data: %s", url)
        return ""
    if len(text) < options.min_output_size and len(comments) < options.min_output_comm_size:
        return ""
    if options.max_tree_size and len(postbody) > options.max_tree_size:
        return ""   # bare_extraction first strips <hi> to get under; the settings have no limit
    return (xmltotxt(postbody, options.formatting) or "").strip()


def install() -> bool:
    """Put ``prune_unwanted_nodes`` and ``prepare_tree`` in trafilatura's place (``REPLACED``);
    True when both are. One whose trafilatura original is not the expected source is left as
    it is (logged at INFO)."""
    ours = {"prune_unwanted_nodes": prune_unwanted_nodes, "_prepare_tree": prepare_tree}
    done = True
    for (module, name, digest), (caller, called) in REPLACED.items():
        target = sys.modules.get(caller)
        original = getattr(sys.modules.get(module), name, None)
        if target is None or original is None:
            done = False
            continue
        if getattr(target, called, None) is ours[name]:
            continue
        if getattr(target, called, None) is not original:   # the caller holds another function
            logger.info("trafilatura's %s.%s is not %s.%s; left in place", caller, called, module, name)
            done = False
            continue
        try:
            source = inspect.getsource(original)
        except (OSError, TypeError):
            source = ""
        if hashlib.sha256(source.encode()).hexdigest()[:16] != digest:
            logger.info("trafilatura's %s.%s is not the expected one; left in place", module, name)
            done = False
            continue
        ORIGINALS[(caller, called)] = original
        setattr(target, called, ours[name])
    return done
