"""Every write of the monitoring app: host samples, worker heartbeats and the roster (system.py); alert
rules, their evaluation, firing, resolving and delivery (alerts.py)."""

from monitoring.services.alerts import (
    alert_acknowledge,
    alert_fire,
    alert_resolve,
    alert_resolve_by,
    alert_rule_delete,
    alert_rule_save,
    alert_rule_validate,
    alerts_evaluate_execution,
    alerts_evaluate_metrics,
)
from monitoring.services.system import (
    metric_samples_cleanup,
    metrics_sample,
    worker_heartbeat,
    worker_offline,
    workers_mark_stale_offline,
)

__all__ = [
    "alert_acknowledge",
    "alert_fire",
    "alert_resolve",
    "alert_resolve_by",
    "alert_rule_delete",
    "alert_rule_save",
    "alert_rule_validate",
    "alerts_evaluate_execution",
    "alerts_evaluate_metrics",
    "metric_samples_cleanup",
    "metrics_sample",
    "worker_heartbeat",
    "worker_offline",
    "workers_mark_stale_offline",
]
