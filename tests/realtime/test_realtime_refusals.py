"""Who may not listen: foreign, `null` and missing origins, pages one may not read,
oversized messages, and the moderators' stream for anyone but a moderator with MFA."""

import pytest
from channels.db import database_sync_to_async
from django.contrib.auth.models import Group
from wagtail.models import PageViewRestriction

from consult.moderation import services as moderation
from consult.moderation.models import RuleCode
from tests.realtime.conftest import open_socket, post, run, stream_path


@pytest.mark.parametrize(
    "origin", [b"https://evil.example", b"null", None, b"http://testserver.evil.example"]
)
def test_handshakes_from_another_origin_or_none_are_refused(layer, consultation, origin):
    async def scenario():
        for path in (stream_path(consultation), "/ws/moderation/"):
            socket, connected, _ = await open_socket(path, origin=origin)
            assert not connected
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
        flag = database_sync_to_async(moderation.flag_create)
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
