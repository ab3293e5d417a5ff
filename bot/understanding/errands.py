"""Citizens' own errands: a ministry named, but no question about the incubator's work.

« comment déclarer mes impôts en ligne ? », « je cherche un logement à Paris », « qui s'occupe
de mon dossier d'APL ? » name a ministry of ours but ask about the asker's own file or life:
no portfolio manager answers them (`citizen_errand`, `own_errand`).
"""

# Words that point a question at the incubator, its people or a team's work (« qui », « suit »,
# « portefeuille », « projet », « startup »…): a ministry's word without any of them and
# explaining little of the question is a citizen's errand (« comment déclarer mes impôts en
# ligne ? », « je cherche un logement à Paris »), not a question about its RP.
_ERRAND_COVERAGE = 50  # coverage 0-100: up to it, the ministry's word is only a side word
TOWARDS_US = frozenset(
    {
        *("personne", "personnes", "suit", "suivi", "suivre", "suivent", "charge", "occupe"),
        *("adresser", "tourner", "ecrire", "voir", "aller", "parler", "solliciter", "joindre"),
        *("responsable", "portefeuille", "portefeuilles", "perimetre", "ministere", "ministeres"),
        *("incubateur", "dinum", "isn", "beta", "betagouv", "communaute", "animation", "equipe"),
        *("startup", "startups", "se", "produit", "produits", "projet", "projets", "service"),
        *("services", "numerique", "outil", "investigation", "intrapreneur", "irritant"),
        *("quelqu", "qqn", "qq1", "qq", "quelquun"),  # « quelqu'un pour la Justice ? »
        *("fonds", "fond", "financement", "financements"),  # the FAST, the FNPE
    }
)


def citizen_errand(words: list[str], covered: float) -> bool:
    """Whether a ministry's reading of `words` (folded) is a citizen's own errand instead."""
    return covered <= _ERRAND_COVERAGE and TOWARDS_US.isdisjoint(words)


# The asker's own file (« mon dossier d'APL », « ma demande de logement », « en ma faveur »,
# « j'ai reçu un redressement »): with a ministry named and no word of our work, a citizen's
# own errand, even asked with « qui » (« qui s'occupe de mon dossier d'APL ? »). « notre
# dossier » is a team's; « mon dossier de financement FAST » names our work.
OWN_FILE = frozenset(
    {
        *(("mon", "dossier"), ("mes", "dossiers"), ("ma", "demande"), ("mes", "demandes")),
        *(("ma", "requete"), ("ma", "reclamation"), ("mon", "recours"), ("en", "ma", "faveur")),
        ("ma", "candidature"),
        # one's own papers and benefits (« mon titre de séjour », « mes impôts », « mes APL »)
        *(("mon", "titre"), ("ma", "carte"), ("mon", "permis"), ("mon", "passeport")),
        *(("mon", "visa"), ("mes", "impots"), ("ma", "declaration"), ("mon", "allocation")),
        *(("mes", "allocations"), ("ma", "retraite"), ("ma", "pension"), ("mes", "apl")),
        *(("mon", "apl"), ("mon", "rsa"), ("ma", "bourse"), ("mon", "amende"), ("mon", "loyer")),
        *(("mon", "remboursement"), ("mon", "inscription"), ("mon", "arret"), ("mes", "droits")),
        *(("j", "ai", "recu"), ("ai", "recu", "un"), ("ai", "recu", "une")),
        # one's own adviser at a public body (« ma conseillère à la CAF », « mon gestionnaire de
        # dossier », « mon agent des impôts »): their counter, never an RP of ours
        *(("mon", "conseiller"), ("ma", "conseillere"), ("mon", "gestionnaire")),
        *(("ma", "gestionnaire"), ("mon", "agent"), ("mon", "assistante", "sociale")),
        *(("mon", "assistant", "social"), ("mon", "instructeur")),
    }
)
_OWN_FIRST = frozenset(phrase[0] for phrase in OWN_FILE)
# Words of our work: a question holding one is about a team's work, not a citizen's file.
OUR_WORK = frozenset(
    {
        *("incubateur", "dinum", "isn", "beta", "betagouv", "communaute", "incube", "incubee"),
        *("startup", "startups", "produit", "produits", "projet", "projets", "numerique"),
        *("outil", "outils", "investigation", "intrapreneur", "irritant", "fonds", "fond"),
        *("financement", "financements", "fast", "rp", "portefeuille", "portefeuilles"),
    }
)


def own_errand(words: list[str]) -> bool:
    """Whether folded `words` ask about the asker's own file (`OWN_FILE`), no work of ours."""
    if _OWN_FIRST.isdisjoint(words) or not OUR_WORK.isdisjoint(words):
        return False
    return any(
        tuple(words[i : i + len(phrase)]) == phrase
        for i, word in enumerate(words)
        if word in _OWN_FIRST
        for phrase in OWN_FILE
        if phrase[0] == word
    )
