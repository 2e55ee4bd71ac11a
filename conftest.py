"""Fixtures shared by every test folder of the workspace (test-only code lives in libs/testkit)."""

pytest_plugins = ["jlp_testkit.nats"]
