import stat

from jlp_devtools.secrets import ensure_local_secrets, read_env_file


def test_generated_once_private_and_reused(tmp_path):
    path = tmp_path / "s" / "local.env"
    first = ensure_local_secrets(path, {})
    assert len(first["JLP_BOOTSTRAP_ADMIN_PASSWORD"]) == 20
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert ensure_local_secrets(path, {}) == first  # stable across runs
    assert read_env_file(path)["JLP_PII_KEY"] == first["JLP_PII_KEY"]


def test_every_run_of_a_new_checkout_gets_different_secrets(tmp_path):
    a = ensure_local_secrets(tmp_path / "a.env", {})
    b = ensure_local_secrets(tmp_path / "b.env", {})
    assert a["JLP_BOOTSTRAP_ADMIN_PASSWORD"] != b["JLP_BOOTSTRAP_ADMIN_PASSWORD"]
    assert a["JLP_BOOTSTRAP_ADMIN_TOTP_SECRET"] != b["JLP_BOOTSTRAP_ADMIN_TOTP_SECRET"]


def test_environment_values_win(tmp_path):
    got = ensure_local_secrets(tmp_path / "x.env", {"JLP_BOOTSTRAP_ADMIN_PASSWORD": "Given-Pass-123"})
    assert got["JLP_BOOTSTRAP_ADMIN_PASSWORD"] == "Given-Pass-123"  # noqa: S105 - test value
