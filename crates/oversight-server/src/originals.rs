//! The original files of the corpus, served as they were downloaded so that the document view can
//! open a PDF at a passage's page (`#page=N`). Only a file that an indexed document names as its
//! source, inside the corpus folder, with the content that was indexed, is ever served.

use std::path::{Path, PathBuf};

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use oversight_schema::model::content_id;

/// The corpus folder whose files are served.
#[derive(Debug, Clone)]
pub struct Originals {
    root: PathBuf,
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
}

impl Originals {
    /// Serves the files under `corpus`; `None` when it is not a readable folder.
    pub fn open(corpus: &Path) -> Option<Originals> {
        let root = corpus.canonicalize().ok()?;
        root.is_dir().then_some(Originals { root })
    }

    /// The file of a document's `source` (a path relative to the corpus), if it is still there.
    pub fn locate(&self, source: &str) -> Option<PathBuf> {
        let path = self.root.join(source).canonicalize().ok()?;
        (path.starts_with(&self.root) && path.is_file()).then_some(path)
    }

    /// Reads the file of `source`, checking that it still holds the content `doc_id` was made of.
    pub fn read(&self, source: &str, doc_id: &str) -> Result<Original, OriginalError> {
        let path = self.locate(source).ok_or(OriginalError::Missing)?;
        let bytes = std::fs::read(&path).map_err(|_| OriginalError::Missing)?;
        if content_id(&bytes) != doc_id {
            return Err(OriginalError::Changed);
        }
        let name = path
            .file_name()
            .map(|name| name.to_string_lossy().into_owned())
            .unwrap_or_default();
        Ok(Original { name, bytes })
    }
}

/// An original file, read.
#[derive(Debug)]
pub struct Original {
    name: String,
    bytes: Vec<u8>,
}

impl IntoResponse for Original {
    /// PDFs go to the browser's viewer; HTML pages are shown in a sandbox (no scripts, no access to
    /// this site); anything else is plain text.
    fn into_response(self) -> Response {
        let extension = Path::new(&self.name)
            .extension()
            .map(|extension| extension.to_string_lossy().to_ascii_lowercase());
        let (content_type, policy) = match extension.as_deref() {
            // The browser's own viewer shows a PDF: nothing in it runs with this site's rights.
            Some("pdf") => ("application/pdf", "frame-ancestors 'none'"),
            Some("html" | "htm" | "xhtml") => (
                "text/html",
                "sandbox; default-src 'none'; style-src 'unsafe-inline'",
            ),
            _ => ("text/plain", "sandbox; default-src 'none'"),
        };
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
                (header::CONTENT_TYPE, HeaderValue::from_static(content_type)),
                (
                    header::CONTENT_SECURITY_POLICY,
                    HeaderValue::from_static(policy),
                ),
                (header::CONTENT_DISPOSITION, disposition),
            ],
            self.bytes,
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
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

        let original = originals.read("pack.pdf", &pack_id).expect("served");
        assert_eq!(original.bytes, b"%PDF-1.4 pack");
        assert!(matches!(
            originals.read("pack.pdf", "0000000000000000"),
            Err(OriginalError::Changed)
        ));
        assert!(matches!(
            originals.read("../secret.txt", &content_id(b"secret")),
            Err(OriginalError::Missing)
        ));
        assert!(originals.locate("/etc/passwd").is_none());
        assert!(originals.locate("missing.pdf").is_none());
        assert!(Originals::open(&dir.path().join("nowhere")).is_none());
    }
}
