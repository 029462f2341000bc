"""The engine, in three rooms; a step's data goes through them once, in this order, and each room imports
only the ones before it:

- **planning** (``planning.py``): graph → plan (fused groups), the plan of an execution (cached per
  version), which inputs of a group are absent, what runs next, how long a step is expected to take.
  Reads only, no writes.
- **running a step** (``outcomes.py``, ``context.py``, ``monitor.py``, ``running.py``, ``publishing.py``):
  inputs → Polars → outputs (artifacts or staged destination writes), the step monitor and its log
  handler, the commit phase of the destinations. No ORM writes: what is to be recorded goes to the
  recording room through a ``monitor.StepRecorder`` or a callback, or comes back as a ``GroupOutcome``.
- **recording** (``executions/services/``): the services that claim, succeed, fail, release, heartbeat,
  and write logs and events (``steps.py``, ``release.py``, ``chain.py``, ``heartbeat.py``,
  ``lifecycle.py``, ``watchdog.py``).
"""
