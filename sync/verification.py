"""The on-site verification rule (验收) shared by ledger items and 民生实事 projects.

群众不认可，实事不销号: whatever is verified, an item or a project, closes only when the
verifier accepts it on site (within the configured distance, or with an office override
and its reason) with on-site photos and the residents are not unsatisfied. One function
decides it, so the item workflow (sync/workflow.py) and the project rules
(sync/projects.py) cannot drift apart.
"""

from dataclasses import dataclass

from sync.errors import DomainError
from sync.geo import haversine_m

SATISFACTIONS = ("satisfied", "basic", "unsatisfied")
DECISIONS = ("accept", "return")


@dataclass(frozen=True)
class Verdict:
    """What a verification decides: close or send back, and what to record about it."""

    closes: bool
    distance_m: float | None
    override: bool


def distance_m(lat, lon, at_lat, at_lon) -> float | None:
    """Metres between a site and where a request was made (None when either is unknown)."""
    if None in (lat, lon, at_lat, at_lon):
        return None
    return round(haversine_m(lat, lon, at_lat, at_lon), 1)


def verdict(*, decision: str | None, satisfaction: str | None, distance: float | None,
            max_m: float, override_reason: str | None, office: bool, photos: tuple,
            evidence_count: int) -> Verdict:
    """Decide a verification: the decision and satisfaction must be known, the verifier on
    site (or the office overriding with a reason), and closing needs on-site photos and
    at least one piece of earlier evidence (after-photos, progress photos)."""
    if decision not in DECISIONS:
        raise DomainError("validation_failed", "decision must be accept or return",
                          {"field": "decision"})
    if satisfaction not in SATISFACTIONS:
        raise DomainError("validation_failed", "unknown satisfaction", {"field": "satisfaction"})
    override = False
    if distance is None or distance > max_m:
        if not (override_reason and override_reason.strip() and office):
            raise DomainError("too_far", "verification must be made on site",
                              {"distance_m": distance, "max_m": max_m})
        override = True
    closes = decision == "accept" and satisfaction != "unsatisfied"
    if closes and (not photos or evidence_count < 1):
        raise DomainError("photos_required", "closing needs on-site photos",
                          {"field": "photos"})
    return Verdict(closes=closes, distance_m=distance, override=override)
