"""API7:2023 Server Side Request Forgery: a URL a client gives is stored or refused, never
fetched by the server. Every request property that can hold a URL (by its name in
`/openapi.json`: *url, *uri, href, link, callback, webhook, endpoint, host, attachments,
media) is pointed at a listener on this machine, on every route that takes one, by a
principal allowed to call it — and the Open311 `media_url` too. The listener must see no
connection at all."""

from __future__ import annotations

import re
import socket
import threading
import time

import pytest

pytestmark = pytest.mark.e2e
URLISH = re.compile(r"(?i)(url|uri|href|link|callback|webhook|endpoint|host|attachments|media)$")


class Listener:
    """A TCP listener on 127.0.0.1 counting every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            conn.settimeout(0.5)
            try:
                self.connections.append(conn.recv(200))
            except OSError:
                self.connections.append(b"")
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(2)
        self.sock.close()


def with_urls(inventory, schema, url: str, depth: int = 0):
    """A sample of `schema` whose URL-like string properties (at any depth) hold `url`;
    (value, number of URL fields set)."""
    schema = inventory.resolve(schema)
    if depth > 6 or "properties" not in schema:
        return inventory.sample(schema), 0
    out, count = inventory.sample(schema) or {}, 0
    for name, prop in schema["properties"].items():
        sub = inventory.resolve(prop)
        if sub.get("readOnly") or prop.get("readOnly"):
            continue
        if URLISH.search(name) and sub.get("type") == "string":
            out[name], count = url, count + 1
        elif URLISH.search(name) and sub.get("type") == "array" and \
                inventory.resolve(sub.get("items", {})).get("type") == "string":
            out[name], count = [url], count + 1
        elif sub.get("type") == "array" and "properties" in inventory.resolve(sub.get("items", {})):
            item, n = with_urls(inventory, sub["items"], url, depth + 1)
            if n:
                out[name], count = [item], count + n
        elif "properties" in sub:
            value, n = with_urls(inventory, sub, url, depth + 1)
            if n:
                out[name], count = value, count + n
    return out, count


def test_url_fields_are_never_fetched(api, inventory, principals, figures):
    listener = Listener()
    try:
        target = f"http://127.0.0.1:{listener.port}/ssrf-probe"
        fields, sent, accepted = 0, [], 0
        for op in inventory.operations:
            schema = op.request_schema()
            if schema is None or not op.generated:
                continue
            body, n = with_urls(inventory, schema, target)
            if not n:
                continue
            who = principals.one_who_may(op)
            r = api.call(op.method, op.url(), who.token if who else None, json=body)
            fields += n
            accepted += r.status_code < 300
            sent.append(f"{op.label}: {r.status_code}")
        # a citizen's case with an attachment URL, accepted as a case
        case = api.call("POST", "/api/v1/cases", principals["citizen"].token, json={
            "categoryCode": "06010", "description": "SSRF 探测 附件", "location": {"lon": 106.52, "lat": 29.52},
            "urgency": "NORMAL", "attachments": [target, target.replace("http", "gopher")]})
        sent.append(f"POST /api/v1/cases (attachments): {case.status_code}")
        # Open311 media_url from a civic app
        app = principals["open311_app"]
        r = api.call("POST", "/open311/v2/requests.json", data={
            "api_key": f"{app.user_id}:{app.password}", "service_code": "06010", "lat": "29.515", "long": "106.515",
            "description": "SSRF media_url 探测", "media_url": target})
        sent.append(f"POST /open311/v2/requests.json (media_url): {r.status_code}")
        time.sleep(2.0)  # a background fetch would have connected by now
    finally:
        listener.close()
    figures("API7 SSRF", f"{fields} URL-like properties on {len(sent) - 2} routes + case attachments + Open311 "
            f"media_url pointed at a local listener ({accepted} requests accepted): "
            f"{len(listener.connections)} connections")
    assert not listener.connections, (listener.connections, sent)
    assert case.status_code in (201, 400), case.text
