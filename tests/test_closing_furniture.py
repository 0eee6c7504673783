"""What closes an article's text on the tenth probe's pages (templates of The Hill, Fox News,
CBS News, Vox, el Nuevo Herald, the Sun Sentinel, De Standaard, Aftonbladet, Yle News, Gazeta
Wyborcza, Meduza, Der Standard, the NZZ and 14ymedio, written for the probe): each line a
reader would not count as the story goes, and a story's own sentence that looks like one stays.
The functions are the ones ``pipelines.extraction`` runs, in its order."""
from __future__ import annotations

import gzip
from pathlib import Path

from pipelines.authors import clean_authors
from pipelines.bodytext import continue_body, drop_closing_dates
from pipelines.dateforms import date_only, published_part
from pipelines.extraction import extract_article
from pipelines.appeals import cut_closing_appeal
from pipelines.furniture import (cut_author_bios, cut_closing_prompts, cut_paywall_tail, cut_related_tail,
                                 drop_closing_heading, drop_inline_prompts, drop_related_labels)
from pipelines.furniturelines import drop_closing_tag, drop_credit_lines

STORY = "\n".join(["Early voting in the runoff begins May 18, the secretary of state's office said."] * 4)


def closed(text: str, subheads: frozenset[str] = frozenset()) -> str:
    """``pipelines.extraction``'s rules for the end of the text, in its order (`subheads`: the
    page's ``<h2>``–``<h6>`` texts, ``norm_text`` forms)."""
    text = drop_closing_heading(cut_closing_appeal(cut_author_bios(cut_closing_prompts(drop_credit_lines(
        cut_paywall_tail(cut_related_tail(text)))))), subheads)
    return drop_closing_dates(drop_closing_tag(text))


def test_closing_prompts_and_notices_go():
    for tail in ("Join the Conversation\nComments are closed for this article.",
                 "NEWYou can now listen to Fox News articles!",
                 "Abridged translation by Anna Korsh",
                 "Check out our WhatsApp channel for the latest news from Finland and around the world, "
                 "and follow us on Instagram.",
                 "Listen to All Points North, Yle News' weekly podcast about life in Finland, on Yle Areena, "
                 "Apple Podcasts or Spotify.",
                 "Få notiser om Valet 2026 i Aftonbladets app",
                 "Reciba las noticias de Cuba en su correo",
                 "Únete al canal de 14ymedio en WhatsApp y recibe nuestras noticias directamente en tu teléfono.",
                 "Dziękujemy, że jesteś z nami. Dzięki Twojej prenumeracie możemy pisać o sprawach, które są "
                 "ważne dla Ciebie i dla Polski. Podaruj prenumeratę bliskiej osobie.",
                 "ers (reuters, efe, afp)", "ABC/Reuters", "Source: Al Jazeera and news agencies",
                 "With reports from Rory Fenwick in Calgary and The Canadian Press",
                 "Find The Irish Times on WhatsApp and stay up to date\nListen to our Inside Politics podcast "
                 "for the best political chat and analysis",
                 "(Except for the headline, this story has not been edited by NDTV staff and is published "
                 "from a syndicated feed.)",
                 "Thank you for reading\nAt The Independent, we believe that everyone deserves access to "
                 "accurate, fearless reporting. That's why we've kept our journalism free for all. We rely on "
                 "readers like you to keep our newsroom running.\nSupport us today with a contribution from as "
                 "little as £1, and help keep independent journalism alive.",
                 "Read more news here on Havana Times.\nHelp Havana Times keep publishing. Independent "
                 "journalism from Cuba and Nicaragua depends on readers like you. Make a donation today.",
                 "***\nRecibe la información de CubaNet en tu teléfono a través de WhatsApp. Envíanos un mensaje "
                 "con la palabra “CUBA” al teléfono +1 (786) 000-0000, también puedes suscribirte a nuestro "
                 "boletín electrónico dando click aquí.",
                 "The Sun Sentinel Editorial Board consists of Opinion Editor Graham Whitley, Deputy Opinion "
                 "Editor Rosa Linares-Post and Executive Editor Margaret Osei. To contact us, email at "
                 "letters@sun-sentinel.com."):
        assert closed(f"{STORY}\n{tail}") == STORY, tail


def test_a_metered_paywall_and_its_appeal_go():
    """Vox's count of articles read above its membership appeal, the NZZ's "read on with" notice,
    el Nuevo Herald's and Der Standard's appeals under their headings."""
    for tail in ("You’ve read 1 article in the last month\nHere at Vox, we’re unwavering in our commitment "
                 "to covering the issues that matter most to you.\nWe rely on readers like you — join us.\n"
                 "Swati Sharma\nVox Editor-in-Chief\nWe accept credit card, Apple Pay, and Google Pay.",
                 "Lesen Sie weiter mit NZZ Digital\nSichern Sie sich unabhängigen Journalismus: 1 Monat für "
                 "nur 1 Franken.",
                 "El periodismo de calidad tiene un precio\nApoye el periodismo local e independiente. "
                 "Suscríbase hoy a el Nuevo Herald por solo $1 al mes.",
                 "Unabhängiger Journalismus braucht Ihre Unterstützung\nWerden Sie jetzt Unterstützer:in von "
                 "DER STANDARD und helfen Sie mit, qualitätsvollen Journalismus für alle frei zugänglich zu halten."):
        assert closed(f"{STORY}\n{tail}") == STORY, tail
    # a report of how many articles someone read stays
    said = "Readers said they had read three articles about the runoff before they voted."
    assert closed(f"{STORY}\n{said}") == f"{STORY}\n{said}"


def test_an_agencys_tag_after_the_last_sentence_goes():
    last = "Reizigers met een treinkaart kunnen een compensatie aanvragen via de website van de NMBS."
    for tag in (" (belga)", " (ANSA).", " (AFP/dpa)", " – Reuters", " — AP"):
        assert closed(f"{STORY}\n{last}{tag}") == f"{STORY}\n{last}"
    # a closing line of its own in brackets, and brackets inside the last sentence, stay
    credit = f"{STORY}\n\n(Image credit: All About Space)"
    assert drop_closing_tag(credit) == credit
    inside = f"{STORY}\nThe vote was delayed by the national rail operator (NMBS)."
    assert drop_closing_tag(inside) == inside
    dash = f"{STORY}\nThe vote was delayed by the national rail operator - and by the weather."
    assert drop_closing_tag(dash) == dash


def test_the_first_publication_closing_the_text_is_a_date_line():
    """CBS News's live blog closes with "First published on …" under its last entry."""
    line = "      First published on March 3, 2026 / 6:00 AM EST"
    assert date_only(line.strip())
    assert closed(f"{STORY}\n{line}") == STORY
    assert published_part("Updated on March 4, 2026 / First published on March 3, 2026").strip() == "March 3, 2026"


def test_an_editorial_board_is_nobody():
    assert clean_authors("Sun Sentinel Editorial Board", None, "sun-sentinel.com") == []
    assert clean_authors("The Times Editorial Board", None, None) == []
    assert clean_authors("Rosa Board", None, None) == ["Rosa Board"]


def test_the_readers_comments_do_not_continue_the_text():
    """Havana Times's template: the second extractor's text goes on past the story with the
    appeal, the comments' heading and the readers' prose; none of it continues the story."""
    last = "The Cuban government has not yet issued an official reaction to the embassy's announcement."
    text = f"{STORY}\n{last}"
    comments = ["So the US punishes Cuban families because the Cuban government won't take back deportees. "
                "The people in the middle always pay.",
                "Nick, the Cuban regime could end this tomorrow by accepting its own citizens back. Why should "
                "the US process visas for a government that refuses to cooperate?"]
    other = "\n".join([STORY, last, "9 COMMENTS", *comments, "LEAVE A REPLY"])
    assert continue_body(text, other) == text
    # without the heading, two paragraphs that continue the story are taken
    assert continue_body(text, "\n".join([STORY, last, *comments])) == "\n".join([text, *comments])


def test_an_appeal_that_quotes_someone_stays():
    said = ("“Help us keep going,” said the owner, who asked readers like you to make a donation today "
            "so the paper could keep publishing through the winter.")
    assert closed(f"{STORY}\n{said}") == f"{STORY}\n{said}"
    # a story's last sentence that asks for a donation to someone else stays
    for said in ("Residents can help the shelter keep going by donating food.",
                 "Those who wish to help can make a donation at the parish church."):
        assert closed(f"{STORY}\n{said}") == f"{STORY}\n{said}", said


def test_the_bbc_world_services_article_information_box():
    """BBC News Mundo's template (a probe page): the box above the text names the author after a
    label ending in a comma; its lines do not open the text, its name is the author."""
    from pipelines.extraction import extract_article

    story = "".join(f"<p>{line}</p>" for line in [
        "En apenas un mes, el gobierno de Estados Unidos anunció tres paquetes de sanciones contra Cuba.",
        "Las medidas afectan a empresas del conglomerado militar GAESA y a sus socios en el exterior.",
        "Los analistas consultados por BBC Mundo coinciden en que el impacto se notará en el turismo."] * 3)
    page = f"""<html lang="es"><head><title>Las claves de las sanciones - BBC News Mundo</title></head>
    <body><main><article><h1>Las claves de las nuevas sanciones de EE.UU. contra Cuba</h1>
    <section><h2 id="article-byline">Información del artículo</h2><ul role="list">
    <li><span>Autor, </span><span>Carolina Mena Urdaneta</span></li>
    <li><span>Título del autor, </span><span>BBC News Mundo</span></li>
    <li><span>Reporting from</span><span>Miami</span></li>
    <li><time datetime="2026-03-31">31 marzo 2026</time></li></ul></section>
    <div>{story}</div></article></main></body></html>"""
    got = extract_article(page, "https://www.bbc.com/mundo/articles/c0000000000o")
    assert got["authors"] == ["Carolina Mena Urdaneta"]
    assert got["text"].startswith("En apenas un mes")


def test_a_button_beside_the_byline_is_no_name():
    """The Irish Times's template (a probe page): one box holds the byline, its time and the share
    buttons; the agency's name is the only byline, and no author is given."""
    from pipelines.htmlparse import load_html
    from pipelines.bylinesearch import byline_search

    tree = load_html("""<html><body><div class="b-byline-share"><div class="c-attribution b-byline">
        <span class="c-attribution__byline"><a href="/author/reuters/">Reuters</a></span>
        <time datetime="2026-03-09T18:40:12Z">Mon Mar 09 2026 - 18:40</time></div>
        <div class="c-share"><button>Share</button><button>Gift article</button><button>Listen</button></div>
        </div><p>Venezuela's oil exports fell in February to their lowest level in five years.</p></body></html>""")
    assert clean_authors(byline_search(tree), None, "irishtimes.com") == []


def test_an_update_labelled_with_a_slash_is_not_the_date_line():
    """RTÉ's "Updated / <time>Friday, 13 Mar 2026</time>" beside the published date of the 12th."""
    from pipelines.extraction import extract_article

    story = "".join(f"<p>Farmers from every county are expected in Dublin on Saturday, {i}.</p>" for i in range(12))
    page = f"""<html><head><meta property="article:published_time" content="2026-03-12T22:40:00+00:00">
    </head><body><article><h1>Farmers to protest in Dublin as EU-Mercosur deal heads for final vote</h1>
    <div class="article-meta"><span class="modified-date">Updated / <time datetime="2026-03-13T08:15:00+00:00">
    Friday, 13 Mar 2026 08:15</time></span></div>{story}</article></body></html>"""
    got = extract_article(page, "https://www.rte.ie/news/2026/0312/1500000-farmers-protest/")
    assert got["date"] == "2026-03-12"


def test_a_teaser_card_read_first_does_not_open_the_text():
    """Al Jazeera's template (a probe page): the story is in ``<main>`` without an ``<article>``;
    the "More from News" cards under it are ``<article>``s, and trafilatura reads the first one
    before the rest, so its summary opened the text."""
    from pipelines.extraction import extract_article

    story = "".join(f"<p>Venezuela’s government has ordered rolling power cuts in {n} states as the "
                    f"drought drains the Guri reservoir, officials said on Friday.</p>" for n in range(3, 15))
    cards = "".join(f"""<article class="gc gc--type-post"><a href="/news/2026/3/28/story-{n}">
        <h3 class="gc__title">Another story of the day number {n} in the region</h3></a>
        <p class="gc__excerpt">Talks had been suspended since January after a wave of attacks, {n}.</p>
        </article>""" for n in range(3))
    page = f"""<html><head><title>Venezuela imposes power rationing | Al Jazeera</title></head><body>
    <main class="article-main"><h1>Venezuela imposes power rationing</h1>
    <div class="wysiwyg wysiwyg--all-content">{story}</div></main>
    <section class="more-stories"><h2>More from News</h2>{cards}</section></body></html>"""
    got = extract_article(page, "https://www.aljazeera.com/news/2026/3/28/venezuela-power-rationing")
    assert got["text"].startswith("Venezuela’s government has ordered rolling power cuts in 3 states")
    assert "Talks had been suspended" not in got["text"]


def test_a_closing_story_by_line_names_the_author():
    """Meduza's template (a probe page): "Story by …" under the text is the only byline (the
    JSON-LD's author is the outlet), and the line is no part of the text."""
    from pipelines.extraction import extract_article

    story = "".join(f"<p>Russia will elect a new State Duma in September, and the Kremlin is busy, {n}.</p>"
                    for n in range(12))
    page = f"""<html><head><script type="application/ld+json">{{"@context": "https://schema.org",
    "@type": "NewsArticle", "headline": "No surprises this time", "author": {{"@type": "Organization",
    "name": "Meduza"}}, "datePublished": "2026-02-10T17:08:00Z"}}</script></head><body><main><article>
    <h1>No surprises this time</h1><div>{story}
    <p class="SimpleBlock-end"><em>Story by Daria Lebedeva</em></p>
    <p class="SimpleBlock-end"><em>Abridged translation by Anna Korsh</em></p></div></article></main></body></html>"""
    got = extract_article(page, "https://meduza.io/en/feature/2026/02/10/no-surprises-this-time")
    assert got["authors"] == ["Daria Lebedeva"]
    assert got["text"].endswith("the Kremlin is busy, 11.")


def test_a_reports_words_like_a_prompts_stay():
    """A sentence that says what a prompt says stays: only a line of its own is a prompt."""
    for said in ("La madre recibe cada semana en su correo las fotos que le manda su hijo desde Miami.",
                 "El Gobierno prometió más noticias en los próximos días sobre el plan de apagones.",
                 "Readers can find the full list of the new measures on the ministry's website."):
        assert drop_credit_lines(f"{STORY}\n{said}") == f"{STORY}\n{said}", said


def test_a_story_that_counts_articles_read_is_not_cut():
    """Only a metered paywall's count with its period or quota is its notice."""
    story = "\n".join([STORY, "If you've read one article about the runoff, it was probably about turnout.", STORY])
    assert cut_paywall_tail(story) == story
    for notice in ("You have read 3 of 5 free articles", "You’ve read 12 articles in the last year"):
        assert cut_paywall_tail(f"{STORY}\n{notice}\nSubscribe now") == STORY, notice


def test_the_pages_own_card_read_first_keeps_the_first_paragraph():
    """Where the first card read is the page's own (its headline, its first paragraph as the
    summary), the text keeps its first paragraph."""
    from pipelines.extraction import extract_article

    first = "Venezuela’s government has ordered rolling power cuts in 12 states, officials said on Friday."
    story = "".join([f"<p>{first}</p>"] + [
        f"<p>The drought has drained the Guri reservoir to its lowest level in decades, {n}.</p>" for n in range(12)])
    own = f"""<article class="gc"><a href="/news/2026/3/28/venezuela-power-rationing"><h3>Venezuela imposes
        power rationing</h3></a><p class="gc__excerpt">{first}</p></article>"""
    other = """<article class="gc"><a href="/news/2026/3/28/colombia-eln-talks"><h3>Colombia and ELN rebels
        agree to resume talks</h3></a><p class="gc__excerpt">Talks had been suspended since January.</p></article>"""
    page = f"""<html><head><title>Venezuela imposes power rationing | Al Jazeera</title></head><body>
    <main><h1>Venezuela imposes power rationing</h1><div class="wysiwyg">{story}</div></main>
    <section class="more-stories"><h2>More from News</h2>{own}{other}</section></body></html>"""
    got = extract_article(page, "https://www.aljazeera.com/news/2026/3/28/venezuela-power-rationing")
    assert got["text"].startswith(first)


def test_a_closing_prompt_to_follow_the_outlet_goes_in_any_wording():
    """One rule for the prompts the probes found one by one: an imperative to follow, join,
    subscribe, download or listen, and a channel, closing the text; a quoted one, one inside
    the story, and the first line stay."""
    for tail in ("Siga a Folha no WhatsApp e receba as principais notícias do dia",
                 "Suivez franceinfo sur Instagram et TikTok",
                 "Folgen Sie uns auf Telegram",
                 "Descarga la app de Telemundo\nSíguenos en Instagram, Facebook y X"):
        assert cut_closing_prompts(f"{STORY}\n{tail}") == STORY, tail
    for said in ("“Follow us on Telegram,” the ministry's spokesman told reporters on Friday.",
                 "Follow the money, investigators told the company's board."):
        assert cut_closing_prompts(f"{STORY}\n{said}") == f"{STORY}\n{said}", said
    inside = "\n".join(["Follow us on Telegram", STORY])
    assert cut_closing_prompts(inside) == inside
    assert cut_closing_prompts("Follow us on Telegram") == "Follow us on Telegram"


def test_an_appeal_under_its_heading_goes_and_the_update_note_below_it_stays():
    """HuffPost's "Our 2026 Coverage Needs You" and three paragraphs under it, then the note that
    the story was updated (a probe page): the appeal goes, the note stays as the text's last
    line, as the benchmark's truth keeps such notes."""
    appeal = ("Our 2026 Coverage Needs You\n"
              "At HuffPost, we believe that everyone needs high-quality journalism, but we understand that "
              "not everyone can afford to pay for expensive news subscriptions.\n"
              "Whether you come to HuffPost for updates on the 2026 midterms or for trending stories, we "
              "appreciate you. The truth is, news costs money to produce, and we are proud that we have never "
              "put our stories behind an expensive paywall.\n"
              "Would you join us to help keep our stories free for all? Your contribution of as little as $2 "
              "will go a long way.")
    note = "This article has been updated with comment from Rep. Jim McGovern and the Cuban Foreign Ministry."
    story = "\n".join([STORY] * 3)
    assert cut_closing_appeal(f"{story}\n{appeal}\n{note}") == f"{story}\n{note}"
    assert cut_closing_appeal(f"{story}\n{appeal}") == story
    assert cut_closing_appeal(f"{story}\n{note}") == f"{story}\n{note}"
    # The New Republic's: the note, then the appeal under its heading and the offer's buttons
    tnr = ("Hope you’re enjoying this article.\nThe New Republic is an independent, reader-funded "
           "publication. We answer to no billionaire owner or corporate parent. Subscribe today and get "
           "unlimited access to everything we publish.\nSubscribe Now Donate")
    assert cut_closing_appeal(f"{story}\n{note}\n{tnr}") == f"{story}\n{note}"
    # National Review's, under "Something to Consider"
    nr = ("Something to Consider\nIf you enjoyed this article, we have a favor to ask. National Review has "
          "been on the front lines of that fight, and we rely on the generous support of readers like you.\n"
          "Please consider making a contribution today. Every gift, of any size, helps us keep our "
          "journalism open and independent.")
    assert cut_closing_appeal(f"{story}\n{nr}") == story
    # Übermedien's, below its "Nachtrag"
    um = ("Dieser Artikel ist frei zugänglich.\nÜbermedien ist unabhängig, werbefrei und wird von seinen "
          "Leserinnen und Lesern finanziert. Damit wir weiter kritisch über Medien berichten können, brauchen "
          "wir Ihre Unterstützung. Werden Sie Übonnent*in – schon ab 4 Euro im Monat.")
    assert cut_closing_appeal(f"{story}\n{um}") == story
    # TheBlaze's, its button under it
    blaze = ("Want to leave a tip?\nWe answer to you. Help keep our content free of advertisers and big tech "
             "censorship by leaving a tip today.\nLeave a tip")
    assert cut_closing_appeal(f"{story}\n{blaze}") == story


def test_furniture_left_inside_the_text_goes():
    """What the probes' pages left between paragraphs once their links were gone: a related box's
    heading alone (The Sun's "READ MORE ON CUBA", Metro's "Read More", Sud Ouest's "Lire aussi",
    Forbes's "MORE FOR YOU"), an advertisement's label, a video player's states (Reach's), a
    photo's caption ending in its credit (Ynetnews's), a consent placeholder (heise's), a
    newsletter box's heading and consent line (the Ostsee-Zeitung's). The first line stays; a
    sentence that says such words stays."""
    para = "The talks resumed in Havana on Tuesday, officials from both governments said."
    for label in ("READ MORE ON CUBA", "Read More", "Lire aussi", "Te puede interesar:", "MORE FOR YOU",
                  "Most Read in News", "Recommended reading:"):
        assert drop_related_labels(f"{para}\n{label}\n{para}") == f"{para}\n{para}", label
    assert drop_related_labels(f"Read More\n{para}") == f"Read More\n{para}"
    assert drop_related_labels(f"L'essentiel\n{para}\n{para}") == f"{para}\n{para}"   # La Dépêche's box
    assert drop_related_labels("L'essentiel") == "L'essentiel"
    for line in ("Advertisement", "Anzeige", "Video Loading", "Tap to play", "(Video: Yair Sagi)",
                 "Nurses protest outside the Finance Ministry in Jerusalem last month(Photo: Shalev Shalom)",
                 "Empfohlener redaktioneller Inhalt", "Mit Ihrer Zustimmung wird hier ein externer Inhalt geladen.",
                 "Newsletter", "Mit der Anmeldung stimmen Sie unseren Datenschutzbestimmungen zu."):
        assert drop_credit_lines(f"{para}\n{line}\n{para}") == f"{para}\n{para}", line
    for line in ("For more of the latest news from the Daily Star, make sure you sign up to one of our newsletters here.",
                 "Danielle Okafor can be reached at danielle.okafor@globe.com. Martín Reyes can be reached at "
                 "martin.reyes@globe.com. Follow him @martinreyesbos.",
                 # the Swiss French templates': RTS's credits, Le Matin's call for tips, 24 heures's newsletter
                 "Sujet TV: Noémie Guignard", "Adaptation web: Julien Bouvier", "Vous avez une info?",
                 "Get exclusive access to our Pro briefings, tracker and memos on Iraq’s energy sector.",
                 "Get the best of Blaze News in your inbox",
                 "By signing up, you agree to our Privacy Policy and Terms of Use, and agree to receive content that "
                 "may sometimes include advertisements. You may opt out at any time.",
                 "All content created by the Daily Caller News Foundation, an independent and nonpartisan newswire "
                 "service, is available without charge to any eligible news publisher that can provide a large "
                 "audience. All republished articles must include our logo, our reporter’s byline and their DCNF "
                 "affiliation. For any questions about our guidelines or partnering with us, please contact "
                 "licensing@dailycallernewsfoundation.org.",
                 "Vous avez été témoin d'un événement ou vous avez une info à nous transmettre? Envoyez-nous vos "
                 "photos, vidéos et informations via WhatsApp au 077 860 40 40 ou par e-mail à redaction@lematin.ch.",
                 "Vous voulez rester au top de l'info? «24 heures» vous propose deux rendez-vous par jour, "
                 "directement dans votre boîte e-mail. Pour ne rien manquer de ce qui se passe dans votre canton, "
                 "en Suisse ou dans le monde.",
                 "Get your news from a source that’s not owned and controlled by oligarchs. Sign up for the free "
                 "Mother Jones Daily.", "Enjoy an ad-free experience and the weekly digital magazine. Subscribe now"):
        assert drop_credit_lines(f"{para}\n{line}\n{para}") == f"{para}\n{para}", line
    # a prompt to follow the outlet between paragraphs (Heute's WhatsApp box), a quoted name in it
    heute = 'Du willst keine News mehr verpassen? Folge "Heute" jetzt auf WhatsApp und erhalte die Nachrichten aufs Handy.'
    assert drop_inline_prompts(f"{para}\n{heute}\n{para}") == f"{para}\n{para}"
    said = "“Follow us on Telegram,” the ministry's spokesman told reporters on Friday."
    assert drop_inline_prompts(f"{para}\n{said}\n{para}") == f"{para}\n{said}\n{para}"
    assert drop_inline_prompts(f"{heute}\n{para}") == f"{heute}\n{para}"
    for prompt in ("Immer informiert: Folgen Sie der NW Bielefeld jetzt auch auf WhatsApp. Hier geht es zum Kanal.",
                   "Segui HuffPost Italia su Google News e sul nostro canale WhatsApp"):
        assert drop_inline_prompts(f"{para}\n{para}\n{prompt}") == f"{para}\n{para}", prompt
    for kept in ("The advertisement was pulled after complaints from the embassy.",
                 "Read more about the talks, the ministry told reporters, in the official gazette."):
        assert drop_credit_lines(f"{para}\n{kept}") == f"{para}\n{kept}"
        assert drop_related_labels(f"{para}\n{kept}") == f"{para}\n{kept}"


def test_a_consent_banner_left_closing_the_text_goes():
    """HuffPost Italia's iubenda banner, two paragraphs under the story once the prompt above them
    went (a probe page)."""
    banner = ("Noi e terze parti selezionate utilizziamo cookie o tecnologie simili per finalità tecniche e, con "
              "il tuo consenso, anche per altre finalità come specificato nella cookie policy.\n"
              "Puoi liberamente prestare, rifiutare o revocare il tuo consenso, in qualsiasi momento. Usa il "
              "pulsante “Accetta” per acconsentire all’utilizzo di tali tecnologie.")
    assert drop_closing_dates(f"{STORY}\n{banner}") == STORY


def test_a_prompt_after_a_lead_in_and_its_small_print_go():
    """The Ostsee-Zeitung's "Die OZ jetzt auch auf WhatsApp: Folgen Sie …" and the Manchester
    Evening News's WhatsApp prompt with the privacy notice under it (probe pages). Small print
    without a prompt above it, and a story's sentence with a colon, stay."""
    for tail in ("Die OZ jetzt auch auf WhatsApp: Folgen Sie unserem Kanal für die wichtigsten Nachrichten aus MV.",
                 "Join the M.E.N's WhatsApp community for the latest breaking news, updates and top stories "
                 "sent straight to your phone. Click here to join.\nWe treat our community members to special "
                 "offers, promotions, and adverts from us and our partners. If you don’t like our community, you "
                 "can check out any time you like. If you’re curious, you can read our Privacy Notice."):
        assert cut_closing_prompts(f"{STORY}\n{tail}") == STORY, tail
    summit = ("Join us at the Fortune Workplace Innovation Summit May 19–20, 2026, in Atlanta. The next era of "
              "workplace innovation is here—and the old playbook is being rewritten. At this exclusive, high-energy "
              "event, the world’s most innovative leaders will convene to explore how AI, humanity, and strategy "
              "converge to redefine, again, the future of work. Register now.")
    assert cut_closing_prompts(f"{STORY}\n{summit}") == STORY
    for kept in ("The council's privacy notice was updated in March after the complaint.",
                 "Residents who want a place at the town hall meeting next week must register now.",
                 "Her advice to residents was simple: follow the council's Facebook page for updates."):
        assert cut_closing_prompts(f"{STORY}\n{kept}") == f"{STORY}\n{kept}", kept


def test_the_eleventh_probes_closing_lines_go():
    """Latin American, Brazilian and German templates (El Tiempo, La Nación, El Comercio, AP in
    Spanish, Estadão, Der Spiegel; probe pages): an error report's prompt in its own words, the
    Trust Project's label over two lines, a prompt to stay informed with the outlet and its
    offer, an agency's credit for its reporter, the comments' heading and placeholder."""
    for tail in ("¿Encontró un error? Repórtelo aquí.",
                 "Comunicar erro\nEncontrou algum erro nesta matéria? Fale com a redação",
                 "Spot an error? Report it here.",
                 "Vous avez repéré une erreur ? Signalez-la à la rédaction.",
                 "Conforme a los criterios de\nThe Trust Project\nSaber más",
                 "Sigue informado con El Comercio\nSuscríbete al Plan Digital por S/ 1 el primer mes.",
                 "Suscribirse",
                 "La periodista de AP Ana Ruiz contribuyó a este despacho desde Houston.",
                 "Mehr lesen über\nUSA\nKuba\nDiskutieren Sie mit\nDie Kommentarfunktion wird geladen…"):
        assert closed(f"{STORY}\n{tail}") == STORY, tail
    # a question about an error in the story's own words, and a report of one, stay
    for said in ("Did you see the game? Officials asked voters the same question on Friday.",
                 "The ministry said it had found an error in the count and would correct it."):
        assert closed(f"{STORY}\n{said}") == f"{STORY}\n{said}", said


def test_a_clock_time_above_the_text_goes():
    """The first entry's time over a live blog's text ("17:48 hrs", Milenio's in a probe)."""
    from pipelines.bodytext import strip_edges
    body = "El presidente habló hoy ante el Congreso sobre la relación con Cuba.\nOtra línea del texto."
    for time in ("17:48 hrs", "10:15 a.m. ET", "17.48 Uhr"):
        assert strip_edges(f"{time}\n{body}", set(), []) == body, time


def test_the_twelfth_probes_credits_go():
    """A desk's labelled sign-off (teleSUR's "Autor: teleSUR - ks") and the agencies the report
    drew on named alone (the Sydney Morning Herald's "with Reuters, AP") close no text; a
    sentence that names an agency, or an author in a sentence, stays."""
    for tail in ("Autor: teleSUR - ks", "Redacción: AFP", "with Reuters, AP", "con EFE y AFP", "mit dpa"):
        assert closed(f"{STORY}\n{tail}") == STORY, tail
    for said in ("With Reuters reporting from the border, the ministry denied the claim.",
                 "Autor: el ministerio no dijo quién firmó la carta. Tampoco lo negó.",
                 "The author: a retired diplomat who served in Havana until 2019."):
        assert closed(f"{STORY}\n{said}") == f"{STORY}\n{said}", said


def test_an_agencys_dateline_alone_above_the_text_goes():
    """Europa Press's "MADRID, 4 Dic. (EUROPA PRESS) -" on its own line above the first paragraph
    (a probe page) is no sentence of the story; a dateline that opens the paragraph stays."""
    from pipelines.bodytext import strip_edges
    body = "El Gobierno aprobó hoy el plan de ayuda a Cuba.\nOtra línea del texto."
    for line in ("MADRID, 4 Dic. (EUROPA PRESS) -", "LA HABANA, 3 dic (EFE).-", "WASHINGTON (Reuters) -"):
        assert strip_edges(f"{line}\n{body}", set(), []) == body, line
    inline = "MADRID, 4 Dic. (EUROPA PRESS) - El Gobierno aprobó hoy el plan.\nOtra línea del texto."
    assert strip_edges(inline, set(), []) == inline


def test_an_update_stamp_above_or_closing_the_text_goes():
    """The Hill's "Updated 03/18/26 9:41 AM ET" above the text and "Updated at 9:41 a.m. ET"
    closing it (a probe page): a stamp with a two-digit year or a time alone is no sentence; a
    sentence that opens with "Updated" stays."""
    from pipelines.bodytext import strip_edges
    for stamp in ("Updated 03/18/26 9:41 AM ET", "— Updated 03/18/26 09:41 AM EDT", "Actualizado a las 10:20 h",
                  "Aggiornato il 18/03/26 alle ore 09:41", "Publicado 05/03/26"):
        assert strip_edges(f"{stamp}\n{STORY}", set(), []) == STORY, stamp
    for stamp in ("Updated at 9:41 a.m. ET", "Aktualisiert um 17.48 Uhr"):
        assert closed(f"{STORY}\n{stamp}") == STORY, stamp
        assert strip_edges(f"{STORY}\n{stamp}", set(), []) == STORY, stamp
    said = "Updated figures at 9:41 a.m. showed the runoff turnout above 40 percent."
    assert strip_edges(f"{said}\n{STORY}\n{said}", set(), []) == f"{said}\n{STORY}\n{said}"


def test_a_stamp_line_is_a_stamp_and_nothing_else():
    """A time zone is written in capitals: "Updated at 9:41 the" is no stamp."""
    from pipelines.bodytext import stamp_line
    assert stamp_line("Updated at 9:41 a.m. ET") and stamp_line("Published 03/18/26 9:41 PM EDT")
    assert not stamp_line("Updated at 9:41 the") and not stamp_line("Updated") and not stamp_line("Published 2 hours ago")


def test_a_heading_left_closing_the_text_goes():
    """AP's template (a probe page): the newsletter box after the story lost its paragraphs as
    furniture and left its heading, "The Morning Wire", as the text's last line. A line that is
    one of the page's sub-heads closes no text; a story's own short last line stays."""
    subheads = frozenset({"the morning wire", "sin salida a la vista"})
    assert closed(STORY + "\nThe Morning Wire", subheads) == STORY
    assert closed(STORY + "\nSin salida a la vista\nThe Morning Wire", subheads) == STORY
    # not a heading of the page, or a sentence: it stays
    assert closed(STORY + "\nThe Morning Wire", frozenset()) == STORY + "\nThe Morning Wire"
    assert closed(STORY + "\nSin salida.", frozenset({"sin salida."})) == STORY + "\nSin salida."
    # a sub-head inside the story is not its end
    inside = "Early voting begins May 18.\nSin salida a la vista\n" + STORY
    assert closed(inside, subheads) == inside
    assert drop_closing_heading("The Morning Wire", subheads) == "The Morning Wire"


def test_the_thirteenth_probes_notices_go():
    """El País's notice of a subscription used on another device, with the choice below it,
    closes the story (a probe page); an audio player's maker is no line of the story
    (Politico's "Powered by Trinity Audio")."""
    notice = ("Tu suscripción se está usando en otro dispositivo\n¿Quieres añadir otro usuario a tu "
              "suscripción?\nAñadir usuarioContinuar leyendo aquí\nSi continúas leyendo en este "
              "dispositivo, no se podrá leer en el otro.\n¿Por qué estás viendo esto?")
    assert closed(STORY + "\n" + notice) == STORY
    assert closed(STORY + "\nYour subscription is being used on another device") == STORY
    assert drop_credit_lines("Powered by Trinity Audio\n" + STORY) == STORY
    assert drop_credit_lines(STORY + "\nThe trinity of audio, video and text powered by AI.") == (
        STORY + "\nThe trinity of audio, video and text powered by AI.")


def test_the_second_opinion_does_not_bring_back_the_author_boxes():
    """El País's biographies under the authors' names (a probe page): trafilatura's text lost
    them with the author boxes, resiliparse's goes on into them; they are no more of the story."""
    last = "“Lo que no sé es cuánto tiempo más nos va a durar el sol a nosotros”."
    bios = ["Corresponsal de EL PAÍS en Cuba. Antes trabajó en la sección de Internacional desde "
            "Madrid y cubrió la crisis migratoria en Centroamérica. Es licenciada en Periodismo por "
            "la Universidad de La Habana.",
            "Es corresponsal en Washington. Cubre la política exterior de Estados Unidos y su "
            "relación con América Latina. Antes fue editor de la sección de Internacional."]
    text = STORY + "\n" + last
    other = "\n".join([text, *bios])
    assert continue_body(text, other).endswith(bios[1])   # what it did before
    boxes = {" ".join(b.split()).lower() for b in bios}
    assert continue_body(text, other, furniture=boxes) == text


def test_an_ap_page_reads_its_day_in_new_york_and_ends_with_the_story():
    """The whole of AP's template as a probe wrote it (``tests/fixtures/probe/ap-template.html.gz``):
    ``datePublished`` 01:05Z on the 17th, the page showing "10:40 PM EST, February 16, 2026" as
    its update; the byline in capitals; after the story its contributor's line, the author's
    box and the newsletter's box, whose heading was left as the last line."""
    page = gzip.decompress((Path(__file__).parent / "fixtures" / "probe" / "ap-template.html.gz").read_bytes())
    got = extract_article(page, "https://apnews.com/article/cuba-deportation-flights-migrants-havana-trump-"
                                "8c41e7f0a2d94b5e9f1d6a3b27c0e8d5")
    assert (got["date"], got["authors"]) == ("2026-02-16", ["Mariela Cárdenas"])
    assert got["text"].endswith("whether more flights had been scheduled for February.")
    assert got["text"].startswith("HAVANA (AP) — A plane carrying 112 Cuban migrants")


def test_an_appeal_under_a_sentence_that_says_it_goes():
    """Caracas Chronicles's box after the story (a probe page): its heading is a sentence, and
    says what the appeal under it asks. A story's short sentence above its last paragraph stays."""
    appeal = ("Caracas Chronicles is 100% reader-supported.\nWe’ve been explaining Venezuela since 2002, "
              "in English, for people who need to understand what is actually going on. No government "
              "money, no political party behind us. If you value this work, become a member today.")
    assert closed(STORY + "\n" + appeal) == STORY
    story = STORY + "\nThe museum is reader-supported.\nIt reopens on Monday, its director said."
    assert closed(story) == story
    quiet = STORY + "\nNobody answered.\nIf you value this work, become a member today."
    assert closed(quiet) == quiet


def test_the_fourteenth_probes_closing_lines_go():
    """The Washington Post's author boxes (a hyphenated word in the biography, "Follow on X"
    between them), BILD's call for its readers' photos, ABC's paywall notice and its limit on
    shared sessions (probe pages)."""
    bios = ("Samantha Ortega is a diplomatic correspondent for The Washington Post covering the State "
            "Department.\nFollow on X\nDaniel Whitfield is a Miami-based correspondent covering Florida, "
            "the Caribbean and immigration. He joined The Post in 2019.")
    assert closed(STORY + "\n" + bios) == STORY
    reporter = ("Sie haben etwas Besonderes erlebt oder beobachtet? Dann schicken Sie Ihre Fotos und Videos "
                "per WhatsApp an den BILD-Leserreporter: 0151 / 7 51 51 51 – oder per E-Mail an "
                "leserreporter@bild.de.")
    assert closed(STORY + "\n" + reporter) == STORY
    abc = ("Esta noticia es solo para suscriptores ABC Premium\nYa no tienes acceso a este artículo. "
           "Suscríbete a ABC desde 1€ al mes y disfruta de todo nuestro contenido sin límites.\n"
           "Suscríbete\nLímite de sesiones alcanzadas\nEl acceso al contenido Premium está disponible por "
           "cortesía del establecimiento donde te encuentras, pero ahora mismo hay demasiadas personas "
           "conectadas a la vez.")
    long_story = "\n".join([STORY] * 3)   # the notice starts in the text's last half
    assert closed(long_story + "\n" + abc) == long_story
    # a story's sentences that say such words stay
    story = STORY + "\nThe police asked witnesses to send us your photos, a spokesman said, quoting the notice."
    assert closed(story) == story


def test_a_block_of_appeal_that_asks_to_consider_supporting_goes():
    """The Guardian's appeal after the story (a probe page): four paragraphs, the first asking
    the reader to consider supporting its journalism. A story that reports such a request in
    quotes, or in its first half, keeps it."""
    appeal = ("I hope you appreciated this article. Before you move on, I wanted to ask if you would "
              "consider supporting the Guardian’s journalism as we enter one of the most consequential "
              "news cycles of our lifetimes.\nWe have never been more passionate about exposing the "
              "multiplying threats to our democracy.\nIf you can, please consider supporting us with just "
              "$5 a month. Thank you.")
    long_story = "\n".join([STORY] * 3)
    assert closed(long_story + "\n" + appeal) == long_story
    quoted = long_story + "\n“Would you consider supporting the shelter?” the mayor asked the council."
    assert closed(quoted) == quoted


def test_the_fifteenth_probes_closing_lines_go():
    """The Los Angeles Times's "More to Read" teasers, the Daily Mail's call for stories, an
    Ippen site's picture credit, network note and newsletter's name, CNBC's video labels (probe
    pages; the Ippen lines also close fr.de's page in htmldate's and trafilatura's sets)."""
    teasers = ("More to Read\nThe failure of the Antonio Guiteras plant plunged the island into darkness for "
               "the third time in six months.\nNew Treasury guidance caps quarterly transfers and bars payments "
               "through military-linked firms.")
    assert closed("\n".join([STORY] * 3) + "\n" + teasers) == "\n".join([STORY] * 3)
    for tail in ("Do you have a story? Email tips@dailymail.com",
                 "Rubriklistenbild: © Ramon Espinosa/AP/dpa",
                 "*fr.de ist Teil des bundesweiten Ippen-Redaktionsnetzwerks",
                 "FR-Newsletter „Politik am Abend“"):
        assert closed(STORY + "\n" + tail) == STORY, tail
    assert drop_credit_lines("watch now\nVIDEO02:4102:41\n" + STORY) == STORY
    # a story's own lines that say such words stay
    for line in ("Do you have a story about the blackout, he asked the crowd before the rally began.",
                 "Watch now, the coach told his players, as the rain began to fall on the pitch."):
        assert closed(STORY + "\n" + line) == STORY + "\n" + line
