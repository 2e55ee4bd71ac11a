"""One gRPC server bootstrap for every service (DESIGN §3 "Every gRPC server").

`GrpcApp` wires, once for all services:
- grpc.health.v1 that tells the truth: NOT_SERVING while a declared dependency check (database,
  NATS, ...) fails, and during shutdown;
- server reflection;
- interceptors: OpenTelemetry tracing, request id + structured access log + metrics, auth with
  a per-method permission table (deny by default), deadline propagation, and domain error →
  gRPC status with google.rpc details (an unexpected exception becomes INTERNAL, logged, with no
  internals leaked);
- port from settings, keepalive matching the client helper, graceful shutdown on SIGTERM/SIGINT:
  health flips to NOT_SERVING, new calls are refused, in-flight calls finish within the grace
  period, then the process exits 0;
- mutual TLS when settings.tls is set (ADR 0111): the port accepts only clients presenting a
  certificate of the suite's CA; renewed certificate files are picked up at the next handshake.
  kubelet's gRPC probes cannot speak TLS, so JLP_GRPC_HEALTH_PORT adds a plaintext port that
  serves grpc.health.v1 and nothing else.
"""

from __future__ import annotations

import logging
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent import futures
from dataclasses import dataclass
from typing import Any

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection
from opentelemetry import context as otel_context
from opentelemetry import propagate, trace
from opentelemetry.context import Context

from jlp_common import context as ctx
from jlp_common.auth import MethodPolicy, TokenVerifier, authorize
from jlp_common.config import Settings, TlsFiles
from jlp_common.errors import DomainError
from jlp_common.grpc_client import KEEPALIVE
from jlp_common.telemetry import instruments, records_nothing_unsampled

log = logging.getLogger("jlp.grpc")

# Keepalive from the same definition as the clients' (grpc_client.Keepalive): the server permits
# the clients' ping interval, even without calls in flight, or it answers GOAWAY "too_many_pings".
SERVER_OPTIONS: list[tuple[str, Any]] = [
    *KEEPALIVE.server_options(),
    ("grpc.max_receive_message_length", 16 * 1024 * 1024),
]
HEALTH_SERVICE = "grpc.health.v1.Health"
# Calls one server holds at once (running + queued for a worker) before answering
# RESOURCE_EXHAUSTED, per worker thread. 16 per worker (256 with the default 16 workers) lets a
# replica take a burst of 200 calls, and drain all of them after SIGTERM within the grace
# period (issue 15 fault suite, e2e-tests/faults/test_service_shutdown.py); with 8 per worker,
# 72 of those 200 were refused on arrival. Queued calls still end at their own deadline.
QUEUED_CALLS_PER_WORKER = 16
# Health entry for liveness/startup probes: SERVING while the process can serve at all, even
# when a dependency is down. Readiness uses the overall entry "" (dependencies included); a
# liveness probe on "" would restart every pod of the suite during a NATS or MongoDB outage.
LIVENESS_SERVICE = "liveness"
REFLECTION_SERVICE = reflection.SERVICE_NAME


@dataclass
class DependencyCheck:
    """A named probe of something the service cannot work without."""

    name: str
    probe: Callable[[], bool]


class _InFlight:
    """Counts calls in progress, so shutdown can report what it waited for."""

    def __init__(self) -> None:
        self._n = 0
        self._lock = threading.Lock()

    def __enter__(self) -> None:
        with self._lock:
            self._n += 1

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self._n -= 1

    @property
    def count(self) -> int:
        return self._n


class UnrecordedTraceServerShortcut(grpc.ServerInterceptor):
    """OpenTelemetry's server interceptor, bypassed for calls whose span nobody records.

    Why: with no span exporter attached (`telemetry.records_nothing_unsampled`) a call outside a
    sampled trace gets a span that is never recorded, yet OpenTelemetry's interceptor still
    copied the metadata twice, parsed the peer address into attributes and entered three
    context managers: about a tenth of a platform call's server CPU (issue 16 profile). Such a
    call gets here only what matters without an exporter — the caller's trace context extracted
    and an unrecorded server span in it made current, so logs carry the trace id and
    downstream calls `traceparent` (`grpc_client.UnrecordedTraceShortcut`). A call in a sampled
    trace, or any call once an exporter is attached, goes through OpenTelemetry's interceptor
    as before."""

    def __init__(self, otel: grpc.ServerInterceptor) -> None:
        self.otel = otel
        self._tracer = trace.get_tracer("jlp_common.grpc_server")

    def intercept_service(self, continuation, handler_call_details):  # noqa: ANN001, ANN201
        parent = self.unrecorded_parent(handler_call_details)
        if parent is None:
            return self.otel.intercept_service(continuation, handler_call_details)
        return self.wrap(continuation(handler_call_details), handler_call_details.method, parent)

    def unrecorded_parent(self, handler_call_details: grpc.HandlerCallDetails) -> Context | None:
        """The caller's trace context when this call's span would not be recorded; None when
        OpenTelemetry's interceptor must run (an exporter attached, or a sampled caller)."""
        if not records_nothing_unsampled():
            return None
        parent = propagate.extract(dict(handler_call_details.invocation_metadata or ()))
        if trace.get_current_span(parent).get_span_context().trace_flags.sampled:
            return None
        return parent

    def wrap(self, handler: grpc.RpcMethodHandler | None, name: str,
             parent: Context) -> grpc.RpcMethodHandler | None:
        """The handler with an unrecorded server span in `parent` current around each call."""
        if handler is None:
            return None
        if handler.unary_unary:
            return handler._replace(unary_unary=self._unary(name, parent, handler.unary_unary))
        if handler.unary_stream:
            return handler._replace(unary_stream=self._stream(name, parent, handler.unary_stream))
        if handler.stream_unary:
            return handler._replace(stream_unary=self._unary(name, parent, handler.stream_unary))
        return handler._replace(stream_stream=self._stream(name, parent, handler.stream_stream))

    def _in_trace(self, name: str, parent: Context) -> object:
        """Make an unrecorded server span in the caller's trace current; the detach token."""
        span = self._tracer.start_span(name, context=parent, kind=trace.SpanKind.SERVER)
        return otel_context.attach(trace.set_span_in_context(span, parent))

    def _unary(self, name: str, parent: Context, behavior: Callable) -> Callable:
        def run(request: Any, context: grpc.ServicerContext) -> Any:
            token = self._in_trace(name, parent)
            try:
                return behavior(request, context)
            finally:
                otel_context.detach(token)

        return run

    def _stream(self, name: str, parent: Context, behavior: Callable) -> Callable:
        def run(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            token = self._in_trace(name, parent)
            try:
                yield from behavior(request, context)
            finally:
                otel_context.detach(token)

        return run


class PlatformInterceptor(grpc.ServerInterceptor):
    """Request id, access log, metrics, auth, deadline and error mapping around every handler.

    tracing: OpenTelemetry's server interceptor behind its shortcut, run from here rather than
    as a second interceptor of the server (grpc's interceptor pipeline and handler rewrap cost
    ~3 % of a call's server CPU, issue 16): its span encloses everything below, as before."""

    def __init__(self, policy: MethodPolicy, verifier: TokenVerifier | None,
                 in_flight: _InFlight,
                 tracing: UnrecordedTraceServerShortcut | None = None) -> None:
        self.tracing = tracing
        self.policy = dict(policy)
        # Health and reflection are public by nature (probes, grpcurl).
        self.policy.setdefault(f"/{HEALTH_SERVICE}/Check", "public")
        self.policy.setdefault(f"/{HEALTH_SERVICE}/Watch", "public")
        self.policy.setdefault(f"/{HEALTH_SERVICE}/List", "public")
        self.policy.setdefault(f"/{REFLECTION_SERVICE}/ServerReflectionInfo", "public")
        self.policy.setdefault("/grpc.reflection.v1.ServerReflection/ServerReflectionInfo", "public")
        self.verifier = verifier
        self.in_flight = in_flight
        self._facts: dict[str, _MethodFacts] = {}  # per served method (intercept runs per call)

    def intercept_service(self, continuation, handler_call_details):  # noqa: ANN001 - grpc API
        if self.tracing is None:
            return self._own(continuation(handler_call_details), handler_call_details.method)
        # OpenTelemetry's interceptor (or its shortcut) around ours
        return self.tracing.intercept_service(
            lambda details: self._own(continuation(details), details.method), handler_call_details)

    def _own(self, handler: grpc.RpcMethodHandler | None,
             method: str) -> grpc.RpcMethodHandler | None:
        if handler is None:
            return None
        if handler.unary_unary:
            return handler._replace(unary_unary=self._wrap(method, handler.unary_unary, False))
        if handler.unary_stream:
            return handler._replace(unary_stream=self._wrap(method, handler.unary_stream, True))
        if handler.stream_unary:
            return handler._replace(stream_unary=self._wrap(method, handler.stream_unary, False))
        return handler._replace(stream_stream=self._wrap(method, handler.stream_stream, True))

    def _wrap(self, method: str, behavior: Callable, streams_out: bool) -> Callable:
        facts = self._facts.get(method)
        if facts is None:  # bounded: only served methods reach here (continuation found one)
            facts = self._facts.setdefault(method, _MethodFacts.of(method))

        def run(request: Any, context: grpc.ServicerContext) -> Any:
            tokens, start = self._enter(method, context, facts), time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                with self.in_flight:
                    return behavior(request, context)
            except BaseException as exc:  # noqa: BLE001 - mapped below, never swallowed
                code = self._abort(method, exc, context)
                raise AssertionError("unreachable: context.abort raises") from exc  # pragma: no cover
            finally:
                self._leave(facts, tokens, start, code, context)

        def run_stream(request: Any, context: grpc.ServicerContext) -> Iterator[Any]:
            tokens, start = self._enter(method, context, facts), time.perf_counter()
            code = grpc.StatusCode.OK
            try:
                with self.in_flight:
                    yield from behavior(request, context)
            except BaseException as exc:  # noqa: BLE001
                code = self._abort(method, exc, context)
            finally:
                self._leave(facts, tokens, start, code, context)

        return run_stream if streams_out else run

    def _enter(self, method: str, context: grpc.ServicerContext, facts: _MethodFacts) -> list:
        md = dict(context.invocation_metadata() or ())
        rid = md.get(ctx.REQUEST_ID_HEADER) or ctx.new_request_id()
        remaining = context.time_remaining()
        tokens = [
            (ctx.request_id_var, ctx.request_id_var.set(rid)),
            (ctx.deadline_var, ctx.deadline_var.set(
                time.monotonic() + remaining if remaining is not None else None)),
            (ctx.token_var, ctx.token_var.set(md.get("authorization"))),
            (ctx.peer_var, ctx.peer_var.set(md.get("x-forwarded-for") or context.peer())),
            (ctx.principal_var, ctx.principal_var.set(None)),
        ]
        context.set_trailing_metadata(((ctx.REQUEST_ID_HEADER, rid),))
        try:
            principal = authorize(self.policy, method, md.get("authorization"), self.verifier)
        except DomainError as exc:
            self._leave(facts, tokens, time.perf_counter(), exc.code, context, refused=True)
            context.abort_with_status(exc.to_status())
        ctx.principal_var.set(principal)
        return tokens

    def _abort(self, method: str, exc: BaseException, context: grpc.ServicerContext) -> grpc.StatusCode:
        if isinstance(exc, DomainError):
            context.abort_with_status(exc.to_status())
        if isinstance(exc, grpc.RpcError) and hasattr(exc, "code") and context.code() is None:
            # A downstream call failed and the handler did not translate it: pass the code on
            # (UNAVAILABLE, DEADLINE_EXCEEDED...) without the downstream's internals.
            code = exc.code()
            if code in (grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED):
                context.abort(code, f"a dependency failed: {code.name}")
        if isinstance(exc, Exception) and not _is_abort(exc):
            log.exception("unhandled error", extra={"method": method})
            context.abort(grpc.StatusCode.INTERNAL,
                          f"internal error (request id {ctx.request_id_var.get()})")
        raise exc

    def _leave(self, facts: _MethodFacts, tokens: list, start: float, code: grpc.StatusCode,
               context: grpc.ServicerContext, *, refused: bool = False) -> None:
        code = _final_code(context, code)
        elapsed_ms = (time.perf_counter() - start) * 1000.0
        instruments().rpc_server_duration.record(elapsed_ms, facts.metric_attributes(code))
        if (refused or not facts.quiet) and log.isEnabledFor(logging.INFO):
            principal = ctx.principal_var.get()
            log.info("rpc", extra={"method": facts.method, "code": code.name,
                                   "duration_ms": round(elapsed_ms, 2),
                                   "caller": principal.subject if principal else None})
        for var, token in reversed(tokens):
            try:
                var.reset(token)
            except ValueError:  # reset from another context (stream generator); harmless
                pass


@dataclass
class _MethodFacts:
    """What the interceptor needs of a method on every call, worked out once per method: the
    metric's attribute sets by status code (a new dict per call was measurable, issue 16)."""

    method: str
    service: str
    name: str
    quiet: bool  # health checks: no access-log line (probes every few seconds)
    _attributes: dict[grpc.StatusCode, dict[str, Any]]

    @classmethod
    def of(cls, method: str) -> _MethodFacts:
        service, _, name = method.strip("/").partition("/")
        return cls(method, service, name, method.startswith(f"/{HEALTH_SERVICE}/"), {})

    def metric_attributes(self, code: grpc.StatusCode) -> dict[str, Any]:
        found = self._attributes.get(code)
        if found is None:  # a benign race: two threads may build the same (equal) dict
            found = self._attributes[code] = {
                "rpc.service": self.service, "rpc.method": self.name,
                "rpc.grpc.status_code": code.value[0]}
        return found


def _is_abort(exc: BaseException) -> bool:
    """context.abort raises a plain Exception whose args are empty; let it through unchanged."""
    return type(exc) is Exception and not exc.args


def _final_code(context: grpc.ServicerContext, default: grpc.StatusCode) -> grpc.StatusCode:
    code = context.code() if hasattr(context, "code") else None
    if isinstance(code, grpc.StatusCode):
        return code
    return default


class _ReloadingCertificates:
    """Server certificate configuration that follows its files: gRPC asks at every handshake,
    and gets a new configuration when a file changed (cert-manager renewing the mounted
    Secret), so a renewal needs no restart of the server."""

    def __init__(self, tls: TlsFiles) -> None:
        self.tls = tls
        self._stamp = self._current_stamp()
        self.initial = self._configuration()

    def _current_stamp(self) -> tuple[float, ...]:
        return tuple(os.stat(p).st_mtime for p in (self.tls.cert_file, self.tls.key_file,
                                                   self.tls.ca_file))

    def _configuration(self) -> grpc.ServerCertificateConfiguration:
        cert, key, ca = self.tls.read()
        return grpc.ssl_server_certificate_configuration([(key, cert)], root_certificates=ca)

    def __call__(self) -> grpc.ServerCertificateConfiguration | None:
        try:
            stamp = self._current_stamp()
            if stamp == self._stamp:
                return None
            config = self._configuration()
        except (OSError, ValueError) as exc:  # half-written files: keep the current ones
            log.warning("tls files not reloaded", extra={"error": str(exc)})
            return None
        self._stamp = stamp
        log.info("tls certificate reloaded")
        return config


def server_credentials(tls: TlsFiles) -> grpc.ServerCredentials:
    """Mutual TLS: present the component's certificate, require one signed by the suite's CA."""
    certificates = _ReloadingCertificates(tls)
    return grpc.dynamic_ssl_server_credentials(certificates.initial, certificates,
                                               require_client_authentication=True)


class GrpcApp:
    """A service process: servicers, dependency checks and lifecycle hooks around one server."""

    def __init__(self, settings: Settings, policy: MethodPolicy | None = None,
                 verifier: TokenVerifier | None = None, *, max_workers: int = 16,
                 check_interval_s: float = 2.0) -> None:
        self.settings = settings
        self.in_flight = _InFlight()
        self.health = health.HealthServicer(
            experimental_non_blocking=True,
            experimental_thread_pool=futures.ThreadPoolExecutor(max_workers=1))
        tracing = None
        try:
            from opentelemetry.instrumentation.grpc import server_interceptor

            tracing = UnrecordedTraceServerShortcut(server_interceptor())
        except ImportError:  # pragma: no cover - instrumentation is a declared dependency
            pass
        self._interceptor = PlatformInterceptor(policy or {}, verifier, self.in_flight, tracing)
        interceptors: list[grpc.ServerInterceptor] = [self._interceptor]
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=max_workers,
                                                             thread_name_prefix=settings.service),
                                  interceptors=interceptors, options=SERVER_OPTIONS,
                                  maximum_concurrent_rpcs=max_workers * QUEUED_CALLS_PER_WORKER)
        self.service_names: list[str] = []
        self.checks: list[DependencyCheck] = []
        self._on_start: list[Callable[[], None]] = []
        self._on_stop: list[Callable[[], None]] = []
        self._stopping = threading.Event()
        self._stopped = threading.Event()
        self._check_interval_s = check_interval_s
        self.port: int | None = None
        self.health_port: int | None = None
        self._health_server: grpc.Server | None = None

    # --- wiring -----------------------------------------------------------------------------
    def add_service(self, pb2_module: Any, servicer: Any, *,
                    policy: Mapping[str, Mapping[str, str]]) -> str:
        """Serve one generated service in one call: register `servicer`, add its method policy
        (`policy[<service>]`, every method covered, see `kit.expand_policy`) and list it for
        health and reflection. Returns the service's full proto name."""
        from jlp_common import kit

        service = kit.service_of(pb2_module, servicer)
        if service not in policy:
            raise ValueError(f"no policy table for {service} (have {sorted(policy)})")
        self._interceptor.policy.update(kit.expand_policy(pb2_module, service, policy[service]))
        add = getattr(kit.grpc_module_of(pb2_module), f"add_{service}Servicer_to_server")
        full_name = pb2_module.DESCRIPTOR.services_by_name[service].full_name
        self.add_servicer(add, servicer, full_name)
        return full_name

    @property
    def policy(self) -> Mapping[str, str]:
        """Full method name → permission of every served method (read-only view)."""
        return dict(self._interceptor.policy)

    def add_servicer(self, add_to_server: Callable[[Any, grpc.Server], None], servicer: Any,
                     service_full_name: str) -> None:
        """Register a generated servicer (e.g. `add_IdentityServiceServicer_to_server`)."""
        add_to_server(servicer, self.server)
        self.service_names.append(service_full_name)

    def add_check(self, name: str, probe: Callable[[], bool]) -> None:
        """A dependency whose failure makes health NOT_SERVING until it recovers."""
        self.checks.append(DependencyCheck(name, probe))

    def on_start(self, fn: Callable[[], None]) -> None:
        self._on_start.append(fn)

    def on_stop(self, fn: Callable[[], None]) -> None:
        """Run at shutdown after in-flight calls finished (stop consumers, close NATS...)."""
        self._on_stop.append(fn)

    # --- health ------------------------------------------------------------------------------
    def failing_checks(self) -> list[str]:
        failing = []
        for check in self.checks:
            try:
                ok = bool(check.probe())
            except Exception:  # noqa: BLE001 - a probe that raises is a failing probe
                ok = False
            if not ok:
                failing.append(check.name)
        return failing

    def refresh_health(self) -> list[str]:
        """Probe the dependencies and publish the overall and per-service health."""
        if self._stopping.is_set():
            return ["shutting down"]
        failing = self.failing_checks()
        status = (health_pb2.HealthCheckResponse.NOT_SERVING if failing
                  else health_pb2.HealthCheckResponse.SERVING)
        for name in ["", *self.service_names]:
            self.health.set(name, status)
        return failing

    def _watch_health(self) -> None:
        last: list[str] | None = None
        while not self._stopping.wait(self._check_interval_s if last is not None else 0):
            failing = self.refresh_health()
            if failing != last:
                if failing:
                    log.warning("not serving", extra={"failing": failing})
                elif last:
                    log.info("serving again")
                last = failing

    # --- lifecycle -----------------------------------------------------------------------------
    def start(self) -> int:
        """Bind, start serving and return the bound port (settings.grpc_port 0 picks one)."""
        health_pb2_grpc.add_HealthServicer_to_server(self.health, self.server)
        reflection.enable_server_reflection(
            [*self.service_names, HEALTH_SERVICE, REFLECTION_SERVICE], self.server)
        for name in ["", *self.service_names]:
            self.health.set(name, health_pb2.HealthCheckResponse.NOT_SERVING)
        self.health.set(LIVENESS_SERVICE, health_pb2.HealthCheckResponse.SERVING)
        for fn in self._on_start:
            fn()
        address = f"{self.settings.grpc_host}:{self.settings.grpc_port}"
        if self.settings.tls.enabled:
            self.port = self.server.add_secure_port(address, server_credentials(self.settings.tls))
        else:
            self.port = self.server.add_insecure_port(address)
        if not self.port:
            raise RuntimeError(f"cannot bind {address}")
        self._start_health_port()
        self.server.start()
        self.refresh_health()
        threading.Thread(target=self._watch_health, name="health", daemon=True).start()
        log.info("serving", extra={"port": self.port, "services": self.service_names})
        return self.port

    def _start_health_port(self) -> None:
        """JLP_GRPC_HEALTH_PORT: the same health entries in plaintext, nothing else served (no
        interceptors needed: health is public and carries no data)."""
        port = self.settings.get_int("JLP_GRPC_HEALTH_PORT", 0)
        if not port:
            return
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=2,
                                                        thread_name_prefix="health"))
        health_pb2_grpc.add_HealthServicer_to_server(self.health, server)
        self.health_port = server.add_insecure_port(f"{self.settings.grpc_host}:{port}")
        if not self.health_port:
            raise RuntimeError(f"cannot bind the health port {self.settings.grpc_host}:{port}")
        server.start()
        self._health_server = server

    def stop(self, grace_s: float | None = None) -> None:
        """Graceful stop: NOT_SERVING, refuse new calls, let in-flight ones finish, run hooks."""
        if self._stopping.is_set():
            self._stopped.wait()
            return
        self._stopping.set()
        self.health.enter_graceful_shutdown()
        grace = self.settings.shutdown_grace_s if grace_s is None else grace_s
        log.info("shutting down", extra={"in_flight": self.in_flight.count, "grace_s": grace})
        self.server.stop(grace).wait()
        if self._health_server is not None:
            self._health_server.stop(0)
        for fn in reversed(self._on_stop):
            try:
                fn()
            except Exception:  # noqa: BLE001 - keep stopping the rest
                log.exception("shutdown hook failed")
        log.info("stopped")
        self._stopped.set()

    def run(self) -> int:
        """Start and block until SIGTERM/SIGINT, then stop gracefully; returns the exit code 0."""
        self.start()
        stop_requested = threading.Event()

        def on_signal(signum: int, _frame: object) -> None:
            log.info("signal received", extra={"signal": signal.Signals(signum).name})
            stop_requested.set()

        signal.signal(signal.SIGTERM, on_signal)
        signal.signal(signal.SIGINT, on_signal)
        while not stop_requested.wait(0.5):
            pass
        self.stop()
        return 0
