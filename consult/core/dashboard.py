"""A panel on the Wagtail dashboard: a heading and a list of links, each with a detail, or
a line saying there is nothing to do. Each app registers its own (through
`construct_homepage_panels`) with the rows of its own queries."""

from dataclasses import dataclass

from wagtail.admin.ui.components import Component


@dataclass
class DashboardRow:
    label: str
    url: str
    detail: str = ""


class DashboardListPanel(Component):
    template_name = "includes/dashboard_panel.html"
    name = ""
    heading = ""
    empty = ""
    order = 50

    def __init__(self, rows: list[DashboardRow]):
        self.rows = rows

    def get_context_data(self, parent_context=None):
        return {
            "panel_id": self.name,
            "heading": self.heading,
            "empty": self.empty,
            "rows": self.rows,
        }
