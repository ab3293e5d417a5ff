"""Injected failures: the next requests to a route answer 429 (as Mattermost's limiter) or 5xx,
are answered late (a slow server or proxy), or get no answer at all (a connection cut)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .rest import json_response
from .state import ApiError


@dataclass
class Failure:
    """Answer the next `times` requests to `route` with `status` (0: the real answer)."""

    route: str  # "POST /api/v4/posts", or with the route's template: "GET /api/v4/users/{user_id}"
    status: int
    retry_after: float | None
    times: int
    body: Any  # None: the real shape; str: text/plain; anything else: JSON
    after: bool = False  # handle the request first (the post exists), then answer the failure
    stall_s: float = 0.0  # wait this long before answering (after handling, when `after`)
    drop: bool = False  # then cut the connection instead of answering


class Failures:
    """The pending failures, consumed in the order they were added."""

    def __init__(self) -> None:
        self.pending: list[Failure] = []

    def add(self, failure: Failure) -> None:
        self.pending.append(failure)

    def take(self, request: web.Request) -> Failure | None:
        resource = request.match_info.route.resource
        names = {f"{request.method} {request.path}"}
        if resource is not None:
            names.add(f"{request.method} {resource.canonical}")
        for failure in self.pending:
            if failure.route in names:
                failure.times -= 1
                if failure.times <= 0:
                    self.pending.remove(failure)
                return failure
        return None


def failure_response(failure: Failure, request_id: str) -> web.Response:
    """429: text/plain `limit exceeded` with X-RateLimit-* and Retry-After; else a JSON error."""
    headers: dict[str, str] = {"X-Request-Id": request_id}
    if failure.retry_after is not None:
        headers["Retry-After"] = f"{failure.retry_after:g}"
    if failure.status == 429:
        reset = f"{failure.retry_after or 1:g}"
        headers |= {"X-RateLimit-Limit": "10", "X-RateLimit-Remaining": "0"}
        headers |= {"X-RateLimit-Reset": reset, "Retry-After": reset}
        headers["X-Content-Type-Options"] = "nosniff"
    if isinstance(failure.body, str):
        return _text(failure.body, failure.status, headers)
    if failure.body is not None:
        return json_response(failure.body, failure.status, headers)
    if failure.status == 429:
        return _text("limit exceeded\n", 429, headers)  # Go's http.Error adds the newline
    error = ApiError(failure.status, "api.fake.injected.app_error", "Injected failure.")
    return json_response(error.body(request_id), failure.status, headers)


def _text(body: str, status: int, headers: dict[str, str]) -> web.Response:
    return web.Response(
        body=body.encode(),
        status=status,
        headers={"Content-Type": "text/plain; charset=utf-8", **headers},
    )
