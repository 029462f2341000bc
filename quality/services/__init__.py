"""Every write of the quality app: recording results when a run finishes (results.py), the issues'
lifecycle and actions (issues.py), retention (retention.py)."""
