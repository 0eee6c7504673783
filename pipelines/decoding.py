"""Bytes of a page to text: the charset from the BOM, the HTTP header, ``<meta charset>``, strict
UTF-8, a detector's guess; and pages saved on disk (plain or gzip). Pure functions, no Scrapy.

Libraries: **w3lib.encoding** (already a Scrapy dependency) reads BOMs, Content-Type values and
``<meta charset>`` and maps WHATWG aliases; **charset_normalizer** (already installed with
trafilatura/requests) is the detector of last resort.
"""
from __future__ import annotations

import codecs
import gzip
import logging
import re
from pathlib import Path

from w3lib.encoding import (
    html_body_declared_encoding, http_content_type_encoding, read_bom, resolve_encoding,
)

logger = logging.getLogger(__name__)

__all__ = ["DETECTOR_SAMPLE", "MAX_PAGE_BYTES", "decode_html", "read_page"]

#: ``read_page`` refuses files (after gunzip) larger than this, so a gzip bomb cannot fill memory.
MAX_PAGE_BYTES = 20_000_000
#: How much of the body the charset detector sees; it is slow on large inputs.
DETECTOR_SAMPLE = 200_000

# Single-byte code pages decode *any* byte string without error, so a strict decode proves
# nothing; valid UTF-8 with non-ASCII bytes practically never happens by accident in them.
_PERMISSIVE = re.compile(r"^(latin[-_]?\d*|iso[-_]?8859.*|cp125\d|windows[-_]125\d|koi8.*|mac.*|ascii)$")


def _codec(name: str | None) -> str | None:
    """Python codec name for a declared charset (WHATWG aliases: latin-1 means cp1252), or None.

    Takes a charset name or a whole Content-Type value (``text/html; charset=utf-8``).
    """
    if name and "charset" in name.lower():
        name = http_content_type_encoding(name)
    if not name:
        return None
    try:
        return codecs.lookup(resolve_encoding(name.strip()) or name.strip()).name
    except (LookupError, TypeError, ValueError):
        return None


def decode_html(body: bytes, declared_encoding: str | None = None) -> str:
    """Decode a page to text; never raises.

    ``declared_encoding`` is a charset name or the Content-Type header value.
    Order: BOM; the declared encoding (HTTP header) then the ``<meta>`` one, each decoded strictly;
    strict UTF-8; cp1252 when the page's language is one it writes (``_western``);
    charset_normalizer's guess among the Web's encodings; cp1252 with replacement characters. Declarations
    lie (latin-1 bytes served as utf-8), hence strict decoding and the fallbacks.
    """
    if isinstance(body, str):
        return body
    if not body:
        return ""
    try:
        bom_enc, bom = read_bom(body)
        if bom_enc:
            return body[len(bom):].decode(bom_enc, errors="replace")
        utf8_ok = _is_utf8(body)
        candidates = [_codec(declared_encoding), _codec(html_body_declared_encoding(body[:4096]))]
        for enc in candidates:
            if not enc:
                continue
            if utf8_ok and _PERMISSIVE.match(enc) and not body.isascii():
                # A cp1252 label on valid UTF-8 bytes is the common lie the other way round.
                return body.decode("utf-8")
            try:
                return body.decode(enc)
            except (UnicodeDecodeError, LookupError):
                logger.debug("declared charset %s does not fit the bytes", enc)
        if utf8_ok:
            return body.decode("utf-8")
        if _western(body):
            return body.decode("cp1252", errors="replace")
        guess = _detect_charset(body)
        if guess:
            return body.decode(guess, errors="replace")
    except Exception:  # noqa: BLE001 - decoding must never stop a crawl
        logger.exception("charset handling failed; falling back to cp1252")
    return body.decode("cp1252", errors="replace")


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: Languages that windows-1252 writes (the Web's legacy default, WHATWG): a page in one of them
#: whose bytes are not UTF-8 is cp1252 (or latin-1, its subset) far more often than anything a
#: detector guesses. charset_normalizer ranked DOS code pages first for a Portuguese page
#: (cp775: "Fantástica" became "Fantßstica").
_WINDOWS_1252_LANGUAGES = frozenset("en es pt fr de it nl ca gl eu da sv nb nn no fi is ga af id ms sw".split())
_HTML_LANG = re.compile(rb"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3})\b", re.IGNORECASE)
_TAG = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]*>", re.IGNORECASE | re.DOTALL)
#: Encodings a browser knows (WHATWG Encoding Standard) by Python codec name: a detector's
#: DOS or Mac code page (cp437, cp850, hp_roman8) is never a web page's.
_WEB_CODECS = frozenset("""cp866 iso8859_2 iso8859_3 iso8859_4 iso8859_5 iso8859_6 iso8859_7 iso8859_8
    iso8859_10 iso8859_13 iso8859_14 iso8859_15 iso8859_16 koi8_r koi8_u mac_roman cp874 cp1250 cp1251
    cp1252 cp1253 cp1254 cp1255 cp1256 cp1257 cp1258 mac_cyrillic gbk gb18030 big5 big5hkscs euc_jp
    iso2022_jp shift_jis cp932 euc_kr cp949 utf_16_le utf_16_be utf_16 utf_8""".split())


def _western(body: bytes) -> bool:
    """Whether the page's language is one windows-1252 writes: its ``<html lang>``, else the
    language of its text read as cp1252 (``pipelines.language.detect_language``)."""
    from pipelines.language import detect_language

    declared = _HTML_LANG.search(body[:4096])
    if declared:
        return declared.group(1).decode("ascii").lower() in _WINDOWS_1252_LANGUAGES
    text = _TAG.sub(" ", body[:DETECTOR_SAMPLE].decode("cp1252", errors="replace"))
    return detect_language(text) in _WINDOWS_1252_LANGUAGES


def _detect_charset(body: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - installed with trafilatura
        return None
    matches = [m for m in from_bytes(body[:DETECTOR_SAMPLE]) if _codec(m.encoding) in _WEB_CODECS]
    if not matches:
        return None
    best = matches[0]
    # Latin-script text often fits several code pages equally well (Spanish scores the same in
    # cp1250 and cp1252, and cp1250 turns "ñ" into "ń"); on a tie take cp1252, the Web's
    # legacy default (WHATWG), so accents of Western languages survive.
    for match in matches:
        if abs(match.chaos - best.chaos) < 0.01 and abs(match.coherence - best.coherence) < 0.01:
            if "cp1252" in match.could_be_from_charset:
                return "cp1252"
    return _codec(best.encoding)


def read_page(path: str | Path) -> bytes:
    """Bytes of a saved page, ``.html`` or gzip-compressed (``.gz`` or gzip magic bytes).

    Raises OSError when the file cannot be read or is not valid gzip, ValueError when it is larger
    than MAX_PAGE_BYTES once decompressed.
    """
    path = Path(path)
    with open(path, "rb") as fh:
        head = fh.read(2)
        fh.seek(0)
        if path.suffix == ".gz" or head == b"\x1f\x8b":
            with gzip.GzipFile(fileobj=fh) as gz:
                data = gz.read(MAX_PAGE_BYTES + 1)
        else:
            data = fh.read(MAX_PAGE_BYTES + 1)
    if len(data) > MAX_PAGE_BYTES:
        raise ValueError(f"{path}: larger than {MAX_PAGE_BYTES} bytes")
    return data
