"""The SVG charts (portal/charts.py): drawn without the app, in either language."""
import re
from datetime import date, timedelta
from decimal import Decimal

from gateway.portal.charts import Figure, bar_chart, figures, nice_ceiling, step_chart

DAYS = [Figure(date(2026, 11, 2) + timedelta(days=n), n % 4) for n in range(30)]


def test_the_axis_ends_on_a_round_number_at_or_above_the_highest_value():
    assert [nice_ceiling(v) for v in (0, 1, 3, 7, 12, 1234, 2400.5)] == [1, 1, 5, 10, 20, 2000, 2500]


def test_an_axis_of_counts_has_a_whole_number_in_its_middle():
    assert [nice_ceiling(v, whole=True) for v in (0, 1, 3, 5, 9, 11, 23, 240)] == [2, 2, 4, 6, 10, 20, 50, 500]
    svg = bar_chart([Figure(date(2026, 12, 1), 0), Figure(date(2026, 12, 2), 1)], title="Orders per day",
                    description="1 order.", locale="nl")
    assert [label for label in re.findall(r'text-anchor="end" font-size="\d+">([^<]+)<', svg) if label[0].isdigit()][:3] \
        == ["0", "1", "2"]


def test_a_bar_chart_names_itself_for_screen_readers_and_gives_each_bar_its_figure():
    svg = bar_chart(DAYS, title="Orders per day", description="45 orders.", locale="en")
    assert svg.startswith('<svg class="chart chart-bars" viewBox="0 0 480 210" role="img"')
    [labelled_by] = re.findall(r'aria-labelledby="([^"]+)"', svg)
    title_id, desc_id = labelled_by.split()
    assert f'<title id="{title_id}">Orders per day</title>' in svg and f'<desc id="{desc_id}">45 orders.</desc>' in svg
    assert svg.count('class="chart-bar"') == 30
    assert "<title>November 5, 2026: 3</title>" in svg
    assert "style=" not in svg  # the Content-Security-Policy allows no style attributes


def test_axis_labels_and_figures_are_written_as_the_reader_writes_them():
    values = [Figure(date(2026, 12, 1), Decimal("1234.5")), Figure(date(2026, 12, 2), Decimal("2400"))]
    dutch = step_chart(values, title="Voorraadwaarde", description="", locale="nl", money=True)
    assert ">1 dec<" in dutch and ">2.500<" in dutch and "<title>1 december 2026: 1.234,50</title>" in dutch
    english = step_chart(values, title="Stock value", description="", locale="en", money=True)
    assert ">1 Dec<" in english and ">2,500<" in english
    assert figures(values, "nl", money=True) == [("1 december 2026", "1.234,50"), ("2 december 2026", "2.400,00")]


def test_titles_and_descriptions_are_escaped():
    svg = step_chart(DAYS, title="<b>MAT & co</b>", description='"quoted"', locale="en")
    assert "&lt;b&gt;MAT &amp; co&lt;/b&gt;" in svg and "<b>" not in svg


def test_a_step_chart_holds_each_days_level_until_the_next():
    svg = step_chart([Figure(date(2026, 12, 1), 10), Figure(date(2026, 12, 2), 5)], title="t", description="d",
                     locale="en")
    [points] = re.findall(r'<polyline class="chart-line" points="([^"]+)"', svg)
    ys = [float(point.split(",")[1]) for point in points.split()]
    assert ys[0] == ys[1] and ys[2] == ys[3] and ys[0] < ys[2]  # 10 above 5, each flat for its day
    assert svg.count('class="chart-hover"') == 2


def test_an_empty_series_draws_only_the_axes():
    svg = bar_chart([], title="t", description="d", locale="en")
    assert 'class="chart-bar"' not in svg and 'class="chart-grid"' in svg


def test_the_figures_of_a_level_name_the_days_it_changed():
    days = [Figure(date(2026, 12, n), value) for n, value in ((1, 5), (2, 5), (3, 7), (4, 7), (5, 7))]
    assert [day for day, _ in figures(days, "en", changes_only=True)] == [
        "December 1, 2026", "December 3, 2026", "December 5, 2026"]
