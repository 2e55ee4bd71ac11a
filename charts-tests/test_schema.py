"""values.schema.json and the chart's own checks reject wrong values at install time."""

from __future__ import annotations

import pytest

REJECTED = [
    # (--set arguments, a fragment of the error helm must print)
    (["nats.image.tag=2.12.2-alpine"], "/nats/image/tag"),      # before the Jepsen fixes
    (["nats.image.tag=latest"], "/nats/image/tag"),
    (["nats.jetstream.syncInterval=2m"], "/nats/jetstream/syncInterval"),
    (["nats.replicas=2"], "/nats/replicas"),                     # no even quorums
    (["mongodb.replicas=4"], "/mongodb/replicas"),
    (["services.identity.protocol=tcp"], "/services/identity"),
    (["services.identity.port=99999"], "/services/identity"),
    (["services.identity.colour=blue"], "additional properties 'colour' not allowed"),
    (["services.nats.protocol=grpc", "services.nats.port=4222"], "invalid propertyName 'nats'"),
    (["services.identity.allowFrom={nobody}"], 'allowFrom names "nobody"'),
    (["services.identity.extraSecretEnv={JLP_MONGO_URL}"], "/services/identity"),
    (["componentDefaults.resources.limits.memory=lots"], "/componentDefaults/resources"),
    (["secrets.piiKey=too-short"], "/secrets/piiKey"),
    (["nats.password=p@ss:word"], "/nats/password"),             # would break the URL
    (["streams.replicas=5"], "cannot exceed nats.replicas"),
    (["nats.enabled=false"], "set externalNats.url"),
    (["mongodb.enabled=false"], "set externalMongodb.uri"),
    (["externalMongodb.uri=postgres://x"], "/externalMongodb/uri"),
    (["ingress.path=api"], "/ingress/path"),
    (["surprise=1"], "additional properties 'surprise' not allowed"),
    # The 184-day floor lives in identity's code; no value can shorten it.
    (["auditRetention.keepDays=90"], "additional properties 'keepDays' not allowed"),
    (["auditRetention.schedule=CRON_TZ=UTC 0 3 * * *"], "/auditRetention/schedule"),
    (["auditRetention.failedJobsHistoryLimit=0"], "/auditRetention/failedJobsHistoryLimit"),
    (["services.billing.replicas=1"], "services.billing is not in the component catalogue"),
    (["services.audit-retention.protocol=grpc", "services.audit-retention.port=50060"],
     "invalid propertyName 'audit-retention'"),
]


@pytest.mark.parametrize(("sets", "fragment"), REJECTED, ids=[r[0][0] for r in REJECTED])
def test_wrong_values_are_rejected(render, sets, fragment):
    with pytest.raises(RuntimeError) as failure:
        render("rejected", set_values=sets)
    assert fragment in str(failure.value)


def test_an_outside_component_is_one_values_entry(render):
    """A component that is not in the catalogue (a partner's service) is deployed fully by
    declaring it in the values (the suite's own components come from the catalogue)."""
    r = render("new", set_values=[
        "services.partner-x.protocol=grpc",
        "services.partner-x.port=50053",
        "services.partner-x.allowFrom={gateway}",
    ])
    for kind in ("Deployment", "Service", "ServiceAccount", "HorizontalPodAutoscaler",
                 "PodDisruptionBudget", "NetworkPolicy"):
        assert r.get(kind, "jlp-partner-x")
    deployment = r.get("Deployment", "jlp-partner-x")
    container = deployment["spec"]["template"]["spec"]["containers"][0]
    assert container["image"] == "jlp-partner-x:0.1.0"
    assert container["readinessProbe"]["grpc"] == {"port": 50053}
    config = r.get("ConfigMap", "jlp-config")["data"]
    # no address variable for it: the suite's components refuse variables they do not read
    assert "JLP_PARTNER_X_ADDR" not in config
