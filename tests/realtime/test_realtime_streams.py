"""The consultation stream through the ASGI application, on both channel layers: who may
listen, what each reader hears, numbering and catching up, and coalesced tallies."""

import asyncio
import json
import re
import time

import psycopg
import pytest
from channels.db import database_sync_to_async
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client

from consult.consultations.models import ModerationMode
from consult.discussion import services
from consult.discussion.models import DisplayMode
from consult.realtime import publish
from tests.realtime.conftest import open_socket, post, run, stream_path


async def hello(socket) -> int:
    await socket.send_json_to({"hello": True})
    answer = await socket.receive_json_from(timeout=5)
    assert answer["type"] == "hello"
    return answer["seq"]


def test_a_signed_out_reader_hears_a_new_comment_as_the_page_shows_it(layer, consultation, bob):
    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation))
        assert connected
        assert await hello(socket) == 0
        comment = await post(consultation, bob, "Cameras *everywhere* worry me.")
        event = await socket.receive_json_from(timeout=5)
        assert event["seq"] == 1
        assert event["type"] == "comment"
        assert event["id"] == comment.pk and event["parent"] is None
        assert "Cameras <em>everywhere</em> worry me." in event["html"]
        assert "Bob Keller" in event["html"]
        # A signed-out reader's fragment: counts, no buttons, no form, no token.
        assert "reactions__counts" in event["html"]
        assert "<form" not in event["html"] and "csrf" not in event["html"].lower()
        assert event["count"] == "1 comment"
        assert event["announce"] == "A new comment was posted."
        await socket.disconnect()

    run(scenario)


def test_a_french_reader_hears_french(layer, consultation, bob):
    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation, "fr"))
        assert connected
        await post(consultation, bob, "Un commentaire.")
        event = await socket.receive_json_from(timeout=5)
        assert event["count"] == "1 commentaire"
        assert "Passer" in event["html"] and "Pass " not in event["html"]
        assert 'href="/fr/comments/' in event["html"]
        await socket.disconnect()

    run(scenario)


def test_a_participant_gets_the_buttons_with_a_placeholder_token_and_the_author_their_own(
    layer, consultation, alice, bob
):
    async def scenario():
        alices, connected, _ = await open_socket(stream_path(consultation), user=alice)
        assert connected
        bobs, connected, _ = await open_socket(stream_path(consultation), user=bob)
        assert connected
        comment = await post(consultation, bob, "Mine.")
        for_alice = await alices.receive_json_from(timeout=5)
        assert "data-discussion-reaction" in for_alice["html"]
        assert f'data-reply-to="{comment.pk}"' in for_alice["html"]
        assert "consultCsrfTokenPlaceholder0000" in for_alice["html"]
        assert "/edit/" not in for_alice["html"]
        for_bob = await bobs.receive_json_from(timeout=5)
        assert for_bob["seq"] == for_alice["seq"] == 1
        assert f"/comments/{comment.pk}/edit/" in for_bob["html"]
        assert "data-discussion-reaction" not in for_bob["html"]
        await alices.disconnect()
        await bobs.disconnect()

    run(scenario)


def test_the_authors_socket_hears_in_order_while_their_own_view_is_rendered(
    layer, consultation, alice, bob
):
    async def scenario():
        alices, _, _ = await open_socket(stream_path(consultation), user=alice)
        bobs, _, _ = await open_socket(stream_path(consultation), user=bob)

        @database_sync_to_async
        def two_at_once():
            # One commit: both events leave together, the second while Bob's own view of the
            # first is still being rendered for his socket.
            with transaction.atomic():
                services.comment_create(
                    consultation=consultation, author=bob, body="Mine.", display_mode="named"
                )
                services.comment_create(
                    consultation=consultation, author=alice, body="Hers.", display_mode="named"
                )

        await two_at_once()
        for_bob = [await bobs.receive_json_from(timeout=5) for _ in range(2)]
        assert [event["seq"] for event in for_bob] == [1, 2]
        assert "/edit/" in for_bob[0]["html"] and "Mine." in for_bob[0]["html"]
        for_alice = [await alices.receive_json_from(timeout=5) for _ in range(2)]
        assert [event["seq"] for event in for_alice] == [1, 2]
        await alices.disconnect()
        await bobs.disconnect()

    run(scenario)


def test_events_reach_sockets_while_the_thread_their_database_work_shares_is_busy(
    layer, consultation, bob
):
    async def scenario():
        socket, connected, _ = await open_socket(stream_path(consultation))
        assert connected and await hello(socket) == 0

        @database_sync_to_async
        def post_then_stay_busy():
            services.comment_create(
                consultation=consultation, author=bob, body="Heard at once.", display_mode="named"
            )
            # The thread sockets' own database work runs on stays busy, as it does while
            # hundreds of sockets that reconnected catch up: the event must not wait for it.
            time.sleep(3)

        busy = asyncio.ensure_future(post_then_stay_busy())
        event = await socket.receive_json_from(timeout=1.5)
        assert event["seq"] == 1 and "Heard at once." in event["html"]
        assert not busy.done()
        await busy
        await socket.disconnect()

    run(scenario)


def test_a_pseudonym_never_reveals_the_name_behind_it_not_even_to_moderators(
    layer, consultation, alice, bob, mona
):
    async def scenario():
        sockets = [
            (await open_socket(stream_path(consultation), user=user))[0]
            for user in (None, bob, mona)
        ]
        await post(consultation, alice, "Under my pseudonym.", mode=DisplayMode.PSEUDONYM)
        pseudonym = await database_sync_to_async(lambda: alice.profile.pseudonym)()
        for socket in sockets:
            raw = await socket.receive_from(timeout=5)
            assert pseudonym in raw
            assert "Alice" not in raw and "alice@" not in raw
            await socket.disconnect()

    run(scenario)


def test_a_held_comment_reaches_its_author_and_the_moderators_only(
    layer, make_consultation, alice, bob, mona
):
    consultation = make_consultation(moderation_mode=ModerationMode.PRE)

    async def scenario():
        reader, _, _ = await open_socket(stream_path(consultation))
        other, _, _ = await open_socket(stream_path(consultation), user=bob)
        author, _, _ = await open_socket(stream_path(consultation), user=alice)
        moderators, connected, _ = await open_socket("/ws/moderation/", user=mona)
        assert connected
        comment = await post(consultation, alice, "Please read me first.")
        # Posted, then held by pre-moderation: two numbers, and to others only the numbers.
        for socket in (reader, other):
            events = [await socket.receive_json_from(timeout=5) for _ in range(2)]
            assert events == [{"seq": 1}, {"seq": 2}]
        own = [await author.receive_json_from(timeout=5) for _ in range(2)]
        assert [event["seq"] for event in own] == [1, 2]
        assert all(event["id"] == comment.pk for event in own)
        assert all("Please read me first." in event["html"] for event in own)
        assert all("Waiting for review" in event["html"] for event in own)
        assert "Your comment is waiting for review." in [event.get("announce") for event in own]
        queue = await moderators.receive_json_from(timeout=5)
        assert queue == {
            "type": "moderation",
            "kind": "held",
            "consultation": consultation.pk,
            "comment": comment.pk,
        }
        # Approved, everyone hears it.
        from consult.moderation.services.comments import comment_approve

        await database_sync_to_async(comment_approve)(comment=comment, moderator=mona)
        approved = await reader.receive_json_from(timeout=5)
        assert approved["seq"] == 3 and approved["type"] == "comment"
        assert "Please read me first." in approved["html"]
        assert approved["announce"] == "A new comment was posted."
        for socket in (reader, other, author, moderators):
            await socket.disconnect()

    run(scenario)


def test_edits_and_removals_arrive_as_such(layer, consultation, bob):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation))
        comment = await post(consultation, bob, "First words.")
        await socket.receive_json_from(timeout=5)
        await database_sync_to_async(services.comment_edit)(
            comment=comment, author=bob, body="Better words."
        )
        edit = await socket.receive_json_from(timeout=5)
        assert edit["type"] == "edit" and "Better words." in edit["html"]
        await database_sync_to_async(services.comment_delete)(comment=comment, author=bob)
        removal = await socket.receive_json_from(timeout=5)
        assert removal["type"] == "remove" and removal["id"] == comment.pk
        assert "Better words." not in removal["html"]
        assert removal["count"] == "0 comments"
        assert [edit["seq"], removal["seq"]] == [2, 3]
        await socket.disconnect()

    run(scenario)


def test_a_rolled_back_write_sends_nothing(layer, consultation, bob):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation))

        def fails():
            with transaction.atomic():
                services.comment_create(
                    consultation=consultation, author=bob, body="Never.", display_mode="named"
                )
                raise RuntimeError

        with pytest.raises(RuntimeError):
            await database_sync_to_async(fails)()
        assert await socket.receive_nothing(timeout=0.5)
        await socket.disconnect()

    run(scenario)


def test_a_page_carries_its_number_and_its_first_socket_catches_up_from_it(
    layer, consultation, bob
):
    async def scenario():
        await post(consultation, bob, "Before the page.")
        page = await database_sync_to_async(lambda: Client().get(consultation.url))()
        rendered = int(re.search(rb'data-live-seq="(\d+)"', page.content).group(1))
        assert rendered == 1
        # Published between the page's render and its socket's first message.
        await post(consultation, bob, "While the page loads.")
        socket, _, _ = await open_socket(stream_path(consultation))
        await socket.send_json_to({"resync": rendered})
        missed = await socket.receive_json_from(timeout=5)
        assert missed["seq"] == 2 and "While the page loads." in missed["html"]
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    run(scenario)


def test_a_reconnecting_client_gets_what_it_missed_in_order(layer, consultation, bob):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation))
        await post(consultation, bob, "One.")
        assert (await socket.receive_json_from(timeout=5))["seq"] == 1
        await socket.disconnect()
        await post(consultation, bob, "Two.")
        await post(consultation, bob, "Three.")
        again, _, _ = await open_socket(stream_path(consultation))
        await again.send_json_to({"resync": 1})
        missed = [await again.receive_json_from(timeout=5) for _ in range(2)]
        assert [event["seq"] for event in missed] == [2, 3]
        assert "Two." in missed[0]["html"] and "Three." in missed[1]["html"]
        # Live again afterwards.
        await post(consultation, bob, "Four.")
        assert (await again.receive_json_from(timeout=5))["seq"] == 4
        await again.disconnect()

    run(scenario)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="locks a table: PostgreSQL only")
def test_catching_up_on_a_page_open_to_anyone_reads_no_page(layer, consultation, bob):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation))
        await post(consultation, bob, "One.")
        await post(consultation, bob, "Two.")
        assert [(await socket.receive_json_from(timeout=5))["seq"] for _ in range(2)] == [1, 2]

        # When an event is lost on its way, every socket of a host asks for it at once. While
        # the site is unchanged since the last event found the page open to anyone, none of
        # them reads the page again to ask the gate: with the pages locked, they catch up.
        database = connection.settings_dict
        with psycopg.connect(
            dbname=database["NAME"],
            user=database["USER"],
            host=database["HOST"],
            port=database["PORT"] or None,
        ) as locker:
            locker.execute("LOCK TABLE wagtailcore_page IN ACCESS EXCLUSIVE MODE")
            await socket.send_json_to({"resync": 0})
            caught_up = [await socket.receive_json_from(timeout=3) for _ in range(2)]
        assert [event["seq"] for event in caught_up] == [1, 2]
        await socket.disconnect()

    run(scenario)


def test_a_client_is_told_to_reload_when_what_it_missed_is_gone(layer, consultation, bob):
    async def scenario():
        await post(consultation, bob, "One.")
        await post(consultation, bob, "Two.")
        await database_sync_to_async(cache.delete)(f"live:event:{consultation.pk}:2")
        socket, _, _ = await open_socket(stream_path(consultation))
        await socket.send_json_to({"resync": 0})
        assert await socket.receive_json_from(timeout=5) == {"type": "reload"}
        # A number from the future (another database, a reset) is a reload too.
        await socket.send_json_to({"resync": 99})
        assert await socket.receive_json_from(timeout=5) == {"type": "reload"}
        await socket.send_json_to({"resync": 2})
        assert await socket.receive_nothing(timeout=0.3)
        await socket.disconnect()

    run(scenario)


def test_reaction_tallies_are_coalesced_to_two_a_second(layer, consultation, alice, bob, mona):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation))
        comment = await post(consultation, bob, "React to me.")
        await socket.receive_json_from(timeout=5)
        react = database_sync_to_async(services.reaction_set)
        started = asyncio.get_running_loop().time()
        for n in range(12):
            user, value = (alice, mona)[n % 2], ("agree", "pass")[n // 2 % 2]
            await react(comment=comment, user=user, value=value)
        await react(comment=comment, user=alice, value="disagree")
        await react(comment=comment, user=mona, value="agree")
        await database_sync_to_async(services.position_set)(
            consultation=consultation, user=alice, stance="oppose"
        )
        tallies = []
        while not await socket.receive_nothing(timeout=1.2):
            tallies.append(await socket.receive_json_from())
        elapsed = asyncio.get_running_loop().time() - started - 1.2
        assert all(event["type"] == "tallies" for event in tallies)
        assert 1 <= len(tallies) <= 2 * elapsed + 1
        final = tallies[-1]
        assert final["reactions"][str(comment.pk)] == [1, 1, 0]
        assert "<table" in final["positions"] and "Oppose" in final["positions"]
        await socket.disconnect()

    run(scenario)


def test_a_withdrawn_reaction_sends_the_new_counts(layer, consultation, alice, bob):
    # Its row is gone: the counts of a comment are sent because they moved, not because a
    # reaction row is recent.
    async def scenario():
        comment = await post(consultation, bob, "React, then think again.")
        await database_sync_to_async(services.reaction_set)(
            comment=comment, user=alice, value="agree"
        )
        await asyncio.sleep(0.6)  # the next half-second slot
        socket, _, _ = await open_socket(stream_path(consultation))
        await database_sync_to_async(services.reaction_withdraw)(comment=comment, user=alice)
        event = await socket.receive_json_from(timeout=5)
        while event["type"] != "tallies":
            event = await socket.receive_json_from(timeout=5)
        assert event["reactions"][str(comment.pk)] == [0, 0, 0]
        await socket.disconnect()

    run(scenario)


def test_status_changes_are_announced(layer, consultation):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation))

        def close_it():
            with transaction.atomic():
                publish.status_changed(consultation=consultation, status="closed")

        await database_sync_to_async(close_it)()
        event = await socket.receive_json_from(timeout=5)
        assert event["type"] == "status" and event["status"] == "closed"
        assert event["announce"] == "This consultation is now closed."
        await socket.disconnect()

    run(scenario)


def test_a_client_sends_nothing_that_changes_anything(layer, consultation, bob):
    async def scenario():
        socket, _, _ = await open_socket(stream_path(consultation), user=bob)
        for junk in ("not json", json.dumps({"body": "x"}), json.dumps([1, 2])):
            await socket.send_to(text_data=junk)
        await socket.send_to(bytes_data=b"\x00\x01")
        assert await socket.receive_nothing(timeout=0.3)
        from consult.discussion.models import Comment

        assert not await database_sync_to_async(Comment.objects.exists)()
        await socket.disconnect()

    run(scenario)
