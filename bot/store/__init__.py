"""What must survive a restart: handled posts, claims, subscriptions, states; SQLite or PostgreSQL.

Owns the SQL, the migrations and `deliver_once` (claim → post → confirm). May import the core's
values, the standard library and the database drivers; never Mattermost, postes or the service.
"""
