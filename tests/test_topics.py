"""The topic scorer on the project's real topics.yaml: loading and validation, inflection and
accents, about vs mention, title weight, context and negative terms, evidence.

The texts here are the tests' own (short news-like paragraphs), not the labelled dev set.
"""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from topics.text import prepare, split_sentences, stem
from topics.score import score_topics
from topics.topicfile import load_topics

ROOT = Path(__file__).resolve().parents[1]
IDS = ["dialogue", "red_lines", "property_claims", "energy_food_crisis", "venezuela_maduro",
       "gaesa_sanctions", "remittances", "oil_tariffs", "hemispheric_doctrine",
       "military_threat", "security_cooperation", "foreign_alliances"]


@pytest.fixture(scope="module")
def topics():
    return load_topics(ROOT / "config" / "topics.yaml")


def assigned(title, text, topics, language=None, **kw):
    return {s.topic_id for s in score_topics(title, text, language, topics, **kw) if s.assigned}


def test_the_twelve_topics_of_the_seed_corpus(topics):
    assert topics.ids == IDS
    for t in topics.topics:
        assert t.label and t.description and t.description_es and t.threshold > 0
        assert t.terms["en"] and t.terms["es"], f"{t.id} needs English and Spanish terms"


def test_version_is_a_short_hash_of_the_file(tmp_path, topics):
    copy = tmp_path / "topics.yaml"
    copy.write_bytes((ROOT / "config" / "topics.yaml").read_bytes())
    assert load_topics(copy).version == topics.version and len(topics.version) == 12
    copy.write_text(copy.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert load_topics(copy).version != topics.version


def test_default_path_follows_environment_then_cwd(tmp_path, monkeypatch, topics):
    mine = tmp_path / "mine.yaml"
    mine.write_text(_mini_yaml(), encoding="utf-8")
    monkeypatch.setenv("NEWSMON_TOPICS", str(mine))
    assert load_topics().ids == ["bees"]
    monkeypatch.delenv("NEWSMON_TOPICS")
    monkeypatch.chdir(tmp_path)  # no config/ here: the repo's file
    assert load_topics().version == topics.version


def _mini_yaml(**override) -> str:
    topic = {"label": "Bees", "description": "Beekeeping.", "threshold": 2,
             "terms": "{en: {hive: 2, honey: 1}}"}
    topic.update(override)
    body = "\n".join(f"    {k}: {v}" for k, v in topic.items() if v is not None)
    return f"defaults: {{context: []}}\ntopics:\n  - id: bees\n{body}\n"


@pytest.mark.parametrize("override, words", [
    ({"label": None}, ["'bees'", "'label'"]),
    ({"threshold": "'high'"}, ["'bees'", "'threshold'"]),
    ({"terms": "{ru: {улей: 2}}"}, ["'bees'", "'terms'", "ru", "pt, fr"]),
    ({"terms": "{en: {hive: many}}"}, ["'bees'", "'terms'", "hive"]),
    ({"terms": "{en: {the of: 2}}"}, ["'bees'", "'terms'", "the of"]),
    ({"terms": None}, ["'bees'", "'terms'"]),
])
def test_validation_errors_name_topic_and_key(tmp_path, override, words):
    path = tmp_path / "t.yaml"
    path.write_text(_mini_yaml(**override), encoding="utf-8")
    with pytest.raises(ValueError) as err:
        load_topics(path)
    message = str(err.value)
    assert "\n" not in message
    for w in words:
        assert w in message


def test_missing_file_and_bad_yaml_are_one_line_errors(tmp_path):
    with pytest.raises(ValueError, match="cannot read topics file"):
        load_topics(tmp_path / "nope.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("topics: [\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not valid YAML"):
        load_topics(bad)
    bad.write_text("topics:\n  - id: a\n    name: [unclosed\n  - id: b\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.yaml: line \d+ is not valid YAML"):
        load_topics(bad)   # the line to look at, as for the outlets file


def test_spanish_inflection_and_accents_meet_on_one_stem():
    assert stem("apagón", "es") == stem("apagones", "es") == stem("apagon", "es")
    assert stem("remesa", "es") == stem("remesas", "es")
    assert stem("negociación", "es") == stem("negociaciones", "es")
    assert stem("blackouts", "en") == stem("blackout", "en")


def test_sentences_keep_abbreviations_whole():
    got = split_sentences("EE. UU. sancionó a GAESA. La medida rige desde hoy.\nOtra línea")
    assert got == ["EE. UU. sancionó a GAESA.", "La medida rige desde hoy.", "Otra línea"]


BLACKOUT_ES = textwrap.dedent("""\
    Los apagones volvieron a dejar sin corriente a la mayor parte de la isla durante la noche.
    La Unión Eléctrica informó de un déficit de generación por averías en dos termoeléctricas.
    Las familias cubanas denuncian además escasez de alimentos y de medicamentos.""")


def test_a_story_about_blackouts_in_either_language(topics):
    assert "energy_food_crisis" in assigned("Otra noche de apagón en Cuba", BLACKOUT_ES, topics)
    unaccented = BLACKOUT_ES.replace("ó", "o").replace("é", "e").replace("apagones", "apagones")
    assert "energy_food_crisis" in assigned("Otra noche de apagon en Cuba", unaccented, topics)
    en = ("Blackouts left most of Cuba without power overnight. The state utility reported a "
          "generation deficit after breakdowns at two thermoelectric plants. Cuban families also "
          "face shortages of food and medicine.")
    assert "energy_food_crisis" in assigned("Cuba in the dark", en, topics)


def test_a_passing_mention_is_not_the_subject(topics):
    text = ("Industriales won the Havana derby 6-3 in front of a full stadium. The starting pitcher "
            "allowed four hits in seven innings, and the cleanup hitter homered in the eighth. "
            "Fans said the lights had held up despite the blackouts of the past week. "
            "The series goes on in Santiago de Cuba on Sunday.")
    scores = {s.topic_id: s for s in score_topics("Industriales win the derby", text, "en", topics)}
    assert scores["energy_food_crisis"].score > 0      # the blackout is seen ...
    assert not scores["energy_food_crisis"].assigned   # ... and rated a mention
    assert not any(s.assigned for s in scores.values())


def test_the_title_weighs_more_than_a_body_sentence(topics):
    body = ("Officials met on Monday. Cuba said it remains open to dialogue with Washington. "
            "No date was set.")
    plain = next(s for s in score_topics("A quiet Monday", body, "en", topics)
                 if s.topic_id == "dialogue")
    titled = next(s for s in score_topics("Cuba open to dialogue with Washington", body, "en",
                                          topics) if s.topic_id == "dialogue")
    assert titled.score > plain.score


def test_context_and_negative_terms_keep_other_wars_out(topics):
    text = ("Russian troops launched a drone attack on a Ukrainian munitions depot. Military "
            "drills and an invasion threat dominate the front line. The armed forces of Ukraine "
            "prepare for further escalation.")
    assert "military_threat" not in assigned("Drone strike in Zaporizhzhia", text, topics, "en")


def test_scores_cover_every_topic_best_first_with_evidence(topics):
    scores = score_topics("Otra noche de apagón en Cuba", BLACKOUT_ES, "es", topics)
    assert sorted(s.topic_id for s in scores) == sorted(IDS)
    assert scores[0].topic_id == "energy_food_crisis" and scores[0].assigned
    assert [s.score for s in scores[1:]] == sorted((s.score for s in scores[1:]), reverse=True)
    ev = scores[0].evidence
    assert ev and any("apag" in e.lower() and "Unión Eléctrica" in "".join(ev) for e in ev)
    assert all(e.startswith("[") for e in ev)  # "[matched terms] sentence"
    assert scores[0].as_dict()["id"] == "energy_food_crisis"


def test_language_is_guessed_when_missing(topics):
    assert prepare("", BLACKOUT_ES, None).language == "es"
    assert prepare("", "The grid failed again and the island went dark.", None).language == "en"
    assert "energy_food_crisis" in assigned("", BLACKOUT_ES, topics, language=None)


@pytest.mark.parametrize("title, text, language", [
    ("Venezuela oil exports slump under sanctions",
     "Venezuela's oil exports fell 30% in March as US sanctions on PDVSA took hold, according to "
     "shipping data. President Nicolás Maduro's government blamed Washington for the drop and "
     "said it would find new buyers in Asia. Maduro said Venezuela would not bow to pressure. "
     "Cuba, once a major buyer of Venezuelan crude, received only two cargoes.", "en"),
    ("Cuba gana el oro en el Panamericano de boxeo",
     "El boxeador cubano ganó la medalla de oro tras vencer al representante de Estados Unidos. "
     "La delegación de Cuba suma cinco títulos. El entrenador destacó meses de entrenamiento en "
     "La Habana, a pesar de los apagones que afectaron las prácticas.", "es"),
    ("Cuban cigar sales hit record",
     "Habanos S.A. reported record sales of premium Cuban cigars last year, led by demand in "
     "China and Spain. The joint venture said revenue grew 15%. New limited editions will be "
     "presented at the Habano Festival in Havana.", "en"),
    ("The Monroe Doctrine at 200",
     "Two hundred years ago, President James Monroe told Congress that the Americas were closed "
     "to new European colonization. The Monroe Doctrine shaped US policy in the Western "
     "Hemisphere for a century. Historians still debate whether it justified US dominance over "
     "Latin America.", "en"),
])
def test_hard_negatives_of_each_kind_stay_untagged(topics, title, text, language):
    assert assigned(title, text, topics, language) == set()


def test_a_monitor_in_portuguese_french_german_or_italian(tmp_path):
    """A trial's EU–Mercosur monitor: a topics file with Portuguese terms was refused
    ("unknown language 'pt'"), and Portuguese and French texts were never tagged."""
    path = tmp_path / "topics.yaml"
    path.write_text(textwrap.dedent("""\
        topics:
          - id: deforestation
            label: Deforestation
            description: Forest loss and the trade agreement's environmental clauses.
            threshold: 3
            terms:
              pt: {desmatamento: 3, floresta: 2}
              fr: {déforestation: 3, forêt: 2}
              de: {Abholzung: 3, Wald: 2}
              it: {deforestazione: 3, foresta: 2}
              any: {Amazônia: 1, die: 1}
        """), encoding="utf-8")
    topics = load_topics(path)   # "die" is a German function word, an English verb: kept in en
    texts = {
        "pt": "O desmatamento na Amazônia caiu pela metade, segundo o governo, e as florestas "
              "do sul não foram consultadas sobre o acordo com a União Europeia.",
        "fr": "La déforestation en Amazônia inquiète les agriculteurs français : les forêts "
              "ne sont pas protégées par l'accord avec le Mercosur, disent-ils.",
        "de": "Die Abholzung im Amazônia-Gebiet nimmt zu, und die Wälder sind nicht durch das "
              "Abkommen geschützt, sagen die Bauern.",
        "it": "La deforestazione in Amazônia preoccupa gli agricoltori: le foreste non sono "
              "protette dall'accordo con il Mercosur.",
    }
    for lang, text in texts.items():
        # with the article's language, and guessed from its words when it has none
        for declared in (lang, None):
            got = {s.topic_id for s in score_topics("", text, declared, topics) if s.assigned}
            assert got == {"deforestation"}, (lang, declared)
    # an English text is still read as English ("die" is its verb there)
    assert prepare("", "Trees die when the forest burns, the government said.", None).language == "en"
