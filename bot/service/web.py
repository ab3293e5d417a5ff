"""HTTP app: `POST /mattermost/slash`, `GET /healthz`, `GET /metrics`."""

import asyncio
import hmac
import logging
import time
import traceback
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from aiohttp import web

from bot import __version__
from bot.answers import phrases
from bot.conversation.dispatch import Incoming, Reply
from bot.mattermost import slash
from bot.mattermost.actions import ACTIONS_PATH
from bot.service.http_guard import HttpLimits, body_deadline
from bot.telemetry import metrics
from bot.telemetry.logs import MESSAGE_TEXT

log = logging.getLogger(__name__)

SLASH_MAX_BYTES = 64 * 1024
SLASH_DEADLINE_S = 2.5  # Mattermost waits 30 s; users should not wait more than this
SLASH_PATH = "/mattermost/slash"
_FORM_TYPE = "application/x-www-form-urlencoded"  # what Mattermost sends; nothing else is parsed

SlashHandler = Callable[[Incoming], Awaitable[Reply | None]]
Health = Callable[[], Mapping[str, bool]]
ActionHandler = Callable[[object], Awaitable[tuple[int, dict[str, Any]]]]


def build_web_app(
    handle_slash: SlashHandler,
    slash_token: str,
    health: Health,
    limits: HttpLimits | None = None,
    handle_action: ActionHandler | None = None,
    metrics_token: str = "",
    serve_metrics: bool = True,
) -> web.Application:
    """The aiohttp application; `handle_slash` answers a verified slash Incoming.

    Every route gets the body deadline of `limits`. With `handle_action` (buttons enabled),
    `POST /mattermost/actions` takes the server's click requests (JSON) and answers what the
    handler returns.
    `metrics_token`: when set, `/metrics` needs `Authorization: Bearer <token>`.
    `serve_metrics`: False when `/metrics` has its own listener (`build_metrics_app`).
    """
    app = web.Application(
        client_max_size=SLASH_MAX_BYTES, middlewares=[body_deadline(limits or HttpLimits())]
    )

    async def slash_route(request: web.Request) -> web.StreamResponse:
        return await _slash(request, handle_slash, slash_token)

    async def health_route(request: web.Request) -> web.StreamResponse:
        checks = {"websocket": False, "knowledge": False, **health()}
        healthy = all(checks.values())
        body = {"status": "ok" if healthy else "degraded", **checks, "version": __version__}
        return web.json_response(body, status=200 if healthy else 503)

    app.router.add_post(SLASH_PATH, slash_route)
    if handle_action is not None:
        action = handle_action

        async def action_route(request: web.Request) -> web.StreamResponse:
            return await _action(request, action)

        app.router.add_post(ACTIONS_PATH, action_route)
    app.router.add_get("/healthz", health_route)
    if serve_metrics:
        app.router.add_get("/metrics", _metrics_route(metrics_token))
    return app


def build_metrics_app(metrics_token: str = "", limits: HttpLimits | None = None) -> web.Application:
    """`/metrics` alone, for a listener of its own (BETABOT_METRICS_PORT), same body deadline."""
    app = web.Application(
        client_max_size=SLASH_MAX_BYTES, middlewares=[body_deadline(limits or HttpLimits())]
    )
    app.router.add_get("/metrics", _metrics_route(metrics_token))
    return app


def _metrics_route(token: str) -> Callable[[web.Request], Awaitable[web.StreamResponse]]:
    expected = f"Bearer {token}".encode()

    async def metrics_route(request: web.Request) -> web.StreamResponse:
        given = request.headers.get("Authorization", "").encode()
        if token and not hmac.compare_digest(given, expected):
            return web.Response(
                status=401, text="Unauthorized", headers={"WWW-Authenticate": "Bearer"}
            )
        return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})

    return metrics_route


async def _slash(request: web.Request, handle: SlashHandler, token: str) -> web.StreamResponse:
    """Media type, size, form, token, then the answer: any bad input is a 4xx, never a 500."""
    started = time.monotonic()
    if request.content_type != _FORM_TYPE:
        return _error(415, "Unsupported Media Type")
    if (request.content_length or 0) > SLASH_MAX_BYTES:
        return _error(413, "Payload Too Large")
    try:
        form = slash.parse_form(await request.read(), request.charset)
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "Payload Too Large")
    except slash.SlashError as err:  # one line, no traceback: the body is the client's fault
        log.warning("slash: refused, %s", err)
        return _error(400, "Bad Request")
    if not slash.verify(form, request.headers, token):
        log.warning("slash: refused, wrong or missing token")
        return _error(401, "Unauthorized")
    try:
        incoming = slash.to_incoming(form)
    except slash.SlashError as err:
        log.warning("slash: %s", err)
        return _error(400, "Bad Request")
    try:
        reply = await asyncio.wait_for(handle(incoming), SLASH_DEADLINE_S)
    except TimeoutError:
        log.warning("slash: no answer within %.1f s", SLASH_DEADLINE_S)
        return web.json_response({"response_type": "ephemeral", "text": phrases.SLASH_TOO_SLOW})
    except Exception as err:  # the loop boundary of one request: Mattermost must get a 200
        # Type and frames only: an exception's message may quote the user's text.
        frames = "".join(traceback.format_tb(err.__traceback__))
        log.error("slash: failed: %s\n%s", type(err).__name__, frames)
        return web.json_response({"response_type": "ephemeral", "text": phrases.SLASH_FAILED})
    log.info(  # the one line per answered command
        "slash: answered intent=%s score=%.0f latency_ms=%.1f",
        reply.intent if reply else "-",
        reply.score if reply else 0,
        (time.monotonic() - started) * 1000,
        extra={MESSAGE_TEXT: incoming.text},  # printed only with BETABOT_LOG_MESSAGES=1
    )
    return web.json_response(slash.to_response(reply, phrases.SLASH_NO_ANSWER))


async def _action(request: web.Request, handle: ActionHandler) -> web.StreamResponse:
    try:
        body = await request.json()
    except web.HTTPRequestEntityTooLarge:
        return _error(413, "Payload Too Large")
    except ValueError:
        return _error(400, "Bad Request")
    try:
        status, answer = await asyncio.wait_for(handle(body), SLASH_DEADLINE_S * 4)
    except Exception as err:  # the loop boundary of one click: the clicker is told, may retry
        frames = "".join(traceback.format_tb(err.__traceback__))
        log.error("actions: failed: %s\n%s", type(err).__name__, frames)
        return web.json_response({"ephemeral_text": phrases.SLASH_FAILED})
    if status != 200:
        return _error(status, "Unauthorized" if status == 401 else "Error")
    return web.json_response(answer)


def _error(status: int, reason: str) -> web.Response:
    return web.Response(status=status, text=reason)
