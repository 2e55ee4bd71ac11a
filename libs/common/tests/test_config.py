import pytest

from jlp_common.config import ConfigError, Settings, Var, default_metrics_port


def test_local_defaults_work_without_any_variable():
    s = Settings.from_env("grid-event", {})
    assert s.grpc_port == 50052
    assert s.metrics_port == default_metrics_port(50052) == 9052
    assert s.mongo_uri == ""  # embedded store
    assert s.nats_url == "nats://127.0.0.1:4222"
    assert s.addr("identity") == "127.0.0.1:50051"


def test_gateway_uses_http_port():
    assert Settings.from_env("gateway", {}).http_port == 8080
    assert Settings.from_env("gateway", {"JLP_HTTP_PORT": "9999"}).http_port == 9999
    assert Settings.from_env("gateway", {}).grpc_port == 0


def test_variables_override_defaults():
    env = {"JLP_GRPC_PORT": "6000", "JLP_MONGO_URI": "mongodb://db/x", "JLP_NATS_URL": "nats://n:4222",
           "JLP_IDENTITY_ADDR": "identity:50051", "JLP_LOG_LEVEL": "debug", "JLP_METRICS_PORT": "0"}
    s = Settings.from_env("environment", env)
    assert (s.grpc_port, s.mongo_uri, s.nats_url, s.log_level, s.metrics_port) == (
        6000, "mongodb://db/x", "nats://n:4222", "DEBUG", 0)
    assert s.addr("identity") == "identity:50051"


def test_bad_number_names_the_variable():
    with pytest.raises(ConfigError, match="JLP_GRPC_PORT"):
        Settings.from_env("identity", {"JLP_GRPC_PORT": "fifty"})


def test_unknown_component_address_is_an_error():
    with pytest.raises(KeyError, match="known"):
        Settings.from_env("identity", {}).addr("weather")


def test_booleans():
    assert Settings.from_env("identity", {"JLP_DEMO": "TRUE"}).demo
    assert not Settings.from_env("identity", {}).demo
    assert not Settings.from_env("identity", {"JLP_DEMO": "off"}).demo
    with pytest.raises(ConfigError, match="JLP_DEMO"):
        _ = Settings.from_env("identity", {"JLP_DEMO": "maybe"}).demo


def test_an_unknown_variable_stops_start_up_with_its_name():
    declared = [Var("JLP_OVERDUE_SCAN_SECONDS")]
    env = {"JLP_OVERDUE_SCAN_SECONDS": "30", "JLP_IDENTITY_ADDR": "identity:50051",
           "JLP_RATE_LIMIT_PER_SECOND": "5"}
    with pytest.raises(ConfigError, match="unknown variable JLP_RATE_LIMIT_PER_SECOND for grid-event"):
        Settings.from_env("grid-event", env, declared=declared)
    del env["JLP_RATE_LIMIT_PER_SECOND"]
    assert Settings.from_env("grid-event", env, declared=declared).get_int(
        "JLP_OVERDUE_SCAN_SECONDS", 0) == 30


def test_a_variable_of_another_component_is_unknown_too():
    """Least privilege: identity's key-encryption key is nothing the gateway should hold."""
    with pytest.raises(ConfigError, match="JLP_IDENTITY_KEK"):
        Settings.from_env("gateway", {"JLP_IDENTITY_KEK": "x"}, declared=())
    with pytest.raises(ConfigError, match="JLP_MONGO_URI"):  # the gateway has no database
        Settings.from_env("gateway", {"JLP_MONGO_URI": "mongodb://db"}, declared=())
    Settings.from_env("identity", {"JLP_MONGO_URI": "mongodb://db"}, declared=())  # services do


def test_entry_points_refuse_unknown_variables_before_binding():
    """The kit's serve() (every service's __main__) exits 2 naming the variable."""
    from jlp_common.kit import ServiceApp, serve

    built = []

    def build(settings, *, bus):  # noqa: ANN001, ANN202
        built.append(settings)
        return ServiceApp(grpc=None)

    assert serve("environment", build, (), env={"JLP_ENVIRONMENT_SWEEP_SECOND": "5"}) == 2
    assert built == []


def test_secret_keys_are_checked_and_required_with_a_real_database():
    """One reader for every service's keys (PII cipher, audit anchor, play tokens): bad base64
    or a wrong size names the variable; with MongoDB an unset key stops start-up; on the
    embedded store an unset key is a throw-away one."""
    import base64

    def settings(env):  # noqa: ANN001, ANN202
        return Settings.from_env("tourism", env, declared=("JLP_PII_KEY",))

    key = bytes(range(32))
    assert settings({"JLP_PII_KEY": base64.b64encode(key).decode()}).secret_key("JLP_PII_KEY") == key
    with pytest.raises(ConfigError, match="JLP_PII_KEY must be base64"):
        settings({"JLP_PII_KEY": "not base64!"}).secret_key("JLP_PII_KEY")
    with pytest.raises(ConfigError, match=r"JLP_PII_KEY must decode to 32 bytes \(got 16\)"):
        settings({"JLP_PII_KEY": base64.b64encode(key[:16]).decode()}).secret_key("JLP_PII_KEY")
    long_key = base64.b64encode(key * 2).decode()
    with pytest.raises(ConfigError, match="must decode to 32 bytes"):
        settings({"JLP_PII_KEY": long_key}).secret_key("JLP_PII_KEY")
    assert len(settings({"JLP_PII_KEY": long_key}).secret_key("JLP_PII_KEY", at_least=True)) == 64
    with pytest.raises(ConfigError, match=r"JLP_PII_KEY is required when JLP_MONGO_URI is set \(replicas"):
        settings({"JLP_MONGO_URI": "mongodb://db"}).secret_key("JLP_PII_KEY", why="replicas share it")
    one, two = settings({}).secret_key("JLP_PII_KEY"), settings({}).secret_key("JLP_PII_KEY")
    assert len(one) == 32 and one != two  # throw-away, never a constant
