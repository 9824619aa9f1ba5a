//! The index folder: which generation is published, which one a run writes into, the lock that
//! keeps two runs apart and the corpus the index records it was built from.

use std::fs;
use std::path::{Path, PathBuf};

use oversight_schema::layout::{self, CURRENT_FILE, CommitRecord};
use oversight_schema::{Fields, INDEX_FORMAT_VERSION, analyzer, fields};
use tantivy::Index;

use crate::{Error, Result};

/// The lock file that keeps two indexing runs of one index folder apart.
const LOCK_FILE: &str = ".oversight-index.lock";

/// The generation a run writes into.
pub struct Target {
    /// Its name.
    pub generation: String,
    /// The tantivy index.
    pub index: Index,
    /// Whether it is a new generation (to publish) rather than the published one.
    pub rebuilt: bool,
}

/// The name `CURRENT` is written under before it replaces `CURRENT`.
pub fn temporary_current_name() -> String {
    format!("{CURRENT_FILE}.tmp")
}

/// The corpus folder's canonical path, as the index records it.
pub fn canonical_corpus(corpus: &Path) -> Result<String> {
    let path = corpus
        .canonicalize()
        .map_err(|_| Error::CorpusMissing(corpus.to_path_buf()))?;
    Ok(path.to_string_lossy().into_owned())
}

/// The corpus folder the published index was built from, as its last commit records it: `None`
/// when nothing is published or the index predates the record.
pub fn recorded_corpus(root: &Path) -> Result<Option<String>> {
    let published =
        layout::current_generation(root).map_err(|_| Error::NotAnIndex(root.to_path_buf()))?;
    let Some((_, path)) = published else {
        return Ok(None);
    };
    let metas = Index::open_in_dir(&path)?.load_metas()?;
    Ok(metas
        .payload
        .as_deref()
        .and_then(CommitRecord::parse)
        .and_then(|record| record.corpus))
}

/// Opens (or creates) an index with Oversight's analyzers registered.
fn open_index(path: &Path, create: bool) -> Result<Index> {
    let index = if create {
        Index::builder()
            .schema(Fields::build().schema)
            .settings(fields::index_settings())
            .create_in_dir(path)?
    } else {
        Index::open_in_dir(path)?
    };
    analyzer::register(index.tokenizers());
    Ok(index)
}

/// The published generation, after checking that the folder is an Oversight index (or can become
/// one: missing, empty, or holding only unpublished generations of an interrupted first run).
pub fn published_generation(root: &Path) -> Result<Option<(String, PathBuf)>> {
    if !root.exists() {
        fs::create_dir_all(root).map_err(|source| Error::IndexIo {
            path: root.to_path_buf(),
            source,
        })?;
        return Ok(None);
    }
    if !root.is_dir() {
        return Err(Error::NotAnIndex(root.to_path_buf()));
    }
    match layout::current_generation(root) {
        Ok(Some(found)) => Ok(Some(found)),
        Ok(None) => {
            let entries = fs::read_dir(root).map_err(|source| Error::IndexIo {
                path: root.to_path_buf(),
                source,
            })?;
            for entry in entries {
                let entry = entry.map_err(|source| Error::IndexIo {
                    path: root.to_path_buf(),
                    source,
                })?;
                let name = entry.file_name().to_string_lossy().to_string();
                let ours = layout::generation_number(&name).is_some()
                    || name == temporary_current_name()
                    || name == LOCK_FILE;
                if !ours {
                    return Err(Error::NotAnIndex(root.to_path_buf()));
                }
            }
            Ok(None)
        }
        Err(_) => Err(Error::NotAnIndex(root.to_path_buf())),
    }
}

/// The generation to write: the published one when it can be updated in place and no rebuild is
/// asked for, else a new, empty one.
pub fn target(
    root: &Path,
    published: Option<&(String, PathBuf)>,
    pipeline: &str,
    rebuild: bool,
) -> Result<Target> {
    let reusable = match (published, rebuild) {
        (Some((name, path)), false) => {
            reusable_index(path, pipeline).map(|index| (name.clone(), index))
        }
        _ => None,
    };
    if let Some((generation, index)) = reusable {
        return Ok(Target {
            generation,
            index,
            rebuilt: false,
        });
    }
    let generation = next_generation_name(root)?;
    let path = root.join(&generation);
    if path.exists() {
        fs::remove_dir_all(&path).map_err(|source| Error::IndexIo {
            path: path.clone(),
            source,
        })?;
    }
    fs::create_dir_all(&path).map_err(|source| Error::IndexIo {
        path: path.clone(),
        source,
    })?;
    Ok(Target {
        generation,
        index: open_index(&path, true)?,
        rebuilt: true,
    })
}

/// The published index, if it can be updated in place: readable, same layout, same pipeline.
fn reusable_index(path: &Path, pipeline: &str) -> Option<Index> {
    let index = open_index(path, false).ok()?;
    Fields::resolve(index.schema()).ok()?;
    let metas = index.load_metas().ok()?;
    let record = CommitRecord::parse(metas.payload.as_deref()?)?;
    (record.format_version == INDEX_FORMAT_VERSION && record.pipeline == pipeline).then_some(index)
}

fn next_generation_name(root: &Path) -> Result<String> {
    let entries = fs::read_dir(root).map_err(|source| Error::IndexIo {
        path: root.to_path_buf(),
        source,
    })?;
    let highest = entries
        .filter_map(|entry| entry.ok())
        .filter_map(|entry| layout::generation_number(&entry.file_name().to_string_lossy()))
        .max()
        .unwrap_or(0);
    Ok(layout::generation_name(highest + 1))
}

/// Locks the whole index folder for this run (released when the returned file is dropped, or when
/// the process dies), so that two runs never build generations side by side.
pub fn lock(root: &Path) -> Result<fs::File> {
    let path = root.join(LOCK_FILE);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)
        .map_err(|source| Error::IndexIo { path, source })?;
    match file.try_lock() {
        Ok(()) => Ok(file),
        Err(fs::TryLockError::WouldBlock) => Err(Error::Locked(root.to_path_buf())),
        Err(fs::TryLockError::Error(source)) => Err(Error::IndexIo {
            path: root.join(LOCK_FILE),
            source,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_of_something_else_is_not_an_index() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(matches!(published_generation(dir.path()), Ok(None)));
        std::fs::write(dir.path().join(LOCK_FILE), "").expect("write");
        std::fs::create_dir(dir.path().join("gen-000002")).expect("generation");
        assert!(matches!(published_generation(dir.path()), Ok(None)));
        std::fs::write(dir.path().join("notes.txt"), "mine").expect("write");
        assert!(matches!(
            published_generation(dir.path()),
            Err(Error::NotAnIndex(_))
        ));
        let missing = dir.path().join("new");
        assert!(matches!(published_generation(&missing), Ok(None)));
        assert!(missing.is_dir(), "a missing folder is created");
    }

    #[test]
    fn a_second_lock_of_one_folder_is_refused_until_the_first_is_released() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = lock(dir.path()).expect("first lock");
        assert!(matches!(lock(dir.path()), Err(Error::Locked(_))));
        drop(first);
        assert!(lock(dir.path()).is_ok());
    }

    #[test]
    fn a_new_target_is_the_generation_after_the_highest() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir(dir.path().join("gen-000004")).expect("generation");
        let target = target(dir.path(), None, "p", false).expect("target");
        assert_eq!(target.generation, "gen-000005");
        assert!(target.rebuilt);
        assert!(dir.path().join("gen-000005/meta.json").is_file());
        assert_eq!(
            recorded_corpus(dir.path()).expect("nothing published"),
            None
        );
    }
}
