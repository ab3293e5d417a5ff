"""Every sentence a user reads, in French, in one place."""

# Fallback contacts, used only when the knowledge lists none.
DEFAULT_EMAIL = "dinum@beta.gouv.fr"
DEFAULT_CHANNEL = "~incubateur-animation"

PORTFOLIO_LIST_TITLE = "Responsables de portefeuille ministériel"
PORTFOLIOS = "Portefeuille :"
REACH_ANY = "Pour joindre l'incubateur, écrivez à"
REACH_POLE = "Pour joindre le pôle :"
MEMBERS = "Membres ({}) :"  # how many: « combien de personnes au pôle X ? »
HOLDERS = "Plusieurs personnes ({}) tiennent ce rôle :"
SEVERAL_ROLES = "Les {} personnes demandées, chacune avec son rôle :"  # distinct roles asked
# First lines: the subject understood comes first, so that a near-miss shows as such.
PORTFOLIO_HEAD = "Pour {}, votre contact à l'incubateur : "
PORTFOLIO_EACH = "Pour {} : "
MINISTRY = "le ministère"
MINISTRIES = "les ministères"
PERIMETER = "le périmètre"
PERIMETERS = "les périmètres"
AND = "et"
ROLE_HEAD = "Le rôle {} est tenu par "  # {}: of_(role)
NOT_THE_HOLDER = "Ce n'est donc pas {} qui suit ce périmètre."
NOT_THE_ROLE_HOLDER = "Ce n'est donc pas {} qui tient ce rôle."
NOR = "ni"
ROLE_HOLDERS = "Le rôle {} est tenu par {} personnes :"
LEAD = "Responsable :"
NO_HEAD = "Je ne connais pas de responsable désigné pour ce pôle ; voici sa fiche :"
POLE_LIST_TITLE = "Les pôles de l'Incubateur de services numériques"
REASONS_TITLE = "Pourquoi faire appel à l'Incubateur de services numériques ?"
ENGAGEMENTS_TITLE = "Nos engagements envers la communauté"
CONTACT_TITLE = "Pour contacter l'Incubateur de services numériques :"
GENERAL_CONTACT = "Sinon, écrivez à"
OR = "ou passez sur"
SEE_ALSO = "Voir aussi :"

UNKNOWN = "Je n'ai pas compris"
FROM_SOURCE = "D'après"
YES_FROM_SOURCE = "Oui, d'après"  # a yes/no question that the passage confirms
OUTSIDE = (
    "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de ses "
    "rôles : je ne connais ni les ministres ni les responsables des administrations, et je ne "
    "donne ni coordonnées personnelles, ni salaires, ni avis sur les personnes."
)
# An out-of-scope request the confidence check caught (rumour, future, logistics, errand…)
OUTSIDE_REQUEST = (
    "Je ne réponds qu'à propos de l'Incubateur de services numériques, de son équipe et de ses "
    "rôles tels qu'ils sont aujourd'hui : je ne commente ni rumeurs ni projets, je n'agis pas à "
    "votre place (courriels, réservations, comptes) et je ne traite ni les questions pratiques "
    "ni les démarches personnelles."
)
# Someone of another team or body asked for (« le coach de Ma Cantine », « le CTO de la DGFiP »)
OUTSIDE_OTHERS = (
    "Je ne connais que l'équipe de l'Incubateur de services numériques : je ne sais pas qui "
    "travaille dans les équipes des produits, dans les autres incubateurs ou dans les "
    "administrations. Posez la question à l'équipe ou à l'administration concernée ; la fiche "
    "d'un produit sur beta.gouv.fr présente son équipe."
)
OUTSIDE_NEAR = "Je peux en revanche vous répondre sur :"
POSTING_IS_OPEN = "Le poste « {} » est ouvert"
POSTING_IS_CLOSED = "Le poste « {} » n'est plus ouvert : l'offre est fermée"
ENGLISH = "Je réponds en français : posez votre question en français, par exemple « qui logement »."
SUGGESTIONS = "Vouliez-vous dire :"
# Once per thread, under the bot's first answer: how to tell the maintainers it helped.
FEEDBACK_HINT = (
    "Cette réponse vous a aidé ? Dites-le d'une réaction 👍 ou 👎 : elle aide à améliorer betabot."
)
UNKNOWN_HELP = "Tapez {} pour voir ce que je sais faire."
HELP_WORD = "aide"
EMPTY_QUESTION = "(message vide)"
SLOW_DOWN_MESSAGE = (
    "Vous posez beaucoup de questions en peu de temps : je fais une courte pause. "
    "Réessayez dans une minute, je vous répondrai avec plaisir."
)

HELP_TITLE = "Je réponds aux questions sur l'Incubateur de services numériques (ISN) :"
HELP_EXAMPLES: tuple[tuple[str, str], ...] = (
    ("qui logement", "qui s'occupe d'un ministère ou d'un thème"),
    ("qui est Maël Inizan", "le rôle et le pôle d'une personne"),
    ("qui est le CTO", "qui tient un rôle"),
    ("pôle accélération", "les membres d'un pôle"),
    ("c'est quoi le FAST", "ce que veut dire un sigle ou un programme"),
    ("pourquoi contacter l'ISN", "les raisons de faire appel à nous"),
    ("engagements", "nos engagements envers la communauté"),
    ("contact", "comment nous joindre"),
    ("postes ouverts", "les postes ouverts à l'ISN"),
)
HELP_SUBSCRIBE = "Écrivez {} pour recevoir les nouveaux postes en message direct, {} pour arrêter."
SUBSCRIBE_COMMAND = "postes abonnement"
UNSUBSCRIBE_COMMAND = "postes désabonnement"

JOBS_TITLE = "Postes ouverts à l'Incubateur de services numériques :"
JOBS_NONE = "Aucun poste n'est ouvert en ce moment à l'Incubateur de services numériques."
JOBS_WHERE = (
    "Les postes sont d'abord annoncés sur Mattermost, puis publiés sur beta.gouv.fr/recrutement."
)
JOBS_SINCE = "publié le"
JOBS_CLOSED = "Offre fermée :"

SUBSCRIBED = (
    "C'est noté : vous recevrez en message direct chaque nouveau poste ouvert à l'ISN. "
    "Pour arrêter : {}."
)
UNSUBSCRIBED = "C'est noté : vous ne recevrez plus les nouveaux postes en message direct."
ALREADY_SUBSCRIBED = (
    "Vous êtes déjà abonné(e) : vous recevez en message direct chaque nouveau poste ouvert à "
    "l'ISN. Pour arrêter : {}."
)
NOT_SUBSCRIBED = (
    "Vous n'êtes pas abonné(e) aux nouveaux postes : il n'y a rien à arrêter. "
    "Pour vous abonner : {}."
)

TRUNCATED = "… (réponse tronquée)"

# --- Job postings: announcements (bot/answers/render.py), `betabot postes` ---
# (the maintainers' messages about a bad posting file are in bot/knowledge/messages.py)
ANNOUNCE_NEW = "Nouveau poste ouvert"
ANNOUNCE_REOPENED = "Poste à nouveau ouvert"
ANNOUNCE_ROLES = "Rôle :"
ANNOUNCE_DOMAINS = "Domaine :"
ANNOUNCE_APPLY = "Pour candidater :"
ANNOUNCE_LINK = "Lien :"
ANNOUNCE_SUBSCRIBE = "Pour recevoir les prochains postes en message direct : **postes abonnement**."
ANNOUNCE_UNSUBSCRIBE = (
    "Vous recevez ce message parce que vous êtes abonné(e) aux nouveaux postes. "
    "Pour arrêter : **postes désabonnement**."
)
DIGEST_TITLE = "Postes ouverts cette semaine à l'Incubateur de services numériques :"
REMINDER = (
    "Bonjour, le poste « {title} » est ouvert depuis le {since} ({days} jours). "
    "Est-il toujours à pourvoir ? Sinon, passez « open: false » dans sa fiche ({path})."
)
POSTING_PREVIEW_CLOSED = (
    "Cette fiche est fermée (open: false ou dépubliée) : elle ne sera pas annoncée."
)
POSTING_PROBLEMS = "Fiches de poste illisibles, ignorées :"

# Slash command answers when no regular answer can be given.
SLASH_NO_ANSWER = "Je n'ai pas de réponse à cette demande. Essayez `/beta aide`."
SLASH_TOO_SLOW = "Je n'ai pas pu répondre à temps. Réessayez dans un instant."
SLASH_FAILED = "Une erreur m'a empêché de répondre. Réessayez dans un instant."
# A post whose answer failed DECIDE_ATTEMPTS times (a bug on this text): said once, then done.
REPLY_FAILED = (
    "Une erreur m'a empêché de répondre à ce message. Reformulez-le, ou réessayez plus tard."
)


_VOWELS = frozenset("aeiouyàâäéèêëîïôöùûüœAEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒ")


def of_(word: str) -> str:
    """« de » before `word`, elided before a vowel: « de CTO », « d'opérations »."""
    return f"d'{word}" if word[:1] in _VOWELS else f"de {word}"
