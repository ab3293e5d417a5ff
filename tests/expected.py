"""What the bot must answer: computed by dispatch itself, for the transports to deliver as is."""

from datetime import datetime

from bot.conversation import dispatch
from bot.conversation.dispatch import Incoming, Me
from bot.knowledge.loader import load_knowledge
from bot.knowledge.timezone import PARIS
from bot.service.config import default_knowledge_dir
from tests.fake_mattermost.server import FakeMattermost


def expected_text(
    mm: FakeMattermost, text: str, channel_type: str = "O", transport: str = "websocket"
) -> str:
    """What dispatch answers to this question: the transport must deliver exactly that."""
    knowledge = load_knowledge(default_knowledge_dir(), default_knowledge_dir() / "postes")
    bot = mm.user("betabot")
    incoming = Incoming(
        transport=transport,  # type: ignore[arg-type]  # a Transport literal
        text=text,
        user_id=mm.user("alice")["id"],
        user_name="alice",
        channel_id="c",
        channel_type=channel_type,
        post_id="p",
        mentioned=True,
    )
    reply = dispatch.respond(incoming, knowledge, Me(bot["id"], "betabot"), datetime.now(PARIS))
    assert reply is not None
    return reply.text
