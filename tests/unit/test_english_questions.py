"""Issue 11, family 9: English questions get a short French answer when understood.

Our own questions (not the blind sets'), written from the source documents: who follows a
ministry, roles, pôles, the address, history, procedures, the job posting, what the network
offers, and out-of-scope questions that must name nobody in English too.
"""

from dataclasses import replace
from pathlib import Path
from shutil import copytree

import pytest

from bot.knowledge.loader import load_knowledge
from bot.knowledge.model import Knowledge
from bot.knowledge.problems import KnowledgeError
from bot.understanding.english import in_french, reads_english
from bot.understanding.query import understand
from tests.blind import people_named as _people
from tests.blind import said as _said

ROOT = Path(__file__).resolve().parents[2]


def _shown(path: Path) -> str:
    return str(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)


# Who: ministries, roles, pôles, people — the right person comes first.
@pytest.mark.parametrize(
    ("question", "person"),
    [
        (
            "who is in charge of housing?",
            "Maël Inizan",
        ),
        (
            "Who handles the Ministry of the Interior?",
            "Thibault Desjardins",
        ),
        (
            "who takes care of health?",
            "Estelle Saget",
        ),
        (
            "Which portfolio manager covers Justice?",
            "Estelle Saget",
        ),
        (
            "I work for the Ministry of Culture, who is my point of contact?",
            "Adrien Zemour",
        ),
        (
            "Hello! We are at the Ministry of Agriculture and would like to start a"
            " project. Who should I contact?",
            "Magali Marcel-Garreau",
        ),
        (
            "who is the contact for the armed forces?",
            "Thibault Desjardins",
        ),
        (
            "who looks after higher education?",
            "Clémence Lopez",
        ),
        (
            "point of contact for foreign affairs",
            "Adrien Zemour",
        ),
        (
            "who deals with the ministry of labour?",
            "Thibault Desjardins",
        ),
        (
            "economy and finance contact?",
            "Magali Marcel-Garreau",
        ),
        (
            "who handles youth?",
            "Estelle Saget",
        ),
        (
            "who is the CTO?",
            "Julien Bouquillon",
        ),
        (
            "who is the tech lead?",
            "Stéphane Maniaci",
        ),
        (
            "who is the community manager?",
            "Divine Tende",
        ),
        (
            "who is in charge of human resources?",
            "Nicolas Tourneur",
        ),
        (
            "who does HR?",
            "Nicolas Tourneur",
        ),
        (
            "who is in charge of accessibility?",
            "Anne-Sophie Tranchet",
        ),
        (
            "who handles cybersecurity at the incubator?",
            "Renaud Durand",
        ),
        (
            "who is in charge of training?",
            "Marine-Pétroline Soichot",
        ),
        (
            "who handles user support?",
            "Amel Alili",
        ),
        (
            "Who is the head of the acceleration team?",
            "Benjamin Doberset",
        ),
        (
            "who leads the coaching team?",
            "Maël Inizan",
        ),
        (
            "Who runs the EIG programme?",
            "Thomas Parisot",
        ),
        (
            "who is the director of operations?",
            "Alice Pannetrat",
        ),
        (
            "Who is the head of the incubator?",
            "Ishan Bhojwani",
        ),
        (
            "who is in charge of institutional relations?",
            "Marine Purson",
        ),
        (
            "who are the product coaches?",
            "Maël Inizan",
        ),
        (
            "Who is Julien Bouquillon?",
            "Julien Bouquillon",
        ),
        (
            "what does Divine Tende do?",
            "Divine Tende",
        ),
        (
            "Good morning, I'm a project manager at the Ministry of Health and we "
            "want to build a digital service. Who would be our contact at the "
            "incubator?",
            "Estelle Saget",
        ),
        (
            "Hi there, quick question: who is the portfolio manager for Education?",
            "Clémence Lopez",
        ),
        (
            "We work with the ministry of ecological transition, who should we talk to?",
            "Adrien Zemour",
        ),
        (
            "Who's responsible for Sports?",
            "Clémence Lopez",
        ),
        (
            "which person handles the Interior ministry",
            "Thibault Desjardins",
        ),
        (
            "Who handles agriculture at the ISN?",
            "Magali Marcel-Garreau",
        ),
        (
            "Hello, who is the technical referent of the community?",
            "Julien Bouquillon",
        ),
        (
            "Who is the chief technology officer?",
            "Julien Bouquillon",
        ),
        (
            "Who is the head of HR?",
            "Nicolas Tourneur",
        ),
        (
            "Who is the accessibility lead?",
            "Anne-Sophie Tranchet",
        ),
        (
            "I have a question about cybersecurity, who can help me?",
            "Renaud Durand",
        ),
        (
            "Who runs the acceleration unit?",
            "Benjamin Doberset",
        ),
        (
            "who is the director of the EIG program?",
            "Thomas Parisot",
        ),
        (
            "What does Renaud Durand do?",
            "Renaud Durand",
        ),
        (
            "Sorry for my French, it's not very good. Could you tell me who follows"
            " the Ministry of Justice at the incubator?",
            "Estelle Saget",
        ),
        (
            "housing contact",
            "Maël Inizan",
        ),
        (
            "contact for territories?",
            "Adrien Zemour",
        ),
        (
            "I'm with the Foreign Affairs ministry, who do I talk to?",
            "Adrien Zemour",
        ),
        (
            "Which portfolio manager is responsible for the armed forces?",
            "Thibault Desjardins",
        ),
        (
            "who's the RP for culture",
            "Adrien Zemour",
        ),
        (
            "Who can help us at the incubator with a project for the ministry of economy?",
            "Magali Marcel-Garreau",
        ),
        (
            "sports ministry contact at the ISN",
            "Clémence Lopez",
        ),
        (
            "Who is your CTO?",
            "Julien Bouquillon",
        ),
        (
            "Who is the CTO of the incubated products?",
            "Denis Baudot",
        ),
        (
            "Who mentors the tech teams of incubated products?",
            "Denis Baudot",
        ),
        (
            "who handles community management?",
            "Divine Tende",
        ),
        (
            "Who should I ask about accessibility and design?",
            "Anne-Sophie Tranchet",
        ),
        (
            "who is the UX designer of the ISN?",
            "Anne-Sophie Tranchet",
        ),
        (
            "Who takes care of security?",
            "Renaud Durand",
        ),
        (
            "Who is responsible for training at the ISN?",
            "Marine-Pétroline Soichot",
        ),
        (
            "who is head of coaching",
            "Maël Inizan",
        ),
        (
            "Who heads the EIG program?",
            "Thomas Parisot",
        ),
        (
            "Who is the boss of the ISN?",
            "Ishan Bhojwani",
        ),
        (
            "Who is in charge of administrative and financial coordination?",
            "Emmanuelle Graff",
        ),
        (
            "Who is Maël Inizan?",
            "Maël Inizan",
        ),
        (
            "Tell me about Benoît Champy",
            "Benoît Champy",
        ),
        (
            "Who is the contact for the Ministry of Europe and Foreign Affairs?",
            "Adrien Zemour",
        ),
        (
            "Ministry of the Armed Forces: who is our contact at the ISN?",
            "Thibault Desjardins",
        ),
        (
            "who follows the ecology ministry?",
            "Adrien Zemour",
        ),
        (
            "who covers Bercy?",
            "Magali Marcel-Garreau",
        ),
        (
            "Who follows the Ministry of National Education?",
            "Clémence Lopez",
        ),
        (
            "who is the portfolio manager for solidarity and inclusion?",
            "Estelle Saget",
        ),
        (
            "We're from a regional health agency (ARS), who is our contact?",
            "Estelle Saget",
        ),
        (
            "Which person at the incubator deals with universities?",
            "Clémence Lopez",
        ),
        (
            "who should a prefecture talk to?",
            "Thibault Desjardins",
        ),
        (
            "What is Thomas Parisot's role?",
            "Thomas Parisot",
        ),
        (
            "who is Stéphane Maniaci?",
            "Stéphane Maniaci",
        ),
        (
            "housing?",
            "Maël Inizan",
        ),
        (
            "interior ministry contact pls",
            "Thibault Desjardins",
        ),
        (
            "cto?",
            "Julien Bouquillon",
        ),
        (
            "HR person?",
            "Nicolas Tourneur",
        ),
        (
            "accessibility contact",
            "Anne-Sophie Tranchet",
        ),
        (
            "Hi all, I'm new to the beta.gouv community and I work on a product for"
            " the Ministry of Justice. I was told to get in touch with someone at "
            "the incubator. Who would that be?",
            "Estelle Saget",
        ),
        (
            "Hello, I'm a developer in a state startup and I have doubts about our "
            "code quality. Who at the ISN could review our technical practices?",
            "Stéphane Maniaci",
        ),
        (
            "Our product needs an accessibility audit, who should we ask at the ISN?",
            "Anne-Sophie Tranchet",
        ),
        (
            "I'm a community manager at a ministry and I'd like to exchange with my"
            " counterpart at the ISN. Who is it?",
            "Divine Tende",
        ),
        (
            "who's the person for cyber security questions?",
            "Renaud Durand",
        ),
        (
            "who's responsible for the incubator's communication and institutional relations?",
            "Marine Purson",
        ),
        (
            "who coordinates administration and finance at the ISN?",
            "Emmanuelle Graff",
        ),
        (
            "I'd like to meet the operations director, who is it?",
            "Alice Pannetrat",
        ),
        (
            "health contact?",
            "Estelle Saget",
        ),
        (
            "Interior portfolio manager",
            "Thibault Desjardins",
        ),
        (
            "head of acceleration",
            "Benjamin Doberset",
        ),
        (
            "training referent",
            "Marine-Pétroline Soichot",
        ),
        (
            "Hi, could you please let me know who is the referent for the Ministry of Sports?",
            "Clémence Lopez",
        ),
        (
            "Who is the right person to talk to about a project with the Ministry of Labour?",
            "Thibault Desjardins",
        ),
        (
            "Whom should I contact regarding the Ministry of Culture?",
            "Adrien Zemour",
        ),
        (
            "I'm working at the Ministry of Justice. Who's our interlocutor?",
            "Estelle Saget",
        ),
        (
            "Who is accountable for the relationship with the Agriculture ministry?",
            "Magali Marcel-Garreau",
        ),
        (
            "Who is the ISN's technical referent?",
            "Julien Bouquillon",
        ),
        (
            "Who oversees quality of code?",
            "Stéphane Maniaci",
        ),
        (
            "Who animates the community?",
            "Divine Tende",
        ),
        (
            "Who is in charge of recruitment and HR for the community?",
            "Nicolas Tourneur",
        ),
        (
            "Who is the person in charge of the acceleration pole?",
            "Benjamin Doberset",
        ),
        (
            "Who directs the incubator?",
            "Ishan Bhojwani",
        ),
        (
            "Who is the manager of the ISN?",
            "Ishan Bhojwani",
        ),
        (
            "Which coach leads the coaching team?",
            "Maël Inizan",
        ),
        (
            "Who handles the EIG?",
            "Thomas Parisot",
        ),
        (
            "whos the cto",
            "Julien Bouquillon",
        ),
        (
            "who is responsable for culture?",
            "Adrien Zemour",
        ),
        (
            "who takes care about housing",
            "Maël Inizan",
        ),
        (
            "who is charged of the interior ministry?",
            "Thibault Desjardins",
        ),
        (
            "who is the RP of health",
            "Estelle Saget",
        ),
        (
            "who is the responsible of the acceleration pole?",
            "Benjamin Doberset",
        ),
        (
            "Who is the chef of the coaching?",
            "Maël Inizan",
        ),
        (
            "Who is the deputy in charge of institutional relations and communication?",
            "Marine Purson",
        ),
        (
            "We're a team at the Ministry of the Armed Forces. Which portfolio "
            "manager should we reach out to?",
            "Thibault Desjardins",
        ),
        (
            "Who should I reach out to about higher education?",
            "Clémence Lopez",
        ),
    ],
)
def test_english_question_names_the_right_person_first(
    knowledge: Knowledge, question: str, person: str
) -> None:
    assert _people(question, knowledge)[:1] == (person,)


# Facts: address, size, history, contact, postings, what the network offers, procedures.
@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "who are the acceleration experts?",
            "Claire Duizabo",
        ),
        (
            "who is in the partnerships team?",
            "Clémence Lopez",
        ),
        (
            "members of the coaching team",
            "Benoît Champy",
        ),
        (
            "list the portfolio managers",
            "Thibault Desjardins",
        ),
        (
            "Where is the incubator located?",
            "Ségur",
        ),
        (
            "what is the address of the ISN?",
            "Ségur",
        ),
        (
            "Which floor are the offices on?",
            "5e étage",
        ),
        (
            "Where are your offices?",
            "Ségur",
        ),
        (
            "How many people work at the incubator?",
            "trentaine",
        ),
        (
            "how big is the ISN team?",
            "trentaine",
        ),
        (
            "When was the OPI created?",
            "2022",
        ),
        (
            "When did the ISN and the OPI split?",
            "2022",
        ),
        (
            "What is the DINUM?",
            "Premier ministre",
        ),
        (
            "What is the FAST?",
            "Fonds",
        ),
        (
            "what is a state startup?",
            "Startup d'État",
        ),
        (
            "What is the EIG programme?",
            "Intérêt Général",
        ),
        (
            "How can I contact the incubator?",
            "dinum@beta.gouv.fr",
        ),
        (
            "how do I get in touch with you?",
            "dinum@beta.gouv.fr",
        ),
        (
            "What is your email address?",
            "dinum@beta.gouv.fr",
        ),
        (
            "Are you hiring?",
            "responsable | poste | recrut",
        ),
        (
            "Is the portfolio manager position still open?",
            "fermée | n'est plus",
        ),
        (
            "What kind of contract is the portfolio manager job?",
            "CDD",
        ),
        (
            "How long is the portfolio manager contract?",
            "3 ans",
        ),
        (
            "How do I apply for a job at the incubator?",
            "rejoindre | postuler | candidat | poste",
        ),
        (
            "How can I join the ISN?",
            "rejoindre | Rejoindre",
        ),
        (
            "How do I report a breach of your commitments?",
            "manquement",
        ),
        (
            "what are your commitments?",
            "reporting",
        ),
        (
            "Why should I contact the incubator?",
            "administratif | produit | doute",
        ),
        (
            "Can we get a domain name from the network?",
            "nom de domaine",
        ),
        (
            "What resources does the beta.gouv network offer to an incubator?",
            "nom de domaine",
        ),
        (
            "Is there funding available for state startups?",
            "FAST | financement | Accélération",
        ),
        (
            "What is the interministerial contract?",
            "marché interministériel",
        ),
        (
            "What technical support does the network offer?",
            "nom de domaine | hébergement",
        ),
        (
            "How do I become an incubator of the network?",
            "incubateur du réseau",
        ),
        (
            "what can you do?",
            "qui logement",
        ),
        (
            "help",
            "qui logement",
        ),
        (
            "what time is it in Tokyo?",
            "Je réponds en français",
        ),
        (
            "can you recommend a good restaurant near the office?",
            "Je réponds en français | Ségur | Je ne réponds qu'à propos",
        ),
        (
            "who does communication at the incubator?",
            "Marine Purson | Divine Tende",
        ),
        (
            "Who are the members of the acceleration team?",
            "Claire Duizabo",
        ),
        (
            "Who works in the coaching team?",
            "Benoît Champy",
        ),
        (
            "Where is the ISN?",
            "Ségur",
        ),
        (
            "what's your address?",
            "Ségur",
        ),
        (
            "On which floor is the incubator?",
            "5e étage",
        ),
        (
            "How many people are in the ISN team?",
            "trentaine",
        ),
        (
            "Since when are the ISN and OPI separate?",
            "2022",
        ),
        (
            "Why would I contact the ISN?",
            "administratif | produit | doute",
        ),
        (
            "What are the commitments of the incubator?",
            "reporting",
        ),
        (
            "I want to report a problem with one of your commitments, how do I do that?",
            "manquement",
        ),
        (
            "How can I reach you?",
            "dinum@beta.gouv.fr",
        ),
        (
            "Do you have any open positions?",
            "responsable | poste | recrut",
        ),
        (
            "Is the portfolio manager job a fixed-term contract?",
            "CDD",
        ),
        (
            "How long does the portfolio manager contract last?",
            "3 ans",
        ),
        (
            "I'd like to join the incubator, how do I apply?",
            "rejoindre | Rejoindre | postuler",
        ),
        (
            "What does the network offer to incubators?",
            "nom de domaine",
        ),
        (
            "Does the network provide hosting?",
            "hébergement",
        ),
        (
            "Can my team access the interministerial contract?",
            "marché interministériel",
        ),
        (
            "What is the FNPE?",
            "Planification",
        ),
        (
            "What is the AIC?",
            "initiatives citoyennes",
        ),
        (
            "what is an incubator of the beta.gouv network?",
            "incubateur du réseau",
        ),
        (
            "what's the weather like today?",
            "Je réponds en français",
        ),
        (
            "who leads the partnerships unit?",
            "Clémence Lopez",
        ),
        (
            "Who are the coaches?",
            "Benoît Champy",
        ),
        (
            "Which teams does the incubator have?",
            "Accélération",
        ),
        (
            "What's the ISN's address?",
            "Ségur",
        ),
        (
            "where are you based?",
            "Ségur",
        ),
        (
            "where is your office?",
            "Ségur",
        ),
        (
            "In which building is the incubator?",
            "Ségur",
        ),
        (
            "How many people are at the ISN?",
            "trentaine",
        ),
        (
            "When was the ISN split from the OPI?",
            "2022",
        ),
        (
            "what is the OPI?",
            "Opérateur de produits interministériels",
        ),
        (
            "what is beta.gouv.fr?",
            "beta.gouv",
        ),
        (
            "How do I contact you?",
            "dinum@beta.gouv.fr",
        ),
        (
            "what's your Mattermost channel?",
            "incubateur",
        ),
        (
            "Are there any job openings at the incubator?",
            "responsable | poste | recrut",
        ),
        (
            "What contract is offered for the portfolio manager position?",
            "CDD",
        ),
        (
            "how do I apply to work at the ISN?",
            "Rejoindre | rejoindre",
        ),
        (
            "I'd like to work at the incubator. How?",
            "Rejoindre | rejoindre",
        ),
        (
            "Can the incubator fund my project?",
            "FAST | financement | Accélération | cofinancement",
        ),
        (
            "What is the acceleration team for?",
            "Accélération",
        ),
        (
            "Does the network give domain names?",
            "nom de domaine",
        ),
        (
            "what training does the network offer?",
            "Alpha | formation",
        ),
        (
            "What are your values?",
            "autonomie",
        ),
        (
            "How do I report a breach of the commitments?",
            "manquement",
        ),
        (
            "What do you promise product teams?",
            "reporting | engagement",
        ),
        (
            "What does betabot know?",
            "qui logement",
        ),
        (
            "What's the meaning of life?",
            "Je réponds en français",
        ),
        (
            "Can you book me a flight to London?",
            "Je réponds en français",
        ),
        (
            "what does the acceleration team do?",
            "Accélération",
        ),
        (
            "What does the coaching team do?",
            "Coaching",
        ),
        (
            "what is the mission of the partnerships team?",
            "Partenariats",
        ),
        (
            "who is in the management team?",
            "Ishan Bhojwani",
        ),
        (
            "who works on the EIG programme?",
            "Thomas Parisot",
        ),
        (
            "what is the mission of the ISN?",
            "beta.gouv",
        ),
        (
            "what does the incubator do?",
            "beta.gouv",
        ),
        (
            "Who does the ISN belong to?",
            "DINUM",
        ),
        (
            "when was the OPI created?",
            "2022",
        ),
        (
            "What happened in 2022 between the ISN and OPI?",
            "OPI",
        ),
        (
            "When can the portfolio manager start?",
            "possible",
        ),
        (
            "Is the portfolio manager job full time?",
            "temps plein",
        ),
        (
            "Can civil servants apply for the portfolio manager position?",
            "titulaires",
        ),
        (
            "What should I send to apply for the portfolio manager job?",
            "CV | LinkedIn",
        ),
        (
            "How can I be notified of new job openings?",
            "abonner | s'abonner | recrutement | Mattermost",
        ),
        (
            "When should I contact the incubator?",
            "administratif | produit | doute",
        ),
        (
            "Can the incubator help if my team has problems?",
            "équipe | doute | mal",
        ),
        (
            "How does the incubator limit reporting?",
            "reporting",
        ),
        (
            "What is a product coach?",
            "coach",
        ),
        (
            "What is the FAST fund for?",
            "Fonds",
        ),
        (
            "What is the AIC programme?",
            "initiatives citoyennes",
        ),
        (
            "How can my administration become an incubator?",
            "incubateur du réseau",
        ),
        (
            "Is there a Mattermost channel for the incubator?",
            "incubateur-animation",
        ),
        (
            "What is the email of the incubator?",
            "dinum@beta.gouv.fr",
        ),
        (
            "Who do I write to about a public procurement question?",
            "administratif | marchés | dinum@beta.gouv.fr",
        ),
        (
            "incubator address?",
            "Ségur",
        ),
        (
            "jobs?",
            "responsable | poste | recrut",
        ),
        (
            "portfolio manager job still open?",
            "fermée | n'est plus",
        ),
        (
            "contract length for the RP job",
            "3 ans",
        ),
        (
            "Good afternoon. Our team is struggling and the atmosphere is bad. Can "
            "the incubator help us?",
            "doute | mal | équipe | pourquoi | Pourquoi",
        ),
        (
            "I'm the head of a small ministerial incubator. What resources do we "
            "get from the beta.gouv network?",
            "nom de domaine",
        ),
        (
            "We are considering asking for funding for our startup. Which team "
            "handles the acceleration fund?",
            "Accélération",
        ),
        (
            "who runs the citizen initiatives accelerator?",
            "AIC",
        ),
        (
            "What team are the portfolio managers in?",
            "Partenariats | Clémence Lopez",
        ),
        (
            "how many portfolio managers are there?",
            "Thibault Desjardins | 6 | six",
        ),
        (
            "who does the ISN report to?",
            "DINUM | Premier",
        ),
        (
            "Is the ISN part of the DINUM?",
            "DINUM",
        ),
        (
            "What is the difference between the ISN and the OPI?",
            "OPI",
        ),
        (
            "incubator headcount",
            "trentaine",
        ),
        (
            "job contract length",
            "3 ans",
        ),
        (
            "Who is in the AIC team?",
            "AIC",
        ),
        (
            "What are the teams of the ISN?",
            "Accélération",
        ),
        (
            "What's the exact address of the DINUM incubator?",
            "Ségur",
        ),
        (
            "which floor is the ISN on?",
            "5e étage",
        ),
        (
            "Where can I find the incubator in Paris?",
            "Ségur",
        ),
        (
            "How many employees does the ISN have?",
            "trentaine",
        ),
        (
            "What's the size of the ISN team?",
            "trentaine",
        ),
        (
            "What year did the ISN and OPI separate?",
            "2022",
        ),
        (
            "What's the history of the ISN and the OPI?",
            "2022",
        ),
        (
            "Why would a ministry work with the incubator?",
            "administratif | produit | doute | Pourquoi",
        ),
        (
            "How can I get support from the ISN?",
            "dinum@beta.gouv.fr | Pourquoi | pourquoi",
        ),
        (
            "What's the best way to reach the ISN?",
            "dinum@beta.gouv.fr",
        ),
        (
            "Is the ISN recruiting at the moment?",
            "responsable | poste | recrut",
        ),
        (
            "Is the portfolio manager position permanent or fixed-term?",
            "CDD",
        ),
        (
            "How long is the mission for the portfolio manager?",
            "3 ans",
        ),
        (
            "Where were the portfolio manager applications sent?",
            "dinum@beta.gouv.fr",
        ),
        (
            "How do I get notified about new positions?",
            "abonner | s'abonner | recrutement | Mattermost",
        ),
        (
            "How can I report a problem with how the ISN behaved?",
            "manquement",
        ),
        (
            "Does the ISN commit to anything towards product teams?",
            "reporting | engagement",
        ),
        (
            "How does beta.gouv help incubators with hosting?",
            "hébergement",
        ),
        (
            "Do incubators in the network get access to Alpha training?",
            "Alpha",
        ),
        (
            "Can an incubator use the DINUM coaching contract?",
            "marché de coaching",
        ),
        (
            "What is a portfolio manager?",
            "Responsable de portefeuille",
        ),
        (
            "How do I join the beta.gouv network as an incubator?",
            "incubateur du réseau",
        ),
        (
            "Is there an open job at the ISN right now?",
            "responsable | poste | recrut | Aucun poste",
        ),
        (
            "Are the portfolio manager positions still available?",
            "fermée | n'est plus",
        ),
        (
            "Was the portfolio manager job a CDD?",
            "CDD",
        ),
        (
            "What is the duration of the portfolio manager contract?",
            "3 ans",
        ),
        (
            "When did the portfolio manager job start?",
            "possible | démarrage | Démarrage",
        ),
        (
            "Is the portfolio manager role full-time or part-time?",
            "temps plein",
        ),
        (
            "Where are job openings at the ISN published?",
            "Mattermost | recrutement | welcometothejungle",
        ),
        (
            "How can I receive new job offers from the incubator?",
            "abonner | s'abonner | recrutement | Mattermost",
        ),
        (
            "What does a portfolio manager do at the ISN?",
            "portefeuille",
        ),
        (
            "What does the network offer to new incubators?",
            "nom de domaine",
        ),
        (
            "Do you offer a beta.gouv.fr domain name?",
            "nom de domaine",
        ),
        (
            "Can the DINUM help with hosting?",
            "hébergement",
        ),
        (
            "Which public procurement contracts can incubators use?",
            "marché interministériel",
        ),
        (
            "Which ministry has its own contract instead of the interministerial one?",
            "affaires sociales",
        ),
        (
            "Is there a big annual seminar for the network?",
            "séminaire",
        ),
        (
            "When was beta.gouv.fr split?",
            "2022",
        ),
        (
            "Who is the OPI?",
            "OPI",
        ),
        (
            "Is the OPI part of the ISN?",
            "OPI",
        ),
        (
            "Where does the money for startups come from?",
            "FAST | financement | Fonds",
        ),
        (
            "What is the FAST and who runs it?",
            "Fonds",
        ),
        (
            "What is the ecological planning fund?",
            "FNPE | Planification",
        ),
        (
            "adress of the incubator?",
            "Ségur",
        ),
        (
            "what is the adress?",
            "Ségur",
        ),
        (
            "How many persons work at the ISN?",
            "trentaine",
        ),
        (
            "Who are the members of the pole partnerships?",
            "Clémence Lopez",
        ),
        (
            "What is a state startup's approach?",
            "Startup d'État",
        ),
        (
            "What are the phases of a state startup?",
            "Startup d'État",
        ),
        (
            "What does the ISN expect from product teams in terms of transparency?",
            "transparence",
        ),
        (
            "Do you limit reporting requests?",
            "reporting",
        ),
        (
            "What are the ISN's commitments to the community?",
            "reporting",
        ),
        (
            "Can I talk to the ISN without fear of consequences?",
            "crainte | préjudice | engagement",
        ),
        (
            "Why should I ask the incubator for help with a new partnership?",
            "partenariat",
        ),
        (
            "I have a doubt about my product, can the ISN help?",
            "doute | produit",
        ),
        (
            "My team is not doing well, who can I talk to?",
            "mal | équipe | doute",
        ),
        (
            "I'd like to give some of my time to the community, how?",
            "temps | investir",
        ),
        (
            "What is the beta.gouv.fr community?",
            "beta.gouv",
        ),
        (
            "What is the Fonds d'Accélération?",
            "Fonds",
        ),
        (
            "Tell me about the EIG programme",
            "Intérêt Général",
        ),
        (
            "What is the 7th EIG promotion?",
            "promotion",
        ),
        (
            "What's the OPI's full name?",
            "Opérateur de produits interministériels",
        ),
        (
            "Who are the people in the direction and operations team?",
            "Ishan Bhojwani",
        ),
        (
            "Who is the product coach in the coaching pole?",
            "Benoît Champy",
        ),
    ],
)
def test_english_question_gets_the_fact_in_french(
    knowledge: Knowledge, question: str, expected: str
) -> None:
    said = _said(question, knowledge)
    assert any(e in said for e in expected.split(" | ")), said


# Traps: out-of-scope questions name nobody in English either.
@pytest.mark.parametrize(
    "question",
    [
        "who is the minister of housing?",
        "how much does a coach earn?",
        "what is the phone number of Maël Inizan?",
        "who is the best developer at the incubator?",
        "who is the CIO of the Ministry of the Interior?",
        "is Julien Bouquillon married?",
        "what do you think of Stéphane Maniaci?",
        "who is the mayor of Paris?",
        "what's the salary of a portfolio manager?",
        "What is the salary of the CTO?",
        "Give me the phone number of the head of acceleration",
        "Who is the director of the DINUM?",
        "who is the interior minister?",
        "Who is the best coach?",
        "How old is Thomas Parisot?",
        "Who will replace Maël Inizan?",
        "How much is Julien Bouquillon paid?",
        "What is Estelle Saget's mobile number?",
        "Who is the digital director of the Ministry of Health?",
        "Who is the minister of culture?",
        "Who is the most competent coach?",
        "Who is the prefect of Paris?",
        "Where does Ishan Bhojwani live?",
        "how many kids does Thomas Parisot have?",
        "Is Renaud Durand working from home today?",
        "Does Julien Bouquillon work remotely?",
        "Is Amel Alili on holiday?",
        "Is Benoît Champy a good coach?",
        "Which incubator employee is the laziest?",
        "What is the home address of Julien Bouquillon?",
        "Is Maël Inizan leaving the incubator?",
        "Who will be the next head of the ISN?",
        "Who is the director general of the DINUM?",
        "Who was portfolio manager for housing before Maël Inizan?",
        "Which startups were selected for the FAST?",
        "What's the annual budget of the incubator?",
        "Can you give me Maël Inizan's phone?",
        "Who is the Minister for Housing?",
        "What is the salary of an acceleration expert?",
        "Who is the DPO of the DINUM?",
        "I need the personal address of Alice Pannetrat",
        "Who is the worst coach?",
        "Is Ishan Bhojwani married?",
        "Write me a poem about the incubator",
        "Maël Inizan phone",
        "Alice Pannetrat salary",
        "What is your opinion of the EIG program?",
        "Who is the French Prime Minister?",
        "What is the phone number of the ISN?",
        "Who is the youngest person at the ISN?",
        "Which coach do you prefer?",
        "What's Julien Bouquillon's salary?",
        "Who is the head of the Ministry of Health's IT department?",
        "Who is the CIO at the Ministry of Justice?",
        "Who is the chief data officer of the DINUM?",
        "Who heads the OPI?",
        "Who is the product owner of Ma Cantine?",
        "Who is the coach of my startup?",
        "How much does Benjamin Doberset earn?",
        "What's the budget of the FAST?",
        "Can you give me Nicolas Tourneur's personal phone?",
        "Who is the smartest person at the ISN?",
        "What do you think about Ishan Bhojwani?",
        "Who was RP for culture before Adrien Zemour?",
        "Which startups won the last FAST call?",
        "Who will replace Thibault Desjardins?",
        "Where does Anne-Sophie Tranchet live?",
        "How old is Clémence Lopez?",
        "Who is the secretary general of the Ministry of Culture?",
        "Who is the prefect of the Rhône?",
    ],
)
def test_english_trap_names_nobody(knowledge: Knowledge, question: str) -> None:
    assert _people(question, knowledge) == ()


def test_english_not_understood_says_je_reponds_en_francais(knowledge: Knowledge) -> None:
    assert _said("who handles the weather forecast on Mars?", knowledge) == (
        "Je réponds en français : posez votre question en français, par exemple « qui "
        "logement ».\nPour joindre l'incubateur, écrivez à dinum@beta.gouv.fr ou passez sur "
        "~incubateur-animation."
    )


def test_in_french_replaces_the_longest_phrase_and_keeps_punctuation(
    knowledge: Knowledge,
) -> None:
    assert in_french("Who's in charge of Housing? Thanks!", knowledge) == (
        "qui s'occupe de logement? !"
    )
    assert in_french("Who is the tech lead?", knowledge) == "qui est the tech lead?"


def test_in_french_leaves_mentions_alone(knowledge: Knowledge) -> None:
    assert in_french("@all @channel who is there", knowledge) == "@all @channel qui est "


def test_short_english_without_frequent_words_is_read_once_french_fails(
    knowledge: Knowledge,
) -> None:
    # « training referent » has no frequent English word: read in French first (not
    # understood), then with the vocabulary.
    query = understand("training referent", knowledge)
    assert (query.intent, query.subject, query.language) == (
        "role",
        "animation-expertises/marine-petroline-soichot",
        "en",
    )


def test_french_questions_are_not_translated(knowledge: Knowledge) -> None:
    # « contact », « justice », « culture » are English words too: a French question keeps them
    assert understand("qui est le contact pour la culture ?", knowledge).language == "fr"
    assert _people("qui est le contact pour la culture ?", knowledge)[:1] == ("Adrien Zemour",)


def test_check_refuses_an_english_word_given_twice(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    copytree(ROOT / "knowledge", folder)
    intents = folder / "intentions.yaml"
    text = intents.read_text(encoding="utf-8")
    intents.write_text(text + "  Housing: hébergement\n", encoding="utf-8")
    line = len(intents.read_text(encoding="utf-8").splitlines())
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    assert str(error.value) == (
        f"{_shown(intents)}:{line} : « Housing » apparaît deux fois dans « anglais » — "
        "gardez-en une seule"
    )


@pytest.mark.parametrize(
    ("added", "message"),
    [
        ('  "?!": qui\n', "« ?! » ne contient aucun mot — écrivez un mot anglais"),
        (
            "  weekend: [samedi, dimanche]\n",
            'la traduction de « weekend » doit être un texte — écrivez les mots français, ou ""',
        ),
    ],
)
def test_check_refuses_an_english_word_without_words_or_text(
    tmp_path: Path, added: str, message: str
) -> None:
    folder = tmp_path / "knowledge"
    copytree(ROOT / "knowledge", folder)
    intents = folder / "intentions.yaml"
    intents.write_text(intents.read_text(encoding="utf-8") + added, encoding="utf-8")
    line = len(intents.read_text(encoding="utf-8").splitlines())
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    assert str(error.value) == f"{_shown(intents)}:{line} : {message}"


def test_check_refuses_a_vocabulary_that_is_not_a_mapping(tmp_path: Path) -> None:
    folder = tmp_path / "knowledge"
    copytree(ROOT / "knowledge", folder)
    intents = folder / "intentions.yaml"
    text = intents.read_text(encoding="utf-8")
    start = text.index("\nanglais:") + 1
    intents.write_text(text[:start] + "anglais: [housing, logement]\n", encoding="utf-8")
    line = len(intents.read_text(encoding="utf-8").splitlines())
    with pytest.raises(KnowledgeError) as error:
        load_knowledge(folder)
    assert str(error.value) == (
        f"{_shown(intents)}:{line} : « anglais » doit être un groupe « mot anglais: mots "
        "français » — par exemple « housing: logement »"
    )


def test_frequent_english_words_are_data(knowledge: Knowledge) -> None:
    assert reads_english(["who", "handles", "youth"], knowledge)
    assert not reads_english(["qui", "suit", "la", "jeunesse"], knowledge)
    edited = replace(knowledge, english_words=("qui", "suit"))
    assert reads_english(["qui", "suit", "la", "jeunesse"], edited)
    assert not reads_english(["who", "handles", "youth"], edited)
