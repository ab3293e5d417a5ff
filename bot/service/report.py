"""The maintainers' report: what was asked and not (well) understood, and the answers' votes.

`build_report` reads the store; `render_report` (French Markdown, for `betabot rapport`,
the weekly post and `/beta admin rapport`) and `report_json` (for scripts) are pure.
"""

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from bot.answers.render import escape
from bot.knowledge.timezone import PARIS
from bot.store.questions import AskedQuestion, QuestionLog, Verdict

TOP = 15  # lines per section: the most frequent first
DEFAULT_DAYS = 7
# What the maintainers call each intent (the YAML's words, not the code's).
INTENT_NAMES = {
    "portfolio": "portefeuille",
    "person": "personne",
    "role": "rôle",
    "pole": "pôle",
    "topic": "sigle ou programme",
    "reasons": "pourquoi nous contacter",
    "engagements": "engagements",
    "contact": "contact",
    "jobs": "postes",
    "help": "aide",
    "unknown": "non comprise",
}


@dataclass(frozen=True)
class Report:
    """A period's questions and votes: `since` to `until`, both included."""

    since: date
    until: date
    questions: int
    understood: int
    by_intent: dict[str, int]
    not_understood: list[AskedQuestion]  # most frequent first
    unsure: list[AskedQuestion]  # understood below full confidence, most frequent first
    feedback: list[Verdict]  # most 👎 first


def build_report(log: QuestionLog, today: date, days: int = DEFAULT_DAYS) -> Report:
    """The report of the `days` days ending with `today` (Europe/Paris days)."""
    since, until = today - timedelta(days=days - 1), today
    after = until + timedelta(days=1)
    totals = log.totals(since, after)
    asked = sorted(log.questions(since, after), key=lambda q: (-q.count, q.folded))
    start = datetime.combine(since, time(), PARIS).timestamp()
    end = datetime.combine(after, time(), PARIS).timestamp()
    votes = sorted(log.feedback(start, end), key=lambda v: (-v.down, v.up, v.intent, v.subject))
    return Report(
        since=since,
        until=until,
        questions=sum(totals.values()),
        understood=sum(n for intent, n in totals.items() if intent != "unknown"),
        by_intent=dict(sorted(totals.items(), key=lambda item: (-item[1], item[0]))),
        not_understood=[q for q in asked if q.intent == "unknown"],
        unsure=[q for q in asked if q.intent != "unknown"],
        feedback=votes,
    )


def render_report(report: Report) -> str:
    """The report in French Markdown; sections say « aucune » rather than vanish."""
    days = (report.until - report.since).days + 1
    rate = f" ({round(100 * report.understood / report.questions)} %)" if report.questions else ""
    lines = [
        f"**Rapport de betabot du {_day(report.since)} au {_day(report.until)}** ({days} jours)",
        f"Questions : {report.questions}, comprises : {report.understood}{rate}.",
    ]
    if report.by_intent:
        parts = [f"{_intent(i)} {n}" for i, n in report.by_intent.items()]
        lines.append(f"Par type : {', '.join(parts)}.")
    lines += ["", "**Questions non comprises** (ajoutez un alias au sujet voulu) :"]
    lines += [_not_understood(q) for q in report.not_understood[:TOP]] or ["- aucune"]
    lines += ["", "**Réponses peu sûres** (comprises avec une faute ou un mot approché) :"]
    lines += [_unsure(q) for q in report.unsure[:TOP]] or ["- aucune"]
    lines += ["", "**Avis sur les réponses** (👎 d'abord) :"]
    lines += [_verdict(v) for v in report.feedback[:TOP]] or ["- aucun"]
    return "\n".join(lines)


def report_json(report: Report) -> dict[str, Any]:
    """The report as JSON-ready data (dates as ISO strings)."""
    data = asdict(report)
    data["since"], data["until"] = report.since.isoformat(), report.until.isoformat()
    return data


def _not_understood(q: AskedQuestion) -> str:
    closest = ", ".join(escape(label) for label in q.closest)
    near = f" ; sujets proches : {closest}" if closest else " ; aucun sujet proche"
    return f"- `{q.folded}` — {_times(q.count)}{near}"


def _unsure(q: AskedQuestion) -> str:
    where = f"{_intent(q.intent)} `{q.subject}`" if q.subject else _intent(q.intent)
    return f"- `{q.folded}` — {_times(q.count)} → {where} (score {q.score:.0f})"


def _verdict(v: Verdict) -> str:
    where = f"{_intent(v.intent)} `{v.subject}`" if v.subject else _intent(v.intent)
    return f"- {where} : 👎 {v.down}, 👍 {v.up}"


def _times(count: int) -> str:
    return "1 fois" if count == 1 else f"{count} fois"


def _intent(intent: str) -> str:
    return INTENT_NAMES.get(intent, intent)


def _day(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def weekly_text(log: QuestionLog) -> Callable[[datetime], Awaitable[str]]:
    """The weekly post's text: the report of the seven days before the scheduled run."""

    async def compose(scheduled: datetime) -> str:
        last_day = scheduled.astimezone(PARIS).date() - timedelta(days=1)
        report = await asyncio.to_thread(build_report, log, last_day, DEFAULT_DAYS)
        return render_report(report)

    return compose
