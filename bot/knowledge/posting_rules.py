"""Job postings over time: open ones on a date, which to announce (generations), reminders.

Pure rules on `JobPosting` values (the parser is `postings`): a posting announced, closed and
reopened is announced again under its next generation.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from bot.knowledge.model import JobPosting
from bot.knowledge.text import fold

REMINDER_AFTER_DAYS = 45


@dataclass(frozen=True)
class Track:
    """What the store remembers of one posting: its generation and whether it was announced."""

    generation: int = 1
    announced: bool = False  # `announce:<slug>:<generation>` is done


@dataclass(frozen=True)
class Announcement:
    """One posting to announce now, with its exactly-once key."""

    posting: JobPosting
    generation: int

    @property
    def reopened(self) -> bool:
        """The posting was announced before, closed, and is open again."""
        return self.generation > 1

    @property
    def key(self) -> str:
        """The store key of the channel announcement."""
        return announcement_key(self.posting.slug, self.generation)


def announcement_key(slug: str, generation: int) -> str:
    """`announce:<slug>:<generation>`."""
    return f"announce:{slug}:{generation}"


def generation_state_name(slug: str) -> str:
    """Name of the store state holding a posting's current generation."""
    return f"posting-generation:{slug}"


def new_postings(
    postings: Iterable[JobPosting], today: date, tracks: Mapping[str, Track]
) -> tuple[list[Announcement], dict[str, int]]:
    """Postings to announce now, and generations to bump.

    An open posting whose current generation is not announced is announced. A closed posting
    whose current generation was announced moves to the next generation, so that reopening it
    later announces it again ("à nouveau ouvert"). A closed posting is never announced.
    """
    announce: list[Announcement] = []
    bumps: dict[str, int] = {}
    for posting in postings:
        track = tracks.get(posting.slug, Track())
        if posting.is_open(today):
            if not track.announced:
                announce.append(Announcement(posting, track.generation))
        elif track.announced:
            bumps[posting.slug] = track.generation + 1
    return announce, bumps


def open_postings(postings: Iterable[JobPosting], today: date) -> list[JobPosting]:
    """The open postings, most recent first (undated last), then by title."""
    chosen = [p for p in postings if p.is_open(today)]
    return sorted(chosen, key=lambda p: (-(p.date or date.min).toordinal(), fold(p.title)))


def reminder_due(posting: JobPosting, today: date) -> bool:
    """Open `REMINDER_AFTER_DAYS` days or more after its date: time to ask its contacts."""
    if posting.date is None or not posting.is_open(today):
        return False
    return (today - posting.date).days >= REMINDER_AFTER_DAYS
