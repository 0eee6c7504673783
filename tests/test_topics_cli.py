"""`newsmon topics build`, `newsmon topics eval`, `newsmon tag`, through click's CliRunner, on
the tests' own texts (tests/fixtures/labelled/tagging-mini.jsonl and seed texts written here)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from newsmon.cli import cli
from topics.evaluate import evaluate, read_jsonl
from topics.score import score_topics
from topics.topicfile import load_topics

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "fixtures" / "labelled" / "tagging-mini.jsonl"


def run(*args, input=None):
    result = CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)
    return result


# ------------------------------------------------------------------ the scoring rule

def test_mentions_count_neither_way_and_hard_negatives_are_counted():
    gold = [
        {"id": "a", "labels": ["dialogue"], "mentions": ["venezuela_maduro"]},
        {"id": "b", "labels": ["none"], "mentions": [], "hard_negative": True},
        {"id": "c", "labels": ["none"], "mentions": [], "hard_negative": True},
        {"id": "d", "labels": ["remittances", "dialogue"], "mentions": []},
    ]
    pred = {"a": {"dialogue", "venezuela_maduro"}, "b": set(), "c": {"remittances"},
            "d": {"remittances"}}
    r = evaluate(gold, pred, ["dialogue", "venezuela_maduro", "remittances", "oil_tariffs"])
    assert "venezuela_maduro" not in r["per_topic"]          # a mention: neither tp nor fp
    assert "oil_tariffs" not in r["per_topic"]               # never labelled, never predicted
    assert r["per_topic"]["dialogue"] == {"precision": 1.0, "recall": 0.5, "f1": 2 / 3,
                                          "tp": 1, "fp": 0, "fn": 1, "support": 2}
    assert r["per_topic"]["remittances"]["fp"] == 1 and r["per_topic"]["remittances"]["tp"] == 1
    assert r["hard_negative_clean"] == 0.5
    assert r["micro_f1"] == pytest.approx(2 * 2 / (2 * 2 + 1 + 1))
    assert r["macro_f1"] == pytest.approx((2 / 3 + 2 / 3) / 2)


# ------------------------------------------------------------------ eval

def test_topics_eval_prints_the_figures():
    result = run("topics", "eval", str(MINI), "--errors")
    assert result.exit_code == 0, result.output
    out = result.output
    for word in ("prec", "macro-F1", "micro-F1",
                 "hard negatives left untagged", "energy_food_crisis", "es:", "en:"):
        assert word in out
    data = json.loads(run("topics", "eval", str(MINI), "--format", "json").output)
    assert data["texts"] == 6 and data["hard_negatives"] == 2
    assert data["macro_f1"] >= 0.75 and data["hard_negative_clean"] == 1.0
    assert set(data["per_topic"]) >= {"energy_food_crisis", "remittances", "military_threat"}


def test_topics_eval_rejects_a_bad_file(tmp_path):
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": 1, "text": "x"}\nnot json\n', encoding="utf-8")
    result = run("topics", "eval", str(bad))
    assert result.exit_code != 0 and "bad.jsonl:2" in result.output
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", encoding="utf-8")   # scored "texts 0" and exit 0 (a new user's trial)
    result = run("topics", "eval", str(empty))
    assert result.exit_code != 0 and "holds no labelled text" in result.output


# ------------------------------------------------------------------ tag

def test_tag_writes_one_line_per_article_with_assigned_topics_only():
    rows = read_jsonl(MINI)
    lines = "".join(json.dumps({k: r[k] for k in ("id", "title", "text")}) + "\n" for r in rows)
    result = run("tag", "-", input=lines)
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.output.splitlines()]
    assert [o["id"] for o in out] == [r["id"] for r in rows]
    by_id = {o["id"]: o for o in out}
    assert [t["id"] for t in by_id["own-1"]["topics"]] == ["energy_food_crisis"]
    assert by_id["own-3"]["topics"] == [] and by_id["own-5"]["topics"] == []
    first = by_id["own-1"]["topics"][0]
    assert set(first) == {"id", "score", "evidence"} and first["score"] > 0 and first["evidence"]
    assert by_id["own-1"]["topics_version"] == load_topics().version


def test_tag_reads_a_file_and_can_show_every_score(tmp_path):
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"id": 7, "title": "", "text": "Nothing to see here."}) + "\n",
                   encoding="utf-8")
    out = json.loads(run("tag", str(src), "--all-scores").output)
    assert out["id"] == 7 and len(out["topics"]) == 12
    assert all(t["assigned"] is False for t in out["topics"])
    bad = run("tag", "-", input="[1, 2]\n")
    assert bad.exit_code != 0 and "line 1" in bad.output
    # A misspelt key would otherwise read as "no topic": a line with nothing to tag is an error.
    misspelt = run("tag", "-", input='{"id": 8, "title": "Cuba"}\n{"id": 9, "body": "Apagón"}\n')
    assert misspelt.exit_code != 0 and "line 2" in misspelt.output and "text" in misspelt.output


# ------------------------------------------------------------------ build, on another subject

SEEDS = {
    "hives.txt": """Beekeepers across the valley report that the varroa mite is the main threat to
their hives this year. The varroa mite feeds on bee larvae and spreads viruses through the colony.

Treating hives against varroa mites in late summer keeps colonies strong for winter. Many
beekeepers now count mites on a sticky board before they decide on a treatment.

A colony that loses its queen can raise a new queen from young larvae. Beekeepers check the
brood frames every week to see that the queen is laying eggs.

The honey harvest depends on the nectar flow. In a good year a strong colony fills several
supers with honey, and beekeepers extract the honey from the frames in August.""",
    "cycling.txt": """The city council approved twelve kilometres of protected bike lanes on the
main avenues. Cyclists have asked for protected bike lanes since two riders were hit by cars.

Traffic engineers say protected bike lanes reduce crashes between cars and cyclists at
junctions. The new lanes will have kerbs that separate cyclists from car traffic.

Bike sharing stations will open next to every metro station. Riders can unlock a shared bike
with a phone and return the bike to any bike sharing station in the city.

Helmet use among cyclists has risen since the council started a helmet campaign in schools.
Doctors say helmets prevent most serious head injuries when cyclists fall.""",
}


@pytest.fixture
def seed_dir(tmp_path):
    d = tmp_path / "seeds"
    d.mkdir()
    for name, text in SEEDS.items():
        (d / name).write_text(text, encoding="utf-8")
    (d / "notes.bin").write_bytes(b"\x00\x01")  # not a seed text: ignored
    return d


def test_build_proposes_topics_for_another_subject(seed_dir, tmp_path):
    out = tmp_path / "proposed.yaml"
    result = run("topics", "build", str(seed_dir), "--count", "2", "--out", str(out))
    assert result.exit_code == 0, result.output
    proposed = load_topics(out)  # the proposal is a valid topics file as it stands
    assert len(proposed.topics) == 2
    terms = {t.id: {x.text for x in t.terms["en"]} for t in proposed.topics}
    bees = next(i for i, ts in terms.items() if any("mite" in x or "hive" in x for x in ts))
    bikes = next(i for i, ts in terms.items() if any("bike" in x or "cyclist" in x for x in ts))
    assert bees != bikes
    new_bees = ("Varroa mites were found in most hives inspected this spring. Beekeepers who "
                "treated their hives in summer lost fewer colonies over winter.")
    new_bikes = ("The council will paint new bike lanes next month. Cyclists say protected bike "
                 "lanes keep riders safe from car traffic.")
    got = {s.topic_id for s in score_topics("", new_bees, "en", proposed) if s.assigned}
    assert got == {bees}
    got = {s.topic_id for s in score_topics("", new_bikes, "en", proposed) if s.assigned}
    assert got == {bikes}


def test_build_to_stdout_and_errors(seed_dir, tmp_path):
    result = run("topics", "build", str(seed_dir), "--count", "2")
    assert result.exit_code == 0 and result.output.startswith("# Topics proposed")
    empty = tmp_path / "empty"
    empty.mkdir()
    result = run("topics", "build", str(empty))
    assert result.exit_code != 0 and "no seed texts" in result.output
    # the README's "--out bees/topics.yaml" in a folder without bees/ (a trial: a traceback)
    result = run("topics", "build", str(seed_dir), "--count", "2", "--out", str(tmp_path / "bees" / "topics.yaml"))
    assert result.exit_code == 0 and (tmp_path / "bees" / "topics.yaml").exists()
    (tmp_path / "file").write_text("x")
    result = run("topics", "build", str(seed_dir), "--count", "2", "--out", str(tmp_path / "file" / "t.yaml"))
    assert result.exit_code != 0 and "cannot write" in result.output and "Traceback" not in result.output


def test_build_does_not_replace_an_edited_topics_file_without_force(seed_dir, tmp_path):
    """A tester re-ran the README's `topics build ... --out` over the topics file they had
    tuned by hand: it was replaced without a word."""
    out = tmp_path / "topics.yaml"
    out.write_text("# tuned by hand\n", encoding="utf-8")
    result = run("topics", "build", str(seed_dir), "--count", "2", "--out", str(out))
    assert result.exit_code != 0 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "# tuned by hand\n"
    assert run("topics", "build", str(seed_dir), "--count", "2", "--out", str(out), "--force").exit_code == 0
    assert load_topics(out).topics


@pytest.mark.parametrize("edit, names", [
    (lambda d: d["topics"][0].update(treshold=9.0), "'treshold' is unknown"),
    (lambda d: d["defaults"].update(min_sentence=1), "'min_sentence' is unknown"),
    (lambda d: d.update(embeding={"enabled": False}), "'embeding' is unknown"),
    (lambda d: d["topics"][0]["terms"]["en"].update({True: 2}), "quote it"),
])
def test_a_misspelt_key_of_the_topics_file_is_an_error_not_ignored(tmp_path, edit, names):
    """A tester's `treshold: 9.0` and `negatve:` changed nothing, silently."""
    data = yaml.safe_load((ROOT / "config" / "topics.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "topics.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = run("topics", "eval", str(MINI), "--topics", str(path))
    assert result.exit_code != 0 and names in result.output and "Traceback" not in result.output


def test_eval_refuses_a_label_that_is_no_topic(tmp_path):
    """A tester's {"labels": ["nosuch"]} gave exit 0 and an empty table."""
    path = tmp_path / "l.jsonl"
    path.write_text(json.dumps({"id": "1", "text": "Texto.", "labels": ["nosuch"]}) + "\n", encoding="utf-8")
    result = run("topics", "eval", str(path))
    assert result.exit_code != 0 and "'nosuch' is no topic" in result.output


def test_build_reads_each_paragraph_in_its_own_language(tmp_path):
    """A tester's English seeds with a Spanish paragraph each: "los" and "las" came out as the
    top English terms of a topic."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    en = ("Electric car sales rose again as battery prices fell. Automakers cut the prices of "
          "their electric models to win buyers from petrol cars this year.")
    es = ("Las ventas de los coches eléctricos subieron de nuevo mientras los precios de las "
          "baterías bajaron. Los fabricantes bajaron los precios de los modelos eléctricos.")
    moon = ("NASA's Artemis program aims to return astronauts to the Moon. The rocket and the "
            "capsule carried the first crew around the Moon and back to Earth.")
    luna = ("La NASA prepara el regreso de los astronautas a la Luna. Los ingenieros dicen que "
            "las pruebas del cohete y de la cápsula fueron un éxito para las misiones.")
    (seeds / "cars.txt").write_text(f"{en}\n\n{es}\n\n{en}\n\n{es}\n", encoding="utf-8")
    (seeds / "moon.txt").write_text(f"{moon}\n\n{luna}\n\n{moon}\n\n{luna}\n", encoding="utf-8")
    out = tmp_path / "t.yaml"
    assert run("topics", "build", str(seeds), "--count", "2", "--out", str(out)).exit_code == 0
    proposal = yaml.safe_load(out.read_text(encoding="utf-8"))
    for topic in proposal["topics"]:
        english = set(topic["terms"].get("en", {}))
        assert not english & {"los", "las", "de", "la"}, topic["terms"]
        assert topic["terms"].get("es"), topic["terms"]   # the Spanish paragraphs' own terms
    load_topics(out)


def test_a_seed_file_in_latin_1_is_read_as_latin_1(tmp_path):
    """A tester's Spanish seeds, saved as Latin-1, came out as "sanci\ufffdn": no term matched."""
    from topics.build import read_seeds

    d = tmp_path / "seeds"
    d.mkdir()
    text = ("Las sanciones económicas contra la isla se endurecieron este año. La sanción más "
            "reciente afecta a las remesas y a los envíos de combustible hacia el oriente.\n") * 3
    (d / "latin.txt").write_bytes(text.encode("latin-1"))
    (d / "bom.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    (d / "drafts.md").mkdir()   # a folder named like a seed file is no seed
    assert read_seeds(d) == [text, text]


def test_addresses_in_seed_texts_give_no_terms():
    from topics.build import paragraphs

    [unit] = paragraphs(["Sources: https://www.reuters.com/world/cuba-talks and www.cubadebate.cu, "
                         "cubaminrex.com and prensa@minrex.gob.cu, on the migration talks held in Havana "
                         "this week between the two delegations."])
    assert unit.startswith("Sources: and") and unit.endswith("held in Havana this week between the two delegations.")
    assert not any(piece in unit for piece in ("reuters", "www", "cubadebate", "com", "minrex", "@"))


def test_build_says_when_it_proposes_fewer_topics_than_asked(seed_dir):
    result = CliRunner().invoke(cli, ["topics", "build", str(seed_dir), "--count", "50"])
    assert result.exit_code == 0
    assert result.stderr.startswith("note: ") and "not 50" in result.stderr


def test_texts_on_no_topic_left_untagged_score_n_a_not_zero():
    """A trial: one English text with no labels, rightly untagged, read "macro-F1 0.000"."""
    from topics.evaluate import evaluate_tagger, format_report

    gold = [{"id": 1, "language": "en", "labels": []},
            {"id": 2, "language": "es", "labels": ["energy"]}]
    result = evaluate_tagger(gold, lambda row: set(row["labels"]), ["energy"])
    report = format_report(result)
    assert "  en: macro-F1 n/a  micro-F1 n/a  (1 texts)" in report
    assert "  es: macro-F1 1.000  micro-F1 1.000  (1 texts)" in report
