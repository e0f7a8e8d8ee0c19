"""Ordered schema migrations, recorded in the database (sqlite-utils ``Migrations``).

Never edit a migration that has shipped: add a new one. An old file opens under new code
because every pending migration is applied, in order, when the store is opened.
"""

from __future__ import annotations

import json

from sqlite_utils import Database, Migrations

from claims_db.util import now

MIGRATIONS = Migrations("claims_db")

DEFAULT_LABELS = [
    # label, display name, key, ClaimReview ratingValue (1 = worst .. 5 = best), colour
    ("true", "True", "1", 5, "green"),
    ("mostly-true", "Mostly true", "2", 4, "chartreuse"),
    ("half-true", "Half true", "3", 3, "yellow"),
    ("mostly-false", "Mostly false", "4", 2, "orange"),
    ("false", "False", "5", 1, "red"),
    ("misleading", "Misleading", "6", None, "magenta"),
    ("unverifiable", "Unverifiable", "7", None, "grey"),
]

_SCHEMA_1 = [
    """CREATE TABLE articles (
        id INTEGER PRIMARY KEY,
        title TEXT,
        url TEXT,
        source TEXT,
        published_at TEXT,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL UNIQUE,
        added_at TEXT NOT NULL
    )""",
    """CREATE TABLE claims (
        id INTEGER PRIMARY KEY,
        article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        text TEXT NOT NULL,
        normalized TEXT,
        claimant TEXT,
        claim_type TEXT NOT NULL DEFAULT 'other',
        checkworthiness REAL NOT NULL DEFAULT 0,
        quantities TEXT NOT NULL DEFAULT '[]',
        time_scope TEXT,
        created_at TEXT NOT NULL,
        UNIQUE (article_id, start, "end")
    )""",
    "CREATE INDEX claims_article ON claims(article_id)",
    """CREATE TABLE datasets (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        source TEXT,
        format TEXT,
        mapping TEXT NOT NULL DEFAULT '{}',
        sha256 TEXT,
        etag TEXT,
        last_modified TEXT,
        row_count INTEGER NOT NULL DEFAULT 0,
        imported_at TEXT,
        notes TEXT
    )""",
    """CREATE TABLE records (
        id INTEGER PRIMARY KEY,
        dataset_id INTEGER NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        text TEXT NOT NULL DEFAULT '',
        title TEXT,
        rating TEXT,
        value REAL,
        unit TEXT,
        period TEXT,
        url TEXT,
        publisher TEXT,
        published_at TEXT,
        extra TEXT NOT NULL DEFAULT '{}',
        row_hash TEXT,
        UNIQUE (dataset_id, key)
    )""",
    # External-content FTS5: the index is kept in step by the store's record functions in
    # batches (per-row triggers make bulk imports ~20x slower).
    """CREATE VIRTUAL TABLE records_fts USING fts5(
        text, title, content='records', content_rowid='id', tokenize='porter unicode61'
    )""",
    """CREATE TABLE matches (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        record_id INTEGER NOT NULL REFERENCES records(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        components TEXT NOT NULL DEFAULT '{}',
        rank INTEGER NOT NULL,
        state TEXT NOT NULL DEFAULT 'suggested'
            CHECK (state IN ('suggested', 'confirmed', 'rejected')),
        decided_by TEXT,
        decided_at TEXT,
        PRIMARY KEY (claim_id, record_id)
    )""",
    "CREATE INDEX matches_record ON matches(record_id)",
    """CREATE TABLE verdict_labels (
        label TEXT PRIMARY KEY,
        display_name TEXT NOT NULL,
        key TEXT,
        rating_value INTEGER,
        color TEXT,
        position INTEGER NOT NULL DEFAULT 0
    )""",
    """CREATE TABLE verdicts (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        label TEXT,
        note TEXT,
        evidence TEXT NOT NULL DEFAULT '[]',
        checker TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undo_of INTEGER REFERENCES verdicts(id)
    )""",
    "CREATE INDEX verdicts_claim ON verdicts(claim_id, id)",
    # History is append-only, enforced by the database itself.
    """CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END""",
    """CREATE TRIGGER verdicts_no_delete BEFORE DELETE ON verdicts
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END""",
]


@MIGRATIONS(name="0001_initial")
def _initial(db: Database) -> None:
    for statement in _SCHEMA_1:
        db.execute(statement)
    for position, (label, display, key, rating, color) in enumerate(DEFAULT_LABELS):
        db.execute(
            "INSERT INTO verdict_labels (label, display_name, key, rating_value, color, position)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [label, display, key, rating, color, position],
        )


@MIGRATIONS(name="0002_settings")
def _settings(db: Database) -> None:
    # Workbench-wide settings (publisher name and URL pattern for ClaimReview, default checker).
    db.execute("CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT)")


@MIGRATIONS(name="0003_term_stats")
def _term_stats(db: Database) -> None:
    # Document frequency of each indexed (stemmed) term, refreshed by the matcher when the records
    # change: it lets a query leave out words so common that scoring them would take seconds.
    db.execute("CREATE TABLE term_stats (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID")


# The desk's control of the claim list (issue 11) and frozen evidence (issue 15), agreed in one
# migration: see docs/architecture.md, "The store".
_CLAIMS_4 = """CREATE TABLE claims_new (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start INTEGER,
    "end" INTEGER,
    text TEXT NOT NULL,
    normalized TEXT,
    claimant TEXT,
    claim_type TEXT NOT NULL DEFAULT 'other',
    checkworthiness REAL NOT NULL DEFAULT 0,
    quantities TEXT NOT NULL DEFAULT '[]',
    time_scope TEXT,
    created_at TEXT NOT NULL,
    origin TEXT NOT NULL DEFAULT 'extractor' CHECK (origin IN ('extractor', 'checker', 'split')),
    dismissed TEXT,
    assignee TEXT,
    merged_into INTEGER REFERENCES claims(id),
    split_from INTEGER REFERENCES claims(id),
    UNIQUE (article_id, start, "end")
)"""

_CLAIM_EVENTS_4 = [
    """CREATE TABLE claim_events (
        id INTEGER PRIMARY KEY,
        claim_id INTEGER NOT NULL REFERENCES claims(id),
        action TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        checker TEXT NOT NULL,
        created_at TEXT NOT NULL,
        batch INTEGER,
        undo_of INTEGER REFERENCES claim_events(id)
    )""",
    "CREATE INDEX claim_events_claim ON claim_events(claim_id, id)",
    """CREATE TRIGGER claim_events_no_update BEFORE UPDATE ON claim_events
        BEGIN SELECT RAISE(ABORT, 'claim history is append-only'); END""",
    """CREATE TRIGGER claim_events_no_delete BEFORE DELETE ON claim_events
        BEGIN SELECT RAISE(ABORT, 'claim history is append-only'); END""",
    # A new claim that may repeat one the desk has already checked (found when it is added).
    """CREATE TABLE claim_repeats (
        claim_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        earlier_id INTEGER NOT NULL REFERENCES claims(id) ON DELETE CASCADE,
        score REAL NOT NULL,
        state TEXT NOT NULL DEFAULT 'suggested' CHECK (state IN ('suggested', 'linked', 'rejected')),
        created_at TEXT NOT NULL,
        PRIMARY KEY (claim_id, earlier_id)
    )""",
    "CREATE INDEX claim_repeats_earlier ON claim_repeats(earlier_id)",
]

# What a verdict freezes of each evidence record (see claims_db.verdicts.snapshot_records).
_SNAPSHOT_SQL = """SELECT json_object(
    'record_id', r.id, 'dataset', d.name, 'key', r.key, 'text', r.text, 'title', r.title,
    'rating', r.rating, 'url', r.url, 'publisher', r.publisher, 'published_at', r.published_at,
    'value', r.value, 'unit', r.unit, 'period', r.period, 'frozen_at', ?, 'migrated', json('true'))
    FROM records r JOIN datasets d ON d.id = r.dataset_id WHERE r.id = ?"""


@MIGRATIONS(name="0004_desk")
def _desk(db: Database) -> None:
    # 1. claims: offsets become optional (a claim the checker typed has none) and the desk's state is
    #    kept on the row: dismissed (the reason), assignee, merged_into, split_from, origin.
    #    SQLite cannot drop NOT NULL in place: the table is rebuilt (foreign keys are off during
    #    migrations, so nothing cascades; connect() checks every reference afterwards).
    db.execute(_CLAIMS_4)
    db.execute(
        'INSERT INTO claims_new (id, article_id, start, "end", text, normalized, claimant, claim_type,'
        " checkworthiness, quantities, time_scope, created_at)"
        ' SELECT id, article_id, start, "end", text, normalized, claimant, claim_type, checkworthiness,'
        " quantities, time_scope, created_at FROM claims"
    )
    db.execute("DROP TABLE claims")
    db.execute("ALTER TABLE claims_new RENAME TO claims")
    db.execute("CREATE INDEX claims_article ON claims(article_id)")
    db.execute("CREATE INDEX claims_merged ON claims(merged_into) WHERE merged_into IS NOT NULL")
    # 2. claim_events: every change by a checker, append-only; the extractor's output is event zero.
    for statement in _CLAIM_EVENTS_4:
        db.execute(statement)
    db.execute(
        "INSERT INTO claim_events (claim_id, action, data, checker, created_at)"
        " SELECT id, 'extracted', json_object('text', text, 'normalized', normalized, 'claimant', claimant,"
        " 'claim_type', claim_type, 'checkworthiness', checkworthiness, 'start', start, 'end', \"end\"),"
        " 'extractor', created_at FROM claims ORDER BY id"
    )
    # 3. verdicts: evidence becomes a frozen copy of each record as it is now (the nearest to what the
    #    checker saw that can still be known: frozen at migration time and marked "migrated");
    #    carried_from names the verdict a repeated claim's verdict was carried over from.
    db.execute("ALTER TABLE verdicts ADD COLUMN carried_from INTEGER REFERENCES verdicts(id)")
    db.execute("DROP TRIGGER verdicts_no_update")
    frozen_at = now()
    for verdict_id, evidence in db.execute("SELECT id, evidence FROM verdicts").fetchall():
        ids = json.loads(evidence or "[]")
        frozen = []
        for record_id in ids:
            if not isinstance(record_id, int):
                frozen.append(record_id)
                continue
            row = db.execute(_SNAPSHOT_SQL, [frozen_at, record_id]).fetchone()
            frozen.append(json.loads(row[0]) if row else {"record_id": record_id, "missing": True})
        db.execute(
            "UPDATE verdicts SET evidence = ? WHERE id = ?",
            [json.dumps(frozen, ensure_ascii=False, sort_keys=True, separators=(",", ":")), verdict_id],
        )
    db.execute(
        """CREATE TRIGGER verdicts_no_update BEFORE UPDATE ON verdicts
        BEGIN SELECT RAISE(ABORT, 'verdicts are append-only'); END"""
    )


@MIGRATIONS(name="0005_import_staging")
def _import_staging(db: Database) -> None:
    # An import in progress writes its new records under a hidden dataset row in short write
    # transactions; this table marks such rows (readers leave their records out) and says which
    # process owns them, so the leftovers of a killed import can be told from a running one.
    db.execute(
        """CREATE TABLE IF NOT EXISTS import_staging (
            dataset_id INTEGER PRIMARY KEY REFERENCES datasets(id) ON DELETE CASCADE,
            target TEXT NOT NULL,
            pid INTEGER NOT NULL,
            host TEXT NOT NULL,
            started_at TEXT NOT NULL
        )"""
    )
