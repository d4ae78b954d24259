"""The ClaimReview-compatible rating scale, loaded from a YAML file (setting ``rating_scale``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from factcheck.errors import ConfigError

NORMALIZED = ("TRUE", "MIXTURE", "FALSE", "OTHER")


@dataclass(frozen=True)
class Rating:
    label: str
    value: int | None
    normalized: str
    definition: str


@dataclass(frozen=True)
class RatingScale:
    name: str
    worst: int
    best: int
    ratings: tuple[Rating, ...]

    def get(self, label: str) -> Rating | None:
        """The rating with this label (case-insensitive), or None when it is not on the scale."""
        wanted = label.strip().casefold()
        return next((r for r in self.ratings if r.label.casefold() == wanted), None)

    @property
    def labels(self) -> list[str]:
        return [r.label for r in self.ratings]


def load_scale(path: Path) -> RatingScale:
    """Read and validate a scale file; any problem is a ConfigError naming the file."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ConfigError(f"rating scale {path}: cannot read: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("ratings"), list):
        raise ConfigError(f"rating scale {path}: needs a mapping with a list of 'ratings'")
    try:
        worst, best = int(data["worst"]), int(data["best"])
        ratings = tuple(_rating(item, worst, best) for item in data["ratings"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"rating scale {path}: {exc}") from exc
    if not ratings or len({r.label.casefold() for r in ratings}) != len(ratings):
        raise ConfigError(f"rating scale {path}: labels must be present and unique")
    return RatingScale(str(data.get("name", Path(path).stem)), worst, best, ratings)


def _rating(item: dict, worst: int, best: int) -> Rating:
    label = str(item["label"]).strip()
    value = item.get("value")
    if value is not None and not (min(worst, best) <= int(value) <= max(worst, best)):
        raise ValueError(f"rating {label!r}: value {value} is outside {worst}..{best}")
    normalized = str(item["normalized"]).upper()
    if normalized not in NORMALIZED:
        raise ValueError(f"rating {label!r}: normalized must be one of {', '.join(NORMALIZED)}")
    return Rating(
        label, None if value is None else int(value), normalized, str(item.get("definition", ""))
    )
