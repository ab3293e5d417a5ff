"""How an answer names what it answers, on its first line, so that a near-miss shows.

« Pour le ministère du Logement, votre contact à l'incubateur : Maël Inizan » tells the asker
which subject was understood; a question about something else reads as answered wrongly at
once instead of looking like a confident answer.
"""

from functools import cache, lru_cache

from bot.answers import phrases
from bot.knowledge.building import once_per_knowledge
from bot.knowledge.lookup import lookup
from bot.knowledge.model import Knowledge, Ministry
from bot.knowledge.text import fold

_MINISTRY = "ministère "  # an alias « ministère du Logement » gives the name with its article


@cache
def _of_ministry(ministry: Ministry) -> str:
    """« du Logement », « de la Santé » from the ministry's own alias, else ""."""
    name = fold(ministry.name)
    for alias in ministry.aliases:
        folded = fold(alias)
        if folded.startswith(fold(_MINISTRY)) and folded.endswith(name):
            return alias[len(_MINISTRY) :].strip()
    return ""


def enumerate_fr(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return items[0] if len(items) < 2 else f"{', '.join(items[:-1])} {phrases.AND} {items[-1]}"


def ministries_subject(ministries: list[Ministry]) -> str:
    """« le ministère du Logement », « les ministères de la Santé et de la Justice ».

    A theme named without a « ministère … » alias (« Territoire ») is a « périmètre ».
    """
    of = [_of_ministry(m) for m in ministries]
    if all(of):
        word = phrases.MINISTRY if len(of) == 1 else phrases.MINISTRIES
        return f"{word} {enumerate_fr(of)}"
    word = phrases.PERIMETER if len(of) == 1 else phrases.PERIMETERS
    return f"{word} {enumerate_fr([m.name for m in ministries])}"


def one_role(knowledge: Knowledge, subjects: tuple[str, ...]) -> bool:
    """Whether the holders `subjects` (« pôle/personne ») share a role: an alias or a title.

    « les CTO » share « CTO »; « le CTO et le tech lead » asked together do not.
    """
    roles = []
    for subject in subjects:
        pole_id, person_id = subject.split("/", 1)
        pole = lookup(knowledge).poles[pole_id]
        roles.append(next(r for r in pole.members if r.person_id == person_id))
    if len({fold(r.title) for r in roles}) == 1:
        return True
    return bool(set.intersection(*({fold(a) for a in r.aliases} for r in roles)))


@once_per_knowledge
def _held_by_several(knowledge: Knowledge) -> frozenset[str]:
    """The folded role aliases more than one person holds (« coach », « cto »)."""
    holders: dict[str, set[str]] = {}
    for pole in knowledge.poles:
        for role in pole.members:
            for alias in role.aliases:
                holders.setdefault(fold(alias), set()).add(role.person_id)
    return frozenset(a for a, people in holders.items() if len(people) > 1)


@lru_cache(maxsize=4096)  # a role's aliases, folded once (not per question)
def _folded(aliases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(a) for a in aliases)


def role_subject(knowledge: Knowledge, subjects: tuple[str, ...], text: str) -> str:
    """The role as the asker named it (« CTO », « coach »), else its title, else ""."""
    asked = f" {' '.join(fold(text).split())} "
    roles = []
    for subject in subjects:
        pole_id, person_id = subject.split("/", 1)
        pole = lookup(knowledge).poles[pole_id]
        roles.append(next(r for r in pole.members if r.person_id == person_id))
    shared = set.intersection(*(set(_folded(r.aliases)) for r in roles)) if roles else set()
    first = list(zip(roles[0].aliases, _folded(roles[0].aliases), strict=True))
    named = [a for a, folded in first if folded in shared and f" {folded} " in asked]
    if len(roles) == 1:
        # « le responsable des coachs » is Maël Inizan: not « le rôle de coach », that three hold
        held = _held_by_several(knowledge)
        named = [a for a in named if fold(a) not in held]
    if named:
        chosen = max(named, key=len)
        singular = [a for a, folded in first if folded == fold(chosen)[:-1]]
        return singular[0] if chosen.endswith("s") and singular else chosen
    titles = {r.title for r in roles}
    return titles.pop() if len(titles) == 1 else ""
