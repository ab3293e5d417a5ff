"""The community's time zone: `PARIS`, the one Europe/Paris constant of the bot.

Dates the community reads (a posting's day, the digest's 10:00, "today") are Paris dates.
"""

from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
