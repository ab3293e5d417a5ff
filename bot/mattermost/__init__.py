"""Mattermost transport: REST client, websocket listener, slash commands."""
