import pytest

from bot.store.privacy import private_question


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Qui s'occupe du LOGEMENT ?", "qui s occupe du logement"),
        ("Écrivez à Jean.Dupont@beta.gouv.fr SVP", "ecrivez a <email> svp"),
        ("mon tel 06 12 34 56 78 !", "mon tel <telephone>"),
        ("appelez le +33 6 12 34 56 78", "appelez le <telephone>"),
        ("appelez le 01.23.45.67.89 demain", "appelez le <telephone> demain"),
        ("mon dossier 12345678", "mon dossier <nombre>"),
        ("en 2024 à 75001", "en 2024 a 75001"),  # years and postcodes are no one's
        ("@alice sait pour le logement ?", "<mention> sait pour le logement"),
        ("a@b.fr et 0612345678", "<email> et <telephone>"),
        ("", ""),
    ],
)
def test_private_question_folds_and_masks_personal_details(text: str, kept: str) -> None:
    assert private_question(text) == kept
