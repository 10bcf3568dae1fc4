"""The name lexicon of the redaction: surnames and name words, read from sync/lexicon.

sync/redact_names.py finds names with it; the data is the office's to extend:
sync/lexicon/surnames.tsv (surname<TAB>common|word|compound), sync/lexicon/name_words.tsv
(class<TAB>items; the classes are described in that file), sync/lexicon/bound_words.txt
(everyday two-character words, one a line) and sync/lexicon/traditional.txt (traditional
characters of names and cue words, read as their simplified forms). This module reads them once per
process and answers the questions the rules ask: is there a surname here, an everyday word,
how many given-name characters follow.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).with_name("lexicon")
CLASSES = ("cue", "title", "name_title", "contact", "speech", "after_de", "home_after",
           "place_after", "shop_after", "after", "not_name", "ordinary", "given_word",
           "left_word", "nickname", "lead", "given", "follow", "stop")
CHARACTER_CLASSES = ("given", "follow", "stop")   # items are single characters, unspaced
BOUNDARY = frozenset(" \t\n　，。、；：！？,.;:!?（）()“”\"'【】[]《》—-…·")


@dataclass(frozen=True)
class Words:
    """One class of words, for lookups at a position and a longest-first search."""

    items: frozenset[str]
    lengths: tuple[int, ...]          # the lengths of the items, longest first
    pattern: re.Pattern | None

    @classmethod
    def of(cls, items: Iterable[str]) -> "Words":
        """The Words of the items."""
        items = frozenset(items)
        ordered = sorted(items, key=len, reverse=True)
        return cls(items, tuple(sorted({len(w) for w in items}, reverse=True)),
                   re.compile("|".join(map(re.escape, ordered))) if ordered else None)

    def at(self, text: str, i: int) -> str:
        """The longest word that text has at position i, or ''."""
        return next((text[i:i + n] for n in self.lengths if text[i:i + n] in self.items), "")

    def ending(self, text: str, end: int) -> str:
        """The longest word that ends at end in text, or ''."""
        return next((text[end - n:end] for n in self.lengths
                     if n <= end and text[end - n:end] in self.items), "")

    def finditer(self, text: str) -> Iterator[re.Match]:
        """Non-overlapping matches in text, longest first at each position."""
        return self.pattern.finditer(text) if self.pattern else iter(())

    def __contains__(self, word: str) -> bool:
        return word in self.items


@dataclass(frozen=True)
class NameLexicon:
    """Surnames and the name words."""

    common: frozenset[str]     # single surnames that are names wherever a rule sees one
    word: frozenset[str]       # single surnames that are everyday characters too
    compound: frozenset[str]
    words: dict[str, Words]
    given: frozenset[str]
    follow: frozenset[str]
    stop: frozenset[str]
    bound: frozenset[str]      # two-character everyday words (bound_words.txt)


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
        if cls not in surnames:
            raise ValueError(f"surnames.tsv: {surname}: unknown class {cls}")
        surnames[cls].add(surname)
    words: dict[str, set[str]] = {c: set() for c in CLASSES}
    for cls, items in _items(DATA_DIR / "name_words.tsv"):
        if cls not in words:
            raise ValueError(f"name_words.tsv: unknown class {cls}")
        words[cls].update(items if cls in CHARACTER_CLASSES else items.split())
    return NameLexicon(
        frozenset(surnames["common"]), frozenset(surnames["word"]),
        frozenset(surnames["compound"]), {c: Words.of(w) for c, w in words.items()},
        frozenset(words["given"]), frozenset(words["follow"]) | BOUNDARY,
        frozenset(words["stop"]) | BOUNDARY, _bound_words())


def _bound_words() -> frozenset[str]:
    """The words of bound_words.txt."""
    lines = (DATA_DIR / "bound_words.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def _traditional() -> dict[int, str]:
    """The translate table of traditional.txt (one character for one)."""
    pairs = [line.strip() for line in (DATA_DIR / "traditional.txt").read_text(
        encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")]
    if any(len(p) != 2 for p in pairs):
        raise ValueError("traditional.txt: want two characters a line")
    return str.maketrans({p[0]: p[1] for p in pairs})


def simplified(text: str) -> str:
    """text with the traditional characters of traditional.txt in simplified form, one
    character for one (溫美玲 -> 温美玲), so names typed in either read alike."""
    return text.translate(_traditional())


def is_cjk(ch: str) -> bool:
    """A Chinese character (the CJK unified ideographs)."""
    return "\u4e00" <= ch <= "\u9fff"


def surname_at(text: str, i: int, lx: NameLexicon, loose: bool) -> int:
    """Length of a surname at i (compound first); word-class ones only when loose."""
    if text[i:i + 2] in lx.compound:
        return 2
    ch = text[i:i + 1]
    return 1 if ch in lx.common or (loose and ch in lx.word) else 0


def blocked(text: str, i: int, lx: NameLexicon, end: int | None = None,
            ordinary: bool = False, left: bool = True, cover: int | None = None) -> bool:
    """An everyday word starts at i (within the name, when its end is given: 高大娘 is 高 and
    大娘, not 高大; or reaching cover: 任组长; with ordinary, also the words of the
    dictionary), or ends with the character at i (unless not left), or a cue starts at i."""
    for cls in ("not_name", "ordinary") if ordinary else ("not_name",):
        word = lx.words[cls].at(text, i)
        if word and (end is None or i + len(word) <= end
                     or (cover is not None and i + len(word) >= cover)):
            return True
    if lx.words["cue"].at(text, i):
        return True
    return left and bool(lx.words["left_word"].ending(text, i + 1))


def given_run(text: str, i: int, lx: NameLexicon, strict_first: bool) -> int:
    """How many given-name characters follow at i (0-2); 某 and 某某 count as given. The
    second must be a given-name character of the lexicon, the first too when strict_first."""
    if text.startswith("某", i):
        return 2 if text.startswith("某某", i) else 1
    n = 0
    while n < 2 and i + n < len(text):
        ch = text[i + n]
        if not is_cjk(ch) or ch in lx.stop or lx.words["title"].at(text, i + n):
            break
        if n == 1 and lx.words["after"].at(text, i + n):
            break
        if (strict_first or n == 1) and ch not in lx.given:
            break
        n += 1
    return n
