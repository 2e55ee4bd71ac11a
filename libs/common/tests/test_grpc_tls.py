"""Mutual TLS between components (ADR 0111): a server with the suite's certificate talks to a
client holding one; a plaintext client, a client without a certificate and a client whose
certificate another CA signed are all refused; kubelet's plaintext health port answers health
and nothing else; a renewed certificate is served without a restart. The CA and certificates are
made here with `cryptography`."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from pathlib import Path

import grpc
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from grpc_health.v1 import health_pb2, health_pb2_grpc

from jlp_common import grpc_client
from jlp_common.config import ConfigError, Settings, TlsFiles
from jlp_testkit.echo import build_app
from jlp_testkit.nats import free_port
from jlptest.echo.v1 import echo_pb2, echo_pb2_grpc

NOW = dt.datetime.now(dt.UTC)


def _name(cn: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class Ca:
    """A throw-away certificate authority issuing server+client certificates."""

    def __init__(self, cn: str) -> None:
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(cn))
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(NOW - dt.timedelta(minutes=5))
                     .not_valid_after(NOW + dt.timedelta(days=1))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .sign(self.key, hashes.SHA256()))

    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)

    def issue(self, directory: Path, cn: str) -> TlsFiles:
        """A certificate for `cn`, valid for localhost, written with the CA into `directory`."""
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(self.cert.subject)
                .public_key(key.public_key()).serial_number(x509.random_serial_number())
                .not_valid_before(NOW - dt.timedelta(minutes=5))
                .not_valid_after(NOW + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([
                    x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                    critical=False)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH,
                                                      ExtendedKeyUsageOID.CLIENT_AUTH]),
                               critical=False)
                .sign(self.key, hashes.SHA256()))
        directory.mkdir(parents=True, exist_ok=True)
        (directory / "tls.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        (directory / "tls.key").write_bytes(key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        (directory / "ca.crt").write_bytes(self.pem())
        return TlsFiles(str(directory / "tls.crt"), str(directory / "tls.key"),
                        str(directory / "ca.crt"))


def tls_env(files: TlsFiles) -> dict[str, str]:
    return {"JLP_TLS_CERT_FILE": files.cert_file, "JLP_TLS_KEY_FILE": files.key_file,
            "JLP_TLS_CA_FILE": files.ca_file}


@pytest.fixture(scope="module")
def suite_ca() -> Ca:
    return Ca("jlp test CA")


@pytest.fixture
def server(suite_ca, tmp_path):
    files = suite_ca.issue(tmp_path / "server", "identity")
    health_port = free_port()
    settings = Settings.from_env("echo", {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0",
                                          "JLP_LOG_LEVEL": "WARNING",
                                          "JLP_GRPC_HEALTH_PORT": str(health_port),
                                          **tls_env(files)})
    app = build_app(settings)
    app.start()
    yield app
    app.stop(0.2)
    grpc_client.close_all()


def list_notes(ch: grpc.Channel) -> echo_pb2.ListNotesResponse:
    return echo_pb2_grpc.EchoServiceStub(ch).ListNotes(echo_pb2.ListNotesRequest(), timeout=5)


def refused(ch: grpc.Channel) -> grpc.StatusCode:
    with pytest.raises(grpc.RpcError) as failure:
        list_notes(ch)
    return failure.value.code()


def test_a_client_with_the_suites_certificate_talks_to_the_server(server, suite_ca, tmp_path):
    client = suite_ca.issue(tmp_path / "client", "gateway")
    ch = grpc_client.channel(f"localhost:{server.port}", [echo_pb2], tls=client)
    assert list(list_notes(ch).notes) == []


def test_a_plaintext_client_is_refused(server):
    with grpc.insecure_channel(f"localhost:{server.port}") as ch:
        assert refused(ch) == grpc.StatusCode.UNAVAILABLE


def test_a_client_without_a_certificate_is_refused(server, suite_ca):
    creds = grpc.ssl_channel_credentials(root_certificates=suite_ca.pem())
    with grpc.secure_channel(f"localhost:{server.port}", creds) as ch:
        assert refused(ch) == grpc.StatusCode.UNAVAILABLE


def test_a_client_whose_certificate_another_ca_signed_is_refused(server, suite_ca, tmp_path):
    rogue = Ca("rogue CA").issue(tmp_path / "rogue", "gateway")
    cert, key, _ = rogue.read()
    creds = grpc.ssl_channel_credentials(root_certificates=suite_ca.pem(), private_key=key,
                                         certificate_chain=cert)
    with grpc.secure_channel(f"localhost:{server.port}", creds) as ch:
        assert refused(ch) == grpc.StatusCode.UNAVAILABLE


def test_a_client_refuses_a_server_of_another_ca(suite_ca, tmp_path):
    rogue_files = Ca("rogue CA").issue(tmp_path / "rogue-server", "identity")
    settings = Settings.from_env("echo", {"JLP_GRPC_PORT": "0", "JLP_METRICS_PORT": "0",
                                          "JLP_LOG_LEVEL": "WARNING", **tls_env(rogue_files)})
    app = build_app(settings)
    app.start()
    try:
        client = suite_ca.issue(tmp_path / "client", "gateway")
        ch = grpc_client.channel(f"localhost:{app.port}", [echo_pb2], tls=client)
        assert refused(ch) == grpc.StatusCode.UNAVAILABLE
    finally:
        app.stop(0.2)
        grpc_client.close_all()


def test_the_plaintext_health_port_answers_health_and_nothing_else(server):
    with grpc.insecure_channel(f"127.0.0.1:{server.health_port}") as ch:
        health = health_pb2_grpc.HealthStub(ch)
        for entry in ("", "liveness"):
            assert health.Check(health_pb2.HealthCheckRequest(service=entry), timeout=5).status \
                == health_pb2.HealthCheckResponse.SERVING
        assert refused(ch) == grpc.StatusCode.UNIMPLEMENTED


def test_a_renewed_certificate_is_served_without_a_restart(server, suite_ca, tmp_path):
    client = suite_ca.issue(tmp_path / "client", "gateway")
    first = grpc_client.channel(f"localhost:{server.port}", [echo_pb2], tls=client)
    list_notes(first)
    # cert-manager renews into the mounted files: a new handshake gets the new certificate
    renewed = suite_ca.issue(Path(server.settings.tls.cert_file).parent, "identity")
    new_cert = Path(renewed.cert_file).read_bytes()
    grpc_client.close_all()
    # the certificate the server presents now, seen by a plain TLS handshake
    ctx = ssl.create_default_context(cafile=client.ca_file)
    ctx.load_cert_chain(client.cert_file, client.key_file)
    ctx.set_alpn_protocols(["h2"])
    with socket.create_connection(("localhost", server.port)) as raw, \
            ctx.wrap_socket(raw, server_hostname="localhost") as tls:
        presented = ssl.DER_cert_to_PEM_cert(tls.getpeercert(binary_form=True)).encode()
    assert x509.load_pem_x509_certificate(presented) == x509.load_pem_x509_certificate(new_cert)
    # and gRPC clients still get through
    ch = grpc.secure_channel(f"localhost:{server.port}", grpc_client.channel_credentials(client))
    list_notes(ch)
    ch.close()


def test_tls_settings_are_all_or_nothing_and_name_the_variable(tmp_path):
    assert not Settings.from_env("echo", {}).tls.enabled
    with pytest.raises(ConfigError, match="JLP_TLS_KEY_FILE, JLP_TLS_CA_FILE not set"):
        Settings.from_env("echo", {"JLP_TLS_CERT_FILE": "/x"})
    with pytest.raises(ConfigError, match="JLP_TLS_CERT_FILE='/nowhere/tls.crt' is not a readable"):
        Settings.from_env("echo", {"JLP_TLS_CERT_FILE": "/nowhere/tls.crt",
                                   "JLP_TLS_KEY_FILE": "/nowhere/tls.key",
                                   "JLP_TLS_CA_FILE": "/nowhere/ca.crt"})


def test_channels_follow_the_process_tls_variables(server, suite_ca, tmp_path, monkeypatch):
    """Callers that pass no `tls` (the gateway's backends, services' clients) get the process's
    JLP_TLS_* files: with them they reach the TLS server, without them they are refused."""
    for name in ("JLP_TLS_CERT_FILE", "JLP_TLS_KEY_FILE", "JLP_TLS_CA_FILE"):
        monkeypatch.delenv(name, raising=False)
    assert refused(grpc_client.channel(f"localhost:{server.port}", [echo_pb2])) == \
        grpc.StatusCode.UNAVAILABLE
    for name, value in tls_env(suite_ca.issue(tmp_path / "client", "gateway")).items():
        monkeypatch.setenv(name, value)
    assert list(list_notes(grpc_client.channel(f"localhost:{server.port}", [echo_pb2])).notes) == []
