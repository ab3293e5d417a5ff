"""Composition root: builds and wires everything, `start()` / `stop()`.

`App` is this wiring plus three parts, each a module of its own: `handling.py` (Incoming →
Reply around the policy: admin commands, buttons, feedback hooks), `running_state.py` (the
knowledge in use, `/healthz` and `admin statut`) and `outgoing.py` (the outbox, the weekly
report, `announce_config()`).
"""

import asyncio
import logging
import os
import platform
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot import __version__
from bot.conversation.dispatch import Me
from bot.conversation.flood import FloodGate
from bot.knowledge.model import Knowledge
from bot.knowledge.timezone import PARIS
from bot.mattermost.client import MattermostClient, MattermostError
from bot.mattermost.listener import Listener
from bot.postes.announcer import Announcer
from bot.postes.scheduler import JobScheduler
from bot.service import startup
from bot.service.admin import Admin
from bot.service.backfill import Backfill
from bot.service.buttons import Buttons
from bot.service.channels import check_at_start
from bot.service.config import LEASE_SAFE_MIN_S, Settings
from bot.service.contacts_keeper import ContactsKeeper
from bot.service.feedback import Feedback
from bot.service.handling import Handling
from bot.service.housekeeping import SeenWatermark, purge_forever
from bot.service.http_guard import HttpLimits, hide_server_version
from bot.service.notices import AdminNotices
from bot.service.outgoing import Outgoing, announce_config
from bot.service.policy import Policy
from bot.service.reload import KnowledgeReloader
from bot.service.replies import ReplyWorker
from bot.service.running_state import RunningState
from bot.service.serving import HttpServers
from bot.service.supervise import report, supervise
from bot.service.web import build_web_app
from bot.store.backends import StoreOpenError, open_store
from bot.store.store import Store
from bot.telemetry.metrics import METRICS

log = logging.getLogger(__name__)

DRAIN_TIMEOUT_S = 10.0  # replies in flight get this long to finish at shutdown


class App(Handling, RunningState, Outgoing):
    """The running bot: websocket listener, HTTP app, work queue, store, knowledge."""

    def __init__(self, settings: Settings, http_limits: HttpLimits | None = None) -> None:
        """Keep the settings; nothing connects or opens before `start()`."""
        self.settings = settings
        self.http_limits = http_limits or HttpLimits()
        self._servers = HttpServers(settings, self.http_limits)
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self.knowledge: Knowledge | None = None
        self.me: Me | None = None
        self.client = MattermostClient(
            settings.server,
            settings.mattermost_token,
            verify=settings.ca_file or True,
            proxy=settings.proxy or None,
        )
        self.client.on_retry = METRICS.count_rest_retry
        self._reloader = KnowledgeReloader(
            settings.knowledge_dir, settings.postes_dir, on_reload=self._set_knowledge
        )
        self._flood = FloodGate(settings.rate_limit_per_minute)
        self._store: Store | None = None
        self._listener: Listener | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._policy: Policy | None = None  # flood, action, answer: after start()
        self._replies: ReplyWorker | None = None  # the per-channel reply queues, after start()
        self._backfill: Backfill | None = None  # websocket frames and gaps, after start()
        self._stopping = asyncio.Event()
        self._seen: SeenWatermark | None = None  # the websocket's watermark, after start()
        self._jobs: JobScheduler | None = None  # job announcements, started with the app
        self.contacts: ContactsKeeper | None = None  # people's handles, after start()
        self._feedback: Feedback | None = None  # questions and votes, after start()
        self._buttons: Buttons | None = None  # clickable suggestions, after start()
        self._notices: AdminNotices | None = None  # the admin channel's notices, after start()
        self._started_s = time.monotonic()
        self._loaded_at = ""  # when the knowledge in use was loaded, Paris time, for `statut`
        self._admin = Admin(
            settings.admins,
            self.client.user_id_by_username,
            self,
            self._reloader,
            settings.postes_dir,
        )

    @property
    def store(self) -> Store:
        """The open store (after `start()`)."""
        if self._store is None:
            raise RuntimeError("App.start() has not run")
        return self._store

    async def start(self) -> None:
        """Load knowledge, open the store, log in, serve HTTP, connect the websocket.

        Raises:
            StartupError: the database, Mattermost, a channel or the HTTP port is not usable
                (one French line naming the variable to check).
        """
        log.info("betabot %s starting (Python %s)", __version__, platform.python_version())
        await self._reloader.request()  # applied: the knowledge is in use, or None
        try:
            self._store = await asyncio.to_thread(open_store, self.settings.database_url)
        except StoreOpenError as err:
            raise startup.database_failure(self.settings, err) from None
        self._notices = AdminNotices(self.outbox(), self.settings.admin_channel)
        try:
            self.me = await self.client.login()
        except MattermostError as err:
            raise startup.server_failure(self.settings, err) from None
        log.info("logged in as user_id=%s", self.me.user_id)
        if self.settings.claim_lease_s < LEASE_SAFE_MIN_S:
            log.warning(
                "BETABOT_CLAIM_LEASE_S=%gs is shorter than %gs: a post slower than its lease "
                "could be answered by another replica too",
                self.settings.claim_lease_s,
                LEASE_SAFE_MIN_S,
            )
        await self._start_contacts()
        self._spawn(self._check_channels(), "channels")
        if self.settings.public_url and not self.settings.actions_secret:
            log.warning("BETABOT_ACTIONS_SECRET is not set: suggestions stay text, no buttons")
        self._seen = SeenWatermark(self.store)
        seen_ms, resumed = await self._seen.load(int(time.time() * 1000))
        feedback = Feedback(self.store, METRICS, self.settings.questions_report, self._spawn)
        self._feedback = feedback
        self._buttons = Buttons(
            self.settings.public_url,
            self.settings.actions_secret,
            self.store,
            self.client,
            self.holder,
            self.settings.claim_lease_s,
            self._answer,
            self._on_delivered,
        )
        self._policy = Policy(
            self.me,
            self.store,
            self._flood,
            lambda: self.knowledge,
            lambda: datetime.now(PARIS),
            lambda: self.contacts.directory if self.contacts is not None else None,
        )
        self._replies = ReplyWorker(
            self.store,
            self.client,
            self.holder,
            self.settings.claim_lease_s,
            self.me,
            self._handle,
            self._stopping,
            seen_ms,
            on_delivered=self._on_delivered,
        )
        # A previous run (a saved watermark): catch up on what it missed.
        self._backfill = Backfill(
            self.client, self.me, self._replies, resumed, self._stopping, self._spawn
        )
        await self._start_web()
        self._listener = Listener(
            self.settings.server.websocket_url,
            self.settings.mattermost_token,
            self._on_frame,
            self._backfill.on_gap,
            proxy=self.settings.proxy or None,
            ca_file=self.settings.ca_file,
        )
        self._supervise("websocket", self._listener.run)
        seen, replies = self._seen, self._replies
        self._supervise("seen", lambda: seen.save_forever(replies.watermark))
        self._supervise("reload", self._reload_forever)
        self._supervise("purge", lambda: purge_forever(self.store, self._feedback))
        config = replace(
            announce_config(self.settings), announce_props=self._buttons.announcement_props()
        )
        announcer = Announcer(self.store, self.client, config, self.holder, self._postings, METRICS)
        self._jobs = JobScheduler(announcer, report=report, weekly=[self.weekly_report()])
        self._jobs.start()

    async def _start_contacts(self) -> None:
        """Cached handles now (links from the first reply), a fresh resolution in background."""
        notify = self._notify_admin if self.settings.admin_channel else None
        self.contacts = ContactsKeeper(
            self.store,
            self.client,
            self.settings.contact_style,
            self.settings.mattermost_team,
            notify,
        )
        await self.contacts.load_cache()
        if self.knowledge is not None:
            self.contacts.set_knowledge(self.knowledge)
        self._supervise("contacts", self.contacts.run)

    async def _check_channels(self) -> None:
        """Configured channels the bot cannot use: logged, counted, told to the admin channel."""
        if self.me is not None:
            today = datetime.now(PARIS).date()
            me = self.me.username
            await check_at_start(self.client, self.settings, me, self._notify_admin, today)

    async def stop(self) -> None:
        """Stop taking work, finish replies in flight (bounded), close socket, HTTP and store."""
        self._stopping.set()
        if self._listener is not None:
            await self._listener.stop()
        if self._jobs is not None:
            await self._jobs.stop()
        if self._replies is not None:
            await self._replies.drain(DRAIN_TIMEOUT_S)
        for task in list(self._tasks):
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        await self._reloader.stop()
        await self._servers.stop()
        if self._store is not None:
            if self._replies is not None and self._seen is not None:
                await asyncio.to_thread(self._seen.save, self._replies.watermark())
            await asyncio.to_thread(self._store.close)
        await self.client.aclose()
        log.info("stopped")

    @property
    def feedback(self) -> Feedback:
        """The maintainers' loop: questions and votes (after `start()`)."""
        if self._feedback is None:
            raise RuntimeError("App.start() has not run")
        return self._feedback

    @property
    def listener(self) -> Listener | None:
        """The websocket listener (after `start()`)."""
        return self._listener

    async def _start_web(self) -> None:
        settings = self.settings
        limits = self.http_limits
        hide_server_version()
        buttons = self._buttons
        web_app = build_web_app(
            self.handle_slash,
            settings.slash_token,
            self.health,
            limits,
            buttons.handle if buttons is not None and buttons.enabled else None,
            metrics_token=settings.metrics_token,
            serve_metrics=not settings.metrics_port,
        )
        await self._servers.start(web_app)
        if settings.metrics_port:
            log.info("http: metrics on %s:%d", settings.http_host, self.metrics_port)
        log.info("http: listening on %s:%d", self.settings.http_host, self.port)

    @property
    def port(self) -> int:
        """The bound HTTP port (after `start()`)."""
        return self._servers.port

    @property
    def metrics_port(self) -> int:
        """The bound `/metrics` port when BETABOT_METRICS_PORT is set (after `start()`)."""
        return self._servers.metrics_port

    async def _reload_forever(self) -> None:
        notify = self._notify_admin if self.settings.admin_channel else None
        await self._reloader.run(notify, interval_s=self.settings.reload_interval_s)

    async def _notify_admin(self, key: str, message: str) -> None:
        """Tell BETABOT_ADMIN_CHANNEL `message` once across replicas (nothing when unset)."""
        if self._notices is not None:
            await self._notices.tell(key, message)

    def _supervise(self, name: str, loop: Callable[[], Awaitable[None]]) -> None:
        self._spawn(supervise(name, loop, self._stopping), name)

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.create_task(coro, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
