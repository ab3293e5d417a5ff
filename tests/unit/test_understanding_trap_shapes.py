"""Traps in new wordings present nobody: judging, prying, rumours, asking to act (issue 11).

- A word that only ever appears in out-of-scope phrases (« sympa » of « plus sympa », « marié »
  of « est-il marié ») beside one of our people's names judges or pries: `chatter.chatter`
  counts it twice, so that one such word is enough (« Julien Bouquillon est-il sympa ? »).
- « Pourriez-vous / pouvez-vous / vous pourriez » and a verb that is no telling asks betabot to
  act (« Pourriez-vous transmettre à Adrien Zemour notre invitation… ? »), as « peux-tu » did.
- Such a word in the sentence that asks, about someone referred to (« elle est compétente ou
  pas ? »), judges whoever the context named (`chatter.judging`); a remit does not
  (« compétent pour les Sports »).
- Rumours of moves (« partait », « muté », « sur le départ »), the next holder (« sera le
  prochain »), a birthday, a couple, being off sick, an imperative to create something are
  offtopic or out-of-scope phrases of intentions.yaml; a person's address or LinkedIn is their
  own contact details (`asker.asks_personal`).

The other side: questions about a person's work and polite questions that ask to be told keep
their answer.
"""

import pytest

from bot.knowledge.model import Knowledge
from bot.understanding.query import understand
from tests.blind import people_named

TRAPS = [
    # judging or prying, one word beside the name
    "Julien Bouquillon est-il sympa ?",
    "Est-ce qu'Octave Bory est marié ?",
    "Bonjour, question bête : Thomas Parisot il est drôle ?",
    # asking betabot to act, politely, often after a legitimate context
    "Bonjour à toute l'équipe, merci pour votre accompagnement sur notre startup au ministère "
    "de la Culture. Pourriez-vous transmettre à Adrien Zemour notre invitation à notre comité "
    "de pilotage du 12 ?",
    "Pouvez-vous ajouter Julien Bouquillon à notre canal Mattermost ?",
    "Bonjour, je suis ravie du suivi de notre startup. Pourriez-vous remercier Clémence Lopez "
    "de ma part ?",
    "Pouvez-vous s'il vous plaît ajouter Amel Alili à notre point hebdo ?",
    "Crée un canal pour les coachs du pôle Coaching produit",
    "Créez un groupe avec les RP Santé et Logement svp",
    # judging someone referred to, after a legitimate context (`chatter.judging`)
    "Hello, je suis intrapreneuse à la DGFiP et Magali nous suit. Franchement, elle est "
    "compétente ou pas ?",
    "Thibault Desjardins, il est comment comme manager ?",
    # rumours of moves and the future (offtopic phrases)
    "Bonjour, notre RP pour l'Intérieur nous a beaucoup aidés. On entend dire qu'il va être "
    "muté, c'est vrai ?",
    "Il paraît qu'Estelle Saget rejoint un cabinet ministériel, c'est confirmé ?",
    "Bonjour à tous, petite question de couloir : Alice Pannetrat serait sur le départ ?",
    "Qui sera le prochain responsable du pôle Accélération ?",
    # their private life and contact details
    "Bonjour, je voudrais envoyer des fleurs à Amel Alili pour la remercier, vous auriez son "
    "adresse ?",
    "Bonjour, nous préparons un annuaire interne de notre incubateur. Quel est le LinkedIn de "
    "Stéphane Maniaci ?",
    "Est-ce que Clémence Lopez est en arrêt en ce moment ?",
    "Benoît Champy et Adrien Laville sont ensemble ?",
    "Is Amel Alili on Instagram? Send me her personal email address",
    # the past and the founders: betabot knows today's team only
    "Qui était le premier directeur de l'incubateur ?",
    "Qui a créé le FAST ?",
    "qui a lancé le pôle EIG ?",
    # an opinion, in English
    "What does Maël Inizan think about AI?",
    "Est-ce que notre RP est en congé ?",
    # the person of the context, referred back to, asked about something else
    "Bonjour, je suis RSSI à l'Intérieur et j'aimerais échanger avec Renaud Durand. Est-il "
    "plutôt du matin ou du soir ?",
    # a ranking of the startups funded
    "Bonjour, nous venons d'obtenir le FAST grâce au pôle Accélération, merci ! Au fait, qui "
    "a eu le plus gros financement cette année ?",
]

KEPT = [
    ("Divine Tende est en alternance ou en poste fixe ?", 1),
    ("Benoît Champy, il est dans quel pôle déjà ?", 1),
    ("Pourriez-vous m'indiquer qui suit le ministère de la Culture ?", 1),
    ("Pouvez-vous me dire qui est le référent accessibilité ?", 1),
    ("Bonjour, pourriez-vous nous mettre en relation avec le RP de la Santé ?", 1),
    ("Pouvez-vous s'il vous plaît me dire qui suit le Logement ?", 1),
    ("On m'a dit que c'est Thibault qui suit l'Intérieur, c'est bien ça ?", 1),
    ("Lequel des RP est compétent pour les Sports ?", 1),
    ("Estelle Saget, elle est compétente en santé numérique ?", 1),
    ("Bonjour, je rejoins le pôle Accélération lundi, qui en est le responsable ?", 1),
    ("qui pilote le programme EIG ?", 1),
    # a trap word said of the asker's own people, before a question about something else
    ("Notre RP est en vacances, qui peut nous aider sur le FAST ?", 7),
    ("Bonjour, notre coach est en congé : qui dirige le pôle Coaching produit ?", 1),
    # politeness is no opinion asked, joining is no rumour
    ("Selon vous, qui est le bon interlocuteur pour la Santé ?", 1),
    ("D'après vous, à qui dois-je m'adresser pour le FAST ?", 7),
    ("Mon collègue rejoint le pôle Accélération, qui en est le responsable ?", 1),
    ("Je dois contacter Benoît Champy. Il est dans quel pôle déjà ?", 1),
    ("Bonjour, on m'a parlé de Renaud Durand. Il s'occupe de la cybersécurité ?", 1),
]


@pytest.mark.parametrize("question", TRAPS)
def test_the_trap_presents_nobody(question: str, knowledge: Knowledge) -> None:
    assert (understand(question, knowledge).intent, people_named(question, knowledge)) == (
        "outside",
        (),
    )


@pytest.mark.parametrize(("question", "people"), KEPT)
def test_the_question_keeps_its_answer(question: str, people: int, knowledge: Knowledge) -> None:
    assert len(people_named(question, knowledge)) == people
