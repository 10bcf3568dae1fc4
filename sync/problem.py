"""Is a report the same problem as an item's reports? The text half of the merge decision.

The rule (docs/ARCHITECTURE.md, Merge): the same object with the same defect at the same
place. sync.lexicon reads each text into objects, defects, place words and identifiers;
this module weighs a report against an item as a whole, every one of its reports:

- any report that names another building, gate, side or household, or the same object
  with another specific defect, makes the pair a *conflict*: never one automatic merge;
- otherwise the strongest agreement with the item's reports: the same problem (object and
  defect, or one event), the same object, or only similar wording once the place words
  are taken out;
- an item is only as wide as what its reports agree on: a report whose objects are none of
  those of the item's first report naming one is "other objects", whatever a later report
  added; the same object joins only when what the texts say of it agrees too.

Pure and cached: no database, no Flask (sync/ stays importable by the phone's tests).
"""

import re
from dataclasses import dataclass
from functools import lru_cache

from sync.lexicon import BROKEN, Analysis, analyse, conflict, load
from sync.text import best_similarity, similarity, split_reports

# Verdicts, strongest first.
SAME_PROBLEM = "same_problem"
SAME_OBJECT = "same_object"
OTHER_OBJECTS = "other_objects"    # both name objects, none in common
UNKNOWN = "unknown"                # one side names no object: only the wording can tell
CONFLICT = "conflict"
# How much each verdict says the texts agree, to pick the best report and rank items.
RANK = {SAME_PROBLEM: 3, SAME_OBJECT: 2, UNKNOWN: 1, OTHER_OBJECTS: 0, CONFLICT: -1}
# Verdicts decided on wording alone: only these need the whole texts compared.
ON_WORDING = frozenset({UNKNOWN, OTHER_OBJECTS})


@dataclass(frozen=True)
class Judgement:
    """How a report compares with an item as a whole."""

    verdict: str
    text: float                 # best similarity of the place-free texts, in [0, 1]
    full: float = 0.0           # best similarity of the whole texts, places included
    #                             (measured for the verdicts ON_WORDING only, else 0)
    what: tuple[str, ...] = ()  # the problems ("井盖·缺失") or objects both sides name
    conflict: str | None = None  # "defect:路灯", "identifier:building" when verdict is conflict
    said: float = 0.0           # best similarity of what the texts say of their objects
    #                             (measured for the same object only, else 0)


def _kin(names) -> set[str]:
    """Objects or defects and the families they are in (旱厕 and 化粪池 are both "toilet")."""
    kin = load().kin
    return {f for name in names for f in kin(name)}


# Families too broad to tell an effect by: a break, a crack or a collapse told with no thing
# (被撬了, 土崖子塌了) matches only the same defect, not every broken thing near it.
BROAD_EFFECTS = frozenset({"damage", "crack", "collapse"})


def _told_by_effect(a: Analysis, b: Analysis) -> set[tuple[str, str]]:
    """b's problems whose defect a names without naming any object (黑灯瞎火的 for 路灯不亮,
    冒黑烟 for 焚烧秸秆): the paraphrase that tells the effect, not the thing."""
    if a.objects:
        return set()
    kin = load().kin
    mine = {f for d in a.defects for f in kin(d) if f == d or f not in BROAD_EFFECTS}
    return {(o, d) for o, d in b.claims if kin(d) & mine}


def _kin_problems(a: Analysis, b: Analysis) -> set[tuple[str, str]]:
    """a's problems that b tells too, object and defect each up to their families (垃圾
    堆放 and 杂物乱堆 are one problem; so are 路面塌陷 and 路面水毁)."""
    kin = load().kin
    theirs = [(kin(o), kin(d)) for o, d in b.problems]
    return {(o, d) for o, d in a.problems
            if any(kin(o) & ko and kin(d) & kd for ko, kd in theirs)}


def _told_as_broken(a: Analysis, b: Analysis) -> set[tuple[str, str]]:
    """b's problems of an object a only says is broken, where 坏了 means that defect for
    it (路灯坏了 for 路灯不亮, 护栏坏了 for 护栏倒了; never 电梯坏了 for 合格证过期)."""
    if a.parts:
        return set()   # 机井房门损坏: what is broken is the door, not what 坏了 means of a well
    lex = load()
    mine = [(lex.kin(o), lex.broken.get(o, frozenset())) for o, d in a.problems if d == BROKEN]
    return {(o, d) for o, d in b.claims for ko, means in mine
            if ko & lex.kin(o) and means & lex.kin(d)}


def _at_one_spot(a: Analysis, b: Analysis) -> set[tuple[str, str]]:
    """The specific defect two readings that name no object tell of the same identified
    spot (小学南门积水严重, 南门口一下雨就积水): the spot is what is wrong. One of them may
    leave the spot out (三组停水 and 拧开水龙头一滴水没有), not name another."""
    spots = a.identifiers | b.identifiers
    if (a.objects or b.objects or not spots
            or (a.identifiers and b.identifiers and a.identifiers != b.identifiers)):
        return set()
    generic = load().generic
    spot = "·".join(sorted(v for _, v in spots))
    return {(spot, d) for d in a.defects & b.defects if d not in generic}


def _pair(a: Analysis, b: Analysis) -> tuple[str, tuple[str, ...]]:
    """Verdict and shared what of two readings that do not conflict."""
    problems = (a.problems & b.problems or _kin_problems(a, b) or _told_by_effect(a, b)
                or _told_by_effect(b, a) or _told_as_broken(a, b) or _told_as_broken(b, a)
                or _at_one_spot(a, b))
    if problems:
        return SAME_PROBLEM, tuple(sorted(f"{o}·{d}" for o, d in problems))
    told_a, told_b = _kin(o for o, _ in a.problems), _kin(o for o, _ in b.problems)
    objects = _kin(a.objects) & _kin(b.objects)
    if objects and told_a and told_b and not told_a & told_b:
        return OTHER_OBJECTS, ()   # both tell what is wrong, with different things (坑塘边)
    if objects:
        return SAME_OBJECT, tuple(sorted((a.objects & b.objects) or objects))
    if a.objects and b.objects:
        return OTHER_OBJECTS, ()
    return UNKNOWN, ()


@lru_cache(maxsize=65536)
def judge(text: str, item_text: str) -> Judgement:
    """Judge a report text against an item's report texts (one per line)."""
    mine = analyse(text)
    reports = [analyse(part) for part in split_reports(item_text)]
    if not reports:
        return Judgement(UNKNOWN, 0.0)
    for other in reports:
        why = conflict(mine, other)
        if why is not None:
            shared = tuple(sorted(mine.objects & other.objects))
            return Judgement(CONFLICT, _similar(mine, other), 0.0, shared, why)
    verdicts = [_pair(mine, other) for other in reports]
    best = max(verdicts, key=lambda v: RANK[v[0]])
    verdict = best[0]
    # what the item is about: its first report that names an object (its founder, unless
    # that told only an effect or a place)
    founder = next((r for r in reports if r.objects), reports[0])
    if mine.objects and founder.objects and not _kin(mine.objects) & _kin(founder.objects):
        verdict = OTHER_OBJECTS   # a later report must not widen what the item is about
    text_sim = max(_similar(mine, other) for other in reports)
    full = best_similarity(text, item_text) if verdict in ON_WORDING else 0.0
    said = (max(_similar(mine, other, "said_text") for other in reports)
            if verdict == SAME_OBJECT else 0.0)
    return Judgement(verdict, text_sim, full, best[1] if verdict == best[0] else (),
                     said=said)


_CHINESE_RE = re.compile(r"[\u4e00-\u9fff]")


def _similar(a: Analysis, b: Analysis, field: str = "what_text") -> float:
    """Similarity of what two texts say, their place words left out (and their object words
    too for field "said_text"); 0 when either says it without a Chinese word (a code, markup
    or a number alone tells nothing of the problem)."""
    x, y = getattr(a, field), getattr(b, field)
    if not (_CHINESE_RE.search(x) and _CHINESE_RE.search(y)):
        return 0.0
    return similarity(x, y)
