"""Who may call which method of the environment service (deny by default; DESIGN §3 Auth).

Permissions are granted to roles in the component catalogue (jlp_common/components.yaml).
"""

from __future__ import annotations

from jlp_common.auth import PUBLIC

STATION_ADMIN = "environment:station.admin"
READING_WRITE, ALERT_READ = "environment:reading.write", "environment:alert.read"
RULE_ADMIN = "environment:rule.admin"

ENVIRONMENT_SERVICE = {
    "CalculateAqi": PUBLIC,  # a pure calculation on the caller's own numbers
    "CreateStation": STATION_ADMIN,
    # Monitoring data is public environmental information (the citizen app and the ops dashboard
    # show it without sign-in; key dischargers' data is disclosed by law): reads need no token.
    "GetStation": PUBLIC,
    "ListStations": PUBLIC,
    "UpdateStation": STATION_ADMIN,
    "CreateReading": READING_WRITE,
    "BatchCreateReadings": READING_WRITE,
    "StreamReadings": READING_WRITE,
    "ListLatest": PUBLIC,
    "QueryTimeSeries": PUBLIC,
    "AssessStation": PUBLIC,
    "RankAqi": PUBLIC,
    "ListAlerts": ALERT_READ,
    "GetAlert": ALERT_READ,
    "ListAlertRules": ALERT_READ,
    "CreateAlertRule": RULE_ADMIN,
    "UpdateAlertRule": RULE_ADMIN,
}

POLICY = {"EnvironmentService": ENVIRONMENT_SERVICE}
