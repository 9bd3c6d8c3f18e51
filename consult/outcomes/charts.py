"""Charts drawn on the server as SVG: no JavaScript, no inline styles (colours come from
classes in consult.css), and always shown beside a table with the same numbers
(templates/outcomes/includes/chart.html).

A chart is rows of a label and one value per series: one series gives plain bars, several
give stacked ones. `columns=True` draws vertical columns (for days) instead of bars.
"""

from dataclasses import dataclass, field
from datetime import date

WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 60
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LEGEND_HEIGHT = 26
COLUMN_PLOT_HEIGHT = 160
AXIS_HEIGHT = 24


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    series: int


@dataclass
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    id: str
    title: str
    label_heading: str
    series: list[str]
    rows: list[tuple[str | date, list[int]]]
    columns: bool = False
    rects: list[Rect] = field(init=False, default_factory=list)
    texts: list[Text] = field(init=False, default_factory=list)
    height: float = field(init=False, default=0)

    def __post_init__(self):
        if self.columns:
            self._draw_columns()
        else:
            self._draw_bars()

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
    def legend(self) -> list[tuple[Rect, Text]]:
        """A swatch and a name per series, under a stacked chart."""
        if not self.stacked:
            return []
        step = WIDTH / len(self.series)
        y = self.height - LEGEND_HEIGHT + 6
        return [
            (Rect(index * step, y, 12, 12, index), Text(index * step + 18, y + 11, str(name)))
            for index, name in enumerate(self.series)
        ]

    def _largest(self) -> int:
        return max((sum(values) for _label, values in self.rows), default=0) or 1

    def _draw_bars(self) -> None:
        room = WIDTH - LABEL_WIDTH - VALUE_WIDTH
        largest = self._largest()
        for row, (label, values) in enumerate(self.rows):
            y = row * ROW_HEIGHT
            self.texts.append(Text(LABEL_WIDTH - 8, y + BAR_HEIGHT - 4, str(label), "end"))
            x = float(LABEL_WIDTH)
            for series, value in enumerate(values):
                width = room * value / largest
                if width:
                    self.rects.append(Rect(x, y, width, BAR_HEIGHT, series))
                x += width
            self.texts.append(Text(x + 6, y + BAR_HEIGHT - 4, str(sum(values))))
        self.height = len(self.rows) * ROW_HEIGHT + (LEGEND_HEIGHT if self.stacked else 0)

    def _draw_columns(self) -> None:
        largest = self._largest()
        left = 40
        step = (WIDTH - left) / max(len(self.rows), 1)
        gap = min(2.0, step / 4)
        for column, (_label, values) in enumerate(self.rows):
            y = float(COLUMN_PLOT_HEIGHT)
            for series, value in enumerate(values):
                height = COLUMN_PLOT_HEIGHT * value / largest
                if height:
                    y -= height
                    self.rects.append(Rect(left + column * step, y, step - gap, height, series))
        self.texts.append(Text(left - 6, 12, str(largest), "end"))
        self.texts.append(Text(left - 6, COLUMN_PLOT_HEIGHT, "0", "end"))
        if self.rows:
            first, last = self.rows[0][0], self.rows[-1][0]
            self.texts.append(Text(left, COLUMN_PLOT_HEIGHT + 16, _day(first)))
            if len(self.rows) > 1:
                self.texts.append(Text(WIDTH, COLUMN_PLOT_HEIGHT + 16, _day(last), "end"))
        self.height = COLUMN_PLOT_HEIGHT + AXIS_HEIGHT + (LEGEND_HEIGHT if self.stacked else 0)


def _day(label: str | date) -> str:
    return label.isoformat() if isinstance(label, date) else str(label)
