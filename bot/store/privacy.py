"""What of a question may be kept: its folded text with personal details masked."""

import re

from bot.knowledge.text import fold

# Order matters: an address may contain digits, a phone number is a long digit run.
_MASKS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("<email>", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("<mention>", re.compile(r"(?<![\w.@-])@[\w.-]+")),
    # A French or international number: + or 0 first, then 8 more digits or more, with
    # optional single spaces, dots or dashes between them.
    ("<telephone>", re.compile(r"(?<!\w)(?:\+\d{1,3}|0)(?:[ .-]?\(?\d\)?){8,}(?!\w)")),
    ("<nombre>", re.compile(r"\d{6,}")),  # ids, account or file numbers; years and zips stay
)
_ANY = re.compile("|".join(f"(?P<m{i}>{pattern.pattern})" for i, (_, pattern) in enumerate(_MASKS)))


def private_question(text: str) -> str:
    """`text` folded (lower case, no accents, no punctuation) with personal details masked.

    E-mail addresses become ``<email>``, @-mentions ``<mention>``, phone numbers
    ``<telephone>`` and digit strings of 6 digits or more ``<nombre>``; the rest is folded
    with `bot.knowledge.text.fold`, so equal questions in other spellings merge.
    """
    parts: list[str] = []
    last = 0
    for match in _ANY.finditer(text):
        parts.append(fold(text[last : match.start()]))
        index = int(next(name for name, value in match.groupdict().items() if value)[1:])
        parts.append(_MASKS[index][0])
        last = match.end()
    parts.append(fold(text[last:]))
    return " ".join(part for part in parts if part)
