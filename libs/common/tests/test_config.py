import pytest

from jlp_common.config import ConfigError, Settings, default_metrics_port


def test_local_defaults_work_without_any_variable():
    s = Settings.from_env("grid-event", {})
    assert s.grpc_port == 50052
    assert s.metrics_port == default_metrics_port(50052) == 9052
    assert s.mongo_uri == ""  # embedded store
    assert s.nats_url == "nats://127.0.0.1:4222"
    assert s.jwks_url == "http://127.0.0.1:8080/.well-known/jwks.json"
    assert s.addr("identity") == "127.0.0.1:50051"


def test_gateway_uses_http_port():
    assert Settings.from_env("gateway", {}).grpc_port == 8080
    assert Settings.from_env("gateway", {"JLP_HTTP_PORT": "9999"}).grpc_port == 9999


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
