"""Who is wrong in a clause: objects that only say where, and which defect goes with what.

sync.lexicon cuts a report into tokens (objects, defects, events, place spans, gaps); this
module reads the clauses of those tokens the way a cadre writes them:
- an object followed by a locative (公厕旁边, 河道里, 灯杆上的) and then by another object
  in the same clause says where the problem is, not what is wrong: 公厕旁边乱堆垃圾 is
  about rubbish, so 公厕 becomes a place word there (DESIGN, Merge: place words say where);
- a defect goes with the objects before it in its clause, or, when none come before, with
  the object after it (乱堆垃圾) before it falls back on the clause before.
Pure functions over token lists; no lexicon files are read here.
"""

COORDINATORS = frozenset({"和", "与", "及", "跟", "以及", "还有", "、", "或"})
# Place words that make the object before them a place (canonicals of places.tsv).
LOCATIVE_PLACES = frozenset({"旁边", "门口"})
# A gap that starts like this right after an object is a locative (河道里, 灯杆上的).
_LOCATIVE_GAPS = ("里面", "里头", "上面", "下面", "底下", "后面", "前面", "外面", "边上")
_LOCATIVE_CHARS = frozenset("里上下边旁前后内外底")
# ... and these, whatever follows them (坑塘边钓鱼的, 沟里头): they rarely begin a word.
_LOCATIVE_LEADS = frozenset("里边旁底")
_SAYS_WHAT = ("object", "event")


def _is_locative(tok: tuple) -> bool:
    """True for a token that turns the object before it into a place."""
    kind, surface, entry = tok
    if kind == "place":
        return entry.canonical in LOCATIVE_PLACES
    if kind == "gap":
        return (surface[0] in _LOCATIVE_LEADS or surface in _LOCATIVE_CHARS
                or surface.startswith(_LOCATIVE_GAPS))
    return False


def _object_follows(tokens: list, start: int) -> bool:
    """True when an object or event comes after position start in the same clause."""
    for kind, surface, _ in tokens[start:]:
        if kind == "punct" and surface:
            return False
        if kind in _SAYS_WHAT:
            return True
    return False


def locate(tokens: list) -> list:
    """The tokens with each object that only says where (公厕+旁边+…垃圾) made a place."""
    out: list = []
    moved = False   # the token before was such an object: its locative goes with it
    for i, tok in enumerate(tokens):
        if moved and tok[0] == "gap":
            out.append(("mark", tok[1][0], None))
            out += [("gap", tok[1][1:], None)] if tok[1][1:] else []
        elif moved:
            out.append(tok)
        elif (tok[0] == "object" and i + 1 < len(tokens) and _is_locative(tokens[i + 1])
              and _object_follows(tokens, i + 2)):
            out.append(("mark", tok[1], None))   # read as a place span by sync.lexicon
            moved = True
            continue
        else:
            out.append(tok)
        moved = False
    return out


def pair(tokens: list) -> set[tuple[str, str]]:
    """Object-defect pairs: a defect goes with the objects before it in its clause.

    Objects joined by 和/、 share the defect; a defect written before its object (没有护栏,
    乱堆垃圾) waits for it; a clause without an object continues the one before.
    """
    pairs: set[tuple[str, str]] = set()
    group: list[str] = []
    previous: list[str] = []  # the objects of the clause before (路面未修复，坑坑洼洼)
    waiting: list[str] = []   # defects said before their object (没有护栏)
    before: list[str] = []    # those of the current group (缺少信号灯和斑马线)
    between = ""
    stream = tokens + [("punct", "", None)]
    for i, (kind, surface, entry) in enumerate(stream):
        if kind == "punct":
            previous = group or previous if surface else []
            group, waiting, before, between = [], [], [], ""
        elif kind == "event":
            obj, defect = entry.cls.split("+")
            pairs.add((obj, defect))
            group, between = [obj], ""
        elif kind == "object":
            if group and between in COORDINATORS:
                group.append(entry.canonical)
            else:
                group, before = [entry.canonical], waiting
            pairs.update((entry.canonical, d) for d in before)
            waiting, between = [], ""
        elif kind == "defect" and not entry.cls.startswith("before") and group:
            pairs.update((o, entry.canonical) for o in group)
            between = surface
        elif (kind == "defect" and not entry.cls.startswith("before") and previous
              and not _object_follows(stream, i + 1)):
            pairs.update((o, entry.canonical) for o in previous)
        elif kind == "defect":
            waiting.append(entry.canonical)
        elif kind != "span":
            between += surface
    return pairs
