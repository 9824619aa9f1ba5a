//! The corpus folder: which files it holds, what each one's content hash is, and which files are
//! the same document (byte-identical copies under other names).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::manifest::MANIFEST_FILE;
use crate::source::{self, SkipReason};
use crate::{Error, Result};

/// A distinct document of the corpus: one content, one or more files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CorpusDocument {
    /// Stable id: the first 16 hex digits of the BLAKE3 hash of the content.
    pub doc_id: String,
    /// The files with this content, relative to the corpus folder, sorted.
    pub sources: Vec<String>,
}

/// A file that will not be indexed, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFile {
    /// The file, relative to the corpus folder.
    pub path: String,
    /// Why it was skipped.
    pub reason: String,
}

/// What scanning the corpus found.
#[derive(Debug, Default)]
pub struct CorpusScan {
    /// The distinct documents, by id.
    pub documents: BTreeMap<String, CorpusDocument>,
    /// Files that cannot be indexed.
    pub skipped: Vec<SkippedFile>,
}

/// The id of a document with these bytes.
pub fn content_id(bytes: &[u8]) -> String {
    blake3::hash(bytes).to_hex()[..16].to_string()
}

/// Lists the corpus files (hidden files and folders excluded), in path order.
pub fn list_files(corpus: &Path) -> Result<Vec<PathBuf>> {
    if !corpus.is_dir() {
        return Err(Error::CorpusMissing(corpus.to_path_buf()));
    }
    let mut files = Vec::new();
    let walker = walkdir::WalkDir::new(corpus)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            entry.depth() == 0 || !entry.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker {
        let entry = entry.map_err(|source| Error::CorpusUnreadable {
            path: corpus.to_path_buf(),
            source,
        })?;
        let is_manifest = entry.depth() == 1 && entry.file_name() == MANIFEST_FILE;
        if entry.file_type().is_file() && !is_manifest {
            files.push(entry.into_path());
        }
    }
    Ok(files)
}

/// The path of `file` relative to `corpus`, with `/` separators.
pub fn relative_name(corpus: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(corpus).unwrap_or(file);
    relative
        .components()
        .map(|component| component.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Reads and hashes every corpus file in parallel, sorting them into documents and skipped files.
pub fn scan(corpus: &Path, on_file: &(dyn Fn() + Sync)) -> Result<CorpusScan> {
    let files = list_files(corpus)?;
    let outcomes: Vec<(String, std::result::Result<String, SkipReason>)> = files
        .par_iter()
        .map(|file| {
            let name = relative_name(corpus, file);
            let outcome = source::read_source(file).map(|(bytes, _)| content_id(&bytes));
            on_file();
            (name, outcome)
        })
        .collect();
    let mut scan = CorpusScan::default();
    for (name, outcome) in outcomes {
        match outcome {
            Ok(doc_id) => scan
                .documents
                .entry(doc_id.clone())
                .or_insert_with(|| CorpusDocument {
                    doc_id,
                    sources: Vec::new(),
                })
                .sources
                .push(name),
            Err(reason) => scan.skipped.push(SkippedFile {
                path: name,
                reason: reason.to_string(),
            }),
        }
    }
    Ok(scan)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_files_are_one_document_and_broken_files_are_skipped() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "Agenda of the panel").expect("write");
        std::fs::write(dir.path().join("b.txt"), "Agenda of the panel").expect("write");
        std::fs::write(dir.path().join("empty.txt"), "").expect("write");
        std::fs::write(dir.path().join("blob.bin"), [0u8, 1, 2, 3]).expect("write");
        std::fs::write(dir.path().join(".hidden"), "secret").expect("write");
        let scan = scan(dir.path(), &|| {}).expect("scan");
        assert_eq!(scan.documents.len(), 1);
        let document = scan.documents.values().next().expect("one document");
        assert_eq!(document.sources, vec!["a.txt", "b.txt"]);
        let skipped: Vec<(&str, &str)> = scan
            .skipped
            .iter()
            .map(|file| (file.path.as_str(), file.reason.as_str()))
            .collect();
        assert_eq!(
            skipped,
            vec![
                ("blob.bin", "binary data, not text"),
                ("empty.txt", "empty: no text to index")
            ]
        );
    }

    #[test]
    fn a_missing_corpus_is_an_error() {
        let error = list_files(Path::new("/nonexistent/corpus")).err();
        assert!(matches!(error, Some(Error::CorpusMissing(_))));
    }
}
