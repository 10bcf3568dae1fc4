"""Build tune5.jsonl, the fifth tune set of labelled reports (issue 14), from its texts.

The texts are hand-written in tune5_texts.txt beside this file, scene by scene, without
sight of the merge engine, its lexicon or the other labelled sets; this script reads no
other set either. It only lays out what a cadre's phone would add, with a fixed seed:

- the scenes' places: a 2 km grid within 23 km of the county centre (34.39, 113.74), each
  township's scenes on the free cells nearest its seat (郭店镇 areas 321-340, 和庄镇
  341-360, 新烟街道 361-380), every place moved up to 30 m off its cell, so places are at
  least 1.9 km apart (asserted: at least 1.3 km) and every report lies within 23 km of
  the centre. tune5 is replayed on its own, so its ground may overlap the other sets';
- each cluster's reports 3-40 m apart, with a jitter that grows with their GPS accuracy
  (5-60 m);
- the scene's problem (its first cluster that is not a trap) within 50 m of the place;
  trap clusters (place_trap, defect_trap, trap_first) 4-14 m from it, neighbouring
  objects 15-40 m, far-wording clusters 130-330 m (and 80-600 m from each other); every
  trap report within 30 m of one of the problem's reports;
- an arrival order that interleaves the scenes at random while keeping the order written
  inside each scene.

It also checks the texts: one genuine cluster a scene, opened by a `wording` line; every
other cluster of one kind that should not merge; a scene's first line is its problem's
unless it has a trap_first cluster, whose reports then come before all others;
other_category lines name a category other than their cluster's. The distances above are
asserted on the result, and reports of different scenes are at least 1 km apart.

Run from the repository root after editing the texts:

    .venv/bin/python tests/merge/clusters/make_tune5.py
"""

import json
import math
import random
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "tune5_texts.txt"
OUT = HERE / "tune5.jsonl"
SEED = 20261209
CENTRE = (34.39, 113.74)          # the county centre the integrity checks measure from
REACH_M = 23_000                  # every report lies within this of CENTRE
CELL_REACH_M = 22_500             # grid cells this close, leaving room for the spread
SPACING_M = 2_000                 # between neighbouring grid cells
MIN_PLACE_M = 1_300               # scene places at least this far apart
MIN_SCENES_M = 1_000              # reports of different scenes at least this far apart
SEATS = (                         # (first area, last area, township seat)
    (321, 340, (34.5310, 113.7420)),   # 郭店镇 (server/demo/data.py)
    (341, 360, (34.4050, 113.6300)),   # 和庄镇 (server/demo/data.py)
    (361, 380, (34.4000, 113.7550)),   # 新烟街道, in the city east of the centre
)
CATEGORIES = ("convenience", "infrastructure", "health", "culture_tourism",
              "disaster_rebuild", "other")
SHOULD_MERGE = ("wording", "other_category", "paraphrase")
TRAPS = ("place_trap", "defect_trap", "trap_first")
KINDS = SHOULD_MERGE + TRAPS + ("neighbour", "far_wording")
NEAR_M = {"trap": (4, 14), "neighbour": (15, 40), "far": (130, 330)}
LINE = re.compile(r"^([A-Z]) (\w+)(?: (\w+))?: (.+)$")
M_PER_DEG_LAT = 111_195.0


@dataclass
class Scene:
    """One scene as written: its area and its reports in arrival order."""

    area: int
    reports: list[dict] = field(default_factory=list)
    centres: dict[str, tuple[float, float]] = field(default_factory=dict)


def parse(text: str) -> list[Scene]:
    """The scenes of the texts file, each report with its cluster letter, kind, category."""
    scenes: list[Scene] = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith(";"):
            continue
        if line.startswith("=="):
            scenes.append(Scene(int(line[2:].split()[0])))
            continue
        match = LINE.match(line)
        if not match or not scenes or match[2] not in KINDS:
            raise ValueError(f"line {number}: {raw!r}")
        letter, kind, category, description = match.groups()
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"line {number}: unknown category {category!r}")
        scene = scenes[-1]
        first_of = {r["letter"]: r["category"] for r in reversed(scene.reports)}
        if kind == "other_category" and category in (None, first_of.get(letter)):
            raise ValueError(f"line {number}: other_category names another category")
        category = category or first_of.get(letter) or (
            scene.reports[0]["category"] if scene.reports else None)
        if category is None:
            raise ValueError(f"line {number}: a scene's first line names its category")
        scene.reports.append({"letter": letter, "kind": kind, "category": category,
                              "description": description})
    for scene in scenes:
        check(scene)
    return scenes


def clusters_of(scene: Scene) -> dict[str, list[dict]]:
    """A scene's reports by cluster letter, in written order."""
    clusters: dict[str, list[dict]] = {}
    for r in scene.reports:
        clusters.setdefault(r["letter"], []).append(r)
    return clusters


def check(scene: Scene) -> None:
    """The texts' rules: one genuine cluster, single-kind traps, the order of arrival."""
    where = f"a scene of area {scene.area} ({scene.reports[0]['description']})"
    clusters = clusters_of(scene)
    genuine = [x for x, rs in clusters.items() if rs[0]["kind"] in SHOULD_MERGE]
    if len(genuine) != 1:
        raise ValueError(f"{where}: {len(genuine)} genuine clusters")
    problem = clusters[genuine[0]]
    if problem[0]["kind"] != "wording" or any(r["kind"] not in SHOULD_MERGE
                                              for r in problem):
        raise ValueError(f"{where}: the problem opens with wording, merges throughout")
    for x, rs in clusters.items():
        if x != genuine[0] and len({r["kind"] for r in rs}) != 1:
            raise ValueError(f"{where}: cluster {x} mixes kinds")
        if x != genuine[0] and rs[0]["kind"] in SHOULD_MERGE:
            raise ValueError(f"{where}: cluster {x} is a second genuine cluster")
    kinds = [r["kind"] for r in scene.reports]
    firsts = kinds.count("trap_first")
    if firsts:
        if set(kinds[:firsts]) != {"trap_first"}:
            raise ValueError(f"{where}: trap_first reports come first")
    elif scene.reports[0]["letter"] != genuine[0]:
        raise ValueError(f"{where}: the first line is the problem's")


def metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance in metres (haversine, mean earth radius)."""
    la1, lo1, la2, lo2 = map(math.radians, (*a, *b))
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2)
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def moved(p: tuple[float, float], dist_m: float, bearing_deg: float) -> tuple[float, float]:
    """The point dist_m from p in a bearing (flat-earth, fine at these distances)."""
    b = math.radians(bearing_deg)
    lat = p[0] + dist_m * math.cos(b) / M_PER_DEG_LAT
    lon = p[1] + dist_m * math.sin(b) / (M_PER_DEG_LAT * math.cos(math.radians(p[0])))
    return lat, lon


def township(area: int) -> int:
    """The index in SEATS of the township an area belongs to."""
    return next(i for i, (low, high, _) in enumerate(SEATS) if low <= area <= high)


def places(counts: list[int]) -> list[list[tuple[float, float]]]:
    """Grid cells for each township: in turn, each takes the free cell nearest its seat;
    a township's cells come back in a snake order (rows north to south) so that the
    scenes of one area lie side by side."""
    step_lat = SPACING_M / M_PER_DEG_LAT
    step_lon = SPACING_M / (M_PER_DEG_LAT * math.cos(math.radians(CENTRE[0])))
    free = [(CENTRE[0] + i * step_lat, CENTRE[1] + j * step_lon)
            for i in range(-12, 13) for j in range(-12, 13)]
    free = [c for c in free if metres(CENTRE, c) <= CELL_REACH_M]
    taken: list[list[tuple[float, float]]] = [[] for _ in SEATS]
    while any(len(t) < n for t, n in zip(taken, counts, strict=True)):
        for t, n, (_, _, seat) in zip(taken, counts, SEATS, strict=True):
            if len(t) < n:
                if not free:
                    raise RuntimeError("no grid cells left")
                cell = min(free, key=lambda c: metres(seat, c))
                free.remove(cell)
                t.append(cell)
    ordered = []
    for cells in taken:
        rows: dict[float, list] = {}
        for c in cells:
            rows.setdefault(round(c[0], 6), []).append(c)
        snake = []
        for n, lat in enumerate(sorted(rows, reverse=True)):
            row = sorted(rows[lat], key=lambda c: c[1])
            snake += row if n % 2 == 0 else row[::-1]
        ordered.append(snake)
    return ordered


def accuracy(rng: random.Random) -> float:
    """A phone's reported GPS accuracy, mostly good, sometimes poor (5-60 m)."""
    low, high = rng.choices([(5, 10), (10, 20), (20, 40), (40, 60)], [35, 35, 20, 10])[0]
    return round(rng.uniform(low, high), 1)


def spread(rng: random.Random, centre: tuple[float, float], accs: list[float]):
    """Positions for one cluster's reports: jitter grows with accuracy, 3-40 m apart."""
    while True:
        points = [moved(centre, rng.uniform(0, 3 + 0.3 * a), rng.uniform(0, 360))
                  for a in accs]
        if all(3 <= metres(p, q) <= 40 for p, q in combinations(points, 2)):
            return points


def role(reports: list[dict]) -> str:
    """How a cluster lies relative to its scene's problem, from its reports' kinds."""
    kinds = {r["kind"] for r in reports}
    if kinds & set(TRAPS):
        return "trap"
    if "far_wording" in kinds:
        return "far"
    if "neighbour" in kinds:
        return "neighbour"
    return "problem"


def lay_out(rng: random.Random, scene: Scene, place: tuple[float, float]) -> None:
    """Give every report of a scene a position and an accuracy."""
    clusters = clusters_of(scene)
    for r in scene.reports:
        r["accuracy_m"] = accuracy(rng)
    letters = list(clusters)
    origin = next(x for x in letters if role(clusters[x]) == "problem")
    for _ in range(10_000):
        centre = {origin: moved(place, rng.uniform(0, 50), rng.uniform(0, 360))}
        far_bearing = rng.uniform(0, 360)
        for x in letters:
            if x == origin:
                continue
            kind = role(clusters[x])
            if kind == "far":
                far_bearing += rng.uniform(100, 160)
                centre[x] = moved(centre[origin], rng.uniform(*NEAR_M["far"]), far_bearing)
            else:
                centre[x] = moved(centre[origin], rng.uniform(*NEAR_M[kind]),
                                  rng.uniform(0, 360))
        for x in letters:
            for r, p in zip(clusters[x], spread(rng, centre[x], [r["accuracy_m"]
                                                               for r in clusters[x]]),
                            strict=True):
                r["lat"], r["lon"] = p
        if well_placed(scene):
            scene.centres = centre
            return
    raise RuntimeError(f"no layout for a scene of area {scene.area}")


def well_placed(scene: Scene) -> bool:
    """Traps within 30 m of a genuine report; far-wording clusters 80-600 m apart."""
    genuine = [(r["lat"], r["lon"]) for r in scene.reports if r["kind"] in SHOULD_MERGE]
    for r in scene.reports:
        if r["kind"] in TRAPS and min(metres((r["lat"], r["lon"]), g) for g in genuine) > 30:
            return False
    far = [r for r in scene.reports if r["kind"] == "far_wording"]
    return all(80 <= metres((a["lat"], a["lon"]), (b["lat"], b["lon"])) <= 600
               for a, b in combinations(far, 2) if a["letter"] != b["letter"])


def verify(scenes: list[Scene], grid: list[tuple[float, float]]) -> None:
    """Assert the geometry the docstring promises."""
    for a, b in combinations(grid, 2):
        assert metres(a, b) >= MIN_PLACE_M, (a, b)
    for scene in scenes:
        clusters = clusters_of(scene)
        origin = next(x for x in clusters if role(clusters[x]) == "problem")
        for x, rs in clusters.items():
            points = [(r["lat"], r["lon"]) for r in rs]
            assert all(3 <= metres(p, q) <= 40 for p, q in combinations(points, 2))
            assert all(5 <= r["accuracy_m"] <= 60 for r in rs)
            assert all(metres(CENTRE, p) <= REACH_M for p in points)
            if x != origin:
                low, high = NEAR_M[role(rs)]
                d = metres(scene.centres[origin], scene.centres[x])
                assert low <= d <= high, (scene.area, x, role(rs), d)
    points = [((r["lat"], r["lon"]), n) for n, s in enumerate(scenes) for r in s.reports]
    for (p, m), (q, n) in combinations(points, 2):
        if m != n and abs(p[0] - q[0]) < 0.02:
            assert metres(p, q) >= MIN_SCENES_M, (p, q)


def build(text: str) -> list[dict]:
    """The lines of tune5.jsonl for a texts file, in id order."""
    rng = random.Random(SEED)
    scenes = sorted(parse(text), key=lambda s: s.area)   # stable: written order kept
    by_town = [[s for s in scenes if township(s.area) == i] for i in range(len(SEATS))]
    cells = places([len(group) for group in by_town])
    grid = [c for group in cells for c in group]
    rows, clusters, placed = [], 0, []
    for n, (scene, cell) in enumerate(zip(scenes, grid, strict=True), 1):
        place = moved(cell, rng.uniform(0, 30), rng.uniform(0, 360))
        placed.append(place)
        lay_out(rng, scene, place)
        names = {}
        for r in scene.reports:
            if r["letter"] not in names:
                clusters += 1
                names[r["letter"]] = f"x-c{clusters:03d}"
            rows.append({"id": f"x{len(rows) + 1:04d}", "cluster": names[r["letter"]],
                         "kind": r["kind"], "category": r["category"],
                         "description": r["description"], "lat": round(r["lat"], 7),
                         "lon": round(r["lon"], 7), "accuracy_m": r["accuracy_m"],
                         "area_id": scene.area, "scene": f"x-s{n:03d}", "order": 0})
    verify(scenes, placed)
    arrive(rng, rows)
    return rows


def arrive(rng: random.Random, rows: list[dict]) -> None:
    """Arrival order: scenes interleaved at random, the order inside each scene kept."""
    queues: dict[str, list[dict]] = {}
    for r in rows:
        queues.setdefault(r["scene"], []).append(r)
    pending = [r["scene"] for r in rows]   # one ticket per report: a uniform interleaving
    rng.shuffle(pending)
    for order, scene in enumerate(pending, 1):
        queues[scene].pop(0)["order"] = order


def dumps(rows: list[dict]) -> str:
    """The JSONL text of the rows, one report a line."""
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


if __name__ == "__main__":
    OUT.write_text(dumps(build(TEXTS.read_text(encoding="utf-8"))), encoding="utf-8")
