"""The vocabularies of intentions.yaml: English words read in French (« anglais »), and the
members' abbreviations read in full (« abreviations »: « ptf » → « portefeuille »).

Each entry maps an English word or phrase to the French words the reading already knows
(an alias, a cue, a question word); an empty value drops the English word. Keys are kept
folded; `betabot check` refuses a key that folds to nothing, a key given twice and a value
that is not a text.
"""

import yaml

from bot.knowledge.bounds import shown
from bot.knowledge.nodes import NULL_TAG, Reader
from bot.knowledge.text import fold

_NOT_A_MAPPING = (
    "« anglais » doit être un groupe « mot anglais: mots français » — par exemple "
    "« housing: logement »"
)
_EMPTY_KEY = "« {key} » ne contient aucun mot — écrivez un mot anglais"
_TWICE = "« {key} » apparaît deux fois dans « anglais » — gardez-en une seule"
_NOT_TEXT = 'la traduction de « {key} » doit être un texte — écrivez les mots français, ou ""'


def read_english(r: Reader, node: yaml.Node) -> dict[str, str]:
    """Folded English phrase -> French text, from the « anglais » mapping of intentions.yaml."""
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
        return {}
    if not isinstance(node, yaml.MappingNode):
        r.fail(node, _NOT_A_MAPPING)
        return {}
    vocabulary: dict[str, str] = {}
    for key_node, value in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        folded = fold(key)
        if not folded:
            r.fail(key_node, _EMPTY_KEY.format(key=shown(key)))
        elif folded in vocabulary:
            r.fail(key_node, _TWICE.format(key=shown(key)))
        elif not isinstance(value, yaml.ScalarNode):
            r.fail(value, _NOT_TEXT.format(key=shown(key)))
        else:
            vocabulary[folded] = "" if value.tag == NULL_TAG else str(value.value).strip()
    return vocabulary


_ABBREVIATIONS_NOT_A_MAPPING = (
    "« abreviations » doit être un groupe « abréviation: mots entiers » — par exemple "
    "« ptf: portefeuille »"
)
_NOT_ONE_WORD = "« {key} » doit être un seul mot — l'abréviation telle qu'on la tape"
_ABBREVIATION_TWICE = "« {key} » apparaît deux fois dans « abreviations » — gardez-en une seule"
_NO_FULL_WORDS = (
    "« {key} » doit être suivi des mots entiers qu'il abrège — par exemple « portefeuille »"
)


def read_abbreviations(r: Reader, node: yaml.Node) -> dict[str, str]:
    """Folded abbreviation (one word) -> the words it stands for, from « abreviations »."""
    if isinstance(node, yaml.ScalarNode) and node.tag == NULL_TAG:
        return {}
    if not isinstance(node, yaml.MappingNode):
        r.fail(node, _ABBREVIATIONS_NOT_A_MAPPING)
        return {}
    found: dict[str, str] = {}
    for key_node, value in node.value:
        key = str(key_node.value) if isinstance(key_node, yaml.ScalarNode) else ""
        folded = fold(key)
        if len(folded.split()) != 1:
            r.fail(key_node, _NOT_ONE_WORD.format(key=shown(key)))
        elif folded in found:
            r.fail(key_node, _ABBREVIATION_TWICE.format(key=shown(key)))
        elif not isinstance(value, yaml.ScalarNode) or not fold(str(value.value or "")):
            r.fail(value, _NO_FULL_WORDS.format(key=shown(key)))
        else:
            found[folded] = str(value.value).strip()
    return found
