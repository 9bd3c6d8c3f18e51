"""Our streams read a malformed admin submission as a form error.

Wagtail's StreamBlock reads its inputs (the count, each child's type, order and deletion, a
list's count, rich text as JSON) with `int()`, `json.loads` and plain key look-ups, so a body
missing one or holding a malformed one raises before any validation: a 500 where only a
broken or hostile client is to blame. Such a stream is read here as an empty value marked
unreadable, which `clean` refuses: the editor gets the form back with the error, and the page
keeps what it had (reloading the editor shows it).
"""

from django.core.exceptions import ValidationError
from django.forms.utils import ErrorList
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamValue

UNREADABLE = _(
    "This part of the form did not arrive whole, so nothing was saved. Reload the page and "
    "make your changes again."
)


class _Unreadable(StreamValue):
    pass


class ReadableStreamBlock(blocks.StreamBlock):
    def value_from_datadict(self, data, files, prefix):
        try:
            return super().value_from_datadict(data, files, prefix)
        except (KeyError, ValueError, TypeError):
            return _Unreadable(self, [])

    def clean(self, value):
        if isinstance(value, _Unreadable):
            raise blocks.StreamBlockValidationError(
                non_block_errors=ErrorList([ValidationError(UNREADABLE, code="unreadable")])
            )
        return super().clean(value)
