"""Command line: `jlpctl [-n NS] [--release R] status|scale|restart|logs|check|deadletters`.

Exit codes: 0 done, 1 the suite is not ready (check), 2 an error the message explains.
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
from collections.abc import Sequence

from jlpctl import check as checks
from jlpctl import deadletters
from jlpctl.cluster import Cluster
from jlpctl.errors import JlpctlError
from jlpctl.table import age, render


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="jlpctl", description=__doc__.splitlines()[0])
    p.add_argument("-n", "--namespace", default=os.environ.get("JLPCTL_NAMESPACE", "jlp"),
                   help="namespace of the release (default: $JLPCTL_NAMESPACE or jlp)")
    p.add_argument("--release", default=os.environ.get("JLPCTL_RELEASE", "jlp"),
                   help="Helm release name (default: $JLPCTL_RELEASE or jlp)")
    p.add_argument("--kubeconfig", help="kubeconfig file (default: $KUBECONFIG, ~/.kube/config)")
    p.add_argument("--context", help="kubeconfig context (default: the current one)")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("status", help="desired/ready replicas, restarts, image and age per component")
    scale = sub.add_parser("scale", help="set a component's replicas (and its autoscaler floor)")
    scale.add_argument("component")
    scale.add_argument("replicas", type=int)
    restart = sub.add_parser("restart", help="rolling restart of a component")
    restart.add_argument("component")
    logs = sub.add_parser("logs", help="logs of every pod of a component")
    logs.add_argument("component")
    logs.add_argument("--tail", type=int, default=100, help="lines per pod (-1: all)")
    logs.add_argument("--since", type=int, help="only the last N seconds")
    logs.add_argument("-f", "--follow", action="store_true", help="stream new lines")
    check = sub.add_parser("check", help="readiness of the suite through the gateway")
    check.add_argument("--gateway-url", default=os.environ.get("JLP_GATEWAY_URL"),
                       help="gateway base URL (default: $JLP_GATEWAY_URL, else the Ingress host)")
    deadletters.add_parser(sub)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except JlpctlError as exc:
        print(f"jlpctl: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def connect(args: argparse.Namespace) -> Cluster:
    return Cluster.connect(args.namespace, args.release, args.kubeconfig, args.context)


def status(args: argparse.Namespace) -> int:
    workloads = connect(args).workloads()
    if not workloads:
        raise JlpctlError(f"release {args.release!r} has no workloads in namespace "
                          f"{args.namespace!r} (installed with another --release?)")
    rows = [(w.component, w.kind, w.desired, w.ready, w.updated, w.restarts, w.image,
             age(w.created)) for w in workloads]
    print(render(("COMPONENT", "KIND", "DESIRED", "READY", "UP-TO-DATE", "RESTARTS", "IMAGE",
                  "AGE"), rows))
    return 0


def scale(args: argparse.Namespace) -> int:
    if args.replicas < 0:
        raise JlpctlError("replicas must be 0 or more")
    cluster = connect(args)
    workload = cluster.workload(args.component)
    if workload.kind != "Deployment":
        raise JlpctlError(f"{args.component} is a {workload.kind}: its size is a quorum, change "
                          "it with `helm upgrade` (docs/deploy.md, Scale)")
    hpa = cluster.autoscaler_of(workload.name)
    if hpa is not None and args.replicas == 0:
        raise JlpctlError(f"{args.component} is autoscaled: an autoscaler cannot go to 0; "
                          "disable services.<name>.autoscaling with helm upgrade first")
    if hpa is not None:
        maximum = cluster.set_autoscaler_floor(hpa, args.replicas)
        print(f"{args.component}: autoscaler {hpa.metadata.name} now keeps "
              f"{args.replicas}..{maximum} replicas")
    cluster.scale(workload.name, args.replicas)
    print(f"{args.component}: scaled {workload.name} from {workload.desired} to {args.replicas}")
    return 0


def restart(args: argparse.Namespace) -> int:
    cluster = connect(args)
    workload = cluster.workload(args.component)
    when = cluster.restart(workload)
    print(f"{args.component}: rolling restart of {workload.kind.lower()} {workload.name} "
          f"requested at {when}")
    return 0


def logs(args: argparse.Namespace) -> int:
    cluster = connect(args)
    cluster.workload(args.component)  # a clear error for unknown components
    pods = sorted(p.metadata.name for p in cluster.pods(args.component))
    if not pods:
        raise JlpctlError(f"{args.component} has no pods")
    tail = None if args.tail < 0 else args.tail
    lock = threading.Lock()

    def show(pod: str) -> None:
        for line in cluster.log_lines(pod, args.component, tail, args.since, args.follow):
            with lock:
                print(f"[{pod}] {line}", flush=args.follow)

    if not args.follow or len(pods) == 1:
        for pod in pods:
            show(pod)
        return 0
    threads = [threading.Thread(target=show, args=(pod,), daemon=True) for pod in pods]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return 0


def check(args: argparse.Namespace) -> int:
    url = args.gateway_url or connect(args).ingress_url()
    if not url:
        raise JlpctlError("no gateway URL: pass --gateway-url or set JLP_GATEWAY_URL (the "
                          "release's Ingress names no host)")
    result = checks.readiness(url)
    for name, state in sorted(result.services.items()):
        print(f"{name:<20} {state}")
    if result.ready:
        print(f"ready: {url}")
        return 0
    print(f"NOT READY ({result.status}): {result.detail or 'see above'}")
    return 1


COMMANDS = {"status": status, "scale": scale, "restart": restart, "logs": logs, "check": check,
            "deadletters": deadletters.run}


if __name__ == "__main__":
    sys.exit(main())
