"""The maintainers' sentences: what `betabot check` and the logs say about a bad knowledge file.

French, like every message a maintainer reads; `Problem(file, line, message)` carries them.
"""

POSTING_TITLE = "{startup} recrute : {roles}"  # title built when the front matter has none
POSTING_NOT_UTF8 = "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8"
POSTING_UNREADABLE = "fichier illisible ({error})"
POSTING_NO_FRONT_MATTER = (
    "la fiche doit commencer par une ligne « --- » suivie de l'en-tête (roles, open…) "
    "et d'une autre ligne « --- »"
)
POSTING_FRONT_MATTER_UNCLOSED = (
    "l'en-tête n'est pas refermé : ajoutez une ligne « --- » après le dernier champ"
)
POSTING_BAD_YAML = "en-tête YAML illisible ({detail}) — corrigez la syntaxe de cette ligne"
POSTING_NOT_MAPPING = "l'en-tête doit être une liste de champs « clé: valeur »"
POSTING_OPEN_MISSING = (
    "champ « open » absent : ajoutez « open: true » (poste ouvert) ou « open: false »"
)
POSTING_OPEN_INVALID = "« open » doit valoir true ou false, pas « {value} »"
POSTING_NO_TITLE = "ni « title » ni « roles » : ajoutez au moins « roles » (l'intitulé du poste)"
POSTING_BAD_DATE = "« {key} » n'est pas une date (AAAA-MM-JJ) : « {value} »"
