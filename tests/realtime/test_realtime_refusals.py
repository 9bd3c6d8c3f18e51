"""Who may not listen: foreign, `null` and missing origins (scheme, host and port compared),
pages one may not read, oversized messages, and the moderators' stream for anyone but a
moderator with MFA."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from consult.moderation.models import RuleCode
from consult.moderation.services.flags import flag_create
from tests.realtime.conftest import open_socket, post, run, stream_path


@pytest.mark.parametrize(
    ("scheme", "host", "origin"),
    [
        ("ws", b"testserver", b"https://evil.example"),
        ("ws", b"testserver", b"null"),
        ("ws", b"testserver", None),
        ("ws", b"testserver", b"http://testserver.evil.example"),
        ("ws", b"testserver", b"http://localhost"),
        # Another port of the same host: another application, or a developer's tool.
        ("ws", b"localhost:8000", b"http://localhost:9999"),
        ("ws", b"localhost:8000", b"http://localhost"),
        ("ws", b"testserver", b"http://testserver:8080"),
        # The other scheme: a plain-HTTP page must not open the site's secure sockets.
        ("ws", b"testserver", b"https://testserver"),
        ("wss", b"testserver", b"http://testserver"),
        # A Host the site does not serve (DNS rebinding), even with its own origin.
        ("ws", b"evil.example", b"http://evil.example"),
    ],
)
def test_handshakes_from_another_scheme_host_or_port_or_none_are_refused(
    layer, consultation, scheme, host, origin
):
    async def scenario():
        for path in (stream_path(consultation), "/ws/moderation/"):
            socket, connected, _ = await open_socket(path, origin=origin, host=host, scheme=scheme)
            assert not connected
            await socket.disconnect()

    run(scenario)


@pytest.mark.parametrize(
    ("scheme", "host", "origin"),
    [
        ("ws", b"localhost:8000", b"http://localhost:8000"),
        ("ws", b"testserver:80", b"http://testserver"),
        ("wss", b"testserver", b"https://testserver:443"),
        ("wss", b"TestServer", b"https://testserver"),
    ],
)
def test_a_page_of_the_site_opens_its_stream(layer, consultation, scheme, host, origin):
    async def scenario():
        socket, connected, _ = await open_socket(
            stream_path(consultation), origin=origin, host=host, scheme=scheme
        )
        assert connected
        await socket.disconnect()

    run(scenario)


def test_csrf_trusted_origins_may_open_sockets_as_they_may_post(layer, consultation, settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://consult.example.org"]

    async def scenario():
        for origin, allowed in [
            (b"https://consult.example.org", True),
            (b"https://consult.example.org:8443", False),
            (b"http://consult.example.org", False),
        ]:
            socket, connected, _ = await open_socket(stream_path(consultation), origin=origin)
            assert connected is allowed, origin
            await socket.disconnect()

    run(scenario)


def test_pages_one_may_not_read_have_no_stream(layer, make_consultation, consultation, bob):
    draft = make_consultation("A draft", live=False)
    members_only = make_consultation("For members")
    PageViewRestriction.objects.create(
        page=members_only, restriction_type=PageViewRestriction.LOGIN
    )

    async def scenario():
        for path, user, allowed in [
            (stream_path(draft), None, False),
            (stream_path(draft), bob, False),
            ("/ws/consultations/999999/", None, False),
            (stream_path(members_only), None, False),
            (stream_path(members_only), bob, True),
            (stream_path(consultation), None, True),
        ]:
            socket, connected, _ = await open_socket(path, user=user)
            assert connected is allowed, path
            await socket.disconnect()

    run(scenario)


def test_a_message_over_one_mebibyte_closes_the_socket(layer, consultation):
    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation))
        assert connected
        await socket.send_to(text_data="x" * 1024 * 1024)
        assert await socket.receive_nothing(timeout=0.3)
        await socket.send_to(text_data="x" * (1024 * 1024 + 1))
        closed = await socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 1009}
        await socket.disconnect()

    run(scenario)


def test_only_moderators_with_mfa_hear_the_queue(layer, consultation, alice, nick, mona):
    async def scenario():
        for user in (None, alice, nick):
            socket, connected, _ = await open_socket("/ws/moderation/", user=user)
            assert not connected
            await socket.disconnect()
        socket, connected, _ = await open_socket("/ws/moderation/", user=mona)
        assert connected
        await socket.disconnect()

    run(scenario)


def test_a_moderator_taken_out_of_the_group_stops_hearing_at_once(
    layer, consultation, alice, bob, mona
):
    async def scenario():
        socket, connected, _ = await open_socket("/ws/moderation/", user=mona)
        assert connected
        comment = await post(consultation, alice, "Flag me.")
        flag = database_sync_to_async(flag_create)
        await flag(comment=comment, flagger=bob, rule_code=RuleCode.SPAM)
        assert (await socket.receive_json_from(timeout=5))["kind"] == "flagged"

        @database_sync_to_async
        def demote():
            mona.groups.remove(Group.objects.get(name="Moderators"))

        await demote()
        other = await post(consultation, bob, "And me.")
        await flag(comment=other, flagger=alice, rule_code=RuleCode.SPAM)
        closed = await socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4003}
        await socket.disconnect()

    run(scenario)


def restrict_to(page, group: Group) -> None:
    """Only members of `group` may read `page` from now on: a Wagtail view restriction."""
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(group)


def test_a_consultation_made_private_stops_reaching_sockets_that_may_no_longer_read_it(
    layer, consultation, alice, bob
):
    editors = Group.objects.create(name="Panel")
    bob.groups.add(editors)

    async def scenario():
        sockets = {}
        for name, user in (("public", None), ("alice", alice), ("bob", bob)):
            socket, connected, _ = await open_socket(stream_path(consultation), user=user)
            assert connected
            sockets[name] = socket
        await post(consultation, bob, "Said in the open.")
        for socket in sockets.values():
            assert "Said in the open." in (await socket.receive_json_from(timeout=5))["html"]

        await database_sync_to_async(restrict_to)(consultation, editors)
        await post(consultation, bob, "Said behind the restriction.")

        # The member still hears it; the others are refused, and hear nothing of it.
        heard = await sockets["bob"].receive_json_from(timeout=5)
        assert "Said behind the restriction." in heard["html"]
        for name in ("public", "alice"):
            closed = await sockets[name].receive_output(timeout=5)
            assert closed == {"type": "websocket.close", "code": 4003}, name
        # Nor may a refused reader catch up on what it missed.
        for socket in sockets.values():
            await socket.disconnect()

    run(scenario)


def test_a_reader_taken_out_of_the_group_stops_hearing_a_private_consultation(
    layer, consultation, alice, bob
):
    editors = Group.objects.create(name="Panel")
    for user in (alice, bob):
        user.groups.add(editors)
    restrict_to(consultation, editors)

    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation), user=alice)
        assert connected
        await post(consultation, bob, "For the panel.")
        assert "For the panel." in (await socket.receive_json_from(timeout=5))["html"]

        await database_sync_to_async(alice.groups.remove)(editors)
        await post(consultation, bob, "For the panel only.")

        closed = await socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4003}
        await socket.disconnect()

    run(scenario)


def test_a_reader_refused_since_the_last_event_may_not_catch_up_on_it(layer, consultation, bob):
    editors = Group.objects.create(name="Panel")

    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation))
        assert connected
        await post(consultation, bob, "Said in the open.")
        assert (await socket.receive_json_from(timeout=5))["seq"] == 1
        # The page was found open to anyone at that event; since, it was made private.
        await database_sync_to_async(restrict_to)(consultation, editors)
        await socket.send_json_to({"resync": 0})
        closed = await socket.receive_output(timeout=5)
        assert closed == {"type": "websocket.close", "code": 4003}
        await socket.disconnect()

    run(scenario)
