"""Start-up failures the operator can fix: each one French line naming the variable to check.

`App.start()` raises `StartupError` with one of these lines; `betabot run` prints it and exits
with code 2. Anything else is a bug and keeps its traceback.
"""

from bot.mattermost.client import MattermostError
from bot.service.config import Settings
from bot.store.backends import StoreOpenError


class StartupError(Exception):
    """An expected start-up failure; `str()` is one French line for the operator."""


_CONNECTION_REASONS = {
    "refused": "connexion refusée",
    "dns": "nom d'hôte introuvable (DNS)",
    "timeout": "délai de connexion dépassé",
    "tls": "certificat TLS refusé ou poignée de main TLS impossible",
    "unreachable": "réseau injoignable",
}

_DATABASE_REASONS = {
    "permission": "permission refusée : le dossier ou le fichier n'est pas accessible en "
    "écriture pour ce compte",
    "not_a_folder": "une partie du chemin est un fichier, pas un dossier",
    "not_a_database": "le fichier existe mais n'est pas une base SQLite",
    "unreachable": "serveur PostgreSQL injoignable ou connexion refusée",
}


def connection_reason(error: MattermostError) -> str:
    """Why no connection was made, in French (refused, DNS, timeout, TLS…)."""
    return _CONNECTION_REASONS.get(error.reason, "pas de réponse")


def server_failure(settings: Settings, error: MattermostError) -> StartupError:
    """Mattermost refused or could not be reached while starting."""
    url = settings.server.api_url.removesuffix("/api/v4")
    if error.status == 0:
        reason = connection_reason(error)
        return StartupError(
            f"MATTERMOST_URL : serveur injoignable à {url} ({reason}) : vérifiez l'adresse, "
            "le réseau ou le proxy (HTTPS_PROXY), et que le serveur est démarré."
        )
    if error.status == 401:
        return StartupError(
            f"MATTERMOST_TOKEN refusé par {url} (401) : vérifiez le jeton du compte bot "
            "(Console système > Intégrations > Comptes bot)."
        )
    return StartupError(
        f"MATTERMOST_URL : {url} a répondu {error.status} : vérifiez l'adresse "
        "(sous-chemin compris) et MATTERMOST_TOKEN."
    )


def database_failure(settings: Settings, error: StoreOpenError) -> StartupError:
    """The store could not be opened: name the variable and the path (or the host)."""
    reason = _DATABASE_REASONS.get(error.reason, error.detail)
    variable = settings.database_variable
    if error.reason == "unreachable":
        return StartupError(
            f"{variable} : impossible d'ouvrir la base (serveur {error.target}) : {reason} "
            f"({error.detail})."
        )
    return StartupError(
        f"{variable} : impossible d'ouvrir la base (fichier {error.target}) : {reason}. "
        "Choisissez un chemin accessible en écriture (dans le conteneur : le volume /data) "
        "ou une base PostgreSQL."
    )


def http_failure(host: str, port: int, error: OSError, variables: str) -> StartupError:
    """The HTTP port could not be bound."""
    why = error.strerror or type(error).__name__
    return StartupError(
        f"Impossible d'écouter sur {host}:{port} ({why}) : vérifiez {variables} "
        "(port déjà pris, adresse absente de cette machine)."
    )
