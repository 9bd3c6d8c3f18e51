"""Charts drawn on the server in HTML, with bars as small SVG shapes that stretch to the
screen's width: labels are text of the page's own size, above the bars on narrow screens;
every value is written out beside its bar, each series named, so colour is never the only
key; no JavaScript, no inline styles (colours come from classes in consult.css). The same
numbers are also given as a table (templates/outcomes/includes/chart.html).

A chart is rows of a label and one value per series: one series gives plain bars, several
give stacked ones. `columns=True` marks rows that are days, written as dates.
"""

from dataclasses import dataclass
from datetime import date


@dataclass
class Segment:
    series: int
    name: str
    value: int
    # Where it starts and how long it is, in percent of the longest bar.
    start: float
    length: float


@dataclass
class Bar:
    label: str
    total: int
    segments: list[Segment]


@dataclass
class Chart:
    id: str
    title: str
    label_heading: str
    series: list[str]
    rows: list[tuple[str | date, list[int]]]
    columns: bool = False

    @property
    def total(self) -> int:
        return sum(sum(values) for _label, values in self.rows)

    @property
    def stacked(self) -> bool:
        return len(self.series) > 1

    @property
    def table_rows(self) -> list[tuple[str | date, list[int], int]]:
        return [(label, values, sum(values)) for label, values in self.rows]

    @property
    def bars(self) -> list[Bar]:
        largest = max((sum(values) for _label, values in self.rows), default=0) or 1
        bars = []
        for label, values in self.rows:
            start = 0.0
            segments = []
            for series, (name, value) in enumerate(zip(self.series, values, strict=True)):
                length = 100 * value / largest
                segments.append(Segment(series, str(name), value, start, length))
                start += length
            bars.append(Bar(_day(label), sum(values), segments))
        return bars


def _day(label: str | date) -> str:
    return label.isoformat() if isinstance(label, date) else str(label)
