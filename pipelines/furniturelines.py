"""Furniture lines left in trafilatura's text of a page, dropped one by one wherever they stand:
a photo's credit or caption label, a newsletter's sign-up box, a reading time, a share prompt,
a copyright line, an address alone, credits and notices (``drop_credit_lines``). Pure
functions over strings, split out of ``pipelines.furniture`` (which cuts the blocks that close
the text) to keep each module small; ``word_count`` is ``pipelines.bodytext``'s.

What the rules measured (shingle F1 on the 181 pages of the article-extraction-benchmark,
``python bench/extraction.py --rules``; trafilatura's 990 annotated pages, ``bench/snippets.py``;
each session's probe pages in ``bench/HISTORY.md`` and ``pipelines.furniture``'s docstring):

- A photo's credit or caption label on a line of its own ("Foto: dpa",
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
  templates); the benchmark, trafilatura's 990 and the metadata sets unchanged. Thirty-third
  session, from probe pages: the audio player's maker, BILD's and the Daily Mail's calls for
  readers' photos and stories, CNBC's video labels, an Ippen site's picture credit, network
  note and newsletter's name (fr.de's page in htmldate's and trafilatura's sets lost its two
  closing lines); the benchmark and trafilatura's 990 unchanged. Thirty-fourth session, from
  probe pages, lines left between paragraphs: advertisement labels, a video player's states, a
  caption ending in its credit, a consent placeholder, a newsletter box's heading and consent
  line, "Sign up for the free …", "… Subscribe now" (with ``furniture.drop_related_labels`` and
  ``drop_inline_prompts``: 45 lines of 45 public pages, all furniture; benchmark P 0.9716 ->
  0.9718, trafilatura's 990 0.9319 -> 0.9322).
"""
from __future__ import annotations

import re

from pipelines.bodytext import COMMENTS, word_count

__all__ = ["COMMENTS", "drop_closing_tag", "drop_credit_lines"]


#: A photo's credit or caption label left on a line of its own ("Foto: dpa", "Crédits photos :
#: Bestimage", "Bild: Keystone", "© AFP", "Courtesy G4", "Illustration by Mike Nudelman"): the
#: page's furniture, not the article's text.
_CREDIT_LINE = re.compile(
    r"^\(?\s*(?:©|(?:fotos?|photos?|photographs?|bild(?:er|rechte|quelle)?|imagen(?:es)?|images?|cr[ée]dits?(?:\s+photos?)?"
    # (Ippen's sites' "Rubriklistenbild: © Ramon Espinosa/AP/dpa" under the story, a probe page)
    r"|cr[ée]dito|titelbild|beitragsbild|rubriklistenbild|listenbild|teaserbild|vorschaubild|copyright"
    r"|illustrations?|ilustraci[oó]n"
    # a broadcaster's credits under the web story ("Sujet TV: Noémie Guignard", "Adaptation web:
    # Julien Bouvier", RTS's; a probe page)
    r"|sujet\s+(?:tv|radio)|adaptation\s+web|r[ée]alisation\s+web)\s*(?:[:©/|]|\(c\))"
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
  | keep\ an\ eye\ on\ your\ inbox
  # "… Sign up for the free Mother Jones Daily.", "Enjoy an ad-free experience … Subscribe now"
  # (probe pages): one branch, one scan of the line for a sentence's start
  | (?:^|[.!?]\s)\s*(?:(?:sign\ up|subscribe)\b.{0,60}\bnewsletters?\b|sign\ up\ for\ (?:the|our)\ free\b
                     |subscribe\ (?:now|today)[.!]?$)
  | newsletter\ (?:abonnieren|bestellen) | zum\ newsletter\ anmelden | melden\ sie\ sich\ .{0,40}newsletter
  | delivered\ to\ your\ inbox | \bin\ your\ inbox\b | recib[ae]\ en\ tu\ (?:correo|e-?mail|bandeja) | in\ ihr(?:em)?\ postfach
  | suscr[ií]b(?:e|ete|ase)\ .{0,40}(?:newsletter|bolet[ií]n)
  | (?:inscrivez-vous|abonnez-vous)\ .{0,40}newsletter | (?:assine|inscreva-se)\ .{0,40}newsletter
  | iscriviti\ .{0,40}newsletter | nella\ tua\ casella\ (?:di\ posta|e-?mail)
  | sign\ up\ (?:to|for)\ (?:one\ of\ )?(?:the|our)\ (?:[\w'’-]+\ ){0,5}(?:email|newsletter)s?\b

  # a newsletter's name alone ("FR-Newsletter „Politik am Abend“", a probe page)
  | ^[\w-]*newsletter\ *[„"“«][^„"“”«»]{1,40}[“"”»]$
""")
#: Longer lines that say so are prose (an article about a newsletter); "Sign up"/"Subscribe"
#: count only as a sentence's first words, an imperative ("40,000 people subscribe to the
#: newsletter" is a report).
MAX_PROMO_WORDS = 25
#: The news agencies a credit line names (the line of agencies alone, below).
_AGENCY = r"(?:reuters|ap|afp|aap|efe|dpa|ansa|lusa|pa|bloomberg|xinhua|kyodo|yonhap|upi|associated\ press|europa\ press|agencies|agencias|ag[êe]ncias|agences|agenturen)"
#: Other furniture on a line of its own: the comments' heading, a reading time, a prompt to
#: share, a copyright or "Filed under" line (18 such lines on the 181 benchmark pages, one in
#: their hand-made bodies), an address alone (a link, a reporter's mail or profile), a share
#: widget's messages. "Follow us on Facebook ..." lines are not among them: the
#: benchmark's and newspaper4k's annotators kept two of four.
_FURNITURE_LINE = re.compile(r"""(?ix)^(?:
    %(comments)s
  | (?:tempo\ de\ leitura|tiempo\ de\ lectura|reading\ time|lesezeit|lesedauer|temps\ de\ lecture)
        \s*:?\s*\d+\s*\w*\.?
  | \d+\s*(?:min(?:ute)?s?|minutos?|minuten)\.?\s+(?:read|de\ lectura|de\ leitura|lesezeit|de\ lecture)
  | like\ this\ (?:story|article)\?.{0,40} | share\ this\ (?:story|article)!?
  # a video player's labels (CNBC's "watch now" and "VIDEO 02:41" in the story; a probe page)
  | watch\ now | video\ ?\d{1,2}:\d{2}(?:\d{1,2}:\d{2})?
  # an Ippen site's note under the story ("*fr.de ist Teil des bundesweiten
  # Ippen-Redaktionsnetzwerks", fr.de's page in htmldate's and trafilatura's evaluation sets)
  | \*?[\w.-]+\ ist\ teil\ des\ (?:bundesweiten\ )?ippen-?\ ?(?:redaktions)?netzwerks?\.?
  | (?:gost(?:o|ou|a)\ deste\ artigo|did\ you\ (?:like|enjoy)\ this\ (?:article|story)
     |(?:vous\ avez|avez-vous)\ aim[ée]\ cet\ article|te\ ha\ gustado\ (?:este|el)\ art[ií]culo
     |hat\ ihnen\ (?:dieser|der)\ (?:artikel|beitrag)\ gefallen)\s*\??
  | (?:copyright|ⓒ|\(c\))\s.{0,200}
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
  | teilen | compartir | partager | partilhar | contribuer | (?:[\w.\ -]{0,30}[\ -])?newsletter
  # an advertisement's label, a video player's states, a photo's caption ending in its credit
  # ("Nurses protest outside the Finance Ministry(Photo: Shalev Shalom)", Ynetnews's), a consent
  # placeholder for an embedded post, a newsletter box's consent line (probe pages)
  | vous\ avez\ une\ info\ ?\?
  # a subscription's offer ("Get exclusive access to our Pro briefings …" under Al-Monitor's "Go
  # deeper with Al-Monitor Pro", a probe page)
  | (?:get|gain|unlock)\ (?:exclusive|unlimited|full)\ access\ to\ (?:our|all)\b.{0,200}
  | advertisement | advertising | advert | anzeige | werbung | publicidad | publicidade | pubblicit[àa]
  | publicit[ée] | advertentie | reklame
  | video\ (?:loading|unavailable) | (?:click|tap)\ to\ play | the\ video\ will\ start\ in\ \d+.{0,30}
  | .{0,200}\((?:photos?|fotos?|images?|pictures?|video|bild|imagen)\s*:\s*[^()]{1,60}\)
  | empfohlener\ (?:redaktioneller|externer)\ inhalt | mit\ ihrer\ zustimmung\ wird\ hier\ ein\ externer\ inhalt\ geladen.{0,120}
  | mit\ (?:der|ihrer)\ anmeldung\ (?:zum\ newsletter\ )?(?:stimmen|akzeptieren)\ sie.{0,150}
  # the reporters' addresses under the story ("Danielle Okafor can be reached at
  # danielle.okafor@globe.com. … Follow him @martinreyesbos.", the Boston Globe's; a probe page)
  | (?=.*@).{0,80}\b(?:can|may)\ be\ reached\ (?:at|by|via|on)\b.{0,200}
  | quellen?\s*:\s*\S+(?:\s+\S+){0,5}
  # a source line closing a report ("Source: Al Jazeera and news agencies"; a probe page)
  | (?:sources?|fuentes?|fontes?)\s*:\s*\S+(?:\s+\S+){0,6}
  # a paywall's notice where the free part ends (Le Monde: "Il vous reste 71.38%% de cet article à
  # lire. La suite est réservée aux abonnés."), a subscription offer ("… Assine a partir de 1 euro
  # por semana e tenha acesso ilimitado a todos os conteúdos."), a channel's ("Corriere della Sera
  # è anche su WhatsApp. È sufficiente cliccare qui per iscriversi al canale …") and the label of
  # a box of stock quotes ("In this article", CNBC); probe pages
  | il\ vous\ reste\ .{0,60}\ (?:de\ cet\ article\ [àa]\ lire|r[ée]serv[ée]e\ aux\ abonn[ée]s).{0,80}
  | .{0,120}(?:acesso\ ilimitado|acceso\ ilimitado|acc[èe]s\ illimit[ée]|unlimited\ access|
     unbegrenzte[nr]?\ zugriff|accesso\ illimitato).{0,160}
  | (?:suscr[ií]bete|subscribe|abonnez-vous|assine)\ (?:a|al|to|à|ao?)\ \S+(?:\s+\S+){0,3}
  # the Trust Project's label, also split over two lines ("Conforme a los criterios de / The Trust
  # Project / Saber más", La Nación's), and a link's label alone ("Saber más"); probe pages
  | (?:(?:se\ adhiere\ a|conforme\ a)\ los\ criterios\ de|adheres\ to\ the\ (?:criteria|standards)\ of)
     (?:\ the\ trust\ project)? | the\ trust\ project
  | saber\ m[aá]s | saiba\ mais | en\ savoir\ plus | learn\ more | mehr\ erfahren
  | .{0,60}\ [èe]\ anche\ su\ (?:whatsapp|telegram).{0,120}
  | .{0,10}participe\ do\ canal\ .{0,60}(?:whatsapp|telegram).{0,40}
  # an app's prompt and an error report's (BBC News Mundo's, El Tiempo's; probe pages)
  | .{0,200}recuerda\ que\ puedes\ recibir\ notificaciones.{0,120}
  # a prompt to report an error, in its own words ("¿Encontró un error? Repórtelo aquí.", El
  # Tiempo's; "Encontrou algum erro nesta matéria? Fale com a redação", Estadão's; probe pages)
  | ¿?\ ?(?:encontr(?:aste|[oó]|aron)|has\ encontrado|ha\ encontrado|viste|vio|encontrou|achou|viu
     |(?:did\ you\ )?(?:spot(?:ted)?|found?|see|notice)|(?:vous\ )?avez(?:-vous)?\ (?:rep[ée]r[ée]|vu|trouv[ée])
     |(?:hai\ )?(?:trovato|notato))
     \ (?:(?:un|una|algo|alg[uú]n|algum|um|uma|an?|une)\ )?(?:error|errata|erro|typo|mistake|erreur|faute|errore)
     (?:\ (?:en|nesta|neste|in|dans|in\ questo|nel)\ [\w\ ]{1,30})?\ ?\?.{0,60}
  | (?:haben\ sie\ )?(?:einen\ )?fehler\ (?:gefunden|entdeckt)\ ?\?.{0,60}
  | haz\ clic\ aqu[ií]\ para\ leer\ m[aá]s\ .{0,80}
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
  # an outlet's credit with its agency's ("ABC/Reuters", the ABC's; a probe page)
  | [a-z]{2,8}/(?:reuters|afp|ap|aap|efe|dpa|ansa|lusa|pa|bloomberg|xinhua)
  # the agencies the report drew on, named alone ("with Reuters, AP", the Sydney Morning Herald's
  # last line in a probe; "con EFE y AFP", "mit dpa")
  | (?:with|con|com|avec|mit)\ %(agency)s(?:\s*(?:,|and|y|e|et|und|&)\s*%(agency)s){0,4}\.?
  # DW's sign-off: the editor's initials and the agencies in brackets ("ers (reuters, efe, afp)")
  | [a-z]{2,4}(?:/[a-z]{2,4}){0,5}\ \([a-z]{2,12}(?:\s*[,/]\s*[a-z]{2,12}){0,5}\)\.?
  | (?:this\ story\ was\ originally\ published|esta\ historia\ fue\ publicada\ originalmente)\b.{0,80}
  | [^.]{1,80}\ contributed\ (?:to\ this\ (?:report|story|article)|research|reporting|additional\ reporting)
     (?:\ from\ [^.]{1,60})?\.?
  | [^.]{1,80}\ (?:colabor(?:[oó]|aron)|contribuy(?:[oó]|eron))\ (?:en|con|a)\ (?:este|esta)
     \ (?:informe|reporte|nota|art[ií]culo|despacho|reportaje|historia|noticia)(?:\ desde\ [^.]{1,60})?\.?
  # a story's closing credits ("Story by Darya Zhilina", "Translation by Anna Rose": Meduza's),
  # a wire's sign-off ("==Kyodo", Yonhap's "(END)"), the comment box's prompt ("Be the first to
  # comment", VnExpress's) and a desk's contact line ("Please direct questions or comments to
  # [english@hani.co.kr]", the Hankyoreh's); probe pages
  | (?:(?:abridged|full)\ )?(?:story|translation|translated|illustrations?)\ by\ [^.]{1,60}\.?
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
  | \W{0,2}\(?(?:with\ files\ from|additional\ reporting\ by|with\ (?:information|reporting|assistance)\ from
     |with\ reports\ from|con\ informaci[oó]n\ de(?:l|\ la|\ los|\ las)?|com\ informa[çc][õo]es\ d[aeo]s?
     |avec\ des\ informations\ d[eu]s?)\ [^.]{1,60}\.?
  # who collaborated, names only ("Con la colaboración de Maya Averbuch y Bloomberg News.",
  # Bloomberg Línea's; a probe page): a capital opens each name, so "… de la Guardia Civil, la
  # policía detuvo a …" is a sentence
  | (?:con\ la\ colaboraci[oó]n|com\ a\ colabora[çc][ãa]o|avec\ la\ collaboration|with\ the\ collaboration)
     \ de?\ (?-i:[A-ZÁÉÍÓÚÑ])[^.,;:]{0,40}(?:(?:,\ |\ y\ |\ e\ |\ et\ |\ and\ )(?-i:[A-ZÁÉÍÓÚÑ])[^.,;:]{0,40}){0,5}\.?
  # where the reporters wrote from ("Whitcombe reported from Washington.", the Washington Post's
  # and the New York Times's last line; "Reporting was contributed by …"); probe pages
  | [^.]{1,80}\ reported\ from\ [^.]{1,80}\. | reporting\ was\ contributed\ by\ [^.]{1,120}\.?
  # an audio player's note ("This is read by an automated voice. Please report any issues or
  # inconsistencies here.", the Los Angeles Times's; a probe page)
  | (?:this\ (?:article\ |story\ )?is\ read\ by\ an\ automated\ voice
     |listen\ to\ this\ (?:article|story)|(?:new)?\W{0,3}you\ can\ now\ listen\ to\ ).{0,120}
  # the player's maker under it ("Powered by Trinity Audio", Politico's and many outlets'; a
  # probe page)
  | (?:powered\ by\ trinity\ audio|voiced\ by\ amazon\ polly)\.?
  # an error report's link and a channel's invitation closing the page (14ymedio's "Reporta un
  # error", "Únete a nuestro canal de WhatsApp …"); probe pages
  | (?:reporta|reportar|report|notifica)\ (?:un|an)\ error | comunicar\ (?:um\ )?erro | signaler\ une\ erreur
  | segnala(?:re)?\ un\ errore | fehler\ melden
  | [úu]nete\ (?:a\ nuestro|al)\ canal\b.{0,140}
  # a transcript's production cue ("(SOUNDBITE OF MUSIC)", NPR's), an offer to subscribe from a
  # price ("Abonnez-vous à Libération dès 1 € par mois pendant 6 mois."); probe pages
  | \((?:soundbite|sound\ bite|music|applause|laughter|crosstalk|inaudible|begin\ video|end\ video)\b[^)]{0,60}\)
  | (?:abonnez-vous|suscr[ií]bete|subscribe|assine|abbonati)\ (?:à|a|al|to|ao?)\ .{1,60}
     \ (?:d[eè]s|desde|from|a\ partir\ de|da|por|for|pour|per)\ (?:s/|us\$|r\$|[$€£])?\ ?\d.{0,80}
  # a prompt to stay informed with the outlet ("Sigue informado con El Comercio", a probe
  # page) and a subscribe button's label alone ("Suscribirse")
  | (?:sigue|mantente|mant[ée]ngase|stay|keep|restez|fique|bleiben\ sie)\ (?:informad[oa]s?|informed|inform[ée]s?|bem\ informad[oa]|informiert)
     \ (?:con|en|with|on|avec|sur|com|no|na|mit|bei)\ [^.]{1,40}\.?
  | suscribirse | subscribe | abonnieren | s'abonner | assinar | iscriviti
  # a video's promotion ("WATCH: Why gas prices are climbing again", CNBC's), the other
  # language's edition ("Para leer esta nota en inglés, haga clic aquí."), where to follow the
  # outlet ("Sigue toda la información internacional en Facebook y X, o en nuestra newsletter
  # semanal", El País's; "Follow AP's coverage of Latin America at https://…"; "Síguenos en
  # Telegram para recibir …", Diario de Cuba's), a channel's prompt ("Recibe la información de
  # CubaNet en tu celular a través de WhatsApp."), an opinion's label and disclaimer, Le Monde's
  # "Réutiliser ce contenu", the BBC's "Get in touch" prompt, Reuters's standards and licensing
  # links; probe pages
  | watch\s*:\ .{1,100}
  | para\ leer\ (?:esta\ nota|este\ art[ií]culo)\ en\ (?:ingl[ée]s|espa[ñn]ol)\b.{0,60}
  | read\ (?:this|the)\ (?:story|article)\ in\ (?:english|spanish)\b.{0,60}
  | sigue\ toda\ la\ informaci[oó]n\b.{0,60}\ en\ (?:facebook|twitter|x|instagram|whatsapp|telegram)\b.{0,80}
  | follow\ (?:\w+['’]s\ )?(?:coverage|more\ coverage)\ of\ .{1,120}
  | s[ií]guenos\ en\ (?:telegram|whatsapp)\b.{0,120}
  | (?:recibe|reciba)\ .{0,60}\ (?:whatsapp|telegram)\b.{0,80}
  | env[ií]a\ un\ mensaje\ .{0,60}\ (?:al\ tel[ée]fono|al\ n[úu]mero)\b.{0,80}
  | art[ií]culo\ de\ opini[oó]n | opinion\ article
  | .{0,160}\ no\ necesariamente\ (?:representan|reflejan)\ (?:la\ (?:opini[oó]n|posici[oó]n|l[ií]nea)|el\ punto\ de\ vista)\b.{0,80}
  | .{0,160}\ do(?:es)?\ not\ necessarily\ (?:reflect|represent)\ the\ (?:views?|opinions?|position)\ of\b.{0,80}
  | (?:contribuer\ )?r[ée]utiliser\ ce\ contenu
  | get\ in\ touch\s*:.{0,160}
  | (?:our\ standards|nuestros\ est[áa]ndares)\s*:\s*.{0,80}(?:trust\ principles|principios\ de\ confianza).{0,40}
  | (?:purchase\ licensing\ rights|comprar\ derechos\ de\ licencia)\b.{0,60}
  # a gift link's prompt (the Washington Post's), an editor's credit ("Editado por: Luis García
  # Casas", DW's); probe pages
  | [^.@]{1,80}\ at\ [\w.+-]+@[\w-]+\.[\w.-]+\W{0,2}
  | gift\ this\ article\b.{0,100} | (?:editado\ por|edited\ by|redaktion)\s*:\s*[^.]{1,60}
  # a fact check's label and Newsweek's motto under every story (probe page)
  | fact\ check\ by\ .{1,60} | newsweek\ is\ committed\ to\ challenging\ conventional\ wisdom\b.{0,120}
  # the comments' closed box ("Join the Conversation / Comments are closed for this article.",
  # The Hill's), a channel's and a podcast's promotion ("Check out our WhatsApp channel for …",
  # "Listen to All Points North, … on Yle Areena, Apple Podcasts or Spotify.", Yle News's), an
  # app's notifications ("Få notiser om Valet 2026 i Aftonbladets app"); probe pages
  | join\ the\ (?:conversation|discussion)\W{0,2}
  | (?:comments\ (?:are|have\ been)\ closed|los\ comentarios\ est[áa]n\ cerrados|les\ commentaires\ sont\ ferm[ée]s
     |kommentare\ (?:sind\ )?geschlossen|commenti\ chiusi)\b.{0,40}
  | (?:check\ out|join|follow)\ (?:us\ on\ |our\ )(?:whatsapp|telegram)\b.{0,160}
  | find\ (?:the\ )?[\w\ ]{1,40}\ on\ (?:whatsapp|telegram)\b.{0,80}
  # a newsletter's prompt and a pointer to the outlet's other news, each a line of its own
  # ("Reciba las noticias de Cuba en su correo", el Nuevo Herald's; "Read more news here on
  # Havana Times."; probe pages): inside a sentence, "… recibe en su correo …" and "… más
  # noticias en los próximos días." are a report's words
  | recib[ae]\b.{0,60}\ en\ (?:tu|su)\ (?:correo|e-?mail|bandeja)(?:\ electr[óo]nico|\ de\ entrada)?\.?
  | (?:read\ more\ (?:news|stories|articles)|lee\ m[áa]s\ noticias)(?:\ here|\ aqu[ií])?\ (?:on|at|from|in|en)\ [^.]{1,40}\.?
  # a syndicated story's disclaimer (NDTV's "(Except for the headline, this story has not been
  # edited by NDTV staff and is published from a syndicated feed.)")
  | \(?except\ for\ the\ headline,?\ this\ (?:story|article)\ has\ not\ been\ edited\b.{0,120}
  | listen\ to\ (?:our|the)\ [\w\ ]{1,40}\ podcast\b.{0,100}
  | (?:listen|subscribe|escucha|suscr[ií]bete|h[öo]ren\ sie|[ée]coutez|abonnez-vous|ou[çc]a)\b.{1,160}
     (?:apple\ podcasts|spotify|google\ podcasts|podcast\ app).{0,60}
  | (?:f[åa]|get|receive|recibe|receba)\ (?:push-?)?(?:notiser|varsler|notifications|alerts|alertas|notificaciones|notifica[çc][õo]es)
     \ .{1,80}\ app(?:en)?\b.{0,20}
)\s*$""" % {"comments": COMMENTS, "agency": _AGENCY})
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
                             # ("Do you have a story? Email tips@dailymail.com", a probe page)
                             r"|(?i:^(?:have|got|do\s+you\s+have)\s+a\s+(?:news\s+)?(?:tip\b|story\s*\?).{0,300}$)"
                             # ... and for the readers' photos and videos (BILD's "Sie haben etwas
                             # Besonderes erlebt oder beobachtet? Dann schicken Sie Ihre Fotos und
                             # Videos per WhatsApp an den BILD-Leserreporter: …"; a probe page)
                             # the call opens the line or follows a question
                             r"|(?i:^(?:[^.!?]{0,100}\?\s+)?(?:dann\s+)?(?:schicken\s+sie\s+(?:uns\s+)?(?:ihre\s+)?fotos"
                             r"|send\s+us\s+your\s+(?:photos|pictures|videos)|env[íi]a(?:nos)?\s+tus\s+fotos)\b.{0,300}$)"
                             r"|(?i:^.{0,200}\b[\w-]*leserreporter\b.{0,200}$)"
                             r"|(?i:^(?:[^.!?]{0,150}\?\s+)?(?:envoyez-nous|transmettez-nous|faites-nous\s+parvenir)\s+vos\s+"
                             r"(?:photos|vid[ée]os|infos?|informations)\b.{0,300}$)"

                             # Bloomberg's contacts ("To contact the reporters on this story: …") and
                             # an agency's ban ("© 2026 Europa Press. Está expresamente prohibida la
                             # redistribución …"; probe pages); AP's "© 2019 Associated Press. All
                             # Rights Reserved. This material may not be published …" stays: the
                             # benchmark's truth holds it
                             r"|(?i:^to\s+contact\s+the\s+(?:reporters?|editors?|authors?)\s+(?:on|of|responsible\s+for)\s+this\s+"
                             r"(?:story|article)\b.{0,400}$)"
                             r"|(?i:^(?:©|\(c\)|copyright)\s*(?:\d{4}\s+)?.{0,100}\bprohibid[ao]s?\b.{0,300}$)"
                             # an app's prompt ("📱 Baixe o app do g1 para ver notícias em tempo real",
                             # "Descarga gratis la app de Telemundo 51 para recibir … Disponible para
                             # iOS y Android."; probe pages)
                             # a channel's prompt with its number (CubaNet's "Recibe la información de
                             # CubaNet en tu teléfono a través de WhatsApp. Envíanos un mensaje …")
                             r"|(?i:^(?:recibe|reciba)\s+.{0,60}\s(?:whatsapp|telegram)\b.{0,300}$)"
                             r"|(?i:^\W{0,3}(?:baixe|download|descarg(?:a|ue)|t[ée]l[ée]chargez|scarica|ladda\s+ner|last\s+ned)\s+"
                             r"(?:[\w-]+\s+){0,4}(?:app|aplicativo|aplicaci[oó]n|application)\b.{0,300}$)"
                             # a transcript's notice (NPR's "Accuracy and availability of NPR
                             # transcripts may vary. …"; a probe page)
                             r"|(?i:^accuracy\s+and\s+availability\s+of\s+.{0,40}transcripts\s+may\s+vary\b.{0,400}$)"
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
                             r"appeared\s+in\s+the\s+.{0,40}print\s+edition)\b.{0,300}$)"
                             # an editorial board's members (the Sun Sentinel's "The Sun Sentinel
                             # Editorial Board consists of Opinion Editor … To contact us, email at
                             # …"; a probe page)
                             r"|(?i:^(?:the\s+)?[\w\s.'’-]{0,40}editorial\s+board\s+(?:consists\s+of|is\s+(?:made\s+up|composed)\s+of|members?\s+are)\b.{0,400}$)"
                             # thanks to the subscriber ("Dziękujemy, że jesteś z nami. Dzięki
                             # Twojej prenumeracie …", Gazeta Wyborcza's; a probe page)
                             r"|(?i:^(?:thank\s+you\s+for\s+(?:being\s+a\s+(?:subscriber|member)|subscribing|your\s+support)"
                             r"|dzi[ęe]kujemy,?\s+[żz]e\s+jeste[śs]\s+z\s+nami|gracias\s+por\s+(?:tu|su)\s+(?:suscripci[oó]n|apoyo)"
                             r"|merci\s+(?:de|pour)\s+votre\s+(?:abonnement|soutien)|danke\s+f[üu]r\s+ihre?\s+(?:abo|abonnement|unterst[üu]tzung)"
                             r"|obrigad[oa]\s+por\s+(?:sua\s+)?(?:assinatura|apoio))\b.{0,300}$)")


#: Notices found anywhere in a line of at most MAX_NOTICE_CHARS (searched, not matched from the
#: line's start: a leading ".{0,300}" cost every paragraph of every page a scan per alternative):
#: a newswire's terms of republication (the Daily Caller News Foundation's "All content created
#: by … is available without charge to any eligible news publisher … All republished articles
#: must include our logo …"), a sign-up box's terms, a newsletter's offer in French ("Vous voulez rester au top de
#: l'info? «24 heures» vous propose deux rendez-vous par jour, directement dans votre boîte
#: e-mail. …", with an offer's word beside it: ``_OFFER``); probe pages.
_NOTICE_ANYWHERE = re.compile(r"(?i)\b(?:republished\s+(?:articles?|stories)\s+must|available\s+without\s+charge\s+to"
                              # a sign-up box's terms of any length (TheBlaze's "By signing up, you
                              # agree to our Privacy Policy and Terms of Use, and agree to receive …")
                              r"\s+any\s+eligible|by\s+(?:signing\s+up|subscribing|registering),?\s+you\s+agree"
                              r"|(?P<inbox>dans\s+votre\s+bo[îi]te\s+(?:e-?mail|mail|de\s+r[ée]ception)))\b")
_OFFER = re.compile(r"(?i)\b(?:newsletter|vous\s+propose|inscrivez|abonnez)")
MAX_NOTICE_CHARS = 700


def drop_credit_lines(text: str) -> str:
    """`text` without lines that are a photo credit or caption label (``_CREDIT_LINE``, up to
    ``MAX_CREDIT_WORDS`` words), a newsletter's sign-up box (``_PROMO_LINE``) or other furniture
    (``_FURNITURE_LINE``), up to ``MAX_PROMO_WORDS``, or a notice of any length
    (``_LONG_NOTICE``)."""
    return "\n".join(line for line in text.split("\n") if not _furniture(line))


def _furniture(line: str) -> bool:
    words, bare = word_count(line), line.strip()
    if _LONG_NOTICE.match(bare):
        return True
    if len(bare) <= MAX_NOTICE_CHARS and (found := _NOTICE_ANYWHERE.search(bare)) and (
            not found["inbox"] or _OFFER.search(bare)):
        return True
    if words <= MAX_CREDIT_WORDS and _CREDIT_LINE.match(bare):
        return True
    return words <= MAX_PROMO_WORDS and bool(_PROMO_LINE.search(bare) or _FURNITURE_LINE.match(bare))


#: An agency's tag after the last sentence, on its line ("… via de website van de
#: spoorwegmaatschappij. (belga)", De Standaard's; "(ANSA).", "(AFP)"; probe pages): one to three
#: short words in brackets after a sentence's end.
_CLOSING_TAG = re.compile(r"(?<=[.!?…\"”»])[ \t]+(?:\([^\W\d_]{2,12}(?:[ \t]*[/,-][ \t]*[^\W\d_]{2,12}){0,2}\)\.?"
                          # or after a dash, capitalised ("… and sanctions. – Reuters", the Irish
                          # Times's; a probe page)
                          r"|[–—-][ \t]*(?-i:[A-Z])[^\W\d_]{1,15}(?:[ \t]*[/,][ \t]*(?-i:[A-Z])[^\W\d_]{1,15}){0,2})"
                          r"[ \t]*$")
#: Not the desk's capitals alone (Daily Maverick's "… he said. DM", a probe page): the benchmark's
#: truth keeps a PTI story's "… into the US. PTI" (0.0001 of precision lost when they went).


def drop_closing_tag(text: str) -> str:
    """`text` without an agency's tag in brackets after its last sentence (``_CLOSING_TAG``)."""
    return _CLOSING_TAG.sub("", text.rstrip())
