"""A line chart with one data point shows the point (issue 18: it drew nothing, a line needs two points)."""

from __future__ import annotations

from datetime import UTC, datetime

from monitoring import charts

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 1, 0, 1, tzinfo=UTC)


def test_a_time_line_with_one_point_shows_its_symbol():
    option = charts.time_lines({"one": [(T0, 3.0)], "two": [(T0, 1.0), (T1, 2.0)], "gap": [(T0, None), (T1, 5.0)]})
    shown = {s["name"]: s["showSymbol"] for s in option["series"]}
    assert shown == {"one": True, "two": False, "gap": True}


def test_a_sparkline_with_one_value_has_a_symbol():
    assert charts.sparkline([42.0], name="cpu")["series"][0]["symbol"] == "circle"
    assert charts.sparkline([None, 42.0, None], name="cpu")["series"][0]["symbol"] == "circle"
    assert charts.sparkline([1.0, 2.0], name="cpu")["series"][0]["symbol"] == "none"


def test_host_lines_of_a_single_sample_show_it():
    hosts = [{"host": "w1", "samples": [{"ts": T0, "cpu_percent": 10.0, "memory_percent": 20.0}]}]
    option = charts.host_lines(hosts)
    assert all(s["showSymbol"] for s in option["series"])
