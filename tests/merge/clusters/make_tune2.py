"""Build tune2.jsonl, the second tune set of labelled reports (issue 14), from its texts.

The texts are hand-written in tune2_texts.txt beside this file, scene by scene, without
sight of the merge engine, its lexicon or the other labelled sets. This script only lays
out what a cadre's phone would add, with a fixed seed: the scenes' places, south and east
of the region the other sets use, at least 1.3 km apart; each cluster's reports 3-40 m
apart with a jitter that grows with their GPS accuracy (5-60 m); traps within 30 m of the
scene's problem, neighbouring objects 15-40 m from it, far-wording clusters 80-600 m from
each other; and an arrival order that interleaves the scenes at random while keeping the
order written inside each scene.

Run from the repository root after editing the texts:

    .venv/bin/python tests/merge/clusters/make_tune2.py

tests/merge/test_cluster_set.py checks that tune2.jsonl is what this script makes.
"""

import json
import math
import random
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "tune2_texts.txt"
OUT = HERE / "tune2.jsonl"
SEED = 20261204
CENTRE = (34.39, 113.74)          # the county centre the integrity checks measure from
REACH_M = 24_000                  # scenes lie within this of CENTRE (checks allow 25 km)
SOUTH_OF = 34.255                 # the other sets lie north of 34.27 ...
EAST_OF = 113.925                 # ... and west of 113.91
SPACING_M = 1_600                 # between neighbouring scene places
SHOULD_MERGE = ("wording", "other_category", "paraphrase")
TRAPS = ("place_trap", "defect_trap", "trap_first")
KINDS = SHOULD_MERGE + TRAPS + ("neighbour", "far_wording")
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
    return scenes


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


def places() -> list[tuple[float, float]]:
    """Scene places on a grid south and east of the other sets, in a snake order."""
    step_lat = SPACING_M / M_PER_DEG_LAT
    step_lon = SPACING_M / (M_PER_DEG_LAT * math.cos(math.radians(34.25)))
    south, east = [], []
    lon = CENTRE[1] - 0.30
    column = 0
    while lon < CENTRE[1] + 0.30:
        cells = [(SOUTH_OF - i * step_lat, lon) for i in range(8)]
        cells = [c for c in cells if metres(CENTRE, c) <= REACH_M]
        south += cells if column % 2 == 0 else cells[::-1]
        lon, column = lon + step_lon, column + 1
    lat, row = SOUTH_OF + step_lat, 0
    while lat < CENTRE[0] + 0.25:
        cells = [(lat, EAST_OF + i * step_lon) for i in range(6)]
        cells = [c for c in cells if metres(CENTRE, c) <= REACH_M]
        east += cells if row % 2 == 0 else cells[::-1]
        lat, row = lat + step_lat, row + 1
    return [c for c in south if c[1] < EAST_OF] + [c for c in south if c[1] >= EAST_OF] + east


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
    for _ in range(10_000):
        centre = {origin: moved(place, rng.uniform(0, 50), rng.uniform(0, 360))}
        far_bearing = rng.uniform(0, 360)
        for x in letters:
            if x == origin:
                continue
            kind = role(clusters[x])
            if kind == "far":
                far_bearing += rng.uniform(100, 160)
                centre[x] = moved(centre[origin], rng.uniform(130, 330), far_bearing)
            else:
                near = (4, 14) if kind == "trap" else (15, 40)
                centre[x] = moved(centre[origin], rng.uniform(*near), rng.uniform(0, 360))
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
    """The lines of tune2.jsonl for a texts file, in id order."""
    rng = random.Random(SEED)
    scenes = sorted(parse(text), key=lambda s: s.area)   # stable: written order kept
    grid = places()
    if len(grid) < len(scenes):
        raise RuntimeError(f"{len(scenes)} scenes, room for {len(grid)}")
    rows, clusters = [], 0
    for n, (scene, place) in enumerate(zip(scenes, grid, strict=False), 1):
        place = moved(place, rng.uniform(0, 30), rng.uniform(0, 360))
        lay_out(rng, scene, place)
        names = {}
        for r in scene.reports:
            if r["letter"] not in names:
                clusters += 1
                names[r["letter"]] = f"u-c{clusters:03d}"
            rows.append({"id": f"u{len(rows) + 1:04d}", "cluster": names[r["letter"]],
                         "kind": r["kind"], "category": r["category"],
                         "description": r["description"], "lat": round(r["lat"], 7),
                         "lon": round(r["lon"], 7), "accuracy_m": r["accuracy_m"],
                         "area_id": scene.area, "scene": f"u-s{n:03d}", "order": 0})
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
