"""Access to the release's objects through the Kubernetes API, with errors an operator can read.

Everything is found by the chart's labels (app.kubernetes.io/instance = release,
app.kubernetes.io/component = component), never by guessing object names, so a release
installed with another name or fullnameOverride works the same.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import urllib3
from kubernetes import client, config
from kubernetes.client.exceptions import ApiException
from kubernetes.config.config_exception import ConfigException

from jlpctl.errors import JlpctlError

INSTANCE = "app.kubernetes.io/instance"
COMPONENT = "app.kubernetes.io/component"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
TIMEOUT = (5, 30)  # connect, read seconds: fail fast when the API server is unreachable

T = TypeVar("T")


@dataclass(frozen=True)
class Workload:
    """A Deployment or StatefulSet of the release, as `status` shows it."""

    kind: str
    name: str
    component: str
    desired: int
    ready: int
    updated: int
    image: str
    created: datetime | None
    restarts: int = 0


class Cluster:
    """One release in one namespace of one cluster."""

    def __init__(self, api: client.ApiClient, namespace: str, release: str) -> None:
        self.api = api
        self.namespace = namespace
        self.release = release
        self.server = api.configuration.host
        self.core = client.CoreV1Api(api)
        self.apps = client.AppsV1Api(api)
        self.autoscaling = client.AutoscalingV2Api(api)
        self.networking = client.NetworkingV1Api(api)

    @classmethod
    def connect(cls, namespace: str, release: str, kubeconfig: str | None = None,
                context: str | None = None) -> Cluster:
        """Credentials from kubeconfig (KUBECONFIG, ~/.kube/config) or, inside a pod, in-cluster."""
        try:
            api = config.new_client_from_config(config_file=kubeconfig, context=context)
        except (ConfigException, OSError) as exc:
            if kubeconfig or context:
                raise JlpctlError(f"cannot load Kubernetes configuration: {exc}") from None
            try:
                config.load_incluster_config()
            except ConfigException:
                raise JlpctlError(
                    "no Kubernetes configuration found: set KUBECONFIG, pass --kubeconfig, or "
                    f"run inside the cluster ({exc})") from None
            api = client.ApiClient()
        api.configuration.retries = 1
        return cls(api, namespace, release)

    # -- reading ---------------------------------------------------------------------------

    def selector(self, component: str | None = None) -> str:
        parts = [f"{INSTANCE}={self.release}"]
        if component:
            parts.append(f"{COMPONENT}={component}")
        return ",".join(parts)

    def ensure_namespace(self) -> None:
        """A clear error when the namespace does not exist (instead of an empty status)."""
        call(self, "read namespace", lambda: self.core.read_namespace(
            self.namespace, _request_timeout=TIMEOUT))

    def workloads(self) -> list[Workload]:
        """Deployments and StatefulSets of the release with their pods' restart counts."""
        self.ensure_namespace()
        sel = self.selector()
        deployments = call(self, "list deployments", lambda: self.apps.list_namespaced_deployment(
            self.namespace, label_selector=sel, _request_timeout=TIMEOUT)).items
        statefulsets = call(self, "list statefulsets",
                            lambda: self.apps.list_namespaced_stateful_set(
                                self.namespace, label_selector=sel,
                                _request_timeout=TIMEOUT)).items
        restarts: dict[str, int] = {}
        for pod in self.pods():
            component = (pod.metadata.labels or {}).get(COMPONENT, "")
            count = sum(s.restart_count or 0 for s in (pod.status.container_statuses or []))
            restarts[component] = restarts.get(component, 0) + count
        out = []
        for kind, objs in (("Deployment", deployments), ("StatefulSet", statefulsets)):
            for obj in objs:
                component = (obj.metadata.labels or {}).get(COMPONENT, obj.metadata.name)
                status = obj.status
                containers = obj.spec.template.spec.containers
                out.append(Workload(
                    kind=kind, name=obj.metadata.name, component=component,
                    desired=obj.spec.replicas if obj.spec.replicas is not None else 1,
                    ready=(status.ready_replicas or 0) if status else 0,
                    updated=(status.updated_replicas or 0) if status else 0,
                    image=containers[0].image if containers else "",
                    created=obj.metadata.creation_timestamp,
                    restarts=restarts.get(component, 0)))
        return sorted(out, key=lambda w: (w.kind != "Deployment", w.component))

    def pods(self, component: str | None = None) -> list[Any]:
        sel = self.selector(component)
        return call(self, "list pods", lambda: self.core.list_namespaced_pod(
            self.namespace, label_selector=sel, _request_timeout=TIMEOUT)).items

    def workload(self, component: str) -> Workload:
        """The component's workload, or an error listing the components that exist."""
        found = self.workloads()
        for w in found:
            if w.component == component:
                return w
        known = ", ".join(sorted(w.component for w in found)) or "none"
        raise JlpctlError(f"no component {component!r} in release {self.release!r} of namespace "
                          f"{self.namespace!r} (components: {known})")

    def autoscaler_of(self, deployment: str) -> Any | None:
        hpas = call(self, "list horizontalpodautoscalers",
                    lambda: self.autoscaling.list_namespaced_horizontal_pod_autoscaler(
                        self.namespace, label_selector=self.selector(),
                        _request_timeout=TIMEOUT)).items
        for hpa in hpas:
            ref = hpa.spec.scale_target_ref
            if ref.kind == "Deployment" and ref.name == deployment:
                return hpa
        return None

    def ingress_url(self) -> str | None:
        """https://host (or http://) of the release's Ingress, if it names a host."""
        ingresses = call(self, "list ingresses", lambda: self.networking.list_namespaced_ingress(
            self.namespace, label_selector=self.selector(), _request_timeout=TIMEOUT)).items
        for ing in ingresses:
            tls_hosts = {h for t in (ing.spec.tls or []) for h in (t.hosts or [])}
            for rule in ing.spec.rules or []:
                if rule.host:
                    scheme = "https" if rule.host in tls_hosts else "http"
                    return f"{scheme}://{rule.host}"
        return None

    # -- changing --------------------------------------------------------------------------

    def scale(self, name: str, replicas: int) -> None:
        body = {"spec": {"replicas": replicas}}
        call(self, "scale deployment", lambda: self.apps.patch_namespaced_deployment_scale(
            name, self.namespace, body, _content_type="application/merge-patch+json",
            _request_timeout=TIMEOUT))

    def set_autoscaler_floor(self, hpa: Any, replicas: int) -> int:
        """Raise or lower the HPA's minReplicas to `replicas`; returns the resulting maximum."""
        maximum = max(hpa.spec.max_replicas, replicas)
        body = {"spec": {"minReplicas": replicas, "maxReplicas": maximum}}
        call(self, "patch horizontalpodautoscaler",
             lambda: self.autoscaling.patch_namespaced_horizontal_pod_autoscaler(
                 hpa.metadata.name, self.namespace, body,
                 _content_type="application/merge-patch+json", _request_timeout=TIMEOUT))
        return maximum

    def restart(self, workload: Workload) -> str:
        """`kubectl rollout restart`: a new pod-template annotation rolls every pod."""
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        body = {"spec": {"template": {"metadata": {"annotations": {RESTARTED_AT: now}}}}}
        patch = (self.apps.patch_namespaced_deployment if workload.kind == "Deployment"
                 else self.apps.patch_namespaced_stateful_set)
        call(self, f"patch {workload.kind.lower()}", lambda: patch(
            workload.name, self.namespace, body,
            _content_type="application/strategic-merge-patch+json", _request_timeout=TIMEOUT))
        return now

    def log_lines(self, pod: str, container: str, tail: int | None, since: int | None,
                  follow: bool) -> Iterator[str]:
        """The container's log, line by line, streamed (follow) or up to now."""
        response = call(self, "read pod log", lambda: self.core.read_namespaced_pod_log(
            pod, self.namespace, container=container, tail_lines=tail, since_seconds=since,
            follow=follow, _preload_content=False,
            _request_timeout=None if follow else TIMEOUT))
        buffer = b""
        try:
            for chunk in response.stream(4096):
                buffer += chunk
                *lines, buffer = buffer.split(b"\n")
                for line in lines:
                    yield line.decode("utf-8", "replace")
            if buffer:
                yield buffer.decode("utf-8", "replace")
        finally:
            response.release_conn()


def call(cluster: Cluster, what: str, fn: Callable[[], T]) -> T:
    """Run one API call; turn transport and API failures into messages naming the cause."""
    try:
        return fn()
    except ApiException as exc:
        raise JlpctlError(api_message(cluster, what, exc)) from None
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise JlpctlError(
            f"cannot reach the Kubernetes API server at {cluster.server}: {reason}. "
            "Check the cluster is up and your kubeconfig context (--context).") from None


def api_message(cluster: Cluster, what: str, exc: ApiException) -> str:
    if exc.status == 404 and what == "read namespace":
        return f"namespace {cluster.namespace!r} does not exist on {cluster.server}"
    if exc.status == 401:
        return f"the Kubernetes API at {cluster.server} rejected your credentials (401)"
    if exc.status == 403:
        return (f"not allowed to {what} in namespace {cluster.namespace!r} (403 Forbidden): "
                "ask for a Role granting it")
    return f"{what} failed: {exc.status} {exc.reason}"

