"""Which query words are worth a full-text search: the rarest ones, within a postings budget.

An OR query over words that each appear in a tenth of a million records makes SQLite score half
the table (seconds). Rare words carry the match anyway (their bm25 weight is what ranks), so the
candidate stage keeps the rarest words whose postings add up to at most ``POSTINGS_BUDGET``.
Document frequencies come from the FTS5 vocabulary, cached in ``term_stats`` and refreshed when
the records change; words are stemmed by SQLite's own porter tokenizer, so they meet the index's terms.
"""

from __future__ import annotations

import sqlite3

from sqlite_utils import Database

import claims_db
from workbench.errors import IndexDamaged

POSTINGS_BUDGET = 2_000
MIN_TERMS = 2  # the rarest words are kept even when they alone go over the budget


class TermIndex:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.ready = False
        self.df: dict[str, int] = {}
        self.df_sql = "SELECT term, df FROM term_stats WHERE term IN ({marks})"

    def _prepare(self) -> None:
        if self.ready:
            return
        db = self.db
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.records_vocab USING fts5vocab(main, records_fts, row)")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_words USING fts5(word, tokenize='porter unicode61')")
        db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.query_stems USING fts5vocab(temp, query_words, instance)")
        version = self._version()
        if claims_db.get_setting(db, "term_stats_version") != version:
            if claims_db.is_readonly(db):
                # No writing here: read the frequencies from the index itself (slower, still right).
                self.df_sql = "SELECT term, doc FROM temp.records_vocab WHERE term IN ({marks})"
            else:
                with claims_db.immediate(db):
                    db.execute("DELETE FROM term_stats")
                    db.execute("INSERT INTO term_stats (term, df) SELECT term, doc FROM temp.records_vocab")
                claims_db.set_setting(db, "term_stats_version", version)
        self.ready = True

    def _version(self) -> str:
        # Published records only: an import's staged rows change nothing until it is published.
        published = " WHERE dataset_id NOT IN (SELECT dataset_id FROM import_staging)"
        sql = "SELECT COUNT(*), COALESCE(MAX(id), 0) FROM records"
        count, top = self.db.execute(sql + published if claims_db.importing(self.db) else sql).fetchone()
        imported = self.db.execute("SELECT COALESCE(MAX(imported_at), '') FROM datasets").fetchone()[0]
        return f"{count}:{top}:{imported}"

    def stems(self, words: list[str]) -> list[str]:
        """The index term (porter stem) of each word, '' for a word the tokenizer drops."""
        # Writing the temp table opens an implicit transaction; end it, or this connection would
        # keep a transaction open (and, after any later write, the database's write lock).
        owned = not self.db.conn.in_transaction
        try:
            self.db.execute("DELETE FROM temp.query_words")
            self.db.conn.executemany("INSERT INTO temp.query_words (rowid, word) VALUES (?, ?)", list(enumerate(words)))
            found = dict(self.db.execute("SELECT doc, term FROM temp.query_stems").fetchall())
        finally:
            if owned and self.db.conn.in_transaction:
                self.db.conn.commit()
        return [found.get(i, "") for i in range(len(words))]

    def select(self, words: list[str]) -> list[str]:
        """The words to search for: those in the index, rarest first, within the postings budget."""
        if not words:
            return []
        try:
            self._prepare()
            stems = self.stems(words)
            wanted = sorted({s for s in stems if s} - self.df.keys())
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                self.df.update(self.db.execute(self.df_sql.format(marks=", ".join("?" * len(chunk))), chunk).fetchall())
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc) or "busy" in str(exc):
                raise
            raise IndexDamaged(str(exc)) from exc
        scored = sorted(
            (self.df[stem], index, word, stem)
            for index, (word, stem) in enumerate(zip(words, stems, strict=True))
            if self.df.get(stem, 0) > 0
        )
        kept: list[str] = []
        total = 0
        seen: set[str] = set()
        for df, _, word, stem in scored:
            if stem in seen:
                continue
            if len(kept) >= MIN_TERMS and total + df > POSTINGS_BUDGET:
                break
            kept.append(word)
            seen.add(stem)
            total += df
        return kept
