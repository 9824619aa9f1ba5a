//! The layout of an index folder on disk, shared by the indexer (which writes it) and the query
//! service (which reads it).
//!
//! ```text
//! data/index/
//!   CURRENT        the name of the published generation, replaced atomically
//!   .oversight-index.lock   held by the indexing run, so two runs never overlap
//!   gen-000003/    the published tantivy index
//!   gen-000002/    the previous one, kept until the next rebuild so open readers finish
//! ```
//!
//! Incremental updates commit into the published generation (a tantivy commit is atomic); a full
//! rebuild writes a new generation and publishes it by replacing `CURRENT`. Each commit carries a
//! [`CommitRecord`] as its payload. This module's only I/O is reading `CURRENT`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// The file that names the published generation.
pub const CURRENT_FILE: &str = "CURRENT";
/// The prefix of generation folder names.
pub const GENERATION_PREFIX: &str = "gen-";

/// The name of generation number `number`.
pub fn generation_name(number: u64) -> String {
    format!("{GENERATION_PREFIX}{number:06}")
}

/// The number of a generation folder name, if it is one.
pub fn generation_number(name: &str) -> Option<u64> {
    name.strip_prefix(GENERATION_PREFIX)?.parse().ok()
}

/// The published generation of the index at `root`: its name and folder, or `None` if nothing was
/// ever published there.
pub fn current_generation(root: &Path) -> std::io::Result<Option<(String, PathBuf)>> {
    match std::fs::read_to_string(root.join(CURRENT_FILE)) {
        Ok(name) => {
            let name = name.trim().to_string();
            if generation_number(&name).is_none() {
                return Err(std::io::Error::new(
                    std::io::ErrorKind::InvalidData,
                    format!("{CURRENT_FILE} names `{name}`, which is not a generation"),
                ));
            }
            let path = root.join(&name);
            Ok(Some((name, path)))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(error),
    }
}

/// What each commit records about itself, as the tantivy commit payload.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CommitRecord {
    /// The field layout version ([`crate::INDEX_FORMAT_VERSION`]).
    pub format_version: u32,
    /// Fingerprint of the extraction pipeline and vocabularies that produced the passages.
    pub pipeline: String,
    /// Documents in the index after this commit.
    pub documents: u64,
    /// Passages in the index after this commit.
    pub passages: u64,
    /// When the commit was made, in seconds since the Unix epoch.
    pub committed_at_unix_seconds: u64,
    /// The canonical path of the corpus folder the index was built from (absent in indexes built
    /// before it was recorded).
    #[serde(default)]
    pub corpus: Option<String>,
}

impl CommitRecord {
    /// Reads a commit payload.
    pub fn parse(payload: &str) -> Option<CommitRecord> {
        serde_json::from_str(payload).ok()
    }

    /// Writes the commit payload.
    pub fn to_payload(&self) -> serde_json::Result<String> {
        serde_json::to_string(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_names_round_trip() {
        assert_eq!(generation_name(3), "gen-000003");
        assert_eq!(generation_number("gen-000003"), Some(3));
        assert_eq!(generation_number("meta.json"), None);
    }

    #[test]
    fn a_record_round_trips_and_one_without_a_corpus_still_parses() {
        let record = CommitRecord {
            format_version: 1,
            pipeline: "p1".to_string(),
            documents: 2,
            passages: 3,
            committed_at_unix_seconds: 4,
            corpus: Some("/data/corpus".to_string()),
        };
        let payload = record.to_payload().expect("serialises");
        assert_eq!(CommitRecord::parse(&payload), Some(record));
        let older = r#"{"format_version":1,"pipeline":"p1","documents":2,"passages":3,"committed_at_unix_seconds":4}"#;
        assert_eq!(
            CommitRecord::parse(older).map(|record| record.corpus),
            Some(None)
        );
    }

    #[test]
    fn a_folder_without_current_has_no_generation() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(matches!(current_generation(dir.path()), Ok(None)));
        std::fs::write(dir.path().join(CURRENT_FILE), "junk\n").expect("write");
        assert!(current_generation(dir.path()).is_err());
    }
}
