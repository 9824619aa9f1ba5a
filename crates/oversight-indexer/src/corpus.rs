//! The corpus folder: which files it holds, what each one's content hash is, and which files are
//! the same document: byte-identical copies under other names, and near-identical texts such as
//! the PDF and the HTML page of one report.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use oversight_schema::model::NearCopy;
pub use oversight_schema::model::content_id;
use rayon::prelude::*;

use crate::manifest::MANIFEST_FILE;
use crate::near_dup::{self, Signature};
use crate::source::{self, Format, SkipReason};
use crate::{Error, Result};

/// A distinct document of the corpus: one content, one or more files, and any near copies.
#[derive(Debug, Clone, PartialEq)]
pub struct CorpusDocument {
    /// Stable id: the first 16 hex digits of the BLAKE3 hash of the indexed content.
    pub doc_id: String,
    /// The files with the indexed content, relative to the corpus folder, sorted.
    pub sources: Vec<String>,
    /// Other contents with nearly the same text, indexed as this document.
    pub near_copies: Vec<NearCopy>,
    /// Every content of the document (the indexed one first) with its signature.
    pub signatures: Vec<(String, Option<Signature>)>,
}

impl CorpusDocument {
    /// The files of the indexed content, then those of its near copies.
    pub fn all_sources(&self) -> Vec<String> {
        let copies = self.near_copies.iter().flat_map(|copy| copy.sources.iter());
        self.sources.iter().chain(copies).cloned().collect()
    }
}

/// Signatures of contents already indexed, by content id: these are not read again.
pub type KnownContents = HashMap<String, Option<Signature>>;

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

/// One content of the corpus, before near copies are grouped.
struct Content {
    sources: Vec<String>,
    signature: Option<Signature>,
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

/// Reads and hashes every corpus file in parallel; decodes and signs the contents not `known`
/// yet; sorts them into documents (exact and near copies together) and skipped files.
pub fn scan(
    corpus: &Path,
    known: &KnownContents,
    on_file: &(dyn Fn() + Sync),
) -> Result<CorpusScan> {
    let files = list_files(corpus)?;
    type Outcome = std::result::Result<(String, Option<Signature>), SkipReason>;
    let outcomes: Vec<(String, Outcome)> = files
        .par_iter()
        .map(|file| {
            let name = relative_name(corpus, file);
            let outcome = source::read_bytes(file).and_then(|bytes| {
                let id = content_id(&bytes);
                match known.get(&id) {
                    Some(signature) => Ok((id, signature.clone())),
                    None => source::decode(file, &bytes)
                        .map(|text| (id, Signature::of_text(&text.text))),
                }
            });
            on_file();
            (name, outcome)
        })
        .collect();
    let mut contents: BTreeMap<String, Content> = BTreeMap::new();
    let mut skipped = Vec::new();
    for (name, outcome) in outcomes {
        match outcome {
            Ok((id, signature)) => contents
                .entry(id)
                .or_insert_with(|| Content {
                    sources: Vec::new(),
                    signature,
                })
                .sources
                .push(name),
            Err(reason) => skipped.push(SkippedFile {
                path: name,
                reason: reason.to_string(),
            }),
        }
    }
    Ok(CorpusScan {
        documents: group_near_copies(contents),
        skipped,
    })
}

/// Makes one document of each group of nearly identical contents. The indexed content is the one
/// whose file keeps the most of the original: a PDF (pages), then HTML (structure), then the rest;
/// ties go to the smallest id, so the choice never depends on the order files were found in.
fn group_near_copies(contents: BTreeMap<String, Content>) -> BTreeMap<String, CorpusDocument> {
    let contents: Vec<(String, Content)> = contents.into_iter().collect();
    let signatures: Vec<Option<&Signature>> = contents
        .iter()
        .map(|(_, content)| content.signature.as_ref())
        .collect();
    let mut documents = BTreeMap::new();
    for mut group in near_dup::group(&signatures) {
        group.sort_by_key(|index| {
            let (id, content) = &contents[*index];
            (format_rank(&content.sources), id.clone())
        });
        let (indexed_id, indexed) = &contents[group[0]];
        let near_copies = group[1..]
            .iter()
            .map(|index| {
                let (id, content) = &contents[*index];
                let similarity = match (&indexed.signature, &content.signature) {
                    (Some(mine), Some(theirs)) => mine.similarity(theirs),
                    _ => 0.0,
                };
                NearCopy {
                    content_id: id.clone(),
                    sources: content.sources.clone(),
                    similarity,
                }
            })
            .collect();
        let signatures = group
            .iter()
            .map(|index| {
                let (id, content) = &contents[*index];
                (id.clone(), content.signature.clone())
            })
            .collect();
        documents.insert(
            indexed_id.clone(),
            CorpusDocument {
                doc_id: indexed_id.clone(),
                sources: indexed.sources.clone(),
                near_copies,
                signatures,
            },
        );
    }
    documents
}

/// Which copy of a document is indexed first: PDFs, then HTML pages, then text.
fn format_rank(sources: &[String]) -> u8 {
    let extension = sources
        .first()
        .and_then(|source| Path::new(source).extension())
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    match source::format_of_extension(extension.as_deref()) {
        Some(Format::Pdf) => 0,
        Some(Format::Html) => 1,
        _ => 2,
    }
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
        let scan = scan(dir.path(), &KnownContents::new(), &|| {}).expect("scan");
        assert_eq!(scan.documents.len(), 1);
        let document = scan.documents.values().next().expect("one document");
        assert_eq!(document.sources, vec!["a.txt", "b.txt"]);
        assert!(document.near_copies.is_empty());
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
    fn a_pdf_and_the_html_page_of_one_report_are_one_document_indexed_from_the_pdf() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pdf = include_bytes!("../../../tests/fixtures/pdf/agenda-pack.pdf");
        let html = include_bytes!("../../../tests/fixtures/html/agenda-pack.html");
        std::fs::write(dir.path().join("pack.html"), html).expect("write");
        std::fs::write(dir.path().join("zz-download.pdf"), pdf).expect("write");
        std::fs::write(dir.path().join("copy of pack.html"), html).expect("write");
        let report = include_str!("../../../corpus/001_b94eff86617be555.txt");
        std::fs::write(dir.path().join("report.txt"), report).expect("write");

        let scan = scan(dir.path(), &KnownContents::new(), &|| {}).expect("scan");
        assert_eq!(scan.documents.len(), 2, "{:#?}", scan.documents);
        let pack = &scan.documents[&content_id(pdf)];
        assert_eq!(pack.sources, vec!["zz-download.pdf"]);
        assert_eq!(pack.near_copies.len(), 1);
        let copy = &pack.near_copies[0];
        assert_eq!(copy.content_id, content_id(html));
        assert_eq!(copy.sources, vec!["copy of pack.html", "pack.html"]);
        assert!(copy.similarity >= near_dup::SAME_DOCUMENT_SIMILARITY);
        assert_eq!(
            pack.all_sources(),
            vec!["zz-download.pdf", "copy of pack.html", "pack.html"]
        );
        assert_eq!(pack.signatures.len(), 2);
        assert!(
            scan.documents[&content_id(report.as_bytes())]
                .near_copies
                .is_empty()
        );
    }

    #[test]
    fn known_contents_are_not_decoded_again() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("a.txt"), "Agenda of the panel").expect("write");
        let id = content_id(b"Agenda of the panel");
        let signature =
            Signature::of_text(include_str!("../../../corpus/001_b94eff86617be555.txt"));
        let known = KnownContents::from([(id.clone(), signature.clone())]);
        let scan = scan(dir.path(), &known, &|| {}).expect("scan");
        assert_eq!(
            scan.documents[&id].signatures,
            vec![(id.clone(), signature)]
        );
    }

    #[test]
    fn a_missing_corpus_is_an_error() {
        let error = list_files(Path::new("/nonexistent/corpus")).err();
        assert!(matches!(error, Some(Error::CorpusMissing(_))));
    }
}
