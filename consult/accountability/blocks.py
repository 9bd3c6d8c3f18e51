"""The listed items of a fundamental rights impact assessment: the groups of people likely to
be affected (Art. 27(1)(c)) and the risks of harm to them (Art. 27(1)(d)).

Each item cites, by number, what in the consultation raised it: comments, positions and the
themes staff tagged comments with. Numbers rather than choosers: the same numbers stay valid
in the French version (contributions belong to the one canonical consultation), and the
assessment's `clean()` checks each belongs to its consultation.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from consult.consultations.models.ai_system import Right


def _cited(label, help_text) -> blocks.ListBlock:
    return blocks.ListBlock(
        blocks.IntegerBlock(min_value=1, label=_("Number")),
        label=label,
        help_text=help_text,
        required=False,
        default=[],
    )


class CitingBlock(blocks.StructBlock):
    comments = _cited(
        _("Comments that raised it"),
        _("The number at the end of the comment's address, as 123 in /comments/123/."),
    )
    positions = _cited(
        _("Positions that raised it"),
        _("The position's id in the contributions export (rows of kind “position”)."),
    )
    themes = _cited(
        _("Themes that raised it"),
        _("The theme's number, as 123 in theme=123 in its link on the themes page."),
    )

    CITATION_KINDS = ("comments", "positions", "themes")


class AffectedGroupBlock(CitingBlock):
    name = blocks.CharBlock(label=_("Group of people"), max_length=200)
    description = blocks.TextBlock(label=_("How and why they are affected"), required=False)

    class Meta:
        icon = "group"
        label = _("Affected group")
        form_classname = "struct-block"


class RiskBlock(CitingBlock):
    name = blocks.CharBlock(label=_("Risk of harm"), max_length=200)
    right = blocks.ChoiceBlock(choices=Right.choices, label=_("Right at risk"), required=False)
    description = blocks.TextBlock(label=_("Who it harms, how, and how likely"), required=False)

    class Meta:
        icon = "warning"
        label = _("Risk of harm")
