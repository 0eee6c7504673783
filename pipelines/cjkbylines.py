"""Chinese and Japanese bylines: the name after an author's label ("作者：张伟 责任编辑：李娜" gives
张伟), while an editor's or a source's label (责任编辑, 来源), an unknown author (作者：未知), a
page's buttons (关注, 查看全部) and an outlet's or a platform's name (网易, 新京报, 证券时报网,
IT之家) name no author. Pure functions, used by ``pipelines.authornames.clean_authors``.

Found on GeneralNewsExtractor's test pages (github.com/kingname/GeneralNewsExtractor, Chinese
news sites), read in a trial: 24 of the 30 author lists newsmon gave there were outlets, labels
or buttons. There is no list of outlets here: the words that end or hold an outlet's name
(网 "net", 报 "paper", 社 "agency", 台 "station", 新闻 "news", 财经 "finance", 传媒 "media" …)
are a closed set; a person's name (two to four characters) does not end in them.
"""
from __future__ import annotations

import re

__all__ = ["cjk_byline", "cjk_outlet"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
#: A label and its colon, not inside a word (原文： is "original text", not 文： "text by").
_LABEL = re.compile(r"(?<![\u4e00-\u9fff])(作者|撰文|撰稿|文|记者|記者|责任编辑|責任編輯|编辑|編輯|责编|"
                    r"來源|来源|出处|出處|稿源|版权声明|版權聲明|原标题|原標題|时间|時間|发布时间|發布時間)\s*[:：]\s*")
#: A word of Han characters only (no kana, no Latin letters).
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")
#: A run of Han characters, kana and CJK punctuation (a desk, a biography's sentence).
_CJK_RUN = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef]+")
#: Other roles in the line, written without a colon: translator, photographer.
_OTHER_ROLE = re.compile(r"\s(?:翻訳者|翻訳|翻译|译者|譯者|摄影|攝影|撮影)(?:\s|$)")
_AUTHOR_LABELS = frozenset({"作者", "撰文", "撰稿", "文", "记者", "記者"})
#: An author's label with these after it names nobody: unknown, anonymous, "the web", "this site".
_UNKNOWN = frozenset({"未知", "佚名", "匿名", "不详", "不詳", "网络", "網絡", "本站", "小编", "小編"})
#: A copyright notice read as a byline.
_NOTICE = re.compile(r"版权|版權|声明|聲明")
#: Buttons after an account's name: follow, view all, "I have authorised", the platform.
_BUTTONS = re.compile(r"(?:\s*(?:关注|關注|查看全部|我已授权|我已授權|企鹅号|企鵝號|订阅|訂閱|分享))+$")
_OUTLET = re.compile(r"(?:网|網|报|報|社|台|站|刊|号|號|频道|頻道|之家)$|新闻|新聞|消息|财经|財經|科技|传媒|傳媒|"
                     r"媒体|媒體|集团|集團|公司|发布|發布|官方|综合|綜合")
#: Longer than this, a part of Han characters beside a name is a job title or an institution
#: ("王文 中国人民大学重阳金融研究院执行院长").
MAX_NAME_CHARS = 6


def cjk_byline(text: str) -> str | None:
    """The author's part of a Chinese or Japanese byline: the value after an author's label,
    else the text without buttons and job titles; ``""`` when it names only an editor, a
    source, an unknown author or a copyright notice; None when `text` has no Han characters
    (the other rules apply)."""
    if not _HAN.search(text):
        return None
    labels = list(_LABEL.finditer(text))
    if labels:
        for i, label in enumerate(labels):
            if label[1] in _AUTHOR_LABELS:
                end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
                value = _OTHER_ROLE.split(text[label.end():end])[0].split()
                if not value or value[0] in _UNKNOWN:
                    return ""
                # a name in Han characters is one word ("张伟 2019-05-01"); "Diogo Carleto" two
                return value[0] if _HAN_WORD.fullmatch(value[0]) else " ".join(value)
        return ""   # an editor's, a source's, a time's label only
    if _NOTICE.search(text):
        return ""
    words = _BUTTONS.sub("", text).split()
    if len(words) > 1 and _HAN_WORD.fullmatch(words[0]):
        # a name, then its job title or institution in one long run of characters, or an author
        # box's desk and biography ("三島啓一 金沢総局｜石川県政担当 能登半島地震の被災地を…")
        words = [w for w in words if not (_CJK_RUN.fullmatch(w) and len(w) > MAX_NAME_CHARS)]
    return " ".join(words)


def cjk_outlet(name: str) -> bool:
    """Whether a name written in Han characters is an outlet's or a platform's ("网易",
    "新京报", "新浪财经-自媒体综合", "中国广州发布", "IT之家")."""
    return bool(_HAN.search(name)) and bool(_OUTLET.search(name))
