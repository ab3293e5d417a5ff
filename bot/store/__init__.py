"""What must survive a restart: handled posts, claims, subscriptions, states; SQLite or PostgreSQL.

Owns the SQL, the migrations and `deliver_once` (claim → post → confirm). Imports only itself,
the standard library and the database drivers; never a transport, the core or the service.
"""
