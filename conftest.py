"""Fixtures shared by every test folder of the workspace (test-only code lives in libs/testkit)."""

from jlp_common.telemetry import setup_telemetry

# The global OpenTelemetry providers can be set once per process: set them up first, with
# in-memory exporters, so every in-process test can read the spans and metrics it caused.
setup_telemetry("test", in_memory=True)

pytest_plugins = ["jlp_testkit.nats"]
