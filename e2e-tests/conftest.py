"""e2e harness: the whole suite started through the launcher on free ports, driven over HTTP.

The `suite` fixture (one per test session) runs `python -m jlp_devtools.launcher --free-ports
--demo` in a temporary run folder, waits until the gateway's /readyz answers 200, and yields a
`Suite` with the gateway URL and the generated local secrets (bootstrap admin and TOTP secret).
On failure to start, the launcher's output is shown.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from jlp_devtools.suite_process import SuiteDidNotStart, launched_suite
from jlp_testkit.e2e import Suite


@pytest.fixture(scope="session")
def suite(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Suite]:
    try:
        with launched_suite(tmp_path_factory.mktemp("suite"), demo=True) as info:
            yield Suite(info["gateway_url"], info["nats_url"], info["services"], info["secrets"],
                        info["log_path"])
    except SuiteDidNotStart as exc:
        pytest.fail(str(exc))
