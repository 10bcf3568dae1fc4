"""Build tune4.jsonl, the fourth tune set of labelled reports (issue 14), from its texts.

The texts are hand-written in tune4_texts.txt beside this file, scene by scene, without
sight of the merge engine, its lexicon or the other labelled sets; this script reads no
other set either (tune4 is replayed on its own, so its ground may overlap theirs). It only
lays out what a cadre's phone would add, with a fixed seed:

- the scenes' places: a square grid of 2 km cells, every cell within 22.5 km of the county
  centre (34.39 N, 113.74 E); each cell belongs to the nearest of the three townships' seats
  (龙湖镇 areas 261-280, 孟庄镇 281-300, 城关乡 301-320; seats as in server/demo/data.py),
  and each township's scenes, in area order, take its cells nearest the seat; a place is
  its cell moved by up to 30 m, so places are at least 1.9 km apart;
- the scene's problem (its cluster A) within 50 m of the place; traps (place_trap,
  defect_trap, trap_first) 4-14 m from it, neighbouring objects 15-40 m, far-wording
  clusters 130-330 m (and 80-600 m from each other);
- each cluster's reports 3-40 m apart, with a jitter that grows with their GPS accuracy
  (5-60 m); every trap report within 30 m of a report of the scene's problem;
- an arrival order that interleaves the scenes at random while keeping the order written
  inside each scene.

It asserts these distances, that every report lies within 23 km of the centre and that
reports of different scenes are at least 1 km apart. It also checks the texts: areas
261-320, and a scene's first line is its problem's (cluster A, kind wording) unless the
scene has a trap_first cluster, whose lines then all come first.

Run from the repository root after editing the texts:

    .venv/bin/python tests/merge/clusters/make_tune4.py

Edit the texts and rerun the script, never the JSONL.
"""

import json
import math
import random
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "tune4_texts.txt"
OUT = HERE / "tune4.jsonl"
SEED = 20261208
CENTRE = (34.39, 113.74)          # the county centre the integrity checks measure from
REACH_M = 23_000                  # every report lies within this of CENTRE
CELL_REACH_M = 22_500             # grid cells lie within this (room for the layout around them)
SPACING_M = 2_000                 # between neighbouring grid cells
MIN_APART_M = 1_000               # between any two reports of different scenes
SEATS = {                         # township seat, first and last area (server/demo/data.py)
    "龙湖镇": ((34.4700, 113.7150), 261, 280),
    "孟庄镇": ((34.4550, 113.7900), 281, 300),
    "城关乡": ((34.3820, 113.7620), 301, 320),
}
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
        scene = scenes[-1]
        first_of = {r["letter"]: r["category"] for r in reversed(scene.reports)}
        category = category or first_of.get(letter) or (
            scene.reports[0]["category"] if scene.reports else None)
        if category is None:
            raise ValueError(f"line {number}: a scene's first line names its category")
        scene.reports.append({"letter": letter, "kind": kind, "category": category,
                              "description": description})
    for scene in scenes:
        check(scene)
    return scenes


def check(scene: Scene) -> None:
    """A scene's area is one of this set's, and its lines come in the order the set needs."""
    if not any(first <= scene.area <= last for _, first, last in SEATS.values()):
        raise ValueError(f"area {scene.area} is not one of 261-320")
    kinds = [r["kind"] for r in scene.reports]
    if "trap_first" in kinds:
        leading = kinds.index(next(k for k in kinds if k != "trap_first"))
        if "trap_first" in kinds[leading:]:
            raise ValueError(f"area {scene.area}: a trap_first line after a genuine one")
        first = scene.reports[leading]
    else:
        first = scene.reports[0]
    if (first["letter"], first["kind"]) != ("A", "wording"):
        raise ValueError(f"area {scene.area}: the scene's problem (A, wording) must lead")


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


def township(area: int) -> str:
    """The township an area belongs to."""
    return next(name for name, (_, first, last) in SEATS.items() if first <= area <= last)


def places(scenes: list[Scene]) -> list[tuple[float, float]]:
    """One grid cell per scene (scenes in area order): its township's cells nearest its seat."""
    step_lat = SPACING_M / M_PER_DEG_LAT
    step_lon = SPACING_M / (M_PER_DEG_LAT * math.cos(math.radians(CENTRE[0])))
    span = CELL_REACH_M // SPACING_M + 1
    cells = [(CENTRE[0] + i * step_lat, CENTRE[1] + j * step_lon)
             for i in range(-span, span + 1) for j in range(-span, span + 1)]
    cells = [c for c in cells if metres(CENTRE, c) <= CELL_REACH_M]
    owned: dict[str, list[tuple[float, float]]] = {name: [] for name in SEATS}
    for c in cells:
        owned[min(SEATS, key=lambda name: metres(SEATS[name][0], c))].append(c)
    for name, mine in owned.items():
        mine.sort(key=lambda c: metres(SEATS[name][0], c))
    taken: dict[str, int] = {name: 0 for name in SEATS}
    chosen = []
    for scene in scenes:
        name = township(scene.area)
        if taken[name] >= len(owned[name]):
            raise RuntimeError(f"no room left for the scenes of {name}")
        chosen.append(owned[name][taken[name]])
        taken[name] += 1
    return chosen


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
    return "neighbour"


def lay_out(rng: random.Random, scene: Scene, place: tuple[float, float]) -> None:
    """Give every report of a scene a position and an accuracy."""
    clusters: dict[str, list[dict]] = {}
    for r in scene.reports:
        clusters.setdefault(r["letter"], []).append(r)
        r["accuracy_m"] = accuracy(rng)
    letters = list(clusters)
    origin = next(x for x in letters if role(clusters[x]) != "trap")
    assert origin == "A", f"area {scene.area}: the scene's problem is not the first cluster"
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
            if x != origin:
                low, high = NEAR_M[role(clusters[x])]
                assert low - 0.5 <= metres(centre[origin], centre[x]) <= high + 0.5
        for x in letters:
            for r, p in zip(clusters[x], spread(rng, centre[x], [r["accuracy_m"]
                                                               for r in clusters[x]]),
                            strict=True):
                r["lat"], r["lon"] = p
        if well_placed(scene):
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


def build(text: str) -> list[dict]:
    """The lines of tune4.jsonl for a texts file, in id order."""
    rng = random.Random(SEED)
    scenes = sorted(parse(text), key=lambda s: s.area)   # stable: written order kept
    grid = places(scenes)
    rows, clusters = [], 0
    for n, (scene, place) in enumerate(zip(scenes, grid, strict=True), 1):
        place = moved(place, rng.uniform(0, 30), rng.uniform(0, 360))
        lay_out(rng, scene, place)
        names = {}
        for r in scene.reports:
            if r["letter"] not in names:
                clusters += 1
                names[r["letter"]] = f"w-c{clusters:03d}"
            rows.append({"id": f"w{len(rows) + 1:04d}", "cluster": names[r["letter"]],
                         "kind": r["kind"], "category": r["category"],
                         "description": r["description"], "lat": round(r["lat"], 7),
                         "lon": round(r["lon"], 7), "accuracy_m": r["accuracy_m"],
                         "area_id": scene.area, "scene": f"w-s{n:03d}", "order": 0})
    arrive(rng, rows)
    apart(rows)
    return rows


def apart(rows: list[dict]) -> None:
    """Every report within REACH_M of the centre; different scenes' reports MIN_APART_M apart."""
    for r in rows:
        assert metres(CENTRE, (r["lat"], r["lon"])) <= REACH_M, r["id"]
    for a, b in combinations(rows, 2):
        if a["scene"] != b["scene"] and abs(a["lat"] - b["lat"]) < 0.02:
            assert metres((a["lat"], a["lon"]), (b["lat"], b["lon"])) >= MIN_APART_M, \
                (a["id"], b["id"])


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
