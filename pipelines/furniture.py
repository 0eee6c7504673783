"""The page's furniture left in trafilatura's text of a page, the blocks that close it: other
articles' links, a paywall's notice and offer, author boxes and biographies, an appeal for the
reader's support. Pure functions over strings; lines dropped wherever they stand (credits,
newsletter boxes, notices) are ``pipelines.furniturelines``'s, and the other body rules (edges,
link lines, a split article) ``pipelines.bodytext``'s, whose ``word_count`` measures lines here
too (split out of it to keep each module small: these rules read the text alone, never the
page's links; ``cut_author_box`` is given the author boxes' paragraphs,
``pagelinks.author_box_texts``).

Why each rule exists, and what it measured (shingle F1 on the 181 pages of the
article-extraction-benchmark, ``python bench/extraction.py --rules``):

- ``cut_related_tail``: the block of other articles that closes a page ("NOTAS RELACIONADAS",
  "Lee también", "Auch interessant", "Related stories"...) when trafilatura keeps it: a heading
  line of a multilingual list in the last 40 % of the text, with no prose paragraph after it, ends
  the text. Benchmark 0.97106 -> 0.97114 (2 pages, "You may also like"); on trafilatura's 990
  annotated pages (``bench/snippets.py``) 0.9186 -> 0.9197, both halves up (0.9151 -> 0.9166,
  0.9224 -> 0.9230): 8 snippets of boilerplate gone, 1 of text lost, on 7 pages.
- ``drop_credit_lines``: ``pipelines.furniturelines`` (its figures are there).
- ``cut_author_bios``: the author boxes that close a story ("Alicia Ramos is a correspondent
  covering …" under the name), kept by trafilatura on pages written in a probe (2 of 180); the
  benchmark and trafilatura's 990 unchanged. A story's own last paragraph that
  opens "Name is a journalist …" goes too: the price of the rule.
- Twenty-sixth session, from a probe of 90 pages in the templates of German, US, UK and other
  outlets (last sentence right on 52 of 78 as they arrived, 70 after): ``cut_author_box`` (an
  author box's role or biography, its name a link left out: the Ippen sites', t-online's),
  ``appeals.cut_closing_appeal`` (an appeal for the reader's support under its heading: elDiario.es's,
  the taz's), and furniture lines: the German broadcasters' programme notes, "Quelle:" lines,
  paywall notices and sign-in prompts, subscription offers, channel prompts, a view counter, a
  contact prompt, "Additional reporting by …". The benchmark 0.9775 (P +0.0001: an "Additional
  reporting by" line), trafilatura's 990 0.9226 -> 0.9233, the metadata sets unchanged.
- Twenty-seventh session, from a probe of 54 pages in the templates of Middle Eastern, African,
  Asian, East European and US outlets (last sentence right on 33 of 44 articles as they
  arrived, 42 after): who contributed to the report (any name, not only an agency's), a
  story's and its translation's credits, the print edition's note (the New York Times's, the
  Wall Street Journal's), a reader-funded outlet's appeal, an author's note ("… covers … for The
  Times", ``bodytext.AUTHOR_BIO``; now after the furniture lines under it are gone), a wire's
  sign-off ("==Kyodo", "(END)"), the comment box's prompt, a desk's contact line, "Top
  Stories"; and ``cut_paywall_tail``: a paywall's notice in the last half of the text ends it,
  with the offer to subscribe below it (Denník N's); from the probe's Spanish pages (last
  sentence 17 -> 22 of 22): a newsletter's prompt ("Recibe en tu correo …"), a longer copyright
  line, a reproduction ban, a comment box's disclaimer, support appeals and offers (Animal
  Político's, La Prensa's). The benchmark 0.9775 -> 0.9776 (P 0.9750
  -> 0.9751: "Fox News' Jessica Napoli contributed to this report."), trafilatura's 990 and
  the metadata sets unchanged.
- Twenty-eighth session, from a probe of 40 pages built around a structural trap each (live
  blogs, Q&As, explainers, AMP, inline link boxes, paywalls; en, es, fr, it, pt, de; last
  sentence right on 21 of 34 articles as they arrived, 33 after): where the reporters wrote
  from ("Whitcombe reported from Washington."), a call for tips, an app's prompt, an audio
  player's note, a source credit in brackets ("(Con información del MINREX)"), newsletter
  prompts and labels in Italian and German, an error report's link and a channel's invitation,
  14ymedio's appeal, "Seguir leyendo:" and "Leggi anche" as related headings; a paywall's notice
  counted in the text's characters, not its lines (The Telegraph's short free part above a long
  offer), and a metered paywall's notice; a related heading with a sentence of the story right
  after it cuts nothing (Folha's inline "Leia mais" box). The benchmark 0.9776 -> 0.9777 (P
  0.9751 -> 0.9753: a "Have a tip?" line gone; a line of underscores its truth holds gone too),
  trafilatura's 990 0.9236 unchanged. Then from 12 more pages, written after those rules (last
  sentence 4 of 11 as they arrived, 9 after): NPR's transcript notice and production cues, The
  Economist's print-edition note as the end of the story (the offer below it), an appeal's
  heading alone above an offer from a price (Libération's), a letter to the reader from its
  salutation on (Il Fatto Quotidiano's "Gentile lettore,"), Expresso's paywall notice; left as
  the benchmark's truth has them: "Contributing: …" (USA Today) and Reuters's "Reporting by …".
  Then from 28 more (last sentence 12 of 26 as they arrived, 22 after): Havana Times's and
  Diario de Cuba's appeals, a short appeal alone that asks for "us" (``_ASKS_US``); the lines
  dropped anywhere are ``pipelines.furniturelines``'s (where to follow the outlet, an opinion's
  disclaimer, …). The benchmark 0.9778, trafilatura's 990 unchanged. Then from 14 more (last
  sentence 8 of 13 as they arrived, 13 after): Bloomberg's contacts, a gift link's prompt, an
  editor's credit, "(c) Agencia EFE", Europa Press's ban (``pipelines.furniturelines``). Then
  from 12 more (8 of 11 as they arrived, 10 after): "… contributed reporting from …", an app's
  prompt of any length (Telemundo's); the benchmark 0.9778 -> 0.9779 (an NYT page's "Keith
  Bradsher contributed reporting from Hong Kong.", not in its truth). NBC's "This article was
  originally published on …" stays: the benchmark's truth holds Futurism's like it.
- Thirty-third session, from a probe of 27 articles (Reuters, AP, El País, Estadão, Politico,
  Le Figaro, the Guardian, the Washington Post, BILD, ABC, the LA Times, …): the LA Times's
  "More to Read" as a related heading; ``drop_closing_heading`` (a
  sub-head of the page left as the text's last line, its box's paragraphs gone as furniture:
  AP's "The Morning Wire"), El País's notice of a subscription used on another device and ABC's
  "es solo para suscriptores" as paywall notices, an appeal under a one-sentence heading that
  says it (Caracas Chronicles's "… is 100% reader-supported."), a block of appeal opened by
  asking to consider supporting the outlet (the Guardian's). On the 2,269 pages of the public
  metadata sets 23 texts lost a closing heading ("Further Reading", "Also Read", "Location
  Details", "Más leídas de Política", …). The benchmark's P 0.9759 -> 0.9760 ("How to listen
  to The Tennis Podcast" closed a Guardian text), trafilatura's 990 0.9237 -> 0.9242 (P 0.9302
  -> 0.9312, R unchanged), then 0.9238 once a product category page with a collection's JSON-LD
  is a listing (``indexurls``: R 0.9173 -> 0.9163; verfassungsblog.de's appeal went, P 0.9315).
"""
from __future__ import annotations

import re

from pipelines.bodytext import AUTHOR_BIO, SENTENCE_END, word_count
from pipelines.furniturelines import COMMENTS
from pipelines.pagelinks import norm_text

__all__ = ["QUOTES", "cut_author_bios", "cut_author_box", "cut_closing_prompts", "cut_paywall_tail",
           "cut_related_tail", "drop_closing_heading", "drop_inline_prompts", "drop_related_labels"]

#: Headings that open the block of other articles closing a page ("Related", "Lee también",
#: "Auch interessant"...), in the languages of the outlets: en, es, pt, fr, de.
_RELATED_HEADING = re.compile(r"""^(?:
    related(?:\s+(?:articles?|stories|news|content|posts?|coverage|reading))?
  | read\s+(?:more|next|also)(?:\s+(?:from|on|about)\b.*)? | more\s+for\s+you
  | more\s+(?:stories|news|articles|to\s+read)(?:\s+(?:from|on|about)\b.*)?
  | you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)
  | recommended(?:\s+(?:for\s+you|stories|articles|reading))?
  | (?:notas?|noticias|art[ií]culos|contenidos?|temas)\s+relacionad[oa]s
  | (?:tambi[eé]n\s+)?te\s+puede\s+interesar | lee\s+tambi[eé]n | le[ae]\s+m[aá]s | m[aá]s\s+noticias
  | seguir\s+leyendo | leggi\s+anche | potrebbe\s+interessarti
  | (?:v[ií]deos?\s*:\s*)?mais\s+(?:lidas|lidos|assistidos|vistos)\b.*
  | leia\s+(?:tamb[eé]m|mais) | veja\s+tamb[eé]m | (?:not[ií]cias|mat[eé]rias)\s+relacionadas
  | (?:[àa]\s+)?lire\s+aussi | sur\s+le\s+m[eê]me\s+sujet | (?:articles?|contenus?)\s+li[ée]s
  | auch\s+interessant | lesen\s+sie\s+auch\b.* | mehr\s+zum\s+thema\b.* | mehr\s+lesen\s+[üu]ber\b.*
  | weitere\s+(?:artikel|beitr[äa]ge|themen|nachrichten|meldungen)\b.* | empfohlene\s+beitr[äa]ge
  | das\s+k[öo]nnte\s+(?:sie|dich)\s+auch\s+interessieren | schon\s+gelesen\?? | zum\s+weiterlesen
  | explore\s+further | most\s+(?:read|popular|viewed)(?:\s+(?:in|on)\b.*)? | popular\s+on\b.*
  | trending(?:\s+now)? | top\s+stories | tags | etiquetas | schlagw[öo]rter | mots[-\s]cl[ée]s
  | about\s+the\s+authors? | sobre\s+(?:el|la|los)\s+autor(?:a|es)? | sobre\s+o\s+autor | sobre\s+la\s+firma
  | [àa]\s+propos\s+de\s+l'auteur | [üu]ber\s+(?:den|die)\s+autor(?:in)?
  # a German report's list of its sources ("Unsere Quellen:", WDR; "Verwendete Quellen:", t-online)
  | (?:verwendete\s+|unsere\s+)?quellen
  # the comments' heading, and the comment box's prompts after it
  | %s
)\s*[:.…]*$""" % COMMENTS, re.I | re.X)
#: Such a heading left alone on a line inside the text: its links are gone ("Read More", "READ
#: MORE ON CUBA", "Lire aussi", "Te puede interesar:", "MORE FOR YOU" between paragraphs; probe
#: pages of The Sun, Metro, the Evening Standard, Sud Ouest, El Universo, Forbes).
MAX_LABEL_WORDS = 8


#: The label of a summary's box opening the text ("L'essentiel" over La Dépêche's standfirst, a
#: probe page; "Key points", "Das Wichtigste in Kürze", "Claves"): the box's heading, not its text.
_SUMMARY_LABEL = re.compile(r"(?i)^(?:l['’]essentiel|en\s+bref|key\s+points|in\s+short|at\s+a\s+glance"
                            r"|das\s+wichtigste(?:\s+in\s+k[üu]rze)?|auf\s+einen\s+blick|in\s+k[üu]rze"
                            r"|lo\s+esencial|claves|en\s+resumen|in\s+breve|em\s+resumo)\s*:?$")


def drop_related_labels(text: str) -> str:
    """`text` without the lines, after its first, that are a related box's heading alone
    (``_RELATED_HEADING``, at most ``MAX_LABEL_WORDS`` words): what is left of an inline box
    whose links went (``bodytext.drop_link_lines``); and without a summary box's label opening
    it (``_SUMMARY_LABEL``)."""
    lines = text.split("\n")
    kept = [line for i, line in enumerate(lines)
            if not (i and word_count(line) <= MAX_LABEL_WORDS and _RELATED_HEADING.match(line.strip())
                    or not i and len(lines) > 1 and _SUMMARY_LABEL.match(line.strip()))]
    return "\n".join(kept) if len(kept) < len(lines) else text


#: Such a heading ends the article only in its last part (a share of the text's characters):
#: higher up, "Related" or "Lee también" introduces one link inside the article.
RELATED_TAIL_SHARE = 0.6


#: A paragraph this long after such a heading is the article going on (the heading introduced
#: one link), not the teasers of other articles.
MAX_TEASER_WORDS = 50


#: A heading followed at once by a sentence of at least this many words introduced links that
#: are gone (an inline "Leia mais" box, Folha de S.Paulo's in a probe): the story goes on.
MIN_GOING_ON_WORDS = 20


def cut_related_tail(text: str) -> str:
    """`text` without the block of other articles that closes it: from a line that is one of the
    headings above (8 words at most), in the last 40 % of the text, to the end, when no line
    after it is a paragraph of prose (``MAX_TEASER_WORDS``) and the line right after it is no
    sentence of ``MIN_GOING_ON_WORDS`` words or more."""
    lines = text.split("\n")
    offset = 0
    limit = RELATED_TAIL_SHARE * len(text)
    for i, line in enumerate(lines):
        if (offset >= limit and word_count(line) <= 8 and _RELATED_HEADING.match(line.strip())
                and all(word_count(rest) < MAX_TEASER_WORDS for rest in lines[i + 1:])
                and not (i + 1 < len(lines) and word_count(lines[i + 1]) >= MIN_GOING_ON_WORDS
                         and lines[i + 1].rstrip().endswith(SENTENCE_END))):
            return text[:offset].rstrip()
        offset += len(line) + 1
    return text


#: An author's biography is a paragraph, not a book: at most this many words.
MAX_BIO_WORDS = 80

#: A heading closing the text is at most this many words.
MAX_CLOSING_HEADING_WORDS = 12


def drop_closing_heading(text: str, headings: set[str] | frozenset[str]) -> str:
    """`text` without the headings left at its end: last lines that are the text of one of the
    page's ``<h2>``–``<h6>`` (`headings`, ``norm_text`` forms read before the tree was pruned), of
    at most ``MAX_CLOSING_HEADING_WORDS`` words, with no sentence's end. A story does not end on
    a heading: it is a box's whose paragraphs went as furniture (AP's "The Morning Wire" over
    its newsletter's offer, a probe page). The first line always stays."""
    lines = text.rstrip().split("\n")
    end = len(lines)
    while (end > 1 and word_count(lines[end - 1]) <= MAX_CLOSING_HEADING_WORDS
           and not lines[end - 1].rstrip().endswith(SENTENCE_END)
           and norm_text(lines[end - 1]) in headings):
        end -= 1
    return "\n".join(lines[:end]) if end < len(lines) else text


def cut_author_bios(text: str) -> str:
    """`text` without the author boxes that close it: last lines that are a biography
    (``bodytext.AUTHOR_BIO``: "Alicia Ramos is a correspondent covering …", up to
    ``MAX_BIO_WORDS``) and the name line above each."""
    lines = text.split("\n")
    end = len(lines)
    while end > 1 and word_count(lines[end - 1]) <= MAX_BIO_WORDS and AUTHOR_BIO.match(lines[end - 1]):
        end -= 1
        if end > 1 and 0 < word_count(lines[end - 1]) <= 4 and not lines[end - 1].rstrip().endswith("."):
            end -= 1   # the name over the biography
    return "\n".join(lines[:end]) if end < len(lines) else text


#: An author box's lines: a role or a short biography each ("Redakteur im Lokalressort. Schreibt
#: über Verkehr …", "Redaktion Digital").
MAX_BOX_LINE_WORDS = 40
#: The author box closes the text: its lines are in the last part of the lines.
BOX_TAIL_SHARE = 0.5


def cut_author_box(text: str, box_texts: set[str]) -> str:
    """`text` without the author boxes that close it: from the first line, in the last half of
    the lines, that is a paragraph of an author box (``pagelinks.author_box_texts``), when
    every line from it on has at most ``MAX_BOX_LINE_WORDS`` words (the Ippen sites' and
    t-online's boxes, probe pages: the name, a link, was left out, the role or biography below
    it closed the text)."""
    if not box_texts:
        return text
    lines = text.split("\n")
    cut = None
    for i in range(len(lines) - 1, 0, -1):
        if word_count(lines[i]) > MAX_BOX_LINE_WORDS or i < BOX_TAIL_SHARE * len(lines):
            break
        if norm_text(lines[i]) in box_texts:
            cut = i
    return "\n".join(lines[:cut]) if cut is not None else text


#: Quotation marks: a line that quotes someone is a story's, not the outlet's furniture.
QUOTES = re.compile(r"[\"“”«»„]")


#: A prompt to follow the outlet somewhere closing the text: a line that opens with an imperative
#: to follow, join, subscribe, download, listen, get or click (en, es, pt, fr, de, it, nl, sv)
#: and names a channel, an app, a newsletter, a podcast or a social network ("Check out our
#: WhatsApp channel …", "Únete al canal de 14ymedio en WhatsApp …", "Få notiser om … i
#: Aftonbladets app"; the probes' closing prompts, each of its own wording). On the public sets'
#: truths: 13 lines of trafilatura's 990 pages that must not be in the text say so, none that must;
#: the benchmark's truth keeps one ("Follow NBC Latino on Facebook, Twitter and Instagram.").
_FOLLOW_PROMPT = re.compile(
    # after a lead-in that ends in a colon and names the channel itself: "Die OZ jetzt auch auf
    # WhatsApp: Folgen Sie unserem Kanal …" (the Ostsee-Zeitung's, a probe page), not "Her
    # advice was simple: follow …"
    r"(?i)^\W{0,3}(?:(?P<lead_in>[^:.!?\"“”«»„]{1,60}[:?])\s+)?(?:follow|join|subscribe|sign\s+up|download|get|click|tap|listen|watch|check\s+out|find|"
    r"sigue|s[ií]guenos|[úu]nete|suscr[ií]bete|suscr[ií]base|descarga|recibe|reciba|haz\s+clic|escucha|siga|"
    r"inscreva-se|baixe|receba|assine|ou[çc]a|suivez|abonnez-vous|t[ée]l[ée]chargez|rejoignez|[ée]coutez|"
    r"folgen\s+sie|abonnieren\s+sie|laden\s+sie|h[öo]ren\s+sie|folge|abonniere|hol\s+dir|seguici|segui|iscriviti|scarica|volg|abonneer|"
    r"f[öo]lj|ladda\s+ner|prenumerera|f[åa])\b")
_CHANNEL = re.compile(r"(?i)\b(?:whatsapp|telegram|newsletters?|bolet[ií]n|apps?|aplicaci[oó]n|aplicativo|"
                      r"podcasts?|instagram|facebook|twitter|youtube|tiktok|spotify|notific\w*|alerts?|alertas|"
                      r"canal|channel|notiser)\b")
#: An event's promotion closing the text, ending in the call to register and naming the event
#: ("Join us at the Fortune Workplace Innovation Summit May 19–20, 2026, in Atlanta. … Register
#: now.", Fortune's, a probe page); up to MAX_EVENT_PROMPT_WORDS words.
_REGISTER_CALL = re.compile(r"(?i)(?:\b(?:register|sign\s+up|get\s+(?:your\s+)?tickets|book\s+your\s+(?:tickets?|seat|place))"
                            r"(?:\s+(?:now|here|today))?|\b(?:inscr[ií]bete|reg[ií]strate)(?:\s+(?:ahora|aqu[ií]|hoy))?"
                            r"|\bjetzt\s+(?:anmelden|registrieren|tickets\s+sichern)|\binscrivez-vous(?:\s+(?:maintenant|ici))?)"
                            r"\s*[.!]?$")
_EVENT = re.compile(r"(?i)\b(?:summit|conference|festival|forum|webinar|gala|cumbre|congreso|foro|konferenz|gipfel"
                    r"|kongress|sommet|conf[ée]rence|congresso|vertice)\b")
MAX_EVENT_PROMPT_WORDS = 80
#: The small print under a prompt: "We treat our community members to special offers … you can
#: read our Privacy Notice." under the Manchester Evening News's WhatsApp prompt (a probe page).
_SMALL_PRINT = re.compile(r"(?i)\b(?:privacy\s+(?:notice|policy|statement)|pol[ií]tica\s+de\s+privacidad"
                          r"|datenschutz(?:erkl[äa]rung|hinweisen?|bestimmungen)|politique\s+de\s+confidentialit[ée]"
                          r"|informativa\s+(?:sulla\s+)?privacy|pol[ií]tica\s+de\s+privacidade)\b")
#: A prompt is a line of at most this many words, among the text's last PROMPT_LINES lines.
MAX_PROMPT_WORDS = 40
PROMPT_LINES = 3
#: A lead-in before the prompt this short is a label ("Immer informiert:"), not a sentence.
MAX_LEAD_IN_LABEL_WORDS = 3


def _follow_prompt(line: str) -> bool:
    """Whether `line` prompts to follow the outlet on a channel (``_FOLLOW_PROMPT``, ``_CHANNEL``;
    a lead-in before it names the channel, asks a question or is a label of at most
    MAX_LEAD_IN_LABEL_WORDS words: "Immer informiert: Folgen Sie der NW …", a probe page)."""
    prompt = _FOLLOW_PROMPT.search(line.strip())
    lead_in = prompt["lead_in"] if prompt else None
    return bool(prompt and _CHANNEL.search(line) and (
        not lead_in or lead_in.rstrip().endswith("?") or len(lead_in.split()) <= MAX_LEAD_IN_LABEL_WORDS
        or _CHANNEL.search(lead_in)))



#: A name in quotes ("Folge "Heute" jetzt auf WhatsApp"): one to three words, no speech.
_QUOTED_NAME = re.compile(r"[\"“„«]\s*[\w'’.-]+(?:\s+[\w'’.-]+){0,2}\s*[\"”“»]")


def _quotes_speech(line: str) -> bool:
    """Whether `line` quotes someone: quotation marks left once quoted names are read past."""
    return bool(QUOTES.search(_QUOTED_NAME.sub("", line)))


def drop_inline_prompts(text: str) -> str:
    """`text` without the lines, after its first, that prompt to follow the outlet on a channel
    (``_follow_prompt``, at most ``MAX_PROMPT_WORDS`` words, quoting nobody) wherever they stand:
    the box sits between paragraphs ("Du willst keine News mehr verpassen? Folge "Heute" jetzt
    auf WhatsApp …" above Heute's last paragraph, a probe page)."""
    lines = text.split("\n")
    kept = [line for i, line in enumerate(lines)
            if not (i and word_count(line) <= MAX_PROMPT_WORDS and not _quotes_speech(line)
                    and _follow_prompt(line))]
    return "\n".join(kept) if len(kept) < len(lines) else text


def cut_closing_prompts(text: str) -> str:
    """`text` without the prompts to follow the outlet that close it (``_FOLLOW_PROMPT`` and
    ``_CHANNEL`` in a line of at most ``MAX_PROMPT_WORDS`` words that quotes nobody), up to
    ``PROMPT_LINES`` of them with their small print (``_SMALL_PRINT``, beside a prompt only), and
    an event's promotion ending in the call to register (``_REGISTER_CALL``, ``_EVENT``); the first
    line always stays."""
    lines = text.rstrip().split("\n")
    end = cut = len(lines)
    while (end > 1 and len(lines) - end < PROMPT_LINES and not _quotes_speech(lines[end - 1])
           and word_count(lines[end - 1]) <= (MAX_EVENT_PROMPT_WORDS if _REGISTER_CALL.search(lines[end - 1].strip())
                                              else MAX_PROMPT_WORDS)):
        line = lines[end - 1]
        if _follow_prompt(line):
            cut = end - 1
        elif _REGISTER_CALL.search(line.strip()) and _EVENT.search(line):
            cut = end - 1
        elif not _SMALL_PRINT.search(line):
            break
        end -= 1
    return "\n".join(lines[:cut]) if cut < len(lines) else text


#: A paywall's notice where the free part of a story ends ("Tento článok je exkluzívny obsah pre
#: predplatiteľov Denníka N.", Denník N's template in a probe; "This article is exclusive to
#: subscribers"; "La suite est réservée aux abonnés"): what follows it is the offer to subscribe.
_PAYWALL_NOTICE = re.compile(
    r"(?i)\b(?:exclusive\s+(?:content\s+)?(?:for|to)\s+(?:our\s+)?subscribers|for\s+subscribers\s+only"
    r"|exklusiv\s+f[üu]r\s+abonnent|(?:contenido|art[ií]culo)\s+exclusivo\s+para\s+suscriptores"
    r"|conte[úu]do\s+exclusivo\s+para\s+assinantes|r[ée]serv[ée]e?\s+aux\s+abonn[ée]s"
    r"|riservat[oa]\s+agli\s+abbonati|obsah\s+pre\s+predplatite[lľ]ov|obsah\s+pro\s+p[řr]edplatitele"
    # "Continue reading with a Telegraph subscription", a metered paywall's "Você atingiu o limite
    # de reportagens por mês." (Folha de S.Paulo's; probe pages)
    r"|continue\s+reading\s+with\s+(?:a|an|your)\s+.{0,40}subscription|exclusiv[oa]\s+para\s+assinantes"
    # "Lesen Sie weiter mit NZZ Digital" (a probe page)
    r"|lesen\s+sie\s+weiter\s+mit\b|weiterlesen\s+mit\b"
    # the print edition's note, which closes a story as the notice does, the offer to subscribe
    # below it ("This article appeared in the The Americas section of the print edition under
    # the headline …", The Economist's; a probe page)
    r"|this\s+article\s+appeared\s+in\s+the\s+.{0,60}print\s+edition"
    r"|you(?:['’]ve|\s+have)\s+reached\s+(?:your|the)\s+.{0,40}limit|atingiu\s+o\s+limite\s+de"
    # a metered paywall's count, with its period or its quota ("You’ve read 1 article in the last
    # month" above Vox's appeal, a probe page; "You have read 3 of 5 free articles"): "If you've
    # read one article about the crisis, …" is a story's sentence
    r"|you(?:['’]ve|\s+have)\s+read\s+(?:\d+|one|two|three|all)\s+(?:of\s+(?:your\s+)?\d+\s+free\s+(?:articles?|stories)"
    r"|(?:free\s+)?(?:articles?|stories)\s+(?:in\s+the\s+(?:last|past)\s+(?:\d+\s+)?\w+|this\s+(?:month|week|year)))"
    r"|has\s+le[ií]do\s+\d+\s+(?:de\s+\d+\s+(?:art[ií]culos?|noticias?)|(?:art[ií]culos?|noticias?)\s+(?:este\s+mes|gratuit|gratis))"
    r"|vous\s+avez\s+lu\s+\d+\s+(?:sur\s+\d+\s+)?articles?\s+(?:gratuits?|ce\s+mois|offerts?)"
    r"|sie\s+haben\s+.{0,20}\d+\s+(?:von\s+\d+\s+)?(?:kostenlosen?|freien?|gratis)\s+(?:artikeln?|beitr[äa]gen?)\s+gelesen"
    r"|voc[êe]\s+(?:j[áa]\s+)?leu\s+\d+\s+(?:de\s+\d+\s+)?(?:mat[ée]rias?|reportagens?|artigos?|textos?)\s+(?:gratuit|este\s+m[êe]s|neste\s+m[êe]s)"
    r"|(?:has|ha)\s+(?:alcanzado|llegado\s+al?)\s+(?:el\s+)?l[ií]mite\s+de|avez\s+atteint\s+(?:la\s+)?limite"
    r"|haben\s+(?:ihr|das)\s+.{0,30}limit"
    # a subscription shared across devices: the notice that closes El País's story and the
    # choice it offers below it ("Tu suscripción se está usando en otro dispositivo", a probe page)
    r"|(?:tu|su)\s+suscripci[óo]n\s+se\s+est[áa]\s+usando\s+en\s+otro\s+dispositivo"
    r"|your\s+subscription\s+is\s+(?:being\s+used|in\s+use)\s+on\s+another\s+device"
    r"|sua\s+assinatura\s+est[áa]\s+sendo\s+usada\s+em\s+outro\s+dispositivo"
    r"|votre\s+abonnement\s+est\s+(?:d[ée]j[àa]\s+)?utilis[ée]\s+sur\s+un\s+autre\s+appareil"
    # ABC's notice and its limit on shared sessions ("Esta noticia es solo para suscriptores ABC
    # Premium", "Límite de sesiones alcanzadas"; a probe page)
    r"|\bes\s+s[óo]lo\s+para\s+suscriptores|l[ií]mite\s+de\s+sesiones\s+alcanzad[oa]s?)")
#: The notice is a line of at most this many words, in the last part of the text (a share of
#: its characters: the offer's short lines below the notice must not push it into the first
#: half, as The Telegraph's three paragraphs and five lines of offer did in a probe).
MAX_PAYWALL_WORDS = 30
PAYWALL_TAIL_SHARE = 0.5


def cut_paywall_tail(text: str) -> str:
    """`text` up to a paywall's notice (``_PAYWALL_NOTICE``, a line of at most
    ``MAX_PAYWALL_WORDS`` words starting in the last half of the text's characters, not its
    first line) and without the offer below it."""
    lines = text.split("\n")
    offset, limit = len(lines[0]) + 1, PAYWALL_TAIL_SHARE * len(text)
    for i in range(1, len(lines)):
        if offset >= limit and word_count(lines[i]) <= MAX_PAYWALL_WORDS and _PAYWALL_NOTICE.search(lines[i]):
            return "\n".join(lines[:i]).rstrip()
        offset += len(lines[i]) + 1
    return text
