"""周抽查: drawing the weekly sample of closed items, reproducibly, and sharing it out.

The office draws; the server records the seed and the population (the ids of the items
closed that week, in id order), so anyone can draw again from the record and get the
same sample (`draw`). Each sampled item goes to a supervisor other than the one who
closed it where there is another (`share_out`): a re-check by the same eyes checks
nothing. Pure functions: the server passes in the ids and people.
"""

import random

MAX_SIZE = 50
RESULTS = ("pass", "fail")


def draw(population: list[int], size: int, seed: int) -> list[int]:
    """The sample of `size` ids (all of them when fewer) drawn from `population` with
    `seed`, in the order drawn; the same arguments always give the same sample."""
    ordered = sorted(set(population))
    return random.Random(seed).sample(ordered, min(size, len(ordered)))


def share_out(sample: list[int], candidates: dict[int, list[int]],
              closed_by: dict[int, int | None]) -> dict[int, int | None]:
    """Give each sampled item to one of its candidate supervisors, the least loaded first
    (ties: the lowest id), skipping the one who closed it while another is there; None
    for an item nobody may re-check."""
    load: dict[int, int] = {}
    out = {}
    for item_id in sample:
        people = sorted(set(candidates.get(item_id) or ()))
        others = [p for p in people if p != closed_by.get(item_id)] or people
        if not others:
            out[item_id] = None
            continue
        chosen = min(others, key=lambda p: (load.get(p, 0), p))
        load[chosen] = load.get(chosen, 0) + 1
        out[item_id] = chosen
    return out
