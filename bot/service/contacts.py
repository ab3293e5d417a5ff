"""Find each person of the knowledge on Mattermost: the YAML handle, the naming convention
(`prenom.nom`), else a search by name that must match exactly one active account.

`resolve` returns one `Handle` per person; `report_lines` and `stale_message` say it in French
for `betabot contacts`, `betabot doctor` and the admin channel.
"""

from collections.abc import Iterable, Sequence

from bot.answers.directory import Handle, Source
from bot.answers.render import escape
from bot.knowledge.model import Person
from bot.knowledge.text import fold
from bot.mattermost.client import MattermostClient
from bot.mattermost.people import User, search_users, users_by_usernames
from bot.service.config import Settings

SOURCE_LABELS = {"yaml": "YAML", "convention": "convention", "search": "recherche", "": ""}


def usernames_for(name: str) -> list[str]:
    """The community's usernames for a name, most likely first: `prenom.nom`, lower case,
    accents folded, spaces and apostrophes as hyphens (`elsa.le-duigou`), then without them.

    The first word is the first name; a one-word name gives no candidate.
    """
    words = name.split(maxsplit=1)
    if len(words) < 2:
        return []
    first, last = (fold(w).split() for w in words)
    if not first or not last:
        return []
    found = [f"{'-'.join(first)}.{'-'.join(last)}", f"{'-'.join(first)}.{''.join(last)}"]
    return list(dict.fromkeys(found))


def _wanted(person: Person) -> list[str]:
    """The usernames to look up for a person: the YAML handle alone, or the convention's."""
    if person.mattermost:
        return [person.mattermost.lower().lstrip("@")]
    return usernames_for(person.name)


def _handle(person: Person, user: User, source: Source) -> Handle:
    return Handle(
        person.id, user.username, user.user_id, source, "ok" if user.active else "deactivated"
    )


def _same_name(user: User, name: str) -> bool:
    return not user.is_bot and fold(f"{user.first_name} {user.last_name}") == fold(name)


async def _search(client: MattermostClient, person: Person) -> list[User]:
    """Accounts named exactly like the person (the name as written, then without accents)."""
    for term in dict.fromkeys((person.name, fold(person.name))):
        found = [u for u in await search_users(client, term) if _same_name(u, person.name)]
        if found:
            return found
    return []


async def resolve(client: MattermostClient, people: Iterable[Person]) -> list[Handle]:
    """One Handle per person, in the order given.

    One batched lookup of every wanted username; a search only for people the convention
    did not find active. A YAML handle is never second-guessed: not found, it is « missing ».

    Raises:
        MattermostError: the server could not answer; keep the previous handles.
    """
    people = list(people)
    wanted = [name for person in people for name in _wanted(person)]
    by_name = {u.username: u for u in await users_by_usernames(client, wanted)}
    handles: list[Handle] = []
    for person in people:
        found = [by_name[n] for n in _wanted(person) if n in by_name]
        handle = _from_lookup(person, found)
        if handle is None:
            handle = _from_search(person, found, await _search(client, person))
        handles.append(handle)
    return handles


def _from_lookup(person: Person, found: list[User]) -> Handle | None:
    """The handle given by the YAML or an active convention username; None: search."""
    active = [u for u in found if u.active]
    if person.mattermost:
        chosen = (active or found)[:1]
        return _handle(person, chosen[0], "yaml") if chosen else Handle(person.id, source="yaml")
    return _handle(person, active[0], "convention") if active else None


def _from_search(person: Person, found: list[User], named: list[User]) -> Handle:
    """Exactly one active account with the person's name, else deactivated or missing."""
    active = [u for u in named if u.active]
    if len(active) == 1:
        return _handle(person, active[0], "search")
    if not active and found:
        return _handle(person, found[0], "convention")
    if not active and len(named) == 1:
        return _handle(person, named[0], "search")
    return Handle(person.id)  # nobody, or several people with that name: never guess


def stale(handles: Iterable[Handle]) -> list[Handle]:
    """The handles of people who cannot be linked: deactivated or not found."""
    return [h for h in handles if h.state != "ok"]


def describe(handle: Handle) -> str:
    """How a person is reached, in French: `@nom (convention)`, « désactivé », « introuvable »."""
    if handle.state == "ok":
        return f"@{handle.username} ({SOURCE_LABELS[handle.source]})"
    if handle.state == "deactivated":
        return f"désactivé (@{handle.username}, {SOURCE_LABELS[handle.source]})"
    if handle.source == "yaml":
        return "introuvable (l'identifiant mattermost: du YAML n'existe pas)"
    return "introuvable"


def report_lines(people: Sequence[Person], handles: Sequence[Handle]) -> list[str]:
    """One line per person for `betabot contacts`: id, name, then how they are reached."""
    by_id = {h.person_id: h for h in handles}
    width = max((len(p.id) for p in people), default=0)
    return [
        f"{'✓' if by_id.get(p.id, Handle(p.id)).state == 'ok' else '✗'} "
        f"{p.id:<{width}}  {p.name} : {describe(by_id.get(p.id, Handle(p.id)))}"
        for p in people
    ]


def stale_message(people: Sequence[Person], handles: Sequence[Handle]) -> str:
    """The admin channel's message about people who cannot be linked (Markdown, no mention)."""
    names = {p.id: p.name for p in people}
    late = stale(handles)
    if not late:
        return "Contacts : toutes les personnes des connaissances ont un compte Mattermost actif."
    lines = [
        "Contacts à vérifier dans `knowledge/personnes.yaml` : ces personnes sont nommées sans "
        "lien dans les réponses (le contact de leur pôle est donné à la place)."
    ]
    for h in late:
        what = describe(h).replace("@", "")  # no @ at all: the admin channel is not pinged
        name = escape(names.get(h.person_id, h.person_id))
        lines.append(f"- {name} (`{h.person_id}`) : {what}")
    lines.append("Corrigez `mattermost:` ou retirez la personne, puis `betabot contacts`.")
    return "\n".join(lines)


async def contacts_report(settings: Settings, people: Sequence[Person]) -> tuple[list[str], int]:
    """`betabot contacts`: one line per person, and how many cannot be linked.

    Raises:
        MattermostError: the server could not be reached or refused the token.
    """
    client = MattermostClient(
        settings.server,
        settings.mattermost_token,
        verify=settings.ca_file or True,
        proxy=settings.proxy or None,
    )
    try:
        handles = await resolve(client, people)
    finally:
        await client.aclose()
    return report_lines(people, handles), len(stale(handles))
