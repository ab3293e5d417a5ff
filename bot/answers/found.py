"""Answers that quote the knowledge's own sentences (passages) or decline (out of scope)."""

from datetime import date

from bot.answers import phrases
from bot.answers.lines import Line, Span, general_line, line
from bot.knowledge.model import JobPosting, Knowledge
from bot.understanding.aliases import alias_index
from bot.understanding.passage_cuts import focused, sentences
from bot.understanding.passages import passage_index
from bot.understanding.query import Query

_SOURCE_OF_KIND = {
    "reason": phrases.REASONS_TITLE,
    "engagement": phrases.ENGAGEMENTS_TITLE,
}


def passage_lines(query: Query, knowledge: Knowledge, today: date) -> tuple[Line, ...]:
    """The passage first (the fact asked for), then where it comes from and what to do next.

    Raises KeyError when the passage no longer exists (the knowledge was reloaded).
    """
    index = passage_index(knowledge, alias_index(knowledge).fillers)
    passage = index.by_id[query.subject]
    source = passage.source or _SOURCE_OF_KIND.get(passage.kind, "")
    head = fill_source(source, phrases.YES_FROM_SOURCE if query.confirms else phrases.FROM_SOURCE)
    lines = [head, line(focused(passage.text, query.part))]
    if passage.kind == "posting":
        posting = next(p for p in knowledge.postings if p.slug == passage.ref)
        status, *after = _posting_status(posting, today)
        lines = [status, *lines, *_same_section(posting, passage.text), *after]
    if passage.kind == "topic":  # the rest of the topic, for the context of the fact
        topic = next(t for t in knowledge.topics if t.id == passage.ref)
        # the topic's other sentences (« Ils sont six… » after the sentence found), then its points
        others = " ".join(s for s in sentences(topic.text) if s != passage.text)
        rest = [t for t in (others, *topic.items) if t and passage.text not in t]
        lines += [line(t, bullet=i > 0) for i, t in enumerate(rest)]
    return (*lines, general_line(knowledge, phrases.REACH_ANY))


def fill_source(source: str, lead: str = phrases.FROM_SOURCE) -> Line:
    """« D'après <source> : » — the subject the answer comes from, shown first (`lead`: « Oui,
    d'après » when it confirms a yes/no question)."""
    return line(f"{lead} ", Span(source, "strong"), " :")


def _same_section(posting: JobPosting, text: str) -> list[Line]:
    """The other items of the section the passage comes from (« Missions », « Profil »)."""
    heading = next((h for h, t in posting.pieces if text in (t, f"{h} : {t}")), "")
    if not heading:
        return []
    return [
        line(t, bullet=True)
        for h, t in posting.pieces
        if h == heading and text not in (t, f"{h} : {t}")
    ]


def _posting_status(posting: JobPosting, today: date) -> list[Line]:
    """Whether the posting is open, how to apply, and how to hear of the next ones."""
    since = f" ({phrases.JOBS_SINCE} {posting.date:%d/%m/%Y})" if posting.date else ""
    if posting.is_open(today):
        lines = [line(f"{phrases.POSTING_IS_OPEN.format(posting.title)}{since}.")]
        if posting.apply:
            lines.append(line(f"{phrases.ANNOUNCE_APPLY} {posting.apply}"))
    else:
        lines = [line(f"{phrases.POSTING_IS_CLOSED.format(posting.title)}{since}.")]
    subscribe = phrases.HELP_SUBSCRIBE.replace("{}", "« {} »").format(
        phrases.SUBSCRIBE_COMMAND, phrases.UNSUBSCRIBE_COMMAND
    )
    return [*lines, line(phrases.JOBS_WHERE), line(subscribe)]


def outside_lines(query: Query, knowledge: Knowledge) -> tuple[Line, ...]:
    """An out-of-scope question: say so, offer the nearest subjects, and how to reach us."""
    said = phrases.OUTSIDE_REQUEST if query.offtopic else phrases.OUTSIDE
    lines = [line(phrases.OUTSIDE_OTHERS if query.others else said)]
    if query.suggestions:
        spans: list[Span | str] = [f"{phrases.OUTSIDE_NEAR} "]
        for i, label in enumerate(query.suggestions):
            spans += [", " if i else "", Span(label, "strong")]
        lines.append(line(*spans, " ?"))
    return (*lines, general_line(knowledge, phrases.REACH_ANY))
