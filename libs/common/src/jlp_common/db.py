"""mongoengine connection: MongoDB when JLP_MONGO_URI is set, else the embedded store.

One database per service (DESIGN §4): the database name is `jlp_<service>` unless the URI
names one. The embedded store is mongomock through `mongo_client_class` (mongoengine 0.29
dropped mongomock:// URIs). It has no geo operators, transactions or real indexes, so code
keeps to single-document atomic writes and still declares the indexes MongoDB needs.
"""

from __future__ import annotations

import logging
from typing import Any

import mongoengine
from pymongo.uri_parser import parse_uri

log = logging.getLogger(__name__)


def database_name(service: str) -> str:
    return "jlp_" + service.replace("-", "_")


def _all_document_classes() -> list[type[mongoengine.Document]]:
    """Every Document subclass defined in the process, including ones whose name another class
    reuses (mongoengine's registry keeps one class per name)."""
    out, stack = [], list(mongoengine.Document.__subclasses__())
    while stack:
        cls = stack.pop()
        out.append(cls)
        stack.extend(cls.__subclasses__())
    return out


def connect(service: str, mongo_uri: str = "", alias: str = "default") -> Any:
    """Connect mongoengine's `alias` for the service; returns the pymongo Database.

    Reconnecting (tests, a changed URI) must not leave any document class holding a cached
    collection of the old connection, so every class on this alias forgets it.
    """
    mongoengine.disconnect(alias=alias)
    for cls in _all_document_classes():
        if cls._meta.get("db_alias", "default") == alias:
            cls._collection = None
    if mongo_uri:
        name = parse_uri(mongo_uri).get("database") or database_name(service)
        mongoengine.connect(db=name, host=mongo_uri, alias=alias, tz_aware=True,
                            uuidRepresentation="standard", serverSelectionTimeoutMS=5000,
                            w="majority", journal=True)
        log.info("database", extra={"store": "mongodb", "db": name})
    else:
        import mongomock

        name = database_name(service)
        mongoengine.connect(db=name, alias=alias, host="mongodb://localhost",
                            mongo_client_class=mongomock.MongoClient, tz_aware=True,
                            uuidRepresentation="standard")
        log.info("database", extra={"store": "embedded", "db": name})
    return mongoengine.get_db(alias)


def ping(alias: str = "default") -> bool:
    """Health probe: the server answers `ping` (always true for the embedded store)."""
    try:
        mongoengine.get_db(alias).command("ping")
        return True
    except Exception:  # noqa: BLE001 - any failure means not reachable
        return False


def ensure_indexes(*documents: type[mongoengine.Document]) -> None:
    """Create the declared indexes now, at start, rather than on first use."""
    for doc in documents:
        doc.ensure_indexes()
