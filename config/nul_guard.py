"""A query string that carries a NUL byte is refused at the door (400).

PostgreSQL's text cannot hold one, so a NUL reaching a lookup fails there as a 500, in our
views and in Wagtail's and Django's alike (a snippet listing's `?locale=%00`). No link or
form of ours sends one. Form bodies need no guard: every form field refuses a NUL itself.
"""

from asgiref.sync import iscoroutinefunction
from django.core.exceptions import BadRequest
from django.utils.decorators import sync_and_async_middleware


def _refuse_nul(request) -> None:
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in value for value in values):
            raise BadRequest("A NUL byte in the query string.")


@sync_and_async_middleware
def refuse_nul_in_query(get_response):
    if iscoroutinefunction(get_response):

        async def middleware(request):
            _refuse_nul(request)
            return await get_response(request)

    else:

        def middleware(request):
            _refuse_nul(request)
            return get_response(request)

    return middleware
