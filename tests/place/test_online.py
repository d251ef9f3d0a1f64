"""Online refinement against a local fake server on 127.0.0.1 (Nominatim- and Baidu-shaped JSON,
429, 500, time-outs); these tests never reach the internet."""

from __future__ import annotations

import json
import logging
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import prcoords
import pytest
from geopy.distance import geodesic
from geopy.geocoders import BaiduV3, Nominatim
from shapely.geometry import Point

from geo.corpus.documents import document_from_bytes
from geo.model import Entity, Mention
from geo.place.geocode import place_entities
from geo.place.online import AnswerCache, GeocoderChain, Provider, chain_from_config, plausible
from geo.place.placement import Placement

# A point inside 乌兰察布市 (WGS-84), and one in Beijing, far outside it.
INSIDE = (113.05, 40.95)
OUTSIDE = (116.40, 39.90)


class FakeService(BaseHTTPRequestHandler):
    """Answers like Nominatim (/search) or Baidu (/geocoding/v3/), or fails as told."""

    def do_GET(self):
        server = self.server
        server.requests.append(self.path)
        mode = server.mode
        if mode == "slow":
            time.sleep(1.0)
        if mode in (429, 500):
            self.send_response(mode)
            if mode == 429:
                self.send_header("Retry-After", getattr(server, "retry_after", "0"))
            self.end_headers()
            return
        if mode == "raw":  # exactly the bytes the test gives
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(server.body)
            return
        url = urlparse(self.path)
        query = parse_qs(url.query)
        if url.path.startswith("/geocoding/v3"):
            body = self._baidu(query)
        else:
            lon, lat = OUTSIDE if mode == "far" else INSIDE
            body = (
                [] if mode == "empty" else [{"lat": str(lat), "lon": str(lon), "display_name": query["q"][0]}]
            )
        data = json.dumps(body).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _baidu(self, query):
        if query.get("ak") != ["good-key"]:
            return {"status": 200, "message": "APP不存在,AK有误请检查再重试"}
        bd = prcoords.wgs_bd((INSIDE[1], INSIDE[0]))
        return {"status": 0, "result": {"location": {"lng": bd.lon, "lat": bd.lat}, "level": "工业园区"}}

    def log_message(self, *args):
        pass


@pytest.fixture
def service():
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeService)
    server.mode = "ok"
    server.requests = []
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def nominatim(server, timeout=2.0) -> Nominatim:
    host, port = server.server_address
    return Nominatim(
        domain=f"{host}:{port}", scheme="http", user_agent="parkatlas-tests", timeout=timeout, proxies={}
    )


def chain_for(server, tmp_path, **kwargs) -> GeocoderChain:
    provider = Provider("nominatim", nominatim(server, **kwargs), min_delay_seconds=0.0)
    return GeocoderChain([provider], AnswerCache(tmp_path / "answers.sqlite"))


def coarse() -> Placement:
    """An entity placed only at 乌兰察布市 (its centroid)."""
    doc = document_from_bytes(
        "乌兰察布市人民政府关于园区建设的通知\n推进恒通化工项目建设。\n".encode(), "t.txt"
    )
    name = "恒通聚氯乙烯项目"
    entity = Entity(name, "project", [Mention(doc.name, name, "project", name, 0, 1, "推进。")])
    placement = place_entities([entity], [doc])[0]
    assert placement.precision == "prefecture" and placement.prefecture == "乌兰察布市"
    return placement


def test_coarse_placement_is_refined_inside_its_unit(service, tmp_path):
    placement = coarse()
    refined = chain_for(service, tmp_path).refine("恒通聚氯乙烯项目", placement)
    assert refined.source == "nominatim" and refined.geometry.equals(Point(INSIDE))
    assert (refined.prefecture, refined.precision, refined.adcode) == (
        "乌兰察布市",
        "prefecture",
        placement.adcode,
    )
    assert refined.confidence > placement.confidence
    (path,) = service.requests
    assert "countrycodes=cn" in path  # the query is narrowed to China
    assert "%E4%B9%8C%E5%85%B0%E5%AF%9F%E5%B8%83" in path  # ... and carries the unit's name (乌兰察布)


def test_answers_are_cached_on_disk(service, tmp_path):
    placement = coarse()
    chain_for(service, tmp_path).refine("恒通聚氯乙烯项目", placement)
    again = chain_for(service, tmp_path).refine("恒通聚氯乙烯项目", placement)  # a new chain, same file
    assert again.source == "nominatim"
    assert len(service.requests) == 1


def test_implausible_refinement_is_rejected(service, tmp_path, caplog):
    service.mode = "far"
    placement = coarse()
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        refined = chain_for(service, tmp_path).refine("恒通聚氯乙烯项目", placement)
    assert refined == placement
    assert "outside 乌兰察布市" in caplog.text
    assert not plausible(placement, *OUTSIDE) and plausible(placement, *INSIDE)


def test_empty_answer_keeps_the_offline_placement(service, tmp_path):
    service.mode = "empty"
    placement = coarse()
    assert chain_for(service, tmp_path).refine("恒通聚氯乙烯项目", placement) == placement


@pytest.mark.parametrize(("mode", "error"), [(429, "GeocoderRateLimited"), (500, "GeocoderServiceError")])
def test_http_failures_fall_back_with_one_warning(service, tmp_path, caplog, mode, error):
    service.mode = mode
    placement = coarse()
    chain = chain_for(service, tmp_path)
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        assert chain.refine("恒通聚氯乙烯项目", placement) == placement
    warnings = [r for r in caplog.records if r.name == "geo.place.online"]
    assert len(warnings) == 1 and error in warnings[0].getMessage()
    assert "\n" not in warnings[0].getMessage()
    service.mode = "ok"  # failures are not cached: the next run asks again and succeeds
    assert chain.refine("恒通聚氯乙烯项目", placement).source == "nominatim"


def test_timeout_falls_back(service, tmp_path, caplog):
    service.mode = "slow"
    placement = coarse()
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        refined = chain_for(service, tmp_path, timeout=0.2).refine("恒通聚氯乙烯项目", placement)
    assert refined == placement
    (warning,) = [r.getMessage() for r in caplog.records if r.name == "geo.place.online"]
    assert "nominatim failed" in warning and (
        "GeocoderTimedOut" in warning or "GeocoderUnavailable" in warning
    )


def test_rate_limit_spaces_requests(service, tmp_path):
    provider = Provider("nominatim", nominatim(service), min_delay_seconds=0.3)
    chain = GeocoderChain([provider], AnswerCache(tmp_path / "answers.sqlite"))
    placement = coarse()
    start = time.monotonic()
    for name in ("甲恒通项目", "乙恒通项目", "丙恒通项目"):
        chain.refine(name, placement)
    assert time.monotonic() - start >= 0.6
    assert len(service.requests) == 3


def baidu(server, key: str) -> BaiduV3:
    geocoder = BaiduV3(api_key=key, scheme="http", proxies={}, timeout=2)
    host, port = server.server_address
    geocoder.api = f"http://{host}:{port}{geocoder.api_path}"  # the local fake, never Baidu
    return geocoder


def test_baidu_bd09_answer_is_converted_to_wgs84(service, tmp_path):
    chain = GeocoderChain(
        [Provider("baiduv3", baidu(service, "good-key"), "bd09", 0.0)], AnswerCache(tmp_path / "a")
    )
    refined = chain.refine("恒通聚氯乙烯项目", coarse())
    assert refined.source == "baiduv3"
    assert geodesic((refined.geometry.y, refined.geometry.x), (INSIDE[1], INSIDE[0])).m < 1.0


def test_bad_key_falls_back_to_the_next_provider(service, tmp_path, caplog):
    providers = [
        Provider("baiduv3", baidu(service, "bad-key"), "bd09", 0.0),
        Provider("nominatim", nominatim(service), "wgs84", 0.0),
    ]
    chain = GeocoderChain(providers, AnswerCache(tmp_path / "a"))
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        refined = chain.refine("恒通聚氯乙烯项目", coarse())
    assert refined.source == "nominatim"
    assert "baiduv3 failed" in caplog.text and "GeocoderAuthenticationFailure" in caplog.text


def test_county_placements_are_not_sent_online(service, tmp_path):
    doc = document_from_bytes(
        "乌兰察布市人民政府关于园区建设的通知\n推进丰镇瑞丰工业园区建设。\n".encode(), "t.txt"
    )
    name = "丰镇瑞丰工业园区"
    entity = Entity(name, "park", [Mention(doc.name, name, "park", name, 0, 1, "推进。")])
    placement = place_entities([entity], [doc], geocoder=chain_for(service, tmp_path))[0]
    assert placement.county == "丰镇市" and placement.source == "name"
    assert service.requests == []


def test_chain_geocode_refines_a_prefecture_query(service, tmp_path):
    found = chain_for(service, tmp_path).geocode("乌兰察布")
    assert found.raw["source"] == "nominatim" and found.raw["adcode"] == "150900000000"
    assert (found.longitude, found.latitude) == pytest.approx(INSIDE)
    assert chain_for(service, tmp_path).geocode("丰镇").raw["source"] == "gazetteer"


def test_online_is_off_by_default(monkeypatch):
    monkeypatch.delenv("PARKATLAS_GEOCODERS", raising=False)
    assert chain_from_config() is None
    assert chain_from_config({"providers": []}) is None


def test_online_providers_from_the_environment(service, tmp_path, monkeypatch):
    host, port = service.server_address
    monkeypatch.setenv("PARKATLAS_GEOCODERS", "nominatim, baiduv3")
    monkeypatch.setenv("PARKATLAS_NOMINATIM_DOMAIN", f"{host}:{port}")
    monkeypatch.setenv("PARKATLAS_USER_AGENT", "parkatlas-tests/1")
    monkeypatch.setenv("PARKATLAS_BAIDU_AK", "some-key")
    monkeypatch.setenv("PARKATLAS_CACHE_DIR", str(tmp_path))
    chain = chain_from_config()
    assert [p.name for p in chain.providers] == ["nominatim", "baiduv3"]
    assert [p.datum for p in chain.providers] == ["wgs84", "bd09"]
    assert chain.providers[0].geocoder.headers["User-Agent"] == "parkatlas-tests/1"
    assert chain.providers[0].min_delay_seconds == 1.0
    assert chain.cache.path == tmp_path / "geocode.sqlite"


def test_provider_config_dict(tmp_path):
    config = {
        "providers": [
            {"service": "nominatim", "user_agent": "ua-test", "min_delay_seconds": 2, "domain": "127.0.0.1:9"}
        ],
        "cache": tmp_path / "c.sqlite",
    }
    chain = chain_from_config(config)
    (provider,) = chain.providers
    assert provider.min_delay_seconds == 2.0 and provider.options["country_codes"] == "cn"
    assert chain.cache.path == tmp_path / "c.sqlite"


# --- faults: malformed answers, Retry-After, a failing service (issue 13, defects 6 and 7) ----


@pytest.mark.parametrize(
    "body",
    [
        b'[{"latitude": 1}]',
        b'[{"lat": "NaN", "lon": "NaN", "display_name": "x"}]',
        b'[{"lat": "inf", "lon": "113", "display_name": "x"}]',
        b'[{"lat": "95", "lon": "113", "display_name": "x"}]',
        b'[{"lat": [1], "lon": {"a": 2}}]',
        b'{"unexpected": true}',
        b"<html>not json</html>",
    ],
)
def test_a_malformed_answer_keeps_the_offline_placement(service, tmp_path, caplog, body):
    service.mode, service.body = "raw", body
    placement = coarse()
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        assert chain_for(service, tmp_path).refine("恒通聚氯乙烯项目", placement) == placement
    warnings = [r.getMessage() for r in caplog.records if r.name == "geo.place.online"]
    assert len(warnings) == 1 and "\n" not in warnings[0]


def test_a_malformed_cached_answer_is_ignored(service, tmp_path):
    chain = chain_for(service, tmp_path)
    query = "乌兰察布市恒通聚氯乙烯项目"
    chain.cache.put("nominatim", query, {"lon": float("nan"), "lat": 40.9, "address": "x"})
    placement = coarse()
    assert chain.refine("恒通聚氯乙烯项目", placement) == placement
    chain.cache.put("nominatim", query, {"lat": 40.9})
    assert chain.refine("恒通聚氯乙烯项目", placement) == placement


def test_a_build_with_a_broken_geocoder_still_places_offline(service, tmp_path):
    service.mode, service.body = "raw", b'[{"lat": "NaN", "lon": "NaN"}]'
    doc = document_from_bytes(
        "乌兰察布市人民政府关于园区建设的通知\n推进甲乙化工项目建设。\n".encode(), "t.txt"
    )
    name = "甲乙化工项目"
    entity = Entity(name, "project", [Mention(doc.name, name, "project", name, 0, 1, "推进。")])
    (placement,) = place_entities([entity], [doc], geocoder=chain_for(service, tmp_path)).values()
    assert placement.prefecture == "乌兰察布市" and placement.source != "nominatim"


def configured_chain(server, tmp_path) -> GeocoderChain:
    host, port = server.server_address
    entry = {"service": "nominatim", "domain": f"{host}:{port}", "scheme": "http", "min_delay_seconds": 0}
    return chain_from_config({"providers": [entry], "cache": tmp_path / "c.sqlite"})


def test_a_429_is_asked_once_and_its_retry_after_is_not_slept_by_the_http_layer(service, tmp_path):
    service.mode, service.retry_after = 429, "1"
    chain = configured_chain(service, tmp_path)
    placement = coarse()
    assert chain.refine("甲恒通项目", placement) == placement
    assert len(service.requests) == 1  # no retry behind the rate limiter's back
    assert chain.refine("乙恒通项目", placement) == placement
    assert len(service.requests) == 1  # the service asked for a pause: it gets one


def test_the_breaker_stops_asking_a_failing_service(service, tmp_path, caplog):
    service.mode = 500
    chain = chain_for(service, tmp_path)
    placement = coarse()
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        for name in ("甲恒通项目", "乙恒通项目", "丙恒通项目", "丁恒通项目", "戊恒通项目"):
            assert chain.refine(name, placement) == placement
    assert len(service.requests) == 3
    assert "not asked again in this build" in caplog.text


def test_the_online_time_budget_ends_online_refinement(service, tmp_path, caplog):
    ticks = iter(range(0, 10_000, 100))  # every clock reading is 100 s later than the last
    chain = chain_for(service, tmp_path)
    chain.budget_seconds, chain.clock = 150.0, lambda: float(next(ticks))
    placement = coarse()
    with caplog.at_level(logging.WARNING, logger="geo.place.online"):
        refined = [
            chain.refine(name, placement) for name in ("甲恒通项目", "乙恒通项目", "丙恒通项目", "丁恒通项目")
        ]
    assert [r.source for r in refined[:2]] == ["nominatim", "nominatim"]
    assert refined[2:] == [placement, placement] and len(service.requests) == 2
    assert "time budget" in caplog.text
