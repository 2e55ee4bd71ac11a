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
