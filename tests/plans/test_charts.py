"""The SVG charts parse as XML, stay inside their box, and escape what users wrote."""

import xml.etree.ElementTree as ET

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from secretariat.plans.charts import Bar, bar_chart, trend_chart

SVG = "{http://www.w3.org/2000/svg}"
value = st.one_of(st.none(), st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))


def _box(svg):
    _x, _y, width, height = (float(v) for v in svg.get("viewBox").split())
    return width, height


# The machine is shared: slow generation under load is not the code's fault.
@settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(value, value), min_size=1, max_size=8))
def test_trend_points_stay_inside_the_box(pairs):
    chart = trend_chart(
        title="T",
        periods=[f"P{i}" for i in range(len(pairs))],
        targets=[t for t, _ in pairs],
        actuals=[a for _, a in pairs],
        legend=("Target", "Value"),
        headers=("Period", "Target", "Value"),
        summary="S",
    )
    svg = ET.fromstring(chart.svg)
    width, height = _box(svg)
    for circle in svg.iter(f"{SVG}circle"):
        assert 0 <= float(circle.get("cx")) <= width
        assert 0 <= float(circle.get("cy")) <= height
    assert len(chart.rows) == len(pairs)


def test_names_are_escaped_and_bars_proportional():
    chart = bar_chart(
        title='<script>alert("x")</script>',
        bars=[Bar("A & <B>", 50, "amber", "At risk"), Bar("C", None, "none", "No data")],
        no_data="no data yet",
        headers=("Part", "Progress", "Status"),
        summary="S",
    )
    svg = ET.fromstring(chart.svg)  # would fail on an unescaped < or &
    assert svg.find(f"{SVG}title").text == '<script>alert("x")</script>'
    widths = [float(r.get("width")) for r in svg.iter(f"{SVG}rect")]
    assert widths == [150.0, 0.0]  # half of the 300-unit bar, and nothing without data
    assert chart.rows == (("A & <B>", "50%", "At risk"), ("C", "no data yet", "No data"))
