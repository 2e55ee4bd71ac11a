"""environment's own `JLP_` variables, on top of jlp_common.config's platform and service ones."""

from __future__ import annotations

from jlp_common.config import Var

VARIABLES = (
    Var("JLP_ENVIRONMENT_HOUR_GRACE_MINUTES", "how long after its end a raw-data hour is closed"),
    Var("JLP_ENVIRONMENT_ALERT_LOOKBACK_HOURS", "hours older than this are not alerted on"),
    Var("JLP_ENVIRONMENT_SWEEP_SECONDS", "periodic evaluation and grid resolution; 0 disables"),
    Var("JLP_NOISE_DAY_START_HOUR", "GB 3096 day period start (06)"),
    Var("JLP_NOISE_NIGHT_START_HOUR", "GB 3096 night period start (22)"),
)
