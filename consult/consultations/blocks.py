"""StreamField blocks shared by consultation pages and the AI system card.

Question blocks are stored with Wagtail's per-block UUIDs (`block.id`), which survive edits and
reordering: answers are stored against those ids, so never regenerate them. Choices in a
ListBlock carry their own stable ids too.
"""

from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from consult.core.blocks import ReadableStreamBlock


# Wagtail labels a block's input only inside a StructBlock: alone in a stream or a list it has
# no accessible name (axe "label", "aria-input-field-name"). These name it by the block's label.
# Only the admin's widget differs, so migrations record Wagtail's own block.
class NamedCharBlock(blocks.CharBlock):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.field.widget.attrs["aria-label"] = self.label

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.CharBlock", args, kwargs


class NamedRichTextBlock(blocks.RichTextBlock):
    @cached_property
    def field(self):
        field = super().field
        field.widget.options["ariaLabel"] = self.label  # Draftail's own prop
        return field

    def deconstruct(self):
        _path, args, kwargs = super().deconstruct()
        return "wagtail.blocks.RichTextBlock", args, kwargs


class CalloutBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=120)
    text = blocks.TextBlock(label=_("Text"))

    class Meta:
        icon = "info-circle"
        label = _("Call-out")
        template = "consultations/blocks/callout.html"


class BodyBlock(ReadableStreamBlock):
    heading = NamedCharBlock(
        label=_("Heading"),
        max_length=120,
        form_classname="title",
        icon="title",
        template="consultations/blocks/heading.html",
    )
    paragraph = NamedRichTextBlock(
        label=_("Paragraph"),
        features=["bold", "italic", "link", "ol", "ul", "document-link"],
        icon="pilcrow",
    )
    callout = CalloutBlock()


class LinkBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=200)
    url = blocks.URLBlock(label=_("Address"))

    class Meta:
        icon = "link"
        label = _("Link")


class QuestionBlock(blocks.StructBlock):
    """Fields every question has; answering comes later and keys answers on `block.id`.
    Rendered by consultations/includes/question.html, which needs the stream child's id and
    type, so not through a block template."""

    prompt = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.TextBlock(label=_("Help text"), required=False)
    required = blocks.BooleanBlock(label=_("An answer is required"), required=False)


class LongTextQuestionBlock(QuestionBlock):
    class Meta:
        icon = "doc-full"
        label = _("Long text question")


class SingleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(NamedCharBlock(label=_("Choice"), max_length=200), min_num=2)

    class Meta:
        icon = "radio-full"
        label = _("Single choice question")


class MultipleChoiceQuestionBlock(QuestionBlock):
    choices = blocks.ListBlock(NamedCharBlock(label=_("Choice"), max_length=200), min_num=2)

    class Meta:
        icon = "tick"
        label = _("Multiple choice question")


class ScaleQuestionBlock(QuestionBlock):
    low_label = blocks.CharBlock(
        label=_("Label for 1"), max_length=60, required=False, help_text=_("e.g. Strongly oppose")
    )
    high_label = blocks.CharBlock(
        label=_("Label for 5"), max_length=60, required=False, help_text=_("e.g. Strongly support")
    )

    class Meta:
        icon = "list-ol"
        label = _("Scale from 1 to 5")


class QuestionsBlock(ReadableStreamBlock):
    long_text = LongTextQuestionBlock()
    single_choice = SingleChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    scale = ScaleQuestionBlock()
