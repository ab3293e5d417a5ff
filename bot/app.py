"""Composition root: builds everything, owns the work queue, `start()` / `stop()`."""

import asyncio
import contextlib
import itertools
import logging
import os
import random
import signal
import socket
import time
import traceback
import uuid
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from aiohttp import web

from bot import dispatch
from bot.announcer import Announcer, announce_config
from bot.config import Settings
from bot.delivery import Outcome, StoreBatcher, deliver_once
from bot.dispatch import Incoming, Me, Reply
from bot.flood import SLOW_DOWN_MESSAGE, FloodGate
from bot.logs import MESSAGE_TEXT
from bot.mattermost import events
from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.listener import Gap, Listener
from bot.metrics import METRICS
from bot.model import Knowledge
from bot.reload import KnowledgeReloader, apply_outcome
from bot.scheduler import JobScheduler
from bot.store import Store, open_store
from bot.web import build_web_app

log = logging.getLogger(__name__)

PARIS = ZoneInfo("Europe/Paris")
DRAIN_TIMEOUT_S = 10.0  # replies in flight get this long to finish at shutdown
BACKFILL_SKEW_MS = 30_000  # look this far behind the last seen post (clock skew, races)
BACKFILL_MAX_MS = 24 * 3600 * 1000  # never answer older questions after a long outage
SEEN_SAVE_INTERVAL_S = 5.0
_SEEN_STATE = "websocket:last_create_at"
REPLY_RETENTION_S = 30 * 24 * 3600.0  # handled post ids are forgotten after this (README)
PURGE_INTERVAL_S = 3600.0
CLAIM_AHEAD = 16  # replies of a channel claimed ahead of their turn: a burst pipelines its
# store round trips, while a long queue does not hold leases (other replicas) for long
REPLY_RETRY_BASE_S = 0.25  # a reply that failed after every REST retry is tried again after
REPLY_RETRY_MAX_S = 60.0  # a delay doubling from the base up to this cap (full jitter)


@dataclass(frozen=True)
class _Turns:
    """One reply's place in its channel: when it may claim, and when the next one may post."""

    gate: asyncio.Future[None] | None  # claim after this (CLAIM_AHEAD replies back) is posted
    posted: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class _Left(Exception):
    """An earlier reply of the channel was left for the next start: so is this one."""


class App:
    """The running bot: websocket listener, HTTP app, work queue, store, knowledge."""

    def __init__(self, settings: Settings) -> None:
        """Keep the settings; nothing connects or opens before `start()`."""
        self.settings = settings
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.knowledge: Knowledge | None = None
        self.me: Me | None = None
        self.port = 0  # the bound HTTP port, known after start()
        self.client = MattermostClient(settings.server, settings.mattermost_token)
        self.client.on_retry = METRICS.count_rest_retry
        self._reloader = KnowledgeReloader(settings.knowledge_dir, settings.postes_dir)
        self._flood = FloodGate(settings.rate_limit_per_minute)
        self._store: Store | None = None
        self._listener: Listener | None = None
        self._runner: web.AppRunner | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        # Replies are handled concurrently, in a pipeline per channel: a reply claims once the
        # reply CLAIM_AHEAD places before it is posted (bounded leases, for other replicas'
        # sake) and posts once the previous one is posted; confirmations run in parallel.
        self._work: set[asyncio.Task[None]] = set()
        self._tails: dict[str, _Turns] = {}  # turns of the last job per channel
        self._windows: dict[str, deque[asyncio.Future[None]]] = {}  # last posted futures
        # create_at of each queued post until it is handled: the saved websocket watermark
        # never passes a reply still owed, so a restart backfills it.
        self._pending: dict[int, int] = {}
        # Post ids queued or in flight: a replay or a backfill of one of them is dropped, so
        # one key never holds two places in a channel's order (the later one, claiming
        # ahead, would keep the earlier one waiting on its lease).
        self._queued: set[str] = set()
        # While a backfill runs, live posts wait here: enqueued after the gap's posts, so
        # replies keep the questions' order even when the websocket is back first.
        self._held: list[Incoming] = []
        self._backfills = 0
        self._tickets = itertools.count()
        self._accepting = False
        self._stopping = asyncio.Event()
        self._batcher = StoreBatcher()  # claims and confirms of replies, many per thread hop
        self._seen_ms = 0  # create_at of the newest post seen on the websocket
        self._saved_ms = 0
        self._resuming = False
        self._jobs: JobScheduler | None = None  # job announcements, started with the app

    @property
    def store(self) -> Store:
        """The open store (after `start()`)."""
        if self._store is None:
            raise RuntimeError("App.start() has not run")
        return self._store

    async def start(self) -> None:
        """Load knowledge, open the store, log in, serve HTTP, connect the websocket.

        Raises:
            MattermostError: the server refused the token or could not be reached.
        """
        outcome = await asyncio.to_thread(self._reloader.check)
        await apply_outcome(outcome, self._set_knowledge, None)
        self._store = await asyncio.to_thread(open_store, self.settings.database_url)
        self.me = await self.client.login()
        log.info("logged in as user_id=%s", self.me.user_id)
        saved = await asyncio.to_thread(self.store.get_state, _SEEN_STATE)
        self._resuming = saved is not None  # a previous run: catch up on what it missed
        self._seen_ms = int(saved) if saved else int(time.time() * 1000)
        self._saved_ms = self._seen_ms
        self._accepting = True
        await self._start_web()
        self._listener = Listener(
            self.settings.server.websocket_url,
            self.settings.mattermost_token,
            self._on_frame,
            self._on_gap,
        )
        self._spawn(self._listener.run(), "websocket")
        self._spawn(self._save_seen_forever(), "seen")
        self._spawn(self._reload_forever(), "reload")
        self._spawn(self._purge_forever(), "purge")
        announcer = Announcer(
            self.store, self.client, announce_config(self.settings), self.holder, METRICS
        )
        self._jobs = JobScheduler(announcer)
        self._jobs.start()

    async def stop(self) -> None:
        """Stop taking work, finish replies in flight (bounded), close socket, HTTP and store."""
        self._accepting = False
        self._stopping.set()
        if self._listener is not None:
            await self._listener.stop()
        if self._jobs is not None:
            await self._jobs.stop()
        pending = [task for task in self._work if not task.done()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=DRAIN_TIMEOUT_S)
            for task in late:
                task.cancel()
            if late:
                log.warning("shutdown: %d replies abandoned", len(late))
                # Their claims are released (and their post ids stay owed) before the store
                # closes, not after.
                await asyncio.gather(*late, return_exceptions=True)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        if self._runner is not None:
            await self._runner.cleanup()
        if self._store is not None:
            await asyncio.to_thread(self._save_seen, self._watermark())
            await asyncio.to_thread(self._store.close)
        self.client.close()
        log.info("stopped")

    @property
    def listener(self) -> Listener | None:
        """The websocket listener (after `start()`)."""
        return self._listener

    def health(self) -> dict[str, bool]:
        """What `/healthz` reports: websocket connected, knowledge loaded."""
        connected = self._listener is not None and self._listener.connected.is_set()
        return {"websocket": connected, "knowledge": self.knowledge is not None}

    async def handle_slash(self, incoming: Incoming) -> Reply | None:
        """Answer a verified slash command (the HTTP response carries the reply)."""
        reply = self._respond(incoming)
        if reply is not None and self._flood.check(incoming.user_id, time.monotonic()) != "answer":
            # Ephemeral: only the asker sees it, so repeating it is no spam, and Mattermost
            # needs some text in the response anyway.
            return replace(reply, text=SLOW_DOWN_MESSAGE, intent="flood", action="none")
        if reply is not None:
            await self._apply_action(reply)
            log.info(
                "slash intent=%s score=%.0f",
                reply.intent,
                reply.score,
                extra={MESSAGE_TEXT: incoming.text},  # printed only with BETABOT_LOG_MESSAGES=1
            )
        return reply

    def enqueue(self, incoming: Incoming) -> None:
        """Queue a websocket or backfilled post; replies keep each channel's order."""
        if not self._accepting or incoming.post_id in self._queued:
            return
        self._queued.add(incoming.post_id)
        self._seen_ms = max(self._seen_ms, incoming.create_at)
        key = incoming.channel_id
        previous = self._tails.get(key)
        window = self._windows.setdefault(key, deque(maxlen=CLAIM_AHEAD))
        mine = _Turns(gate=window[0] if len(window) == CLAIM_AHEAD else None)
        window.append(mine.posted)
        self._tails[key] = mine
        mine.posted.add_done_callback(lambda _: self._forget_tail(key, mine))
        ticket = next(self._tickets)
        self._pending[ticket] = incoming.create_at
        task = asyncio.create_task(self._after(incoming, time.monotonic(), previous, mine, ticket))
        self._work.add(task)
        task.add_done_callback(self._work.discard)

    def _on_frame(self, frame: dict[str, Any]) -> None:
        if self.me is None:
            return
        incoming = events.to_incoming(frame, self.me)
        if incoming is not None and self._backfills:
            self._held.append(incoming)
        elif incoming is not None:
            self.enqueue(incoming)

    def _on_gap(self, kind: Gap) -> None:
        now_ms = int(time.time() * 1000)
        if kind == "first" and not self._resuming:
            return  # first run on this database: no history to catch up on
        since = max(self._seen_ms - BACKFILL_SKEW_MS, now_ms - BACKFILL_MAX_MS)
        log.info("websocket: %s gap, backfilling since %d", kind, since)
        self._backfills += 1
        self._spawn(self._backfill_then_release(since), "backfill")

    async def _backfill_then_release(self, since_ms: int) -> None:
        try:
            await self._backfill_until_done(since_ms)
        finally:
            self._backfills -= 1
            if not self._backfills:
                held, self._held = self._held, []
                for incoming in held:  # already queued by the backfill: dropped there
                    self.enqueue(incoming)

    async def _backfill_until_done(self, since_ms: int) -> None:
        """Backfill, again with backoff after a failure (e.g. 5xx right after a restart)."""
        for failures in itertools.count(1):
            try:
                await self._backfill(since_ms)
                return
            except Exception as err:  # the loop boundary: the gap must still be read
                cap_s = min(REPLY_RETRY_MAX_S, REPLY_RETRY_BASE_S * 2 ** (failures - 1))
                delay_s = random.uniform(0, cap_s)  # noqa: S311 - jitter, not security
                log.warning(
                    "backfill failed (%s), retry %d in %.1f s",
                    type(err).__name__,
                    failures,
                    delay_s,
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay_s)
                if self._stopping.is_set():
                    return

    async def _backfill(self, since_ms: int) -> None:
        me = self.me
        if me is None:
            return
        for channel_id, channel_type in await self.client.my_channels():
            for post in await self.client.posts_since(channel_id, since_ms):
                # `since` returns posts *updated* since then, and the roots of updated
                # threads: only questions asked in the gap, and not deleted, are answered.
                if int(post.get("create_at") or 0) < since_ms or post.get("delete_at"):
                    continue
                mentioned = events.mentions_name(str(post.get("message", "")), me)
                incoming = events.post_to_incoming(post, channel_type, mentioned)
                if incoming is not None:
                    # Edited before the bot ever saw it: still a question, as it now reads.
                    self.enqueue(replace(incoming, edited=False))

    async def _after(
        self,
        incoming: Incoming,
        arrived: float,
        previous: _Turns | None,
        mine: _Turns,
        ticket: int,
    ) -> None:
        handled = True
        try:
            handled = await self._handle(incoming, arrived, previous, mine)
        except Exception as err:
            # Type and frames only: an exception's message may quote the user's text.
            log.error(
                "post=%s: handling failed: %s\n%s",
                incoming.post_id,
                type(err).__name__,
                "".join(traceback.format_tb(err.__traceback__)),
            )
        finally:
            self._queued.discard(incoming.post_id)
            # Nothing posted (ignored, skipped, failed): pass the turn on, still in order.
            before = previous.posted if previous else None
            if not mine.posted.done():
                try:
                    await _wait_turn(before)
                finally:
                    if before is not None and not before.done():
                        mine.posted.cancel()  # cancelled while waiting (shutdown): left too
                    _follow(before, mine.posted)
        if handled:  # not reached when cancelled at shutdown: the reply stays owed
            self._pending.pop(ticket, None)

    async def _handle(
        self,
        incoming: Incoming,
        arrived: float,
        previous: _Turns | None,
        mine: _Turns,
    ) -> bool:
        """Reply once, in the channel's turn; False when shutdown came first (still owed)."""
        reply = self._respond(incoming)
        if reply is None:
            return True
        await self._apply_action(reply)
        key = f"reply:{incoming.post_id}"
        lease_s = self.settings.claim_lease_s
        verdict = ""
        claiming_s = [0.0]  # a claim made after this holds its lease until at least + lease_s

        def still_mine() -> bool:  # in the REST thread, right before each attempt
            now_s = time.time()
            if now_s < claiming_s[0] + lease_s / 2:
                return True  # fresh: half a lease left covers one attempt (the common case)
            return self.store.renew(key, self.holder, now_s, lease_s)

        async def post() -> str:
            nonlocal verdict
            await _wait_turn(previous.posted if previous else None)
            if previous is not None and previous.posted.cancelled():
                raise _Left
            # Checked here, once per post actually handled: replays, duplicates and retries
            # never count.
            verdict = verdict or self._flood.check(incoming.user_id, time.monotonic())
            if verdict == "silence":
                log.info("post=%s: flood, left unanswered", incoming.post_id)
                _pass(mine.posted)
                return ""
            text = reply.text if verdict == "answer" else SLOW_DOWN_MESSAGE
            props = {"betabot_key": key}
            created = await self.client.create_post(
                reply.channel_id, text, reply.root_id, props, guard=still_mine
            )
            # The next reply of the channel may go; a failed post keeps the turn until retried.
            _pass(mine.posted)
            # Observed as soon as the reply exists, not after the confirmation.
            METRICS.observe_reply(time.monotonic() - arrived, incoming.transport)
            return str(created.get("id", ""))

        async def find_posted() -> str | None:
            return await self.client.find_post_with_key(
                reply.channel_id, key, reply.root_id, since_ms=incoming.create_at
            )

        await _wait_turn(mine.gate)
        try:
            outcome = await self._deliver(key, post, find_posted, claiming_s)
        except MattermostError as err:  # refused (4xx): the same post would be refused again
            log.error("post=%s: reply refused, given up: %s", incoming.post_id, err)
            return True
        except _Left:
            outcome = None
        if outcome is None:
            log.warning("post=%s: shutdown, reply left for the next start", incoming.post_id)
            mine.posted.cancel()  # the channel's later replies wait for the next start too
            return False
        latency_s = time.monotonic() - arrived
        log.info(
            "post=%s intent=%s score=%.0f delivery=%s latency_ms=%.1f",
            incoming.post_id,
            reply.intent,
            reply.score,
            outcome.status,
            latency_s * 1000,
            extra={MESSAGE_TEXT: incoming.text},  # printed only with BETABOT_LOG_MESSAGES=1
        )
        return True

    async def _deliver(
        self,
        key: str,
        post: Callable[[], Awaitable[str]],
        find_posted: Callable[[], Awaitable[str | None]],
        claiming_s: list[float],
    ) -> Outcome | None:
        """`deliver_once`, again after transient failures, until done or shutdown (None).

        `claiming_s[0]` is set to the time right before each claim.

        Raises:
            MattermostError: the server refused the post for good (4xx other than 408/429).
        """
        for failures in itertools.count(1):
            claiming_s[0] = time.time()
            try:
                return await deliver_once(
                    self.store,
                    key,
                    self.holder,
                    post,
                    find_posted,
                    self.settings.claim_lease_s,
                    run=self._batcher.run,
                )
            except MattermostError as err:
                if not _transient(err):
                    raise
                self.client.on_retry(err.status)
                cap_s = min(REPLY_RETRY_MAX_S, REPLY_RETRY_BASE_S * 2 ** (failures - 1))
                delay_s = random.uniform(0, cap_s)  # noqa: S311 - jitter, not security
                log.warning(
                    "%s: reply failed (%s), retry %d in %.1f s", key, err, failures, delay_s
                )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), delay_s)
                if self._stopping.is_set():
                    return None
        raise AssertionError("unreachable")  # pragma: no cover

    def _respond(self, incoming: Incoming) -> Reply | None:
        if self.knowledge is None or self.me is None:
            return None
        reply = dispatch.respond(incoming, self.knowledge, self.me, datetime.now(PARIS))
        if reply is not None:
            METRICS.count_question(reply.intent, understood=reply.intent != "unknown")
        return reply

    async def _apply_action(self, reply: Reply) -> None:
        if reply.action == "subscribe":
            await asyncio.to_thread(self.store.subscribe, reply.user_id, time.time())
        elif reply.action == "unsubscribe":
            await asyncio.to_thread(self.store.unsubscribe, reply.user_id)

    async def _start_web(self) -> None:
        web_app = build_web_app(self.handle_slash, self.settings.slash_token, self.health)
        self._runner = web.AppRunner(web_app, access_log=None, handle_signals=False)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.settings.http_host, self.settings.http_port)
        await site.start()
        addresses = self._runner.addresses
        self.port = int(addresses[0][1]) if addresses else self.settings.http_port
        log.info("http: listening on %s:%d", self.settings.http_host, self.port)

    async def _reload_forever(self) -> None:
        notify = self._notify_admin if self.settings.admin_channel else None
        await self._reloader.run(
            self._set_knowledge, notify, interval_s=self.settings.reload_interval_s
        )

    async def _notify_admin(self, message: str) -> None:
        channel_id = await self.client.channel_id(
            self.settings.mattermost_team, self.settings.admin_channel
        )
        await self.client.create_post(channel_id, message)

    def _set_knowledge(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    async def _purge_forever(self) -> None:
        while True:
            try:
                before_s = time.time() - REPLY_RETENTION_S
                purged = await asyncio.to_thread(self.store.purge_done, before_s)
                log.info("store: %d handled post ids past retention purged", purged)
            except Exception:  # the loop boundary: retry at the next interval
                log.exception("store: purge failed")
            await asyncio.sleep(PURGE_INTERVAL_S)

    async def _save_seen_forever(self) -> None:
        while True:
            await asyncio.sleep(SEEN_SAVE_INTERVAL_S)
            await asyncio.to_thread(self._save_seen, self._watermark())

    def _watermark(self) -> int:
        """The newest post seen, but never past a post still owed a reply (restart backfill)."""
        return min([self._seen_ms, *self._pending.values()])

    def _save_seen(self, watermark: int) -> None:
        if watermark != self._saved_ms:
            self.store.set_state(_SEEN_STATE, str(watermark))
            self._saved_ms = watermark

    def _spawn(self, coro: Any, name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _forget_tail(self, key: str, done: _Turns) -> None:
        if self._tails.get(key) is done:
            del self._tails[key]
            self._windows.pop(key, None)


def _pass(turn: asyncio.Future[None]) -> None:
    """Let the next reply of the channel go."""
    if not turn.done():
        turn.set_result(None)


def _follow(previous: asyncio.Future[None] | None, turn: asyncio.Future[None]) -> None:
    """Pass the turn on once the previous one is done; abandoned (cancelled) stays abandoned."""
    if turn.done():
        return
    if previous is not None and previous.cancelled():
        turn.cancel()
    else:
        turn.set_result(None)


def _transient(err: MattermostError) -> bool:
    """Whether the same post may succeed later (no response, timeout, rate limit, 5xx)."""
    return err.status in (0, 408, 429) or err.status >= 500


async def _wait_turn(previous: asyncio.Future[None] | None) -> None:
    """Wait until the previous reply of the channel was posted, given up or left (cancelled)."""
    if previous is not None and not previous.done():
        await asyncio.wait([previous])


async def run_until_signal(app: App) -> None:
    """Start the app, wait for SIGTERM or SIGINT, then stop it gracefully."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    try:
        await app.start()
        log.info("running; SIGTERM or SIGINT to stop")
        await stop.wait()
        log.info("signal received, stopping")
    finally:
        try:
            await app.stop()
        except Exception:
            log.exception("shutdown failed")
