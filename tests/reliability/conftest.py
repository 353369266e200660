"""Markers of the reliability tests, so a quick local run can leave the slow ones out (``-m "not crash"``)."""

from __future__ import annotations


def pytest_configure(config) -> None:
    config.addinivalue_line("markers", "crash: kills real ingest processes with SIGKILL (about a minute)")
