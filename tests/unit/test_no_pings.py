"""No renderer ever emits a live @channel, @here, @all or @username, whatever the YAML says.

The knowledge and a posting are poisoned field by field with mentions, fence breakers and
mention-carrying links; every answer, every posting message and the admin alert must stay inert.
"""

import dataclasses
import re
import unicodedata
from datetime import date
from typing import Any

import pytest

from bot.answers.answer import answer
from bot.answers.render import (
    render_answer,
    render_posting_announcement,
    render_posting_reminder,
    render_postings_digest,
    render_postings_list,
)
from bot.knowledge.model import INTENTS, JobPosting, Knowledge
from bot.knowledge.text import strip_invisible
from bot.service.reload import admin_message
from bot.understanding.query import Query, understand
from tests.conftest import KNOWLEDGE_DIR

TODAY = date(2025, 3, 10)
PAYLOAD = " @channel @here @all @alice ~~~\n@channel\n```\n@here `@all` https://x.org/@channel"
# Fields that are identifiers, not text: poisoning them would only make references dangle.
_IDS = {"id", "person_id", "owner_id", "lead_id", "slug", "path", "aliases", "mattermost"}
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)
_MENTION = re.compile(r"(?<![\w@/])@([a-z0-9][a-z0-9._-]*)", re.IGNORECASE)


def poison(value: Any, name: str = "") -> Any:
    """`value` with PAYLOAD appended to every text field and a mention in every URL."""
    if name in _IDS:
        return value
    if name == "url":
        return "https://jobs.example.org/@channel/@here"
    if isinstance(value, str):
        return value + PAYLOAD
    if isinstance(value, tuple):
        return tuple(poison(item, name) for item in value)
    if isinstance(value, dict):
        return {key: poison(item, name) for key, item in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        fields = dataclasses.fields(value)
        changes = {f.name: poison(getattr(value, f.name), f.name) for f in fields}
        return dataclasses.replace(value, **changes)
    return value


def live_mentions(markdown: str) -> list[str]:
    """Mentions Mattermost could read: outside code, any ``` or ~~~ line closing any block."""
    outside: list[str] = []
    in_block = False
    for line in markdown.splitlines():
        if _FENCE.match(line):  # pessimistic: any fence line opens or closes a block
            in_block = not in_block
        elif not in_block:
            outside.append(line)
    text = _SPAN.sub(" ", "\n".join(outside))
    text = unicodedata.normalize("NFKC", strip_invisible(text))
    return _MENTION.findall(text)


@pytest.fixture(scope="module")
def poisoned() -> Knowledge:
    from bot.knowledge.loader import load_knowledge

    return poison(load_knowledge(KNOWLEDGE_DIR))


def queries(knowledge: Knowledge) -> list[Query]:
    """Every intent with every subject it can take, and the knowledge's example questions."""
    subjects = {
        "portfolio": [m.id for p in knowledge.portfolios for m in p.ministries],
        "person": list(knowledge.people),
        "role": [f"{p.id}/{m.person_id}" for p in knowledge.poles for m in p.members],
        "pole": [p.id for p in knowledge.poles],
        "topic": [t.id for t in knowledge.topics],
    }
    found = [
        Query(intent, subject, 100.0, text="@channel")
        for intent in INTENTS
        for subject in subjects.get(intent, [""])
    ]
    return found + [understand(e.question, knowledge) for e in knowledge.examples]


def test_the_checker_sees_a_mention_that_breaks_out_of_a_block() -> None:
    assert live_mentions("```\n~~~\n@channel\n```") == ["channel"]
    assert live_mentions("a `@here` **@alice** b@c.org") == ["alice"]


def test_no_answer_from_a_poisoned_knowledge_pings(poisoned: Knowledge) -> None:
    rendered = [render_answer(answer(q, poisoned, TODAY)) for q in queries(poisoned)]
    assert len(rendered) > 100
    # A person's own username, from personnes.yaml, may be shown the way the knowledge asks
    # (its contact style); nothing else may ping.
    contact_style = {p.mattermost.lower() for p in poisoned.people.values() if p.mattermost}
    found = [m for text in rendered for m in live_mentions(text)]
    assert [m for m in found if m.lower() not in contact_style - {"channel", "here", "all"}] == []
    assert not any("@channel/@here" in text for text in rendered)


@pytest.mark.parametrize("style", ["lien", "mention"])
def test_answers_with_people_linked_ping_only_the_people_themselves(
    poisoned: Knowledge, style: str
) -> None:
    from bot.answers.directory import Handle, directory

    usernames = {pid: f"user-{i}" for i, pid in enumerate(poisoned.people)}
    people = directory(
        [Handle(pid, username=name, source="yaml", state="ok") for pid, name in usernames.items()],
        style,  # type: ignore[arg-type]
        "https://mm.example.org",
        "communaute",
    )
    rendered = [render_answer(answer(q, poisoned, TODAY), people=people) for q in queries(poisoned)]
    found = {m for text in rendered for m in live_mentions(text)}
    assert found <= set(usernames.values())
    assert (found != set()) == (style == "mention")


def test_no_posting_message_pings_and_its_mention_link_is_dropped() -> None:
    posting = poison(
        JobPosting(
            slug="2025-03-01-dev",
            path="postes/2025-03-01-dev.md",
            title="Dev",
            roles=("Dev",),
            open=True,
            date=date(2025, 1, 1),
            excerpt="Un poste.",
            domains=("développement",),
            contacts=("alice",),
            url="https://ok.example.org/",
            startup="Startup",
            apply="Écrivez-nous.",
        )
    )
    rendered = [
        render_posting_announcement(posting),
        render_posting_announcement(posting, reopened=True),
        render_postings_list([posting]),
        render_postings_digest([posting]),
        render_posting_reminder(posting, TODAY),
    ]
    assert [m for text in rendered for m in live_mentions(text)] == []
    assert not any("jobs.example.org" in text for text in rendered)


def test_admin_alert_cannot_be_broken_out_of() -> None:
    error = "knowledge/personnes.yaml:3 : clé inconnue « a" + PAYLOAD + "\n~~~\n@here »"
    message = admin_message(error)
    assert live_mentions(message) == []
    assert message == (
        "**La base de connaissances n'a pas été rechargée** : betabot continue de répondre "
        "avec la version précédente. Corrigez le ou les problèmes suivants :\n"
        "```\n"
        "    knowledge/personnes.yaml:3 : clé inconnue "
        "« a @channel @here @all @alice \u223c\u223c\u223c\n"
        "    @channel\n"
        "    '''\n"
        "    @here '@all' https://x.org/@channel\n"
        "    \u223c\u223c\u223c\n"
        "    @here »\n"
        "```"
    )


def test_stale_contacts_alert_from_a_poisoned_knowledge_does_not_ping(poisoned: Knowledge) -> None:
    from bot.answers.directory import Handle
    from bot.service.contacts import stale_message

    people = list(poisoned.people.values())
    handles = [Handle(p.id, username="channel", source="yaml", state="deactivated") for p in people]
    message = stale_message(people, handles)
    assert message.count("\n") == len(people) + 1
    assert live_mentions(message) == []
