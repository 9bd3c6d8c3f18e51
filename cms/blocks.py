"""StreamField blocks shared by the content pages (and by any app that wants plain prose)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from consult.core.blocks import ReadableStreamBlock

# Editors write prose, not layout: no images, embeds or raw HTML in body text.
PROSE_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Text"), max_length=200)
    # h1 is the page title; body headings start one level below.
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section heading")), ("h3", _("Subheading"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "cms/blocks/heading.html"


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200, required=False)
    body = blocks.RichTextBlock(label=_("Text"), features=PROSE_FEATURES)
    tone = blocks.ChoiceBlock(
        label=_("Tone"),
        choices=[("info", _("Information")), ("important", _("Important"))],
        default="info",
    )

    class Meta:
        icon = "help"
        label = _("Callout")
        template = "cms/blocks/callout.html"


class StepBlock(blocks.StructBlock):
    """One step of "how taking part works" on the home page; numbered by its position."""

    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"), max_length=400)

    class Meta:
        icon = "list-ol"
        label = _("Step")
        template = "cms/blocks/step.html"


class BodyBlock(ReadableStreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=PROSE_FEATURES, template="cms/blocks/paragraph.html"
    )
    callout = CalloutBlock()


class StepsBlock(ReadableStreamBlock):
    step = StepBlock()
