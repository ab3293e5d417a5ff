"""A REST call's outcome: the answer read whole, or the typed failure the retry policy reads.

`Response` is what the driver's endpoints and the retry loop look at; `StatusError` (an HTTP
error status, with the server's Retry-After) and `Unanswered` (no usable answer, sent or not)
are what `http.AsyncClient` raises, `retry.py` branches on and `client.py` turns into
`MattermostError`. No aiohttp here: the transport stays in `http.py`.
"""

import email.utils
import json
import time
from collections.abc import Mapping
from datetime import UTC
from typing import Any

RETRY_AFTER_MAX_S = 60.0
_EPOCH_THRESHOLD_S = 1_000_000_000  # a Retry-After larger than this is an epoch, not a delay


class StatusError(Exception):
    """An HTTP error status; carries what the retry loop needs."""

    def __init__(self, status: int, message: str, retry_after_s: float | None) -> None:
        """`retry_after_s`: the server's Retry-After, as seconds from now, if any."""
        super().__init__(message)
        self.status = status
        self.retry_after_s = retry_after_s


class Unanswered(Exception):
    """No usable answer; `sent` says whether the server may have received the request."""

    def __init__(self, what: str, sent: bool, timed_out: bool = False, reason: str = "") -> None:
        """`what` names the failure (never the server's text, never a URL).

        `reason`, for a connection never made: "refused", "dns", "timeout", "tls" or
        "unreachable"; empty once the request may have been sent.
        """
        super().__init__(what)
        self.sent = sent
        self.timed_out = timed_out
        self.reason = reason


class ClientClosed(Exception):
    """A call after `close()`: the caller is shutting down."""


class Response:
    """An answer, read whole: what the driver's endpoints and the retry loop look at."""

    def __init__(self, status: int, headers: Mapping[str, str], content: bytes) -> None:
        """The status, the headers and the whole body, already read."""
        self.status_code = status
        self.headers = headers
        self.content = content

    @property
    def text(self) -> str:
        """The body as text."""
        return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; ValueError (UnicodeDecodeError included) when it is not JSON."""
        return json.loads(self.content)


def retry_after_s(response: Response) -> float | None:
    """Retry-After as seconds from now: delay seconds, an epoch, or an HTTP date."""
    raw = response.headers.get("Retry-After", "")
    if not raw and response.status_code == 429:
        raw = response.headers.get("X-RateLimit-Reset", "")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(raw)
            # "-0000" (or no zone) parses naive: HTTP dates are always GMT.
            value = (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()
        except (TypeError, ValueError):
            return None
    if value > _EPOCH_THRESHOLD_S:
        value -= time.time()
    return max(0.0, min(value, RETRY_AFTER_MAX_S))
