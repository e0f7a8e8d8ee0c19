"""The SQLite store of the fact-checking workbench: schema, migrations, typed records, queries.

Imports nothing of ``workbench``; depends on the standard library and sqlite-utils only.
"""

from claims_db.articles import AddedArticle, add_article, get_article, list_articles
from claims_db.claims import (
    CLAIM_TYPES,
    ClaimCounts,
    ClaimDetail,
    ClaimFilter,
    ClaimRow,
    add_claims,
    claim_detail,
    count_claims,
    get_claim,
    list_claims,
)
from claims_db.connection import connect, immediate, schema_version
from claims_db.errors import NotFound, StoreError
from claims_db.matches import MATCH_STATES, confirmed_evidence, set_match_state, store_matches
from claims_db.models import Article, Claim, Dataset, Match, Record, Verdict, VerdictLabel
from claims_db.records import (
    UpsertStats,
    count_records,
    find_dataset,
    get_dataset,
    get_record,
    get_records,
    list_datasets,
    remove_dataset,
    row_hash,
    upsert_dataset,
    upsert_records,
)
from claims_db.settings import all_settings, get_setting, set_setting
from claims_db.verdicts import (
    add_verdict,
    current_verdict,
    set_verdict_label,
    undo_verdict,
    verdict_history,
    verdict_labels,
)

__all__ = [
    "CLAIM_TYPES",
    "MATCH_STATES",
    "AddedArticle",
    "Article",
    "Claim",
    "ClaimCounts",
    "ClaimDetail",
    "ClaimFilter",
    "ClaimRow",
    "Dataset",
    "Match",
    "NotFound",
    "Record",
    "StoreError",
    "UpsertStats",
    "Verdict",
    "VerdictLabel",
    "add_article",
    "add_claims",
    "add_verdict",
    "all_settings",
    "claim_detail",
    "confirmed_evidence",
    "connect",
    "count_claims",
    "count_records",
    "current_verdict",
    "find_dataset",
    "get_article",
    "get_claim",
    "get_dataset",
    "get_record",
    "get_records",
    "get_setting",
    "immediate",
    "list_articles",
    "list_claims",
    "list_datasets",
    "remove_dataset",
    "row_hash",
    "schema_version",
    "set_match_state",
    "set_setting",
    "set_verdict_label",
    "store_matches",
    "undo_verdict",
    "upsert_dataset",
    "upsert_records",
    "verdict_history",
    "verdict_labels",
]
