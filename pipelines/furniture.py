"""The page's furniture left in trafilatura's text of a page, cut line by line: the block of
other articles that closes it, and lines that are a photo's credit, a newsletter's sign-up box,
a reading time, a share prompt, a copyright line or an address alone. Pure functions over
strings; the other body rules (edges, link lines, a split article, listings) are
``pipelines.bodytext``'s, whose ``word_count`` measures lines here too (split out of it to keep
each module small: these rules read the text alone, never the page's links; ``cut_author_box``
is given the author boxes' paragraphs, ``pagelinks.author_box_texts``).

Why each rule exists, and what it measured (shingle F1 on the 181 pages of the
article-extraction-benchmark, ``python bench/extraction.py --rules``):

- ``cut_related_tail``: the block of other articles that closes a page ("NOTAS RELACIONADAS",
  "Lee también", "Auch interessant", "Related stories"...) when trafilatura keeps it: a heading
  line of a multilingual list in the last 40 % of the text, with no prose paragraph after it, ends
  the text. Benchmark 0.97106 -> 0.97114 (2 pages, "You may also like"); on trafilatura's 990
  annotated pages (``bench/snippets.py``) 0.9186 -> 0.9197, both halves up (0.9151 -> 0.9166,
  0.9224 -> 0.9230): 8 snippets of boilerplate gone, 1 of text lost, on 7 pages.
- ``drop_credit_lines``: a photo's credit or caption label on a line of its own ("Foto: dpa",
  "Crédits photos : Bestimage", "© AFP"): benchmark 0.97114 -> 0.97117; trafilatura's 990 pages
  0.9197 -> 0.9210 (halves 0.9166 -> 0.9175, 0.9230 -> 0.9246), recall unchanged (0.918). A
  newsletter's sign-up box too ("Thanks for signing up!"): benchmark 0.9746 -> 0.9748 (6 lines
  of boilerplate gone; "Sign up"/"Subscribe" only as a sentence's first words: +0.0001, a
  newsletter's own issue keeps its line), trafilatura's 990 0.9249 -> 0.9251;
  the comments' heading, reading times, share prompts, copyright and "Filed under" lines:
  benchmark 0.9748 -> 0.9752, trafilatura's 990 and newspaper4k's unchanged; addresses alone on
  a line and "Explore further", "Most read …", "Popular on …", "Tags" as related headings:
  benchmark 0.9752 -> 0.9761, newspaper4k's 0.9457 -> 0.9460, trafilatura's 990 unchanged ("Don't
  miss" and "Up next" were tried and not kept: a box inside CNN's text, AP's last paragraph); the
  comments' heading with its count and in more languages ("Reacties (214)", "Komentarze (87)",
  "12 comments"), and as a heading that ends the text with the comment box's prompts after it
  (pages written in a probe: nl, pl): trafilatura's 990 0.9225 -> 0.9228, the benchmark unchanged;
  an author box's heading ("ABOUT THE AUTHOR") closing the text, an agency's closing credit ("With
  files from The Canadian Press") and a rights notice ("… Todos os direitos reservados.",
  "…無断転載を禁止します。"): pages written in a probe (CBC's, Punch's, UOL's, Mainichi's
  templates); the benchmark, trafilatura's 990 and the metadata sets unchanged.
- ``cut_author_bios``: the author boxes that close a story ("Alicia Ramos is a correspondent
  covering …" under the name), kept by trafilatura on pages written in a probe (2 of 180); the
  benchmark and trafilatura's 990 unchanged. A story's own last paragraph that
  opens "Name is a journalist …" goes too: the price of the rule.
- Twenty-sixth session, from a probe of 90 pages in the templates of German, US, UK and other
  outlets (last sentence right on 52 of 78 as they arrived, 70 after): ``cut_author_box`` (an
  author box's role or biography, its name a link left out: the Ippen sites', t-online's),
  ``cut_closing_appeal`` (an appeal for the reader's support under its heading: elDiario.es's,
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
  trafilatura's 990 0.9236 unchanged.
"""
from __future__ import annotations

import re

from pipelines.bodytext import AUTHOR_BIO, word_count
from pipelines.pagelinks import norm_text

__all__ = ["cut_author_bios", "cut_author_box", "cut_closing_appeal", "cut_paywall_tail",
           "cut_related_tail", "drop_credit_lines"]

#: The comments' heading in the outlets' languages (en, es, pt, fr, de, it, nl, da/nb/sv, pl, tr,
#: cs), with their count ("Reacties (214)", "Komentarze (87)", "12 comments"): a line of its own
#: where the comments begin. One pattern for both rules below (no spaces: verbose-mode safe).
_COMMENTS = (r"(?:\d+\s+)?(?:comments?|kommentare?|comentarios?|commentaires?|coment[aá]rios?"
             r"|commenti|reacties|kommentarer|komentarze|komentáře|yorumlar?)(?:\s*[(\[]\d+[)\]]|\s+\d+)?")
#: Headings that open the block of other articles closing a page ("Related", "Lee también",
#: "Auch interessant"...), in the languages of the outlets: en, es, pt, fr, de.
_RELATED_HEADING = re.compile(r"""^(?:
    related(?:\s+(?:articles?|stories|news|content|posts?|coverage|reading))?
  | read\s+(?:more|next|also)(?:\s+(?:from|on|about)\b.*)?
  | more\s+(?:stories|news|articles)(?:\s+(?:from|on|about)\b.*)?
  | you\s+(?:may|might)\s+(?:also\s+)?(?:like|be\s+interested\s+in)
  | recommended(?:\s+(?:for\s+you|stories|articles|reading))?
  | (?:notas?|noticias|art[ií]culos|contenidos?|temas)\s+relacionad[oa]s
  | (?:tambi[eé]n\s+)?te\s+puede\s+interesar | lee\s+tambi[eé]n | le[ae]\s+m[aá]s | m[aá]s\s+noticias
  | seguir\s+leyendo | leggi\s+anche | potrebbe\s+interessarti
  | (?:v[ií]deos?\s*:\s*)?mais\s+(?:lidas|lidos|assistidos|vistos)\b.*
  | leia\s+(?:tamb[eé]m|mais) | veja\s+tamb[eé]m | (?:not[ií]cias|mat[eé]rias)\s+relacionadas
  | (?:[àa]\s+)?lire\s+aussi | sur\s+le\s+m[eê]me\s+sujet | (?:articles?|contenus?)\s+li[ée]s
  | auch\s+interessant | lesen\s+sie\s+auch\b.* | mehr\s+zum\s+thema\b.*
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
)\s*[:.…]*$""" % _COMMENTS, re.I | re.X)
#: Such a heading ends the article only in its last part (a share of the text's characters):
#: higher up, "Related" or "Lee también" introduces one link inside the article.
RELATED_TAIL_SHARE = 0.6


#: A paragraph this long after such a heading is the article going on (the heading introduced
#: one link), not the teasers of other articles.
MAX_TEASER_WORDS = 50


#: A heading followed at once by a sentence of at least this many words introduced links that
#: are gone (an inline "Leia mais" box, Folha de S.Paulo's in a probe): the story goes on.
MIN_GOING_ON_WORDS = 20
_SENTENCE_END = re.compile(r"[.!?][\"'”»)]*$")


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
                         and _SENTENCE_END.search(lines[i + 1].rstrip()))):
            return text[:offset].rstrip()
        offset += len(line) + 1
    return text


#: A photo's credit or caption label left on a line of its own ("Foto: dpa", "Crédits photos :
#: Bestimage", "Bild: Keystone", "© AFP", "Courtesy G4", "Illustration by Mike Nudelman"): the
#: page's furniture, not the article's text.
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:©|(?:fotos?|photos?|photographs?|bild(?:er|rechte|quelle)?|imagen(?:es)?|images?|cr[ée]dits?(?:\s+photos?)?"
    r"|cr[ée]dito|titelbild|beitragsbild|copyright|illustrations?|ilustraci[oó]n)\s*(?:[:©/|]|\(c\))"
    # "Courtesy G4", "Illustration by Mike Nudelman", "Foto de Ana Ruiz", "Photo courtesy of NASA"
    r"|courtesy\b|(?:photo(?:graph)?|illustration|image|foto|ilustraci[oó]n|imagen)\s+"
    r"(?:by|de|von|par|courtesy)\b).{0,120}$", re.I)
#: Longer lines that open so are prose ("Foto: so sah die Stadt 1950 aus, als ...").
MAX_CREDIT_WORDS = 12


#: A newsletter's sign-up box left in the text ("Thanks for signing up!", "Subscribe to the
#: Morning Review newsletter", "Newsletter abonnieren", "Suscríbete a nuestro boletín"): seven
#: such lines on the 181 benchmark pages, none in their hand-made bodies.
_PROMO_LINE = re.compile(r"""(?ix)
    thanks\ for\ (?:signing\ up|subscribing) | error\ processing\ your\ subscription
  | keep\ an\ eye\ on\ your\ inbox | by\ signing\ up,?\ you\ agree
  | (?:^|[.!?]\s)\s*(?:sign\ up|subscribe)\b.{0,60}\bnewsletters?\b
  | newsletter\ (?:abonnieren|bestellen) | zum\ newsletter\ anmelden | melden\ sie\ sich\ .{0,40}newsletter
  | delivered\ to\ your\ inbox | recib[ae]\ en\ tu\ (?:correo|e-?mail|bandeja) | in\ ihr(?:em)?\ postfach | by\ (?:registering|subscribing),?\ you\ agree
  | suscr[ií]b(?:e|ete|ase)\ .{0,40}(?:newsletter|bolet[ií]n)
  | (?:inscrivez-vous|abonnez-vous)\ .{0,40}newsletter | (?:assine|inscreva-se)\ .{0,40}newsletter
  | iscriviti\ .{0,40}newsletter | nella\ tua\ casella\ (?:di\ posta|e-?mail)
""")
#: Longer lines that say so are prose (an article about a newsletter); "Sign up"/"Subscribe"
#: count only as a sentence's first words, an imperative ("40,000 people subscribe to the
#: newsletter" is a report).
MAX_PROMO_WORDS = 25
#: Other furniture on a line of its own: the comments' heading, a reading time, a prompt to
#: share, a copyright or "Filed under" line (18 such lines on the 181 benchmark pages, one in
#: their hand-made bodies), an address alone (a link, a reporter's mail or profile), a share
#: widget's messages. "Follow us on Facebook ..." lines are not among them: the
#: benchmark's and newspaper4k's annotators kept two of four.
_FURNITURE_LINE = re.compile(r"""(?ix)^(?:
    %s
  | (?:tempo\ de\ leitura|tiempo\ de\ lectura|reading\ time|lesezeit|lesedauer|temps\ de\ lecture)
        \s*:?\s*\d+\s*\w*\.?
  | \d+\s*(?:min(?:ute)?s?|minutos?|minuten)\.?\s+(?:read|de\ lectura|de\ leitura|lesezeit|de\ lecture)
  | like\ this\ (?:story|article)\?.{0,40} | share\ this\ (?:story|article)!?
  | (?:gost(?:o|ou|a)\ deste\ artigo|did\ you\ (?:like|enjoy)\ this\ (?:article|story)
     |(?:vous\ avez|avez-vous)\ aim[ée]\ cet\ article|te\ ha\ gustado\ (?:este|el)\ art[ií]culo
     |hat\ ihnen\ (?:dieser|der)\ (?:artikel|beitrag)\ gefallen)\s*\??
  | (?:copyright|ⓒ)\s.{0,200}
  # a rights notice closing the page ("… Todos os direitos reservados.", "… without prior express
  # written permission from PUNCH.", "…無断転載を禁止します。")
  | .{0,200}(?:all\ rights\ reserved|todos\ (?:os|los)\ direitos\ reservados|todos\ los\ derechos
     \ reservados|tous\ droits\ r[ée]serv[ée]s|alle\ rechte\ vorbehalten|without\ (?:the\ )?(?:prior\ )?
     (?:express\ )?written\ permission|無断転載を?禁|riproduzione\ riservata).{0,30}
  | filed\ under\s*:.{0,100}
  | (?:https?://|www\.)\S+ | [\w.+-]+@[\w-]+\.[\w.-]+ | (?:twitter|x|facebook|instagram)\.com/\S+
  | an\ error\ has\ occurred.{0,40} | this\ article\ has\ been\ sent\ to.{0,40}
  | -?\s*(?:order\ reprints|print\ article)(?:\s*\|\s*[\w'’\ ]{1,20}){0,4}
  # the ARD broadcasters' note of the programme that aired the story (MDR, NDR: "Dieses Thema im
  # Programm: NDR Info | Regional Hannover | 03.12.2025 | 15:00 Uhr"), and a German report's
  # source line ("Quelle: ntv.de, dpa"; pages written in a probe)
  | dieses\ thema\ im\ programm\s*:.{0,200} | [üu]ber\ dieses\ thema\ berichtete?\b.{0,200}
  # a share button's and a newsletter box's labels alone ("Teilen", "WDR Newsletter")
  | teilen | compartir | partager | partilhar | [\w.\ -]{0,30}[\ -]newsletter
  | quellen?\s*:\s*\S+(?:\s+\S+){0,5}
  # a paywall's notice where the free part ends (Le Monde: "Il vous reste 71.38%% de cet article à
  # lire. La suite est réservée aux abonnés."), a subscription offer ("… Assine a partir de 1 euro
  # por semana e tenha acesso ilimitado a todos os conteúdos."), a channel's ("Corriere della Sera
  # è anche su WhatsApp. È sufficiente cliccare qui per iscriversi al canale …") and the label of
  # a box of stock quotes ("In this article", CNBC); probe pages
  | il\ vous\ reste\ .{0,60}\ (?:de\ cet\ article\ [àa]\ lire|r[ée]serv[ée]e\ aux\ abonn[ée]s).{0,80}
  | .{0,120}(?:acesso\ ilimitado|acceso\ ilimitado|acc[èe]s\ illimit[ée]|unlimited\ access|
     unbegrenzte[nr]?\ zugriff|accesso\ illimitato).{0,160}
  | (?:suscr[ií]bete|subscribe|abonnez-vous|assine)\ (?:a|al|to|à|ao?)\ \S+(?:\s+\S+){0,3}
  | (?:se\ adhiere\ a\ los\ criterios\ de|adheres\ to\ the\ (?:criteria|standards)\ of)\ the\ trust\ project
  | .{0,60}\ [èe]\ anche\ su\ (?:whatsapp|telegram).{0,120}
  | .{0,10}participe\ do\ canal\ .{0,60}(?:whatsapp|telegram).{0,40}
  # an app's prompt and an error report's (BBC News Mundo's, El Tiempo's; probe pages)
  | .{0,200}recuerda\ que\ puedes\ recibir\ notificaciones.{0,120}
  | ¿?encontraste\ un\ error\??.{0,40} | haz\ clic\ aqu[ií]\ para\ leer\ m[aá]s\ .{0,80}
  | in\ this\ article
  # a paywall's sign-in prompt ("Bereits Abonnent? Jetzt anmelden", WirtschaftsWoche's box)
  | (?:bereits\ abonnent(?:in)?|already\ a\ subscriber|d[ée]j[àa]\ abonn[ée]e?|¿?ya\ eres\ suscriptora?
     |j[áa]\ [ée]\ assinante)\s*\?.{0,40}
  # the Ippen sites' pointer to more local news ("Mehr Nachrichten aus Frankfurt finden Sie in
  # unserem Newsletter.", "Mehr Nachrichten aus der Region Miesbach lesen Sie hier.")
  | mehr\ (?:nachrichten|news|artikel)\ (?:aus|zu|über)\ .{1,60}\ (?:lesen|finden)\ sie\b.{0,40}
  # a broadcaster's box of the programme ("Weitere Informationen / Sendung: hr-iNFO, 03.11.2025,
  # 17.00 Uhr / Ende der weiteren Informationen", hessenschau.de), a print edition's line
  # ("Published in Dawn, June 11th, 2026"), a gallery's label ("PHOTO GALLERY (CLICK TO
  # ENLARGE)", The Japan Times) and the Hindustan Times's closing line; probe pages
  | sendung\s*:.{0,120} | (?:ende\ der\ )?weitere[n]?\ informationen
  | published\ in\ (?:the\ )?[\w\ ]{1,40},\ [\w\ ,]{3,30}\d{4}\.?
  | photo\ gallery(?:\ \(click\ to\ enlarge\))?
  | get\ (?:the\ )?latest\ [\w\ ]{1,40}\ news\ along\ with\ .{0,120}
  # the editors' initials closing a wire story ("rgh/mem/ane", Prensa Latina's), McClatchy's note
  # of the first publication ("This story was originally published December 9, 2025 at 5:40 PM",
  # el Nuevo Herald's "Esta historia fue publicada originalmente el …") and an agency's
  # contribution ("Reuters contributed to this report."); probe pages
  | [a-z]{2,4}(?:/[a-z]{2,4}){1,5}
  | (?:this\ story\ was\ originally\ published|esta\ historia\ fue\ publicada\ originalmente)\b.{0,80}
  | [^.]{1,80}\ contributed\ to\ this\ report\.?
  | [^.]{1,80}\ (?:colabor[oó]|contribuy[oó])\ (?:en|con|a)\ (?:este|esta)\ (?:informe|reporte|nota|art[ií]culo)\.?
  # a story's closing credits ("Story by Darya Zhilina", "Translation by Anna Rose": Meduza's),
  # a wire's sign-off ("==Kyodo", Yonhap's "(END)"), the comment box's prompt ("Be the first to
  # comment", VnExpress's) and a desk's contact line ("Please direct questions or comments to
  # [english@hani.co.kr]", the Hankyoreh's); probe pages
  | (?:story|translation|translated|illustrations?)\ by\ [^.]{1,60}
  | ==\s*[a-z]{2,20} | \(end\)
  | (?:be\ the\ first\ to\ comment|s[ée]\ el\ primero\ en\ comentar|soyez\ le\ premier\ [àa]\ commenter
     |seja\ o\ primeiro\ a\ comentar)\W{0,3}
  | please\ (?:direct|send)\ (?:your\ )?(?:questions|comments|feedback)\b.{0,80}
  # a comment box's disclaimer (Emol's), a support and subscription offer (La Prensa's); probe pages
  | los\ comentarios\ (?:publicados\ )?son\ (?:de\ )?(?:exclusiva\ )?responsabilidad\b.{0,160}
  | apoya\ (?:el|nuestro)\ periodismo\b.{0,160}
  # a view counter and a contact prompt closing the page (Taipei Times, the Inquirer; probe pages)
  | this\ (?:story|article)\ has\ been\ viewed\ [\d,.]+\ times\.?
  | for\ feedback,\ complaints,?\ or\ inquiries,?\ contact\ us\.?
  # the agencies' credit that closes a report ("With files from The Canadian Press")
  | \(?(?:with\ files\ from|additional\ reporting\ by|with\ (?:information|reporting)\ from
     |con\ informaci[oó]n\ de(?:l|\ la|\ los|\ las)?|com\ informa[çc][õo]es\ d[aeo]s?
     |avec\ des\ informations\ d[eu]s?)\ [^.]{1,60}\.?
  # where the reporters wrote from ("Whitcombe reported from Washington.", the Washington Post's
  # and the New York Times's last line; "Reporting was contributed by …"); probe pages
  | [^.]{1,80}\ reported\ from\ [^.]{1,80}\. | reporting\ was\ contributed\ by\ [^.]{1,120}\.?
  # an app's prompt ("📱 Baixe o app do g1 para ver notícias em tempo real", "Download the BBC
  # News app"), an audio player's note ("This is read by an automated voice. Please report any
  # issues or inconsistencies here.", the Los Angeles Times's); probe pages
  | \W{0,3}(?:baixe|download|descarg(?:a|ue)|t[ée]l[ée]chargez|scarica)
     \ (?:o\ |the\ |la\ |our\ |nuestra\ |l')?(?:[\w-]+\ ){0,3}(?:app|aplicativo|aplicaci[oó]n|application)\b.{0,100}
  | (?:this\ (?:article\ |story\ )?is\ read\ by\ an\ automated\ voice
     |listen\ to\ this\ (?:article|story)).{0,120}
  # an error report's link and a channel's invitation closing the page (14ymedio's "Reporta un
  # error", "Únete a nuestro canal de WhatsApp …"); probe pages
  | (?:reporta|reportar|report|notifica)\ (?:un|an)\ error | _{5,}
  | [úu]nete\ a\ nuestro\ canal\ .{0,120}
  # a fact check's label and Newsweek's motto under every story (probe page)
  | fact\ check\ by\ .{1,60} | newsweek\ is\ committed\ to\ challenging\ conventional\ wisdom\b.{0,120}
)\s*$""" % _COMMENTS)
#: Notices longer than MAX_PROMO_WORDS, dropped whatever their length: Dow Jones's reprint notice
#: above the text (Barron's, the Wall Street Journal, MarketWatch: "This copy is for your
#: personal, non-commercial use only. To order presentation-ready copies ... visit
#: https://www.djreprints.com."), and those below.
_LONG_NOTICE = re.compile(r"(?i)^this copy is for your personal,? non-commercial use only\b.{0,200}$"
                             # a reproduction ban (La Jornada's "Se prohíbe la reproducción total o
                             # parcial del contenido de esta página …"; a probe page)
                             r"|(?i:^se\s+proh[ií]be\s+(?:la\s+)?reproducci[óo]n\b.{0,300}$)"
                             # a call for tips (Business Insider's "Have a tip? Contact this
                             # reporter via email at … or Signal at …", Newsweek's "Do you have a
                             # tip on a … story Newsweek should be covering? … Let us know via …";
                             # probe pages)
                             r"|(?i:^(?:have|got|do\s+you\s+have)\s+a\s+(?:news\s+)?tip\b.{0,300}$)"
                             # a prompt to subscribe to a newsletter, opening its line ("Iscriviti
                             # alla newsletter di Corriere Milano. Arriva ogni giorno …"; a probe page)
                             r"|(?i:^(?:iscriviti|sign\s+up|subscribe|suscr[ií]bete|abonnez-vous|"
                             r"inscreva-se|assine|melden\s+sie\s+sich)\s+(?:to|for|alla|a|al|à|ao?|f[üu]r)"
                             r"\s+(?:la\s+|the\s+|our\s+|nuestra\s+|nossa\s+|notre\s+|unseren?\s+)?"
                             r"(?:[\w-]+\s+){0,3}newsletter\b.{0,300}$)"
                             # the print edition's note, longer than MAX_PROMO_WORDS too, with the
                             # links after it: the New York Times's "A version of this article
                             # appears in print on March 12, 2026, Section A, Page 14 of the New
                             # York edition with the headline: … Order Reprints | Today's Paper |
                             # Subscribe", the Wall Street Journal's "Appeared in the March 11,
                             # 2026, print edition as '…'." (probe pages)
                             r"|(?i:^(?:a\s+version\s+of\s+this\s+(?:article|story)\s+appears\s+in\s+print|"
                             r"appeared\s+in\s+the\s+.{0,40}print\s+edition)\b.{0,300}$)")


#: An author's biography is a paragraph, not a book: at most this many words.
MAX_BIO_WORDS = 80


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


#: A reader's appeal for support closing the page ("… Si crees que lo que hacemos merece la pena,
#: apóyanos.", elDiario.es; "… gibt es nur mit Ihrer Unterstützung.", the taz; probe pages).
_APPEAL = re.compile(r"(?i)ap[óo]yanos|apoy[áa]ndonos|haci[ée]ndote\s+miembro|hazte\s+miembro"
                     r"|tu\s+aportaci[óo]n|haz\s+una\s+aportaci[óo]n|haga\s+una\s+donaci[óo]n"
                     r"|hazte\s+soci[oa]|funded\s+by\s+(?:our\s+)?readers|reader-funded"
                     r"|join\s+our\s+community\s+of\s+(?:members|supporters)|become\s+a\s+(?:member|supporter|patron)\b"
                     r"|support\s+(?:us\b|our\s+work|our\s+journalism|independent\s+journalism)|unterst[üu]tzen\s+sie\s+(?:uns\b|unabh[äa]ngigen)|mit\s+ihrer\s+"
                     r"unterst[üu]tzung|soutenez-nous|soutenez\s+(?:notre|le)\s+journalisme|apoie\s+o\s+"
                     r"(?:nosso\s+)?jornalismo|sostienici|sostieni\s+(?:il\s+)?(?:nostro\s+)?giornalismo")
#: The appeal is a paragraph at most this long; its heading above it at most MAX_APPEAL_HEADING_WORDS.
MAX_APPEAL_WORDS = 70
MAX_APPEAL_HEADING_WORDS = 10


def cut_closing_appeal(text: str) -> str:
    """`text` without a closing appeal for the reader's support: its last line, of at most
    ``MAX_APPEAL_WORDS`` words, asks for it (``_APPEAL``) under a heading (a line of at most
    ``MAX_APPEAL_HEADING_WORDS`` words, no sentence). A story's last paragraph that quotes such
    words follows another paragraph, and stays."""
    lines = text.split("\n")
    if (len(lines) < 3 or word_count(lines[-1]) > MAX_APPEAL_WORDS or not _APPEAL.search(lines[-1])
            or word_count(lines[-2]) > MAX_APPEAL_HEADING_WORDS or lines[-2].rstrip().endswith(".")):
        return text
    return "\n".join(lines[:-2])


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
    r"|^continue\s+reading\s+with\s+(?:a|an|your)\s+.{0,40}subscription"
    r"|you(?:'ve|\s+have)\s+reached\s+(?:your|the)\s+.{0,40}limit|atingiu\s+o\s+limite\s+de"
    r"|(?:has|ha)\s+(?:alcanzado|llegado\s+al?)\s+(?:el\s+)?l[ií]mite\s+de|avez\s+atteint\s+(?:la\s+)?limite"
    r"|haben\s+(?:ihr|das)\s+.{0,30}limit)")
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


def drop_credit_lines(text: str) -> str:
    """`text` without lines that are a photo credit or caption label (``_CREDIT_LINE``, up to
    ``MAX_CREDIT_WORDS`` words), a newsletter's sign-up box (``_PROMO_LINE``) or other furniture
    (``_FURNITURE_LINE``), up to ``MAX_PROMO_WORDS``."""
    return "\n".join(line for line in text.split("\n") if not _furniture(line))


def _furniture(line: str) -> bool:
    words, bare = word_count(line), line.strip()
    if _LONG_NOTICE.match(bare):
        return True
    if words <= MAX_CREDIT_WORDS and _CREDIT_LINE.match(bare):
        return True
    return words <= MAX_PROMO_WORDS and bool(_PROMO_LINE.search(bare) or _FURNITURE_LINE.match(bare))
