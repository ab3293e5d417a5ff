"""Numbered schema migrations: entry N (1-based) takes the schema from version N-1 to N.

Append only: never edit a released step, add a new one. SQLite tracks the version in
`PRAGMA user_version`, PostgreSQL in the `schema_version` table.
"""

SQLITE: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS claims (
        key TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'done')),
        attempt INTEGER NOT NULL,
        claimed_at REAL NOT NULL,
        expires_at REAL NOT NULL,
        result TEXT NOT NULL DEFAULT '',
        done_at REAL
    );
    CREATE INDEX IF NOT EXISTS claims_done_at ON claims (done_at);
    CREATE TABLE IF NOT EXISTS subscriptions (
        user_id TEXT PRIMARY KEY,
        since REAL NOT NULL
    );
    CREATE TABLE IF NOT EXISTS state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    # 2: the Mattermost account found for each person of the knowledge (bot.service.contacts)
    """
    CREATE TABLE IF NOT EXISTS contacts (
        person_id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        user_id TEXT NOT NULL,
        source TEXT NOT NULL,
        state TEXT NOT NULL,
        checked_at REAL NOT NULL
    )
    """,
    """
    -- 3: the maintainers' loop. No user, channel or post of the asker is ever stored, a
    -- voter is a per-answer pseudonym, kept 90 days like everything here.
    CREATE TABLE IF NOT EXISTS questions (
        day TEXT NOT NULL,
        folded TEXT NOT NULL,
        intent TEXT NOT NULL,
        subject TEXT NOT NULL,
        closest TEXT NOT NULL,
        score REAL NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, folded)
    );
    CREATE TABLE IF NOT EXISTS question_counts (
        day TEXT NOT NULL,
        intent TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, intent)
    );
    CREATE TABLE IF NOT EXISTS answers (
        post_id TEXT PRIMARY KEY,
        intent TEXT NOT NULL,
        subject TEXT NOT NULL,
        at REAL NOT NULL
    );
    CREATE INDEX IF NOT EXISTS answers_at ON answers (at);
    CREATE TABLE IF NOT EXISTS votes (
        post_id TEXT NOT NULL,
        voter TEXT NOT NULL,
        vote INTEGER NOT NULL,
        at REAL NOT NULL,
        PRIMARY KEY (post_id, voter)
    );
    CREATE INDEX IF NOT EXISTS votes_at ON votes (at)
    """,
)

POSTGRES: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS claims (
        key TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('claimed', 'done')),
        attempt INTEGER NOT NULL,
        claimed_at DOUBLE PRECISION NOT NULL,
        expires_at DOUBLE PRECISION NOT NULL,
        result TEXT NOT NULL DEFAULT '',
        done_at DOUBLE PRECISION
    );
    CREATE INDEX IF NOT EXISTS claims_done_at ON claims (done_at);
    CREATE TABLE IF NOT EXISTS subscriptions (
        user_id TEXT PRIMARY KEY,
        since DOUBLE PRECISION NOT NULL
    );
    CREATE TABLE IF NOT EXISTS state (
        name TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )
    """,
    # 2: the Mattermost account found for each person of the knowledge (bot.service.contacts)
    """
    CREATE TABLE IF NOT EXISTS contacts (
        person_id TEXT PRIMARY KEY,
        username TEXT NOT NULL,
        user_id TEXT NOT NULL,
        source TEXT NOT NULL,
        state TEXT NOT NULL,
        checked_at DOUBLE PRECISION NOT NULL
    )
    """,
    """
    -- 3: the maintainers' loop. No user, channel or post of the asker is ever stored, a
    -- voter is a per-answer pseudonym, kept 90 days like everything here.
    CREATE TABLE IF NOT EXISTS questions (
        day TEXT NOT NULL,
        folded TEXT NOT NULL,
        intent TEXT NOT NULL,
        subject TEXT NOT NULL,
        closest TEXT NOT NULL,
        score DOUBLE PRECISION NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, folded)
    );
    CREATE TABLE IF NOT EXISTS question_counts (
        day TEXT NOT NULL,
        intent TEXT NOT NULL,
        count INTEGER NOT NULL,
        PRIMARY KEY (day, intent)
    );
    CREATE TABLE IF NOT EXISTS answers (
        post_id TEXT PRIMARY KEY,
        intent TEXT NOT NULL,
        subject TEXT NOT NULL,
        at DOUBLE PRECISION NOT NULL
    );
    CREATE INDEX IF NOT EXISTS answers_at ON answers (at);
    CREATE TABLE IF NOT EXISTS votes (
        post_id TEXT NOT NULL,
        voter TEXT NOT NULL,
        vote INTEGER NOT NULL,
        at DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (post_id, voter)
    );
    CREATE INDEX IF NOT EXISTS votes_at ON votes (at)
    """,
)
