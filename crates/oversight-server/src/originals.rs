//! The original files of the corpus, served as they were downloaded so that the document view can
//! open a PDF at a passage's page (`#page=N`). Only a file that an indexed document names as its
//! source, inside the corpus folder, with the content that was indexed, is ever served.

use std::fs::File;
use std::io::{Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use axum::body::Body;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use oversight_schema::model::{MAX_SOURCE_BYTES, content_id_of_reader};
use quick_cache::sync::Cache;
use tokio_util::io::ReaderStream;

/// How many files are remembered as holding their indexed content.
const VERIFIED_FILES: usize = 4096;

/// The corpus folder whose files are served.
pub struct Originals {
    root: PathBuf,
    /// Files already hashed, by path, size and modification time, with the content id they hold:
    /// a file is hashed again only when one of those changes.
    verified: Cache<FileKey, String>,
}

impl std::fmt::Debug for Originals {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("Originals")
            .field("root", &self.root)
            .finish_non_exhaustive()
    }
}

/// What identifies a file's state without reading it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct FileKey {
    path: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

/// Why an original cannot be served.
#[derive(Debug, thiserror::Error)]
pub enum OriginalError {
    /// The source path leaves the corpus folder, or is no file there.
    #[error("the original file of this document is not in the corpus folder any more")]
    Missing,
    /// The file was changed after it was indexed.
    #[error("the original file has changed since it was indexed; run `oversight index`")]
    Changed,
    /// The file is larger than any the indexer reads, so it is not the file that was indexed.
    #[error(
        "the original file is larger than the indexer reads ({} MiB): it has changed since it was indexed",
        MAX_SOURCE_BYTES / (1024 * 1024)
    )]
    TooLarge,
}

impl Originals {
    /// Serves the files under `corpus`; `None` when it is not a readable folder.
    pub fn open(corpus: &Path) -> Option<Originals> {
        let root = corpus.canonicalize().ok()?;
        root.is_dir().then(|| Originals {
            root,
            verified: Cache::new(VERIFIED_FILES),
        })
    }

    /// The file of a document's `source` (a path relative to the corpus), if it is still there.
    pub fn locate(&self, source: &str) -> Option<PathBuf> {
        let path = self.root.join(source).canonicalize().ok()?;
        (path.starts_with(&self.root) && path.is_file()).then_some(path)
    }

    /// Opens the file of `source`, checking that it still holds the content `doc_id` was made of:
    /// a file over the indexer's size limit is refused unread, and one seen before with the same
    /// size and modification time is not hashed again. `encoding` is what the indexer read the
    /// file's text in, and labels the text it serves.
    pub fn read(
        &self,
        source: &str,
        doc_id: &str,
        encoding: Option<&str>,
    ) -> Result<Original, OriginalError> {
        let path = self.locate(source).ok_or(OriginalError::Missing)?;
        let mut file = File::open(&path).map_err(|_| OriginalError::Missing)?;
        let metadata = file.metadata().map_err(|_| OriginalError::Missing)?;
        if !metadata.is_file() {
            return Err(OriginalError::Missing);
        }
        if metadata.len() > MAX_SOURCE_BYTES {
            return Err(OriginalError::TooLarge);
        }
        let key = FileKey {
            path: path.clone(),
            len: metadata.len(),
            modified: metadata.modified().ok(),
        };
        if self.verified.get(&key).as_deref() != Some(doc_id) {
            let id = content_id_of_reader(&file).map_err(|_| OriginalError::Missing)?;
            if id != doc_id {
                return Err(OriginalError::Changed);
            }
            self.verified.insert(key, id);
            file.seek(SeekFrom::Start(0))
                .map_err(|_| OriginalError::Missing)?;
        }
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Original {
            name,
            charset: encoding.and_then(charset_label),
            file,
            len: metadata.len(),
        })
    }
}

/// An encoding's name as a `charset` parameter (`utf-8`, `windows-1252`); none for a name that
/// is not one.
fn charset_label(encoding: &str) -> Option<String> {
    let is_label = !encoding.is_empty()
        && encoding
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'));
    is_label.then(|| encoding.to_ascii_lowercase())
}

/// An original file, opened and checked, streamed when it becomes a response.
#[derive(Debug)]
pub struct Original {
    name: String,
    /// The encoding its text was read in, as a `charset` label; none for a PDF or when unknown.
    charset: Option<String>,
    file: File,
    len: u64,
}

impl IntoResponse for Original {
    /// PDFs go to the browser's viewer; HTML pages are shown in a sandbox (no scripts, no access to
    /// this site); anything else is plain text. Text is labelled with the encoding it was indexed
    /// in, so the browser reads it as the indexer did rather than guessing.
    fn into_response(self) -> Response {
        let extension = Path::new(&self.name)
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        let (media_type, policy) = match extension.as_deref() {
            // The browser's own viewer shows a PDF: nothing in it runs with this site's rights.
            Some("pdf") => ("application/pdf", "frame-ancestors 'none'"),
            Some("html" | "htm" | "xhtml") => (
                "text/html",
                "sandbox; default-src 'none'; style-src 'unsafe-inline'",
            ),
            _ => ("text/plain", "sandbox; default-src 'none'"),
        };
        let content_type = match (&self.charset, media_type.starts_with("text/")) {
            (Some(charset), true) => format!("{media_type}; charset={charset}"),
            _ => media_type.to_string(),
        };
        let content_type = HeaderValue::from_str(&content_type)
            .unwrap_or_else(|_| HeaderValue::from_static(media_type));
        let ascii_name: String = self
            .name
            .chars()
            .map(|c| {
                if c.is_ascii_graphic() && c != '"' && c != '\\' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let disposition = HeaderValue::from_str(&format!("inline; filename=\"{ascii_name}\""))
            .unwrap_or_else(|_| HeaderValue::from_static("inline"));
        (
            [
                (header::CONTENT_TYPE, content_type),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(policy),
                ),
                (header::CONTENT_DISPOSITION, disposition),
                (header::CONTENT_LENGTH, HeaderValue::from(self.len)),
            ],
            Body::from_stream(ReaderStream::new(tokio::fs::File::from_std(self.file))),
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use oversight_schema::model::content_id;

    use super::*;

    #[test]
    fn only_unchanged_files_inside_the_corpus_are_served() {
        let dir = tempfile::tempdir().expect("temp dir");
        let corpus = dir.path().join("corpus");
        std::fs::create_dir(&corpus).expect("corpus");
        std::fs::write(corpus.join("pack.pdf"), b"%PDF-1.4 pack").expect("write");
        std::fs::write(dir.path().join("secret.txt"), b"secret").expect("write");
        let originals = Originals::open(&corpus).expect("a folder");
        let pack_id = content_id(b"%PDF-1.4 pack");

        let mut original = originals.read("pack.pdf", &pack_id, None).expect("served");
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut original.file, &mut bytes).expect("read");
        assert_eq!(bytes, b"%PDF-1.4 pack");
        assert_eq!(original.len, 13);
        // Checked once, served again without hashing, and checked again once it changes.
        let again = originals
            .read("pack.pdf", &pack_id, None)
            .expect("served again");
        assert_eq!(again.len, 13);
        std::fs::write(corpus.join("pack.pdf"), b"%PDF-1.4 changed").expect("write");
        assert!(matches!(
            originals.read("pack.pdf", &pack_id, None),
            Err(OriginalError::Changed)
        ));
        std::fs::write(corpus.join("pack.pdf"), b"%PDF-1.4 pack").expect("write");
        assert!(matches!(
            originals.read("pack.pdf", "0000000000000000", None),
            Err(OriginalError::Changed)
        ));
        assert!(matches!(
            originals.read("../secret.txt", &content_id(b"secret"), Some("UTF-8")),
            Err(OriginalError::Missing)
        ));
        assert!(originals.locate("/etc/passwd").is_none());
        assert!(originals.locate("missing.pdf").is_none());
        assert!(Originals::open(&dir.path().join("nowhere")).is_none());
    }

    #[test]
    fn text_is_labelled_with_the_encoding_it_was_read_in() {
        let dir = tempfile::tempdir().expect("temp dir");
        let files: [(&str, &[u8], Option<&str>, &str); 4] = [
            (
                "notes.txt",
                b"\xe2\x80\x9cquoted\xe2\x80\x9d",
                Some("UTF-8"),
                "text/plain; charset=utf-8",
            ),
            (
                "legacy.txt",
                b"\x93quoted\x94",
                Some("windows-1252"),
                "text/plain; charset=windows-1252",
            ),
            (
                "page.html",
                b"<p>page</p>",
                Some("UTF-8"),
                "text/html; charset=utf-8",
            ),
            (
                "old-index.txt",
                b"read before encodings were recorded",
                None,
                "text/plain",
            ),
        ];
        for (name, bytes, _, _) in files {
            std::fs::write(dir.path().join(name), bytes).expect("write");
        }
        let originals = Originals::open(dir.path()).expect("a folder");
        for (name, bytes, encoding, expected) in files {
            let original = originals
                .read(name, &content_id(bytes), encoding)
                .expect("served");
            let response = original.into_response();
            let content_type = response.headers().get(header::CONTENT_TYPE);
            assert_eq!(
                content_type.and_then(|value| value.to_str().ok()),
                Some(expected),
                "{name}"
            );
        }
        assert_eq!(charset_label("UTF-8\r\nX-Injected: 1"), None);
    }

    #[test]
    fn a_file_over_the_indexers_limit_is_refused_unread() {
        let dir = tempfile::tempdir().expect("temp dir");
        let huge = File::create(dir.path().join("huge.pdf")).expect("create");
        // Sparse: no disk space, and nothing is read when the size alone refuses it.
        huge.set_len(MAX_SOURCE_BYTES + 1).expect("grow");
        let originals = Originals::open(dir.path()).expect("a folder");
        let refused = originals.read("huge.pdf", "0000000000000000", None);
        assert!(
            matches!(refused, Err(OriginalError::TooLarge)),
            "{refused:?}"
        );
    }
}
