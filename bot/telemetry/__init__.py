"""Telemetry: log formats and redaction, the Prometheus metrics registry.

Used by every outer package, never by the core. Imports no other package of ours (only the
standard library and prometheus_client).
"""
