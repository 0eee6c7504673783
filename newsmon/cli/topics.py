"""`newsmon topics build|eval` and `newsmon tag`: thin wrappers over ``topics.score``,
``topics.build`` and ``topics.evaluate`` (the logic lives there)."""
from __future__ import annotations

import json
import logging
import os
import sys

import click

from newsmon.cli.base import fail
from newsmon.cli.options import format_option, topics_option

log = logging.getLogger(__name__)

_topics_option = topics_option


def _embedding_option(f):
    return click.option("--no-embedding", is_flag=True,
                        help="Lexicon only, even when the embedding model is installed.")(f)


def _load(topics_file):
    from topics.topicfile import load_topics

    try:
        return load_topics(topics_file)
    except ValueError as exc:
        fail(f"cannot use the topics file: {exc}")


@click.group()
def topics():
    """Build the topics that articles are tagged with from a seed corpus, and measure them on
    labelled texts (`newsmon tag` shows one text's scores).

    Example: newsmon topics eval labelled.jsonl
    """


@topics.command("build")
@click.argument("seed_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--out", "out_file", type=click.Path(dir_okay=False), default=None,
              help="Write the proposed YAML here (default: standard output).")
@click.option("--count", "n_topics", type=click.IntRange(1, 50), default=None,
              help="Number of topics to propose (default: chosen from the corpus size).")
@click.option("--terms", "n_terms", type=click.IntRange(3, 100), default=15, show_default=True,
              help="Weighted terms per topic.")
@click.option("--force", is_flag=True, help="Replace the --out file when it exists.")
def topics_build(seed_dir, out_file, n_topics, n_terms, force):
    """Propose topics and weighted terms from a folder of seed texts (.txt, .md), as a
    topics YAML to edit: keyphrases per cluster of paragraphs, with labels, descriptions
    and a threshold to review.

    Example: newsmon topics build seeds/ --out config/topics.yaml
    """
    from topics.build import build_topics, to_yaml

    if out_file and os.path.exists(out_file) and not force:
        # the file is often the topics file edited by hand since the last proposal
        fail(f"{out_file} exists; write the proposal elsewhere, or add --force to replace it")
    try:
        proposal = build_topics(seed_dir, n_topics=n_topics, n_terms=n_terms)
    except ValueError as exc:
        fail(str(exc))
    except OSError as exc:   # a seed file the user cannot read
        fail(f"cannot read {exc.filename or seed_dir}: {exc.strerror or exc}; fix its permissions "
             f"or move it out of {seed_dir}")
    if n_topics and len(proposal) < n_topics:
        click.echo(f"note: {len(proposal)} topics, not {n_topics}: the seeds hold no more distinct "
                   f"groups of paragraphs; add seed texts for the others", err=True)
    text = to_yaml(proposal, source=seed_dir)
    if out_file:
        try:
            os.makedirs(os.path.dirname(out_file) or ".", exist_ok=True)   # "bees/topics.yaml"
            with open(out_file, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            fail(f"cannot write {out_file}: {exc.strerror or exc}; give --out a file in a folder you can write to")
        click.echo(f"{len(proposal)} topics written to {out_file}; edit labels, terms and "
                   f"thresholds, then check with: newsmon topics eval LABELLED.jsonl "
                   f"--topics {out_file}", err=True)
    else:
        click.echo(text, nl=False)


@topics.command("eval")
@click.argument("labelled", type=click.Path(exists=True, dir_okay=False))
@_topics_option
@_embedding_option
@format_option("table", "json")
@click.option("--errors", "show_errors", is_flag=True, help="Also list the texts tagged wrongly.")
def topics_eval(labelled, topics_file, no_embedding, fmt, show_errors):
    """Per-topic precision, recall and F1, micro and macro F1, and the share of hard
    negatives left untagged, for a labelled JSONL file (id, title, text, language, labels,
    mentions, hard_negative). A topic in `mentions` counts neither way.

    Example: newsmon topics eval ../shared/labelled/tagging-dev.jsonl --errors
    """
    from topics.evaluate import evaluate_tagger, format_report, read_jsonl
    from topics.score import score_topics

    ts = _load(topics_file)
    try:
        gold = read_jsonl(labelled)
    except ValueError as exc:
        fail(str(exc))
    if not gold:   # no text: a score of nothing, not a pass
        fail(f"{labelled} holds no labelled text; give a JSONL file, one text a line (id, text, labels)")
    if not all("id" in r and "text" in r for r in gold):
        fail(f"{labelled}: every line needs at least 'id' and 'text'")
    unknown = sorted({t for r in gold for t in [*(r.get("labels") or []), *(r.get("mentions") or [])]}
                     - set(ts.ids) - {"none"})
    if unknown:   # a misspelt label scores nothing and passes unseen
        fail(f"{labelled}: label {unknown[0]!r} is no topic of {ts.path}; topics: {', '.join(ts.ids)}")

    def tag(row):
        scores = score_topics(row.get("title") or "", row["text"], row.get("language"), ts,
                              use_embedding=False if no_embedding else None)
        return {s.topic_id for s in scores if s.assigned}

    result = evaluate_tagger(gold, tag, ts.ids)
    result["topics_version"] = ts.version
    if fmt == "json":
        click.echo(json.dumps(result, indent=2))
        return
    click.echo(format_report(result))
    if show_errors:
        for e in result["errors"]:
            click.echo(f"  {e['id']}: missed {', '.join(e['missed']) or '-'}; "
                       f"extra {', '.join(e['extra']) or '-'}")


@click.command("tag")
@click.argument("source", type=click.File("r", encoding="utf-8"), default="-", metavar="[FILE|-]")
@_topics_option
@_embedding_option
@click.option("--all-scores", is_flag=True,
              help="List every topic's score (with 'assigned'), not only the assigned ones.")
def tag(source, topics_file, no_embedding, all_scores):
    """Tag JSON lines (id, title, text, optional language) read from FILE or standard input;
    write one JSON line each: {"id", "topics": [{"id", "score", "evidence"}]} with the
    topics assigned.

    Example: newsmon tag articles.jsonl > tags.jsonl
    """
    from topics.score import score_topics

    ts = _load(topics_file)
    out = sys.stdout
    for n, line in enumerate(source, 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            if not isinstance(row, dict) or "id" not in row:
                raise ValueError("no 'id'")
            if not str(row.get("title") or "").strip() and not str(row.get("text") or "").strip():
                # Tagged as nothing, it would read as "no topic" (a misspelt "body" key, say).
                raise ValueError("no 'title' or 'text' to tag")
        except (json.JSONDecodeError, ValueError) as exc:
            fail(f"line {n}: expected a JSON object with id, title, text ({exc})")
        scores = score_topics(str(row.get("title") or ""), str(row.get("text") or ""),
                              row.get("language"), ts,
                              use_embedding=False if no_embedding else None)
        if all_scores:
            topics_out = [{**s.as_dict(), "assigned": s.assigned} for s in scores]
        else:
            topics_out = [s.as_dict() for s in scores if s.assigned]
        out.write(json.dumps({"id": row["id"], "topics": topics_out,
                              "topics_version": ts.version}, ensure_ascii=False) + "\n")
