"""Where the Mattermost server lives: its REST and websocket addresses."""

from dataclasses import dataclass


@dataclass(frozen=True)
class ServerAddress:
    """Where the Mattermost server lives, split the way mattermostdriver wants it."""

    scheme: str  # "http" | "https"
    host: str
    port: int
    basepath: str  # e.g. "/api/v4" or "/sub/api/v4"

    @property
    def api_url(self) -> str:
        """REST base, e.g. `https://mm.example.org:443/api/v4`."""
        return f"{self.scheme}://{self.host}:{self.port}{self.basepath}"

    @property
    def websocket_url(self) -> str:
        """The websocket endpoint: `ws(s)://host:port/<basepath>/websocket`."""
        ws = "wss" if self.scheme == "https" else "ws"
        return f"{ws}://{self.host}:{self.port}{self.basepath}/websocket"
