"""Job announcements: what to post and when (new postings, DMs, digest, reminders), exactly once.

Gets its settings as plain values (`AnnounceConfig`) from the composition root. May import the
core, the store, the Mattermost adapter, telemetry and APScheduler; never the service.
"""
