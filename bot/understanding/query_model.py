"""The Query: what a question asks, as `understand` returns it to the answers."""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Query:
    """What a question asks: intent, subject id, confidence 0-100, and closest subjects."""

    intent: str
    subject: str = ""
    score: float = 0.0
    suggestions: tuple[str, ...] = ()
    text: str = ""  # the question as asked, quoted back when not understood
    also: tuple[str, ...] = ()  # further subjects of the same intent ("santé et logement")
    # 0-100: share of the question's meaningful words that the answer explains (scope.py)
    coverage: float = field(default=100.0, compare=False)
    language: str = "fr"  # "en" when the question is in English (answered in French)
    # True: out of scope by the confidence check (a rumour, a restaurant… `confidence.doubt`)
    offtopic: bool = False
    part: int = 0  # a list passage (« a ; b ; c »): the part asked about, shown first
    confirms: bool = False  # a yes/no question that the passage answers « oui »
    # people the asker named as the holder who are not (« pour les Sports, c'est bien Estelle ? »)
    not_holders: tuple[str, ...] = ()
    each: bool = False  # a list asked with what each one does (« les pôles, ils font quoi ? »)
    # True: out of scope, someone of another team or body is asked for (`whose.someone_elses`)
    others: bool = False
    # True: the head of a pôle was asked for, and the knowledge names none (`lead._lead`)
    headless: bool = False

    @property
    def confidence(self) -> float:
        """0-100: how closely the subject was typed (`score`) times how much it explains."""
        return round(self.score * self.coverage / 100.0, 1)


def _covering(query: Query, covered: float) -> Query:
    """`query` with its coverage: `dataclasses.replace` without its per-call field walk.

    Every field is copied as it is (a field added to Query later comes along), then the
    coverage is set on the new, still frozen, object.
    """
    copied = object.__new__(Query)
    copied.__dict__.update(query.__dict__)
    object.__setattr__(copied, "coverage", covered)
    return copied
