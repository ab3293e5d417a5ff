"""What betabot keeps from one question to the next, forgotten on demand by the benchmarks.

Folded texts, answers, their Markdown, the closest cue of a word, fuzzy and passage searches
are kept once computed (each bounded, per Knowledge or per index). A benchmark that replays the same
questions finds them all kept; `forget` drops them so that the next question is measured as
if nothing had been asked before (the indexes themselves stay built).
"""

from bot.answers import answer as answer_module
from bot.answers import render as render_module
from bot.knowledge import text as text_module
from bot.knowledge.model import Knowledge
from bot.understanding import cues as cues_module
from bot.understanding.abbreviations import completions
from bot.understanding.aliases import alias_index
from bot.understanding.passages import passage_index


def forget(knowledge: Knowledge) -> None:
    """Drop every result kept from earlier questions on `knowledge`."""
    index = alias_index(knowledge)
    cues_module._kept(index).closest.clear()
    completions(knowledge).kept.clear()
    for candidates in index.fuzzy.values():
        candidates._kept.clear()
    passage_index(knowledge, index.fillers)._kept.clear()
    answer_module._kept(knowledge).clear()
    render_module._rendered.clear()
    text_module._fold_cached.cache_clear()
