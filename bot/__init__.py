"""betabot: the Mattermost assistant of the beta.gouv.fr community."""

__version__ = "0.1.0"
