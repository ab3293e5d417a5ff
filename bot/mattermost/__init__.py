"""The only code that knows Mattermost: REST client, websocket, events, slash commands.

Knows `Incoming`, `Reply` and `Me` (conversation) and may count in telemetry; gets addresses,
sentences and settings from the composition root. Never imports knowledge, understanding,
answers, postes or the service.
"""
