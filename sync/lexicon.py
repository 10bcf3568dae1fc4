"""Where and what of a report text: objects, defects, place words and identifiers.

Two reports are the same problem when they name the same object with the same defect at
the same place (docs/ARCHITECTURE.md, Merge). This module reads a report the way the merge
engine needs it: the object (井盖) and defect (缺失) through the synonyms and colloquial
forms of the lexicon in sync/lexicon/*.tsv (data the office can extend), the place words
that say where (roads, buildings, shops, gates, 门口/旁边) and are removed from the text
problems are compared on, and the identifiers that tell neighbouring objects apart (3号楼
vs 5号楼, 南门 vs 北门, 王家 vs 李家). Pure Python: a longest match over the lexicon plus a
few patterns (bench/lexicon_bench.py measures it against a word segmenter).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sync.clauses import locate, pair
from sync.identifiers import KINDS as IDENTIFIER_KINDS
from sync.identifiers import mark_patterns
from sync.text import prepare

DATA_DIR = Path(__file__).with_name("lexicon")
KINDS = {"objects": "object", "defects": "defect", "events": "event",
         "places": "place", "words": "word"}
NAME_TAIL = 4  # characters before a name word (路, 社区, 超市) that belong to the name
IDENTIFYING = frozenset({"side", "corner", "gate", "reach", "front", "hall"})
PART = "part"   # the words.tsv class of parts many things have; also an identifier kind
MISSING = "缺失"   # the defect that says the object is gone, not broken
STANDING = "loose"  # leaning or loose: how a thing stands, not what "坏了" means of a light
BROKEN = "故障"      # the generic defect that says only that a thing is broken (坏了)

_PUNCT_RE = re.compile(r"[\W_]")


@dataclass(frozen=True)
class Entry:
    """What one surface form of the lexicon stands for."""

    kind: str       # object, defect, event, place or word
    canonical: str
    cls: str        # the file's third column


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Surface forms to entries, indexed for a longest match (compared by identity)."""

    entries: dict[str, Entry]
    longest: dict[str, int]          # first character -> length of its longest surface
    generic: frozenset[str]          # defects that never conflict with another (故障)
    name_chars: frozenset[str]       # one-character name words (路, 街, 村)
    families: dict[str, frozenset[str]]  # a defect's or object's name and its families
    implied: dict[str, str]          # objects whose mere presence is a problem (垃圾 -> 堆放)
    broken: dict[str, frozenset[str]] = field(default_factory=dict)
    #                                  what 坏了 means of an object: defect families (路灯: light)
    sorts: dict[str, str] = field(default_factory=dict)
    #                                  objects that are one sort of a family (电力井盖: sort)

    def kin(self, name: str) -> frozenset[str]:
        """A defect's or object's own name and the families it is in (a name the lexicon
        does not know is only itself)."""
        return self.families.get(name) or frozenset({name})


@dataclass(frozen=True)
class Analysis:
    """Where and what of one text (spans are of the text after NFKC and numerals)."""

    objects: frozenset[str]
    defects: frozenset[str]
    problems: frozenset[tuple[str, str]]   # (object, defect) the text pairs
    claims: frozenset[tuple[str, str]]     # the problems whose defect is specific
    place_words: tuple[str, ...]
    identifiers: frozenset[tuple[str, str]]
    what_text: str
    said_text: str = ""   # what_text without the object words: what is said of them

    @property
    def parts(self) -> bool:
        """Names a part many things have (门锁, 玻璃, 顶棚: words.tsv class "part")."""
        return any(kind == PART for kind, _ in self.identifiers)


@dataclass(frozen=True)
class Evidence:
    """What two analyses share that says they are one problem."""

    problems: frozenset[tuple[str, str]]
    objects: frozenset[str]
    defects: frozenset[str]


def _kind_of(path: Path) -> str:
    """The entry kind of a lexicon file, from its name (office_objects.tsv: object)."""
    for stem, kind in KINDS.items():
        if path.stem.endswith(stem):
            return kind
    raise ValueError(f"{path}: name must end with one of {', '.join(KINDS)}")


def _read(path: Path) -> list[tuple[str, Entry]]:
    """The (surface, entry) pairs of one lexicon file, refusing malformed lines."""
    kind, pairs = _kind_of(path), []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            raise ValueError(f"{path}:{number}: want canonical<TAB>synonyms<TAB>class")
        canonical, synonyms, cls = (f.strip() for f in fields)
        for surface in dict.fromkeys(s.strip() for s in synonyms.split("|")):
            if surface:
                pairs.append((_prepare(surface), Entry(kind, canonical, cls)))
    return pairs


def _index(pairs: list[tuple[str, Entry]], overrides: list[tuple[str, Entry]]) -> Lexicon:
    """A Lexicon of the shipped pairs (each surface once) and the office's (which win)."""
    entries: dict[str, Entry] = {}
    for surface, entry in pairs:
        if entries.setdefault(surface, entry) != entry:
            raise ValueError(f"lexicon: {surface} is both {entries[surface]} and {entry}")
    entries.update(overrides)
    longest: dict[str, int] = {}
    for surface in entries:
        longest[surface[0]] = max(longest.get(surface[0], 0), len(surface))
    specific = {e.canonical for e in entries.values() if e.kind == "defect" and e.cls != "generic"}
    generic = frozenset(e.canonical for e in entries.values()
                        if e.kind == "defect" and e.canonical not in specific)
    names = frozenset(s for s, e in entries.items() if e.cls == "name" and len(s) == 1)
    families: dict[str, set[str]] = {}
    implied: dict[str, str] = {}
    broken: dict[str, frozenset[str]] = {}
    sorts: dict[str, str] = {}
    for e in entries.values():
        if e.kind in ("defect", "object"):
            cls, _, sort = e.cls.partition("#")
            cls, _, means = cls.partition("~")
            cls, _, defect = cls.partition(">")
            if means:
                broken[e.canonical] = frozenset(means.split(","))
            if sort:
                sorts[e.canonical] = sort
            _, _, listed = cls.partition(":")
            families.setdefault(e.canonical, {e.canonical}).update(filter(None, listed.split(",")))
            if defect:
                implied[e.canonical] = defect
    return Lexicon(entries, longest, generic, names,
                   {d: frozenset(f) for d, f in families.items()}, implied, broken, sorts)


@lru_cache(maxsize=16)
def load(extra: str | Path | None = None) -> Lexicon:
    """The lexicon of sync/lexicon/*.tsv, plus an office file (kind from its name); cached."""
    pairs = [p for name in KINDS for p in _read(DATA_DIR / f"{name}.tsv")]
    return _index(pairs, _read(Path(extra)) if extra is not None else [])


@lru_cache(maxsize=65536)
def _prepare(text: str) -> str:
    """The text as every comparison starts from (sync.text.prepare), cached."""
    return prepare(text)


def _tokens(text: str, marks: list, lex: Lexicon) -> list[tuple[str, str, Entry | None]]:
    """(type, text, entry) tokens: mark, punct, lexicon hits and gaps, longest match first."""
    out: list[tuple[str, str, Entry | None]] = []
    i, gap = 0, ""
    while i < len(text):
        hit, size = None, 1
        if marks[i]:
            start, end = marks[i]
            hit, size = ("mark", None), end - i
        elif _PUNCT_RE.match(text[i]) and text[i] != "、":
            hit = ("punct", None)
        else:
            for n in range(min(lex.longest.get(text[i], 0), len(text) - i), 0, -1):
                entry = lex.entries.get(text[i:i + n])
                if entry is not None and not any(marks[i:i + n]):
                    hit, size = (entry.kind, entry), n
                    break
        if hit is None:
            gap += text[i]
        else:
            if gap:
                out.append(("gap", gap, None))
                gap = ""
            out.append((hit[0], text[i:i + size], hit[1]))
        i += size
    if gap:
        out.append(("gap", gap, None))
    return out


def _attach_names(tokens: list, lex: Lexicon) -> list:
    """A name word takes the short gap before it (中华+路), and adjacent places join."""
    out: list = []
    for tok in tokens:
        kind, surface, entry = tok
        attaches = kind == "place" and (entry.cls == "name" or surface[0] in lex.name_chars)
        if attaches and out and out[-1][0] == "gap":
            head, tail = out[-1][1][:-NAME_TAIL], out[-1][1][-NAME_TAIL:]
            out[-1:] = [("gap", head, None)] if head else []
            surface = tail + surface
        if kind in ("place", "mark") and out and out[-1][0] == "span":
            out[-1] = ("span", out[-1][1] + surface, out[-1][2] | _ids(tok))
        elif kind in ("place", "mark"):
            out.append(("span", surface, _ids(tok)))
        else:
            out.append(tok)
    return out


def _ids(tok: tuple) -> frozenset[tuple[str, str]]:
    """The identifier a place token carries (side, corner or gate), if any."""
    entry = tok[2]
    if tok[0] == "place" and entry.cls in IDENTIFYING:
        return frozenset({(entry.cls, entry.canonical)})
    return frozenset()


def analyse(text: str | None, place_names: Iterable[str] = (),
            lexicon: Lexicon | None = None) -> Analysis:
    """Where and what of a report text; place_names are the area's and township's names."""
    names = tuple(_prepare(n) for n in place_names if n)
    return _analyse(text or "", names, lexicon or load())


@lru_cache(maxsize=65536)
def _analyse(text: str, names: tuple[str, ...], lex: Lexicon) -> Analysis:
    """analyse() on prepared arguments; cached."""
    prepared = _prepare(text)
    marks: list = [None] * len(prepared)
    identifiers = mark_patterns(prepared, names, marks)
    tokens = _attach_names(locate(_tokens(prepared, marks, lex)), lex)
    spans = [t for t in tokens if t[0] == "span"]
    for span in spans:
        identifiers |= span[2]
    events = [t[2].cls.split("+") for t in tokens if t[0] == "event"]
    problems = frozenset(_with_implied(pair(tokens), tokens, lex))
    identifiers |= {(lex.sorts[t[2].canonical], t[2].canonical) for t in tokens
                    if t[0] == "object" and t[2].canonical in lex.sorts}
    identifiers |= {(PART, t[2].canonical) for t in tokens
                    if t[0] == "word" and t[2].cls == PART}   # 玻璃 vs 顶棚 of one 站亭
    return Analysis(
        objects=frozenset([t[2].canonical for t in tokens if t[0] == "object"]
                          + [o for o, _ in events]),
        defects=frozenset([t[2].canonical for t in tokens if t[0] == "defect"]
                          + [d for _, d in events]),
        problems=problems,
        claims=frozenset(p for p in problems if p[1] not in lex.generic),
        place_words=tuple(t[1] for t in spans),
        identifiers=frozenset(identifiers),
        what_text="".join(t[1] for t in tokens if t[0] not in ("span", "punct")),
        said_text="".join(t[1] for t in tokens if t[0] not in ("span", "punct", "object")),
    )


def _with_implied(problems: set, tokens: list, lex: Lexicon) -> set[tuple[str, str]]:
    """The problems, plus the implied defect of an object told with none (垃圾多: 堆放)."""
    told = {o for o, _ in problems}
    named = {t[2].canonical for t in tokens if t[0] == "object"}
    return problems | {(o, lex.implied[o]) for o in named - told if o in lex.implied}


def identifier_kinds() -> frozenset[str]:
    """Every kind of identifier an analysis can carry (the console has words for each)."""
    return frozenset(IDENTIFIER_KINDS | IDENTIFYING | {PART} | set(load().sorts.values()))


def conflict(a: Analysis, b: Analysis, lexicon: Lexicon | None = None) -> str | None:
    """Why a and b cannot be one problem, or None.

    "identifier:<kind>" when both name things of one kind and each names one the other does
    not (3号楼 vs 5号楼, 南门 vs 北门, 东路口北边 vs 东路口南边; 3号楼 and 3号楼5号楼之间 may
    be one spot); "defect:<object>" when both pair one object with specific
    defects and none in common, not even a family (路灯不亮 vs 路灯杆倾斜; 塌陷 and 水毁 of
    a road are one family), or one says the object is missing, leaning or loose and the
    other only that it is broken (座椅不见了 vs 座椅坏了; 灯杆歪了 vs 路灯坏了), or one says
    only that a part of it is broken and the other names a defect (井房门坏了 vs 抽不上水).
    """
    ia, ib = _numbered(a.identifiers, b.identifiers), _numbered(b.identifiers, a.identifiers)
    for kind in sorted({k for k, _ in ia} & {k for k, _ in ib}):
        va, vb = {v for k, v in ia if k == kind}, {v for k, v in ib if k == kind}
        if _apart(va, vb, kind) and _apart(vb, va, kind):
            return f"identifier:{kind}"
    lex = lexicon or load()
    kin = lex.kin
    for obj, other in _kindred(a, b, kin):
        da = {d for o, d in a.claims if o == obj}
        db = {d for o, d in b.claims if o == other}
        if da and db and not any(kin(x) & kin(y) for x in da for y in db):
            return f"defect:{obj}"
        if (da == {MISSING} and not db) or (db == {MISSING} and not da):
            return f"defect:{obj}"
        if (a.parts and not da and db) or (b.parts and not db and da):
            return f"defect:{obj}"   # 井房门坏了 vs 机井抽不上水: a part broken, not the well
        if (not da and db and all(STANDING in kin(d) for d in db)
                and STANDING not in lex.broken.get(obj, ())) or (
                not db and da and all(STANDING in kin(d) for d in da)
                and STANDING not in lex.broken.get(other, ())):
            return f"defect:{obj}"
    return None


def _apart(mine: set[str], theirs: set[str], kind: str) -> bool:
    """mine names one the other does not; a household by its surname alone (王家) is any of
    that surname's (王秀英家), so 齐秀兰家 and 齐建国家 are apart but 王家 and 王秀英家 not."""
    if kind != "household":
        return bool(mine - theirs)
    return any(not any(x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]) for y in theirs)
               for x in mine)


def _numbered(mine: frozenset, theirs: frozenset) -> frozenset:
    """My bare numbers (挂12号牌那根杆子) as pole or pile numbers when the other text numbers
    poles or piles (13号灯杆) and mine does not: the same thing counted two ways."""
    kinds = {k for k, _ in theirs} & {"pole", "pile"}
    if len(kinds) != 1 or {k for k, _ in mine} & {"pole", "pile"}:
        return mine
    kind = kinds.pop()
    return frozenset((kind if k == "house" else k, v) for k, v in mine)


def _kindred(a: Analysis, b: Analysis, kin) -> list[tuple[str, str]]:
    """Pairs of an object a tells a problem of and one b does, the same or of one family
    (宣传栏 and 宣传牌 are both boards), in a stable order."""
    told_b = sorted({o for o, _ in b.problems})
    return [(oa, ob) for oa in sorted({o for o, _ in a.problems}) for ob in told_b
            if oa == ob or kin(oa) & kin(ob)]


def same_problem_evidence(a: Analysis, b: Analysis) -> Evidence:
    """The problems, objects and defects two analyses share."""
    return Evidence(problems=a.problems & b.problems, objects=a.objects & b.objects,
                    defects=a.defects & b.defects)
