//! The SQLite FTS5 peer: one row per document in an FTS5 table with the `porter unicode61`
//! tokenizer, ranked by `bm25`, a `snippet()` per hit and a `GROUP BY` for the force facet (with the
//! filters applied, as raw tantivy's facet collector counts).

use std::path::Path;

use rusqlite::{Connection, params};

use crate::corpus::BenchCorpus;
use crate::engines::{Engine, QueryOutcome, TOP_DOCUMENTS};
use crate::queries::BenchQuery;
use crate::{Error, Result};

/// An open SQLite FTS5 index.
pub struct SqliteEngine {
    connection: Connection,
}

/// Builds the database at `path` (a file, replaced) from every document of the corpus.
pub fn build(corpus: &BenchCorpus, path: &Path) -> Result<SqliteEngine> {
    if path.exists() {
        std::fs::remove_file(path).map_err(|source| Error::Io {
            path: path.to_path_buf(),
            source,
        })?;
    }
    let connection = Connection::open(path)?;
    connection.execute_batch(
        "PRAGMA journal_mode = OFF;
         PRAGMA synchronous = OFF;
         PRAGMA cache_size = -262144;
         CREATE VIRTUAL TABLE docs USING fts5(
             file UNINDEXED, force UNINDEXED, year UNINDEXED, body,
             tokenize = 'porter unicode61'
         );",
    )?;
    connection.execute_batch("BEGIN")?;
    {
        let mut insert = connection
            .prepare("INSERT INTO docs (file, force, year, body) VALUES (?1, ?2, ?3, ?4)")?;
        for entry in &corpus.entries {
            let body = corpus.read(entry)?;
            insert.execute(params![entry.file, entry.force, entry.year, body])?;
        }
    }
    connection.execute_batch("COMMIT")?;
    Ok(SqliteEngine { connection })
}

/// Opens a database built by [`build`].
pub fn open(path: &Path) -> Result<SqliteEngine> {
    Ok(SqliteEngine {
        connection: Connection::open(path)?,
    })
}

impl Engine for SqliteEngine {
    fn name(&self) -> &'static str {
        "sqlite-fts5"
    }

    fn run(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let fts = query.fts5();
        let (force, year_from, year_to) = match &query.filter {
            Some(filter) => (
                Some(filter.force.as_str()),
                i64::from(filter.year_from),
                i64::from(filter.year_to),
            ),
            None => (None, i64::MIN, i64::MAX),
        };
        let mut top = self.connection.prepare_cached(
            "SELECT file, snippet(docs, 3, '<mark>', '</mark>', '…', 32) FROM docs
             WHERE docs MATCH ?1 AND (?2 IS NULL OR force = ?2) AND year BETWEEN ?3 AND ?4
             ORDER BY bm25(docs) LIMIT ?5",
        )?;
        let mut outcome = QueryOutcome::default();
        let rows = top.query_map(
            params![fts, force, year_from, year_to, TOP_DOCUMENTS as i64],
            |row| row.get::<_, String>(1),
        )?;
        for snippet in rows {
            outcome.hits += 1;
            outcome.snippet_bytes += snippet?.len();
        }
        let mut facets = self.connection.prepare_cached(
            "SELECT force, count(*) FROM docs
             WHERE docs MATCH ?1 AND (?2 IS NULL OR force = ?2) AND year BETWEEN ?3 AND ?4
             GROUP BY force",
        )?;
        let counts = facets.query_map(params![fts, force, year_from, year_to], |row| {
            row.get::<_, i64>(1)
        })?;
        for count in counts {
            outcome.facet_values += 1;
            outcome.total_documents += count? as u64;
        }
        Ok(outcome)
    }
}
