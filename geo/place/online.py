"""Online geocoders (behind geopy's interface) that may refine the offline gazetteer's placements.

The gazetteer knows units only by their centroids, so an entity placed at prefecture or province
level is a candidate for a finer point from an online service (Nominatim, Baidu, any geopy
geocoder). Online providers are off unless configured (`chain_from_config`, or the
PARKATLAS_GEOCODERS environment variable); every call goes through geopy's `RateLimiter` and a
persistent cache, and a provider that fails (time-out, 429, bad key) or answers with a point
outside the unit the text names leaves the offline placement as it was. geopy is imported only
where a chain is made or asked: a build with no provider configured (the default) never loads
it (0.15-0.3 s CPU of every build's start-up).
"""

from __future__ import annotations

import json
import logging
import math
import os
import sqlite3
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from shapely.geometry import Point

from geo.knowledge.gazetteer import admin_table
from geo.knowledge.store import knowledge_cache
from geo.knowledge.tables import user_cache_dir
from geo.place.boundaries import contains
from geo.place.candidates import distance_km, place_by_code, place_of
from geo.place.datum import TO_WGS84
from geo.place.placement import COARSE, Placement

if TYPE_CHECKING:
    from geopy.adapters import RequestsAdapter
    from geopy.geocoders.base import Geocoder
    from geopy.location import Location

    from geo.place.gazetteer_geocoder import GazetteerGeocoder

log = logging.getLogger(__name__)

ENV_PROVIDERS = "PARKATLAS_GEOCODERS"
BREAKER_FAILURES = 3  # consecutive failures after which a provider is not asked again in a build
RETRY_AFTER_CAP_S = 60.0  # the longest pause a 429's Retry-After can impose on a provider
BUDGET_S = 600.0  # the online time one build may spend in all
MAX_TIMEOUT_S = 10.0  # per request
_DATUMS = {"baidu": "bd09", "baiduv3": "bd09"}
_OPTIONS = {"nominatim": {"country_codes": "cn", "language": "zh"}}


# --- online providers -------------------------------------------------------------------------


class AnswerCache:
    """Online answers by provider and query in SQLite (also the empty ones), so a rebuild asks
    no service twice; failures are not stored."""

    def __init__(self, path: Path | str | None = None):
        self.path = Path(path) if path else user_cache_dir() / "geocode.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS answers (provider TEXT, query TEXT, answer TEXT,"
                " PRIMARY KEY (provider, query))"
            )

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path)

    def get(self, provider: str, query: str) -> tuple[bool, dict | None]:
        with self._connect() as db:
            row = db.execute(
                "SELECT answer FROM answers WHERE provider = ? AND query = ?", (provider, query)
            ).fetchone()
        return (True, json.loads(row[0])) if row else (False, None)

    def put(self, provider: str, query: str, answer: dict | None) -> None:
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO answers VALUES (?, ?, ?)",
                (provider, query, json.dumps(answer, ensure_ascii=False)),
            )


@dataclass
class Provider:
    """An online geocoder, the datum of its coordinates and its pace (Nominatim: 1 request/s)."""

    name: str
    geocoder: Geocoder
    datum: str = "wgs84"
    min_delay_seconds: float = 1.0
    options: dict[str, Any] | None = None  # keyword arguments of each call; None: the defaults
    failures: int = field(default=0, init=False)  # consecutive ones
    resting_until: float = field(default=0.0, init=False)  # after a 429, on the chain's clock

    def __post_init__(self) -> None:
        if self.options is None:
            self.options = dict(_OPTIONS.get(self.name, {}))
        timeout = getattr(self.geocoder, "timeout", None)
        if not isinstance(timeout, int | float) or timeout > MAX_TIMEOUT_S:
            self.geocoder.timeout = MAX_TIMEOUT_S
        from geopy.extra.rate_limiter import RateLimiter

        self.call = RateLimiter(
            self.geocoder.geocode,
            min_delay_seconds=self.min_delay_seconds,
            max_retries=0,
            swallow_exceptions=False,
        )


@knowledge_cache(maxsize=None)
def radius_km(code: str) -> float:
    """How far from its centroid a point may lie and still be inside the unit: the farthest
    centroid of the units under it, plus a margin (the gazetteer has no boundaries)."""
    place = place_by_code(code)
    if place is None:
        return 0.0
    if place.level == "county":
        return 60.0
    children = [
        place_of(u)
        for u in admin_table().units
        if u.code != place.code and place_of(u).within(place) and u.lon_gcj is not None
    ]
    farthest = max((place.km_to(c) for c in children), default=0.0)
    return farthest + (40.0 if place.level == "prefecture" else 80.0)


def plausible(placement: Placement, lon: float, lat: float) -> bool:
    """Whether a refined point lies in the unit the placement names: inside its boundary, or
    where there is none, near enough its seat."""
    if not placement.adcode or not isinstance(placement.geometry, Point):
        return False
    inside = contains(placement.adcode, lon, lat)
    if inside is not None:
        return inside
    centre = placement.geometry
    return distance_km(centre.x, centre.y, lon, lat) <= radius_km(placement.adcode[:6])


class GeocoderChain:
    """The gazetteer first, then online providers in order, for coarse results only."""

    def __init__(
        self,
        providers: Sequence[Provider] = (),
        cache: AnswerCache | None = None,
        offline: GazetteerGeocoder | None = None,
    ):
        self.providers = list(providers)
        self.cache = cache if cache is not None else (AnswerCache() if self.providers else None)
        if offline is None:
            from geo.place.gazetteer_geocoder import GazetteerGeocoder

            offline = GazetteerGeocoder()
        self.offline = offline
        self.breaker = BREAKER_FAILURES
        self.budget_seconds = BUDGET_S
        self.clock: Callable[[], float] = time.monotonic
        self.spent = 0.0  # seconds spent waiting on providers
        self.over_budget = False

    def geocode(self, query: str, prior: str | None = None) -> Location | None:
        """The gazetteer's answer, refined online where it is only a prefecture or province."""
        found = self.offline.geocode(query, prior=prior)
        if found is None or found.raw["level"] not in COARSE or not self.providers:
            return found
        base = Placement(
            adcode=found.raw["adcode"],
            precision=found.raw["level"],
            geometry=Point(found.longitude, found.latitude),
        )
        for provider in self.providers:
            point = self._ask(provider, query, base)
            if point is not None:
                from geopy.location import Location

                return Location(found.address, (point[1], point[0]), {**found.raw, "source": provider.name})
        return found

    def refine(self, name: str, placement: Placement) -> Placement:
        """A finer point for an entity placed at prefecture or province level, if a provider
        finds one inside that unit; else the placement unchanged."""
        if placement.precision not in COARSE or not self.providers:
            return placement
        unit = placement.prefecture or placement.province or ""
        query = name if any(n in name for n in _unit_names(unit)) else unit + name
        for provider in self.providers:
            point = self._ask(provider, query, placement)
            if point is not None:
                confidence = round(min(0.95, placement.confidence + 0.1), 2)
                return replace(placement, geometry=Point(point), source=provider.name, confidence=confidence)
        return placement

    def _ask(self, provider: Provider, query: str, placement: Placement) -> tuple[float, float] | None:
        """A provider's WGS-84 point for the query, if it answers and the point is plausible."""
        hit, answer = self.cache.get(provider.name, query) if self.cache else (False, None)
        if not hit:
            if not self._may_ask(provider):
                return None
            asked, answer = self._call(provider, query)
            if not asked:
                return None
            if self.cache:
                self.cache.put(provider.name, query, answer)
        if answer is None:
            return None
        point = answer_point(answer)
        if point is None:
            log.warning("%s answered %s with no usable coordinates; ignored", provider.name, query)
            return None
        lon, lat = TO_WGS84[provider.datum](*point)
        if not plausible(placement, lon, lat):
            log.warning(
                "%s placed %s outside %s; ignored",
                provider.name,
                query,
                placement.prefecture or placement.province,
            )
            return None
        return lon, lat

    def _may_ask(self, provider: Provider) -> bool:
        """Whether the build may still ask this provider: not tripped, not resting, within budget."""
        if self.spent >= self.budget_seconds:
            if not self.over_budget:
                log.warning("online time budget of %.0f s spent; the rest stays offline", self.budget_seconds)
                self.over_budget = True
            return False
        return provider.failures < self.breaker and self.clock() >= provider.resting_until

    def _call(self, provider: Provider, query: str) -> tuple[bool, dict | None]:
        """(asked, answer): one request; any failure, whatever the parser raised, is a warning."""
        start = self.clock()
        try:
            found = provider.call(query, **(provider.options or {}))
            answer = (
                None
                if found is None
                else {"lon": found.longitude, "lat": found.latitude, "address": found.address}
            )
        except Exception as err:  # geopy errors and whatever a malformed answer makes its parser raise
            self._failed(provider, query, err)
            return False, None
        finally:
            self.spent += self.clock() - start
        provider.failures = 0
        return True, answer

    def _failed(self, provider: Provider, query: str, err: Exception) -> None:
        reason = str(err).splitlines()[0][:120] if str(err) else ""
        log.warning(
            "%s failed for %s (%s: %s); keeping the offline placement",
            provider.name,
            query,
            type(err).__name__,
            reason,
        )
        provider.failures += 1
        from geopy.exc import GeocoderRateLimited

        if isinstance(err, GeocoderRateLimited):
            pause = min(float(err.retry_after or 0), RETRY_AFTER_CAP_S)
            provider.resting_until = self.clock() + pause
        if provider.failures == self.breaker:
            log.warning(
                "%s failed %d times in a row; not asked again in this build", provider.name, self.breaker
            )


def answer_point(answer: object) -> tuple[float, float] | None:
    """(lon, lat) of a stored answer if both are finite numbers on the globe, else None."""
    if not isinstance(answer, dict):
        return None
    lon, lat = answer.get("lon"), answer.get("lat")
    if not all(
        isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (lon, lat)
    ):
        return None
    return (float(lon), float(lat)) if -180 <= lon <= 180 and -90 <= lat <= 90 else None


def _unit_names(full: str) -> list[str]:
    units = admin_table().by_name.get(full, [])
    return [n for u in units[:1] for n in (u.name, *u.short_names)] or ([full] if full else [])


def chain_from_config(config: Mapping[str, Any] | None = None) -> GeocoderChain | None:
    """Online providers from a config, else from the environment; None (offline only) when none
    is configured.

    config: {"providers": [{"service": "nominatim", "user_agent": "...", "domain": ...},
    {"service": "baiduv3", "api_key": "..."}], "cache": path}. Each entry takes the geopy class's
    arguments plus `datum` (wgs84, gcj02, bd09; Baidu's default is bd09), `min_delay_seconds`
    (default 1) and `options` (keyword arguments of each geocode call). The environment:
    PARKATLAS_GEOCODERS=nominatim,baiduv3 with PARKATLAS_USER_AGENT, PARKATLAS_NOMINATIM_DOMAIN
    and PARKATLAS_BAIDU_AK.
    """
    if config is None:
        config = _config_from_env()
    entries = list(config.get("providers") or ())
    if not entries:
        return None
    providers = [_provider(dict(entry)) for entry in entries]
    return GeocoderChain(providers, AnswerCache(config.get("cache")))


def no_retry_adapter(*, proxies: Any, ssl_context: Any) -> RequestsAdapter:
    """geopy's requests adapter without urllib3's retries, which sleep a 429's Retry-After (60 s,
    twice) behind the rate limiter's back; the chain decides what a failure costs."""
    from geopy.adapters import RequestsAdapter

    return RequestsAdapter(proxies=proxies, ssl_context=ssl_context, max_retries=0)


def _provider(entry: dict[str, Any]) -> Provider:
    service = str(entry.pop("service")).lower()
    datum = entry.pop("datum", _DATUMS.get(service, "wgs84"))
    delay = float(entry.pop("min_delay_seconds", 1.0))
    options = entry.pop(
        "options", {"country_codes": "cn", "language": "zh"} if service == "nominatim" else {}
    )
    if service == "nominatim":
        entry.setdefault("user_agent", "parkatlas/0.1 (industrial park mapping)")
    entry.setdefault("adapter_factory", no_retry_adapter)
    from geopy.geocoders import get_geocoder_for_service

    geocoder = get_geocoder_for_service(service)(**entry)
    return Provider(service, geocoder, datum, delay, options)


def _config_from_env() -> dict[str, Any]:
    names = [n.strip().lower() for n in os.environ.get(ENV_PROVIDERS, "").split(",") if n.strip()]
    entries: list[dict[str, Any]] = []
    for name in names:
        entry: dict[str, Any] = {"service": name}
        if name == "nominatim":
            if agent := os.environ.get("PARKATLAS_USER_AGENT"):
                entry["user_agent"] = agent
            if domain := os.environ.get("PARKATLAS_NOMINATIM_DOMAIN"):
                entry["domain"] = domain
        elif name in ("baidu", "baiduv3"):
            entry["api_key"] = os.environ.get("PARKATLAS_BAIDU_AK", "")
        entries.append(entry)
    return {"providers": entries}
