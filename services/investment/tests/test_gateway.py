"""The REST contract of issue 12 through the real gateway (HTTP/JSON ↔ gRPC from the
annotations): paths under /api/v1/investment/, status codes, problem+json field errors."""

from __future__ import annotations

from shapely.geometry import box, mapping

from jlp_investment.domain.sites import polygon_area_m2

from .conftest import HEAD, OFFICER


def plain(path: str) -> str:
    return path.replace("_", "").lower()


PROJECT = {"name": "演示电机项目", "amountWan": "8000", "industryChain": "ELECTRICAL_MACHINERY",
           "chainLink": "MOTORS", "officerId": "officer-li", "siteKind": "LAND_PARCEL", "requiredAreaMu": "30"}


def test_project_lifecycle_over_http(api) -> None:  # noqa: ANN001
    officer = api.auth(OFFICER)
    r = api.post("/api/v1/investment/projects", json=PROJECT, headers=officer)
    assert r.status_code == 201, r.get_json()
    made = r.get_json()
    assert (made["stage"], made["stageKind"], made["probability"], made["amountWan"]) == ("LEAD", "OPEN", 0.1, "8000")
    r = api.post(f"/api/v1/investment/projects/{made['id']}:advance", json={"etag": made["etag"]}, headers=officer)
    assert r.status_code == 200 and r.get_json()["stage"] == "NEGOTIATION"
    stale = api.post(f"/api/v1/investment/projects/{made['id']}:advance", json={"etag": made["etag"]},
                     headers=officer)
    assert stale.status_code == 409
    assert stale.headers["Content-Type"].startswith("application/problem+json")
    r = api.post(f"/api/v1/investment/projects/{made['id']}:advance", json={}, headers=officer)
    assert r.status_code == 400
    # The gateway spells field paths in lowerCamelCase, map keys included (so `signedDate` here).
    assert [plain(e["field"]) for e in r.get_json()["errors"]] == ["fields.signeddate", "fields.signedamountwan"]
    r = api.post(f"/api/v1/investment/projects/{made['id']}:markLost", json={"reason": "预算取消"}, headers=officer)
    assert r.status_code == 200 and r.get_json()["stage"] == "LOST"
    r = api.patch(f"/api/v1/investment/projects/{made['id']}?updateMask=tags", json={"tags": ["复盘"]},
                  headers=officer)
    assert r.status_code == 200, r.get_json()
    assert (r.get_json()["stage"], r.get_json()["probability"], r.get_json()["tags"]) == ("LOST", 0, ["复盘"])
    r = api.post(f"/api/v1/investment/projects/{made['id']}:restore", json={"reason": "重启"},
                 headers=api.auth(HEAD, sub="head-wang"))
    assert r.status_code == 200 and r.get_json()["stage"] == "NEGOTIATION"


def test_sites_geojson_and_matching_over_http(api) -> None:  # noqa: ANN001
    poly = box(106.32, 29.33, 106.32 + 0.0016 * 1.2, 29.33 + 0.0016)
    site = {"code": "XP-HTTP-1", "kind": "LAND_PARCEL", "parkId": "xipeng",
            "geometry": mapping(poly) | {"coordinates": [[list(c) for c in poly.exterior.coords]]},
            "areaM2": round(polygon_area_m2(poly) * 0.6),  # disagrees with its polygon
            "land": {"landUseCode": "0601", "minInvestmentIntensityWanPerMu": "250"}}
    r = api.post("/api/v1/investment/sites", json=site, headers=api.auth(HEAD))
    assert r.status_code == 400 and [e["field"] for e in r.get_json()["errors"]] == ["site.areaM2"]
    site["areaM2"] = round(polygon_area_m2(poly))
    r = api.post("/api/v1/investment/sites", json=site, headers=api.auth(HEAD))
    assert r.status_code == 201, r.get_json()
    r = api.get("/api/v1/investment/sites.geojson?bbox=106.31,29.32,106.33,29.34")
    assert r.status_code == 200
    body = r.get_json()
    assert body["type"] == "FeatureCollection"
    assert [(f["properties"]["code"], f["geometry"]["type"]) for f in body["features"]] == [("XP-HTTP-1", "Polygon")]
    made = api.post("/api/v1/investment/projects", json={**PROJECT, "industryChain": "NON_FERROUS",
                                                         "chainLink": "ROLLING_EXTRUSION", "requiredAreaMu": "50"},
                    headers=api.auth(OFFICER)).get_json()
    r = api.get(f"/api/v1/investment/projects/{made['id']}:matchSites", headers=api.auth(OFFICER))
    assert r.status_code == 200, r.get_json()
    matches = r.get_json()["matches"]
    assert matches[0]["siteCode"] == "XP-HTTP-1" and matches[0]["rank"] == 1
    assert {x["criterion"] for x in matches[0]["reasons"]} >= {"intensity", "chain_link", "area_fit"}


def test_funnel_and_reference_data_over_http(api) -> None:  # noqa: ANN001
    assert api.get("/api/v1/investment/funnel").status_code == 401
    r = api.get("/api/v1/investment/funnel", headers=api.auth(OFFICER))
    assert r.status_code == 200 and r.get_json()["stageConfigVersion"] == 1
    r = api.get("/api/v1/investment/funnel?startTime=2026-06-01T00:00:00Z&endTime=2026-01-01T00:00:00Z",
                headers=api.auth(OFFICER))
    assert r.status_code == 400 and r.get_json()["errors"][0]["field"] == "endTime"
    assert api.get("/api/v1/investment/industryChains").get_json()["chains"][1]["name"] == "有色金属"
    assert api.get("/api/v1/investment/stageConfigs/current", headers=api.auth(OFFICER)).get_json()["version"] == 1
