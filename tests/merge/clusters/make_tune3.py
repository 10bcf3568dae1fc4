"""Build tune3.jsonl, the third tune set of labelled reports (issue 14), from its texts.

The texts are hand-written in tune3_texts.txt beside this file, scene by scene, blind:
without sight of the merge engine, its lexicon or the texts of the other labelled sets.
This script only lays out what a cadre's phone would add, with a fixed seed:

- the scenes' places: a 1.4 km grid over the county (within 23.5 km of its centre), keeping
  only the cells at least 1.95 km from every report of tune.jsonl, measure.jsonl,
  holdout.jsonl and tune2.jsonl (whose coordinates, and nothing else, it loads), so that
  every report here, at most about 0.45 km from its scene's place, lies 1.5 km or more from
  all of theirs. The free cells lie on the rims west, north and east of those sets (tune2
  fills the south but for one cell). Taken clockwise from bearing 150 (south-south-east),
  the first go to 新村镇 (areas 201-220), the next to 薛店镇 (241-260) and the last to
  八千乡 (221-240);
  each place then moves 0-30 m at random, and scene places stay at least 1.3 km apart;
- each cluster's reports 3-40 m apart, with a jitter that grows with their GPS accuracy
  (5-60 m);
- the scene's problem (its first cluster that is not a trap) 0-50 m from the place; trap
  clusters (place_trap, defect_trap, trap_first) centred 4-14 m from it, and each trap
  report within 30 m of a genuine one; neighbouring objects 15-40 m from it; far-wording
  clusters 130-330 m from it and 80-600 m from each other;
- an arrival order that interleaves the scenes at random while keeping the order written
  inside each scene.

It asserts the distances above (places apart, every report 1.5 km or more from the other
sets' reports and within 24 km of the centre) before writing.

Run from the repository root after editing the texts:

    .venv/bin/python tests/merge/clusters/make_tune3.py
"""

import json
import math
import random
import re
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXTS = HERE / "tune3_texts.txt"
OUT = HERE / "tune3.jsonl"
OTHERS = ("tune.jsonl", "measure.jsonl", "holdout.jsonl", "tune2.jsonl")
SEED = 20261207
CENTRE = (34.39, 113.74)          # the county centre the integrity checks measure from
REACH_M = 23_500                  # scene places lie within this of CENTRE ...
REPORT_REACH_M = 24_000           # ... and every report within this (checks allow 25 km)
SPACING_M = 1_400                 # between neighbouring grid cells
APART_M = 1_300                   # scene places at least this far apart
CLEAR_M = 1_950                   # a scene place from any report of the other sets
OTHERS_M = 1_500                  # a report from any report of the other sets
START_BEARING = 150               # cells are taken clockwise from this bearing
TOWNSHIPS = ((201, 220), (241, 260), (221, 240))   # 新村镇, 薛店镇, 八千乡, clockwise
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


def bearing(p: tuple[float, float]) -> float:
    """The bearing of p seen from CENTRE, degrees clockwise from north."""
    dy = p[0] - CENTRE[0]
    dx = (p[1] - CENTRE[1]) * math.cos(math.radians(CENTRE[0]))
    return math.degrees(math.atan2(dx, dy)) % 360


def others() -> list[tuple[float, float]]:
    """The positions of every report of the other labelled sets (nothing else is read)."""
    points = []
    for name in OTHERS:
        for line in (HERE / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                points.append((row["lat"], row["lon"]))
    return points


def places(taken: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Free grid cells, clockwise from START_BEARING, nearest the centre first on a ray."""
    step_lat = SPACING_M / M_PER_DEG_LAT
    step_lon = SPACING_M / (M_PER_DEG_LAT * math.cos(math.radians(CENTRE[0])))
    reach = math.ceil(REACH_M / SPACING_M)
    cells = []
    for i in range(-reach, reach + 1):
        for j in range(-reach, reach + 1):
            cell = (CENTRE[0] + i * step_lat, CENTRE[1] + j * step_lon)
            if (metres(CENTRE, cell) <= REACH_M
                    and all(metres(cell, q) >= CLEAR_M for q in taken)):
                cells.append(cell)
    return sorted(cells, key=lambda c: ((bearing(c) - START_BEARING) % 360,
                                        metres(CENTRE, c)))


def township(area: int) -> int:
    """The index in TOWNSHIPS of an area's township."""
    return next(n for n, (low, high) in enumerate(TOWNSHIPS) if low <= area <= high)


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


def build(text: str, taken: list[tuple[float, float]] | None = None) -> list[dict]:
    """The lines of tune3.jsonl for a texts file, in id order (taken: the other sets'
    report positions, read from their files when not given)."""
    taken = others() if taken is None else taken
    rng = random.Random(SEED)
    scenes = sorted(parse(text), key=lambda s: s.area)   # stable: written order kept
    grid = places(taken)
    wanted = [sum(township(s.area) == n for s in scenes) for n in range(len(TOWNSHIPS))]
    if sum(wanted) > len(grid):
        raise RuntimeError(f"{sum(wanted)} scenes, room for {len(grid)}")
    runs = [grid[:wanted[0]], grid[wanted[0]:wanted[0] + wanted[1]],
            grid[len(grid) - wanted[2]:]]
    rows, clusters, spots = [], 0, []
    for n, scene in enumerate(scenes, 1):
        place = runs[township(scene.area)].pop(0)
        place = moved(place, rng.uniform(0, 30), rng.uniform(0, 360))
        spots.append(place)
        lay_out(rng, scene, place)
        names = {}
        for r in scene.reports:
            if r["letter"] not in names:
                clusters += 1
                names[r["letter"]] = f"v-c{clusters:03d}"
            rows.append({"id": f"v{len(rows) + 1:04d}", "cluster": names[r["letter"]],
                         "kind": r["kind"], "category": r["category"],
                         "description": r["description"], "lat": round(r["lat"], 7),
                         "lon": round(r["lon"], 7), "accuracy_m": r["accuracy_m"],
                         "area_id": scene.area, "scene": f"v-s{n:03d}", "order": 0})
    arrive(rng, rows)
    check(rows, spots, taken)
    return rows


def check(rows: list[dict], spots: list[tuple[float, float]],
          taken: list[tuple[float, float]]) -> None:
    """The geometry the texts' header and the README promise."""
    assert all(metres(CENTRE, p) <= REACH_M + 30 for p in spots)
    assert all(metres(p, q) >= APART_M for p, q in combinations(spots, 2))
    for r in rows:
        p = (r["lat"], r["lon"])
        assert metres(CENTRE, p) <= REPORT_REACH_M, r["id"]
        assert all(metres(p, q) >= OTHERS_M for q in taken), r["id"]


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
    OUT.write_text(dumps(build(TEXTS.read_text(encoding="utf-8"), others())),
                   encoding="utf-8")
