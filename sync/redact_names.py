"""Person names in a report text, for the redaction of sync/redact.py.

Chinese has no spaces and surname characters are everyday characters (周边, 高度, 马路), so
a name is only taken where the text says a person is meant:
- after a cue word (村民王秀英, 联系人：李强, 其子张伟): a surname and one or two given-name
  characters, and more names joined by 、和与及 (村民王秀英、李桂兰);
- with a title (王大爷, 李阿姨, 张建国师傅 -> the surname and given name go, the title stays);
- with 某 (王某, 刘某某), or as 老王 / 小李 before 家, 说, 的 ...;
- right before a contact word (王秀英（电话…）, 王秀英手机) or a phone number found by
  sync/redact.py, before 家 (王秀英家门口; a surname alone only before 门口, 院 ...: 王家门口,
  never 王家庄 or 李家饭店), before an age or a sex (王秀英（女，68岁）), before 等3户, before
  （户主）, and at the start of a clause before 反映, 称, 说 or 的房子, 的儿子 ...;
- the surname after 姓 (一位姓王的大爷), and names joined to any of these by 、和与及.
A name not after a cue must be made of given-name characters of the lexicon. Everyday words
that start or end with a surname character (not_name, left_word) are never names. The
words are data: sync/lexicon/surnames.tsv and sync/lexicon/name_words.tsv.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("lexicon")
CLASSES = ("cue", "title", "name_title", "contact", "speech", "home_after", "place_after",
           "shop_after", "after", "not_name", "left_word", "given", "stop")
BOUNDARY = frozenset(" \t\n，。、；：！？,.;:!?（）()“”\"'【】[]《》—-…·")
JOINERS = frozenset("、和与及跟")
LEADS = BOUNDARY | frozenset("据听经向与和跟找问请让叫帮给对被由是说")   # 据王秀英反映
_AGE_RE = re.compile(r"[，,（( ]?(?:女|男|现年|今年|年近|年过|年龄)?[，, ]?"
                     r"[\d一二三四五六七八九十]{1,3}岁|[（(，,](?:女|男)[，,）)]")
_GROUP_RE = re.compile(r"等(?=[\d一二三四五六七八九十几多]|人|村民|居民|住户|群众|户|家)")
_SURNAME_AFTER_RE = re.compile(r"(?<![百])姓(?!名)")
_BELONGING_RE = re.compile(r"的(?=家|房|屋|院|车|儿子|女儿|孙|老伴|丈夫|妻子|爱人|媳妇|孩子|电话"
                           r"|手机|门口|门前|菜地|承包地|宅基地|责任田|麦地|摊位|养殖场|大棚)")


@dataclass(frozen=True)
class NameLexicon:
    """Surnames and the name words, as sets and longest-first word lists."""

    common: frozenset[str]     # single surnames that are names wherever a rule sees one
    word: frozenset[str]       # single surnames that are everyday characters too
    compound: frozenset[str]
    words: dict[str, tuple[str, ...]]   # class -> items, longest first
    given: frozenset[str]
    stop: frozenset[str]


def _items(path: Path) -> Iterable[tuple[str, str]]:
    """(first field, second field) of each data line of a two-column file."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        first, sep, second = line.partition("\t")
        if not sep or not first.strip():
            raise ValueError(f"{path}:{number}: want two fields separated by a tab")
        yield first.strip(), second.strip()


@lru_cache(maxsize=1)
def lexicon() -> NameLexicon:
    """The name lexicon of sync/lexicon (read once per process)."""
    surnames: dict[str, set[str]] = {"common": set(), "word": set(), "compound": set()}
    for surname, cls in _items(DATA_DIR / "surnames.tsv"):
        surnames[cls].add(surname)
    words: dict[str, set[str]] = {c: set() for c in CLASSES}
    for cls, items in _items(DATA_DIR / "name_words.tsv"):
        if cls not in words:
            raise ValueError(f"name_words.tsv: unknown class {cls}")
        words[cls].update(items if cls in ("given", "stop") else items.split())
    return NameLexicon(
        frozenset(surnames["common"]), frozenset(surnames["word"]),
        frozenset(surnames["compound"]),
        {c: tuple(sorted(w, key=len, reverse=True)) for c, w in words.items()},
        frozenset(words["given"]), frozenset(words["stop"]) | BOUNDARY)


def _is_cjk(ch: str) -> bool:
    """A Chinese character (the CJK unified ideographs)."""
    return "\u4e00" <= ch <= "\u9fff"


def _word_at(text: str, i: int, words: tuple[str, ...]) -> str:
    """The longest of the words that text has at position i, or ''."""
    return next((w for w in words if text.startswith(w, i)), "")


def _surname_at(text: str, i: int, lx: NameLexicon, loose: bool) -> int:
    """Length of a surname at i (compound first); word-class ones only when loose."""
    if text[i:i + 2] in lx.compound:
        return 2
    ch = text[i:i + 1]
    if ch in lx.common or (loose and ch in lx.word):
        return 1
    return 0


def _blocked(text: str, i: int, lx: NameLexicon, end: int | None = None) -> bool:
    """An everyday word starts at i (within the name, when its end is given: 高大娘 is 高 and
    大娘, not 高大), or ends with the character at i, or a cue starts at i."""
    word = _word_at(text, i, lx.words["not_name"])
    if (word and (end is None or i + len(word) <= end)) or _word_at(text, i, lx.words["cue"]):
        return True
    return any(text.startswith(w, i + 1 - len(w)) for w in lx.words["left_word"]
               if i + 1 >= len(w))


def _given(text: str, i: int, lx: NameLexicon, strict_first: bool) -> int:
    """How many given-name characters follow at i (0-2); 某 and 某某 count as given."""
    if text.startswith("某", i):
        return 2 if text.startswith("某某", i) else 1
    n = 0
    while n < 2 and i + n < len(text):
        ch = text[i + n]
        if not _is_cjk(ch) or ch in lx.stop or _word_at(text, i + n, lx.words["title"]):
            break
        if n == 1 and _word_at(text, i + n, lx.words["after"]):
            break
        if (strict_first or n == 1) and ch not in lx.given:
            break
        n += 1
    return n


def _name_at(text: str, i: int, lx: NameLexicon, after_cue: bool) -> int:
    """Length of a name starting at i (surname, given-name characters), 0 if none."""
    s = _surname_at(text, i, lx, loose=after_cue)
    if not s or _blocked(text, i, lx):
        return 0
    if _word_at(text, i + s, lx.words["title"]):
        return s
    strict = not after_cue or text[i] in lx.word
    g = _given(text, i + s, lx, strict_first=strict)
    return s + g if g else 0


def _after_cues(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """Names right after a cue word, and those joined to them by 、和与及."""
    for cue in _finditer(text, lx.words["cue"]):
        i = cue.end()
        while i < len(text) and text[i] in " ：:　" and i - cue.end() < 2:
            i += 1
        if text.startswith(("老", "小"), i) and _surname_at(text, i + 1, lx, False):
            yield i + 1, i + 2
            continue
        n = _name_at(text, i, lx, after_cue=True)
        while n:
            yield i, i + n
            i += n
            if i + 1 >= len(text) or text[i] not in JOINERS:
                break
            i += 1
            n = _name_at(text, i, lx, after_cue=True)


def _finditer(text: str, words: tuple[str, ...]) -> Iterable[re.Match]:
    """Non-overlapping matches of any of the words, longest first (cached pattern)."""
    return _pattern(words).finditer(text)


@lru_cache(maxsize=32)
def _pattern(words: tuple[str, ...]) -> re.Pattern:
    """An alternation of the words, longest first."""
    return re.compile("|".join(map(re.escape, words)))


def _ending_at(text: str, end: int, lx: NameLexicon, min_given: int,
               loose: bool = True) -> tuple[int, int] | None:
    """A name (surname and given-name characters of the lexicon) ending at end, longest;
    word-class surnames (路, 安) only when loose."""
    for g in (2, 1, 0)[: 3 - min_given]:
        for s in (2, 1):
            i = end - g - s
            if i < 0 or _surname_at(text, i, lx, loose) != s or _blocked(text, i, lx, end):
                continue
            given = text[i + s:end]
            if all(ch in lx.given for ch in given) and _given(text, i + s, lx, True) >= g:
                return i, end
    return None


def _titled(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """Surnames (and given names) before a title: 王大爷, 李建国师傅, 王秀英老人."""
    for cls, min_given in (("title", 0), ("name_title", 1)):
        for m in _finditer(text, lx.words[cls]):
            found = _ending_at(text, m.start(), lx, min_given, loose=False)
            if found:
                yield found


def _with_mou(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """王某, 刘某某, 欧阳某: any surname before 某, unless 某 starts a word (某日, 某处)."""
    for m in re.finditer(r"某{1,2}(?![处日些种天时月年次段样件个项地])", text):
        for s in (2, 1):
            i = m.start() - s
            if i >= 0 and _surname_at(text, i, lx, loose=True) == s and not _blocked(text, i, lx):
                yield i, m.end()
                break


def _before_words(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """Full names before a contact word, 家, or (at a clause start) 反映, 称, 说 ..."""
    for m in _finditer(text, lx.words["contact"]):
        end = m.start() - (m.start() > 0 and text[m.start() - 1] in "（( ，,：:")
        found = _ending_at(text, end, lx, 1)
        if found:
            yield found
    for m in _finditer(text, lx.words["speech"]):
        found = _ending_at(text, m.start(), lx, 1)
        if found and (found[0] == 0 or text[found[0] - 1] in LEADS):
            yield found
    for m in (*_AGE_RE.finditer(text), *_GROUP_RE.finditer(text)):
        found = _ending_at(text, m.start(), lx, 1)
        if found:
            yield found
    for m in _BELONGING_RE.finditer(text):   # 王秀英的房子, at the start of a clause
        found = _ending_at(text, m.start(), lx, 1)
        if found and (found[0] == 0 or text[found[0] - 1] in LEADS):
            yield found
    for m in _finditer(text, lx.words["cue"]):   # 王秀英（户主）
        if m.start() > 1 and text[m.start() - 1] in "（(":
            found = _ending_at(text, m.start() - 1, lx, 1)
            if found:
                yield found
    for m in re.finditer("家", text):
        if _word_at(text, m.end(), lx.words["place_after"]) or _word_at(
                text, m.end(), lx.words["shop_after"]):
            continue   # 王家庄, 李家饭店
        found = _ending_at(text, m.start(), lx, 1, loose=False)
        if found:
            yield found
        elif _word_at(text, m.end(), lx.words["home_after"]):
            s = 2 if text[max(0, m.start() - 2):m.start()] in lx.compound else 1
            i = m.start() - s
            if i >= 0 and _surname_at(text, i, lx, False) == s and not _blocked(text, i, lx):
                yield i, m.start()


def _nicknames(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """老王, 小李 before 家, 说, 的 ...: the surname goes."""
    for m in re.finditer(r"(?<=[老小])[\u4e00-\u9fff](?=家|说|反映|称|讲|的|，|。|、|（|\(|电话|"
                         r"手机|他|她|等|和|头|夫妇|两口子|一家|媳妇|儿子|女儿|老伴|门口|$)", text):
        shop = text.startswith("家", m.end()) and _word_at(text, m.end() + 1,
                                                          lx.words["shop_after"])
        if m.group() in lx.common and not _blocked(text, m.start(), lx) and not shop:
            yield m.start(), m.end()


def _surname_only(text: str, lx: NameLexicon) -> Iterable[tuple[int, int]]:
    """一位姓王的大爷: the surname after 姓 goes."""
    for m in _SURNAME_AFTER_RE.finditer(text):
        s = _surname_at(text, m.end(), lx, loose=True)
        if s:
            yield m.end(), m.end() + s


def _joined(text: str, found: list[tuple[int, int]], lx: NameLexicon) -> list[tuple[int, int]]:
    """The names joined by 、和与及 to a name found (王秀英、李桂兰等: both), either side."""
    todo, seen = list(found), set(found)
    while todo:
        start, end = todo.pop()
        more = []
        if end + 1 < len(text) and text[end] in JOINERS:
            n = _name_at(text, end + 1, lx, after_cue=True)
            if n:
                more.append((end + 1, end + 1 + n))
        if start >= 2 and text[start - 1] in JOINERS:
            hit = _ending_at(text, start - 1, lx, 1)
            if hit:
                more.append(hit)
        for span in more:
            if span not in seen:
                seen.add(span)
                todo.append(span)
    return sorted(seen)


def name_spans(text: str, contact_starts: Iterable[int] = ()) -> list[tuple[int, int]]:
    """(start, end) of every name found in text; contact_starts are where a phone number,
    WeChat or QQ id found by sync/redact.py begins (a name right before one goes too)."""
    lx = lexicon()
    found = [*_after_cues(text, lx), *_titled(text, lx), *_with_mou(text, lx),
             *_before_words(text, lx), *_nicknames(text, lx), *_surname_only(text, lx)]
    for start in contact_starts:
        end = start
        while end > 0 and text[end - 1] in " ：:，,　" and start - end < 2:
            end -= 1
        hit = _ending_at(text, end, lx, 1)
        if hit:
            found.append(hit)
    return _joined(text, found, lx)
