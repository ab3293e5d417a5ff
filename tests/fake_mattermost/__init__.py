"""A fake Mattermost server for tests: REST v4, websocket and slash form posts on loopback."""

from .seed import BOT_TOKEN, seed
from .server import FakeMattermost, RecordedRequest
from .slash import SlashResponse

__all__ = ["BOT_TOKEN", "FakeMattermost", "RecordedRequest", "SlashResponse", "seed"]
