"""The pure comparison of the reconcile job (the I/O is shown in e2e-tests/faults/test_reconcile.py)."""

from jlp_common.events.reconcile import find_gaps, original_id


def test_missing_from_stream_and_unprocessed_per_consumer_keep_the_ledger_order():
    gaps = find_gaps(["a", "b", "c", "d", "b"], in_stream=["a", "d", "x"],
                     processed={"grid-event-alerts": ["a"], "ops-live": ["a", "b", "c", "d"]})
    assert gaps.checked == 4
    assert gaps.missing_from_stream == ("b", "c")
    assert gaps.unprocessed == {"grid-event-alerts": ("b", "c", "d"), "ops-live": ()}


def test_nothing_recorded_means_nothing_missing():
    gaps = find_gaps([], in_stream=["a"])
    assert gaps.checked == 0 and gaps.missing_from_stream == () and gaps.unprocessed == {}


def test_a_repair_id_names_its_original_event():
    assert original_id("7f3c.repair-20261202T175000-1") == "7f3c"
    assert original_id("7f3c") == "7f3c"


def test_a_pass_is_recorded_in_one_insert_and_a_re_published_event_is_kept_once():
    """The relay records each pass's acknowledged events together; after a crash between the
    ledger write and the outbox pull, the same events come again: kept once, the new one added."""
    import mongoengine as me

    from jlp_common import db
    from jlp_common.events.reconcile import SentEvent, record_sent_many

    db.connect("test-reconcile-ledger")
    try:
        first = [("jlp.grid.case.created", {"id": f"e{i}", "data": {"n": i}}, "JLP_GRID", i) for i in (1, 2)]
        record_sent_many(first)
        record_sent_many([first[1], ("jlp.grid.case.created", {"id": "e3", "data": {}}, "JLP_GRID", 3)])
        record_sent_many([])
        stored = {d.id: d for d in SentEvent.objects}
        assert sorted(stored) == ["e1", "e2", "e3"]
        assert stored["e2"].sequence == 2 and '"n":2' in stored["e2"].envelope
    finally:
        me.get_db().drop_collection(SentEvent._get_collection_name())
        me.disconnect()
