"""The words of byline text that name no person, and the word lists of outlets' names: lead-ins
("By", "Por", "Texto:"), desks, agencies, roles and job titles, organisations, companies, dates,
a page's interface (es, en, pt, fr, de; lead-ins in more languages). Pure data and the
predicates over it; ``pipelines.authornames`` applies them to the parts of a byline (split out
of it to keep each module small: the lists grow with each outlet, the rules seldom)."""
from __future__ import annotations

import re

__all__ = ["ACCOUNT", "BYLINE_PREFIX", "COMPANY", "DATE_WORDS", "DESK_WORDS", "INTERFACE",
           "MONTH_SURNAMES", "NAME_PARTICLES", "NEWS_ORGANISATION", "NOT_NAMES", "ORGANISATION_WORDS",
           "OUTLET_WORDS", "PAPER_WORDS", "PARTICLES", "PARTICLE_PREFIX", "ROLE_NOUN", "TITLE_WORDS",
           "WIRE_WORDS", "is_organisation", "is_role", "job_title"]

#: Lead-ins before the names in a byline (es, en, pt, fr, de; "by" in it, nl, sv, da, no, tr,
#: ru, uk, fi), as whole words at the start.
BYLINE_PREFIX = re.compile(
    r"^(?:(?:escrito|escrita|redactado|texto|reportaje|entrevista|fotos?|written|words|story|text|"
    r"reporting|report|posted|post|published|publicado|publicada|enviado|texte|écrit|publié|publiée|"
    r"geschrieben|verfasst|veröffentlicht|artikel|beitrag|actualizado|atualizado|updated|aktualisiert|"
    r"edited|compiled|recipe|"
    r"ein\s+(?:artikel|beitrag)|un\s+(?:article|artículo)|um\s+artigo|"
    # the piece's genre: "Opinion by", "Un análisis de", "Ein Kommentar von", "Chronique de"
    r"(?:(?:an?|une?|una|uma|eine?)\s+)?(?:analysis|analyse|análisis|análise|opinion|opinión|"
    r"opinião|commentary|kommentar|gastkommentar|gastbeitrag|column|columna|coluna|kolumne|"
    r"chronique|tribune|essay|ensayo|editorial|review|rezension|crítica|critique|kritik|glosse|"
    r"interview|gespräch|porträt|bericht|entrevista|entretien)|"
    # the link to an author's archive: "View all posts by", "Zeige alle Beiträge von"
    r"(?:view|see|more|read)\s+(?:all\s+)?(?:posts|articles|stories)|all\s+posts|"
    r"(?:zeige\s+)?alle\s+(?:beiträge|artikel)|(?:voir\s+)?tous\s+les\s+articles|"
    r"(?:ver\s+)?(?:todos\s+los\s+artículos|todas\s+las\s+noticias)|(?:ver\s+)?todos\s+os\s+artigos)\s+)?"
    r"(?:(?:propos\s+)?recueilli(?:e|s|es)?\s+par|by|por|de|par|von|vom|from|door|autor(?:a|es|in|ka)?|author|auteur|autore|texto|texte|text|interview|redacción|redaccion|"
    # it: "a cura di" ("edited by", the byline of a collected piece), and "di" in lower case
    # only ("di Mario Rossi"; "Di Stefano" is a name); sv/no, da; tr, ru/uk,
    # fi, nl/pl ("tekst")
    r"a\s+cura\s+di|(?-i:di)|av|af|yazan|yazar|автор(?:ка)?|текст|kirjoittanut|tekst|"
    r"redaktion(?=\s*:)|rédaction(?=\s*:)|"
    r"redação|redacao|fuente|source|quelle|fotos?|photos?|bilder|mit\s+material\s+von|reportage|reportaje|"
    r"reportagem|entrevista|entretien)\b\s*[:\-–—]?\s*",
    re.IGNORECASE)
#: Words that are never part of a person's name in a byline: desks, agencies, roles (es, en, pt,
#: fr, de), and the labels of links around bylines ("Zuletzt geändert", "Archiv anzeigen",
#: "Posted"). Matched on whole lower-cased words; a part made only of these is dropped.
NOT_NAMES = frozenset("""
    redacción redaccion redação redacao rédaction redaktion newsroom desk staff team equipo equipe
    équipe editor editora editores editors editorial writer writers reporter reporters reportera
    correspondent corresponsal correspondente correspondant korrespondent contributor contributors
    colaborador colaboradora columnist columnista periodista jornalista journaliste journalist
    corrispondente corrispondenti inviato inviata giornalista
    journalistin enviado enviada especial special own senior chief jefe jefa director directora
    agencia agencias agência agências agence agency agentur wire wires press prensa presse
    associated reuters afp efe ap dpa ansa xinhua europa bloomberg sputnik upi ips kyodo
    pti ians ani yonhap anadolu tass interfax bernama antara jiji belga anp ctk mti ntb ritzau
    hina tanjug wam
    prensa latina notimex telam télam lusa apa sda epd kna cnn bbc
    admin administrator administrador submitted anonymous anónimo anonimo guest invitado
    and y e et und the la el los las der die das le les reports report staff
    chefredakteur chefredakteurin redakteur redakteurin volontär volontärin rédacteur rédactrice
    redactor redactora name nombre nom author autor autorin no news service services interview
    stand datum follow phd ph.d md mba msc red
    publicado publicada published publié publiée actualizado actualizada atualizado atualizada
    updated aktualisiert veröffentlicht uppdaterad publicerad mis jour à unknown unbenannt
    desconocido desconocida inconnu redazione newsdesk https http zvg online
    envoyé envoyée envoyés envoyées spécial spéciale spéciaux spéciales
    agencies agenturen agences casa experte expertin experto experta expert gastautor gastautorin
    kolumnist kolumnistin reporterin korrespondentin colunista chroniqueur chroniqueuse
    posted zuletzt geändert anzeigen archiv profil
    political politics foreign diplomatic economics economic business financial national
    international health science technology tech security defence defense legal sports sport culture
    bureau
    arts climate environment energy investigative data digital affairs
    games gaming entertainment travel food lifestyle fashion opinion world metro video weather
    music film movies books education markets media username conteúdo conteudo
    기자 특파원 논설위원 记者 記者 特派员 特派員 编辑 編輯 通讯员
    """.split()) | (DATE_WORDS := frozenset("""
    monday tuesday wednesday thursday friday saturday sunday lunes martes miércoles jueves viernes
    sábado domingo segunda terça quarta quinta sexta lundi mardi mercredi jeudi vendredi samedi
    dimanche montag dienstag mittwoch donnerstag freitag samstag sonntag
    january february march april may june july august september october november december enero
    febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre janeiro
    fevereiro março maio junho julho setembro outubro novembro dezembro janvier février mars avril
    mai juin juillet août septembre octobre novembre décembre januar februar märz juni juli
    oktober dezember
    """.split()))  # a date glued to a byline: "Jeff Foust Monday, November 18, 2019"
#: Month names that are also surnames ("Theresa May", "Simon Mayo", "Luigi Di Maio", "Ana
#: Abril"): a name may end in them.
MONTH_SURNAMES = ("may", "june", "april", "august", "march", "mayo", "maio", "marzo", "abril", "agosto",
                   "julio", "junio", "febrero", "avril")
#: Words that make a name spelling the host an outlet's ("El Colombiano") rather than the
#: person a personal site is named after ("Wolfgang Schmale" on wolfgangschmale.eu).
OUTLET_WORDS = frozenset("el la los las le les l the die der das de del do da news noticias "
                          "diario daily journal times post zeitung revista magazine presse press "
                          "prensa imprensa nachrichten tribune herald gazette gazeta kurier courier "
                          "anzeiger rundschau tagblatt tageblatt blatt radio tv online magazin "
                          "today".split())
#: The last word of a newspaper's name ("Washington Post", "Financial Times").
PAPER_WORDS = frozenset("post times journal tribune herald gazette telegraph guardian observer "
                         "independent chronicle globe mail express mirror examiner inquirer "
                         "bulletin courier zeitung rundschau".split())
#: Words of companies: a person's byline is never named with them (en, es, pt, fr, de).
COMPANY = re.compile(r"\b(?:media\s*$|media\s+(?:group|company|network)|group|grupo|gruppe|groupe|magazine|"
                      r"ediciones|edições|éditions|editions|verlag|verlagsgruppe|publishing|publications)\b",
                      re.IGNORECASE)
#: Words of a page's interface read with a byline: no person's name has them.
INTERFACE = frozenset("you you're your logged login account articles posts stories subscribe "
                       "all view see".split())
#: A news outlet or agency named in full: "India Post News Weekly", "Fox News Digital", "Anadolu
#: Agency"; a last "News" is a desk after a name ("Kelly Sheridan News": metascraper's pages).
NEWS_ORGANISATION = re.compile(r"\b(?:(?:news|noticias|notícias|nachrichten)\s+\w|(?:agency|agencia|"
                                r"agência|agence|agentur)\b)", re.IGNORECASE)
#: One-word bylines that name an account of the site's software, not a person.
ACCOUNT = re.compile(r"admin|webmaster|^(?:root|editor|user)\d*$")
#: Lower-case words inside names (es, pt, fr, de, nl, it, ar).
NAME_PARTICLES = frozenset("de del della dei degli da do dos das di du des von vom van der den ten ter "
                            "la le lo y e i zu zur af av al el bin ibn".split())
PARTICLE_PREFIX = re.compile(r"^(?:[a-z]{1,3}['’]|(?:al|el|bin|ibn|abu)-)")
#: Words of a desk or a wire service after an outlet's name.
WIRE_WORDS = frozenset("news wire wires service services press bureau sport sports desk staff "
                       "conteúdo conteudo".split())   # "Estadão Conteúdo": an agency
#: Desk words after an outlet's name ("HLNF Staff Report", "Greentech.LIVE Redaktion").
DESK_WORDS = frozenset("staff team redaktion redacción redaccion redação redacao rédaction newsroom desk "
                        "report reports equipo equipe équipe editors".split())
#: Words of organisations, whole or ending a German compound ("Hanns-Seidel-Stiftung",
#: "Landesanstalt"): no person is named with them (es, en, pt, fr, de).
_ORGANISATION = re.compile(
    r"\b(?:\w+(?:stiftung|verband|verein|institut|ministerium|gesellschaft|anstalt|behörde|kammer)|"
    r"stiftung|verband|verein|institut|ministerium|gesellschaft|behörde|studio|"
    r"universität|hochschule|bundesamt|landesamt|university|institute|foundation|association|ministry|"
    r"department|council|universidad|universidade|université|instituto|fundación|fundação|fondation|"
    r"asociación|associação|ministerio|ministério|ministère|gobierno|governo|gouvernement|regierung)\b",
    re.IGNORECASE)


def is_organisation(text: str) -> bool:
    return bool(_ORGANISATION.search(text))


#: Words of NOT_NAMES that begin names ("La Toya", "Le Pen", "De Niro", "E. Barreneche").
ORGANISATION_WORDS = frozenset("""agencia agencias agência agências agence agences agency agencies
    agentur agenturen redacción redaccion redação redacao rédaction redaktion newsroom
    tv radio rádio rede canal""".split())   # "TV Globo", "Rádio Gaúcha", "Canal 13"
PARTICLES = frozenset("e y et und and de la el le les los las the der die das".split())


#: Words of job titles that, alone or with roles (``is_role``), make no name: "Vice President",
#: "Chief Executive Officer", "Deputy Director".
TITLE_WORDS = frozenset("vice deputy executive assistant associate managing general head officer manager "
                         "ceo cto cfo coo vp svp evp chairman chairwoman chair secretary minister".split())


def job_title(part: str) -> bool:
    """Whether a part of a byline is only a job title ("Vice President", "Senior Editor")."""
    lowered = [w.lower().strip(".,") for w in part.split()]
    return bool(lowered) and all(w in NOT_NAMES or w in TITLE_WORDS or ROLE_NOUN.fullmatch(w) for w in lowered)


def is_role(word: str) -> bool:
    """Whether a lower-cased word is a role, desk or agency word, or a compound ending in one
    ("focus-online-experte", "netzphilosophin", "projektleiterin")."""
    return word not in PARTICLES and (word in NOT_NAMES or word.rsplit("-", 1)[-1] in NOT_NAMES
                                       or bool(ROLE_NOUN.fullmatch(word)))


#: Roles before a name (German nouns, compounds included: "Netzphilosophin Leena Simon",
#: "Pressesprecher Hans Ulm"; es, en, pt, fr): used only before at least two more words.
ROLE_NOUN = re.compile(
    r"\w*(?:leiter|sprecher|referent|redakteur|direktor|präsident|vorsitzende|führer|philosoph|"
    r"wissenschaftler|journalist|korrespondent|reporter|mitarbeiter|berater|beauftragte|autor|experte|"
    r"professor|gründer)(?:in|r)?|president|presidente|presidenta|founder|spokesperson|spokesman|"
    r"spokeswoman|researcher|portavoz|investigador|investigadora|profesor|profesora|président|"
    r"présidente|chercheur|chercheuse|professeur|pesquisador|pesquisadora|professora|porta-voz")
