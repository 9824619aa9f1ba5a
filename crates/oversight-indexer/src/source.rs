//! Reading one corpus file: size limits, binary detection and text decoding (PDFs through
//! [`crate::extract::pdf`]).

use std::io::Read;
use std::path::Path;

use crate::extract::html;
use crate::extract::pdf::{self, PdfError};

/// Files larger than this are skipped rather than read into memory (the server refuses to serve
/// originals above the same bound).
pub const MAX_FILE_BYTES: u64 = oversight_schema::model::MAX_SOURCE_BYTES;

/// How many leading bytes are inspected to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// How far into a `.pdf` file its signature may start.
const PDF_SIGNATURE_BYTES: usize = 1024;

/// The formats Oversight reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, including text converted from PDF.
    Text,
    /// Markdown-like text: `#` headings, `**bold**`, inline HTML tags.
    Markdown,
    /// An HTML page, converted to Markdown-like text.
    Html,
    /// A PDF, converted to text page by page (pages separated by form feeds).
    Pdf,
}

/// A file's text, decoded, with how it was decoded.
#[derive(Debug, Clone)]
pub struct SourceText {
    /// The decoded text.
    pub text: String,
    /// The format it is read as.
    pub format: Format,
    /// The encoding it was decoded from when it was not UTF-8.
    pub fallback_encoding: Option<&'static str>,
}

impl SourceText {
    /// The encoding the text was read in: `UTF-8` unless a legacy one was declared or guessed;
    /// none for a PDF, whose text is not in any one encoding.
    pub fn encoding(&self) -> Option<&'static str> {
        match self.format {
            Format::Pdf => None,
            _ => Some(self.fallback_encoding.unwrap_or("UTF-8")),
        }
    }
}

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The file could not be read.
    Unreadable(String),
    /// The path is a device, a pipe or another thing that is not a regular file.
    NotAFile,
    /// The file has no text at all.
    Empty,
    /// The file holds binary data rather than text.
    Binary,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// The file is HTML that could not be parsed.
    BrokenHtml(String),
    /// The file is a PDF that gives no text: encrypted, scanned or damaged.
    Pdf(PdfError),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Unreadable(error) => write!(formatter, "cannot be read: {error}"),
            SkipReason::NotAFile => formatter.write_str("not a regular file (a device or a pipe)"),
            SkipReason::Empty => formatter.write_str("empty: no text to index"),
            SkipReason::Binary => formatter.write_str("binary data, not text"),
            SkipReason::TooLarge(bytes) => write!(
                formatter,
                "too large ({} MiB; the limit is {} MiB)",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            SkipReason::BrokenHtml(error) => write!(formatter, "unreadable HTML: {error}"),
            SkipReason::Pdf(error) => write!(formatter, "{error}"),
        }
    }
}

/// Reads `path` and decodes it into text, or says why it cannot be indexed.
pub(crate) fn read_source(path: &Path) -> Result<(Vec<u8>, SourceText), SkipReason> {
    let bytes = read_bytes(path)?;
    let text = decode(path, &bytes)?;
    Ok((bytes, text))
}

/// Reads the bytes of `path`, unless it is not a regular file or too large to index. The limit
/// holds while reading too, for files whose stated size is not what they hold (`/proc` files,
/// devices, files growing meanwhile).
pub(crate) fn read_bytes(path: &Path) -> Result<Vec<u8>, SkipReason> {
    let unreadable = |error: std::io::Error| SkipReason::Unreadable(error.to_string());
    let metadata = std::fs::metadata(path).map_err(unreadable)?;
    if !metadata.is_file() {
        return Err(SkipReason::NotAFile);
    }
    if metadata.len() > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(metadata.len()));
    }
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(bytes.len() as u64));
    }
    Ok(bytes)
}

/// The format a file extension (lowercase, without the dot) announces, if any.
pub(crate) fn format_of_extension(extension: Option<&str>) -> Option<Format> {
    match extension? {
        "pdf" => Some(Format::Pdf),
        "html" | "htm" | "xhtml" => Some(Format::Html),
        "md" | "markdown" => Some(Format::Markdown),
        "txt" | "text" => Some(Format::Text),
        _ => None,
    }
}

/// Decodes the bytes of a file named `path` into text.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceText, SkipReason> {
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    if looks_like_pdf(bytes, extension.as_deref()) {
        let text = pdf::pdf_to_text(bytes).map_err(SkipReason::Pdf)?;
        return Ok(SourceText {
            text,
            format: Format::Pdf,
            fallback_encoding: None,
        });
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    let announced = format_of_extension(extension.as_deref());
    let is_html = announced == Some(Format::Html) || looks_like_html(bytes);
    let declared = if is_html {
        html::declared_charset(bytes)
    } else {
        None
    };
    let (text, fallback_encoding) = match (declared, std::str::from_utf8(bytes)) {
        (Some(encoding), _) if encoding != encoding_rs::UTF_8 => {
            let (text, _) = encoding.decode_without_bom_handling(bytes);
            (text.into_owned(), Some(encoding.name()))
        }
        (_, Ok(text)) => (text.trim_start_matches('\u{feff}').to_string(), None),
        (_, Err(_)) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Some("windows-1252"))
        }
    };
    let is_markdown = announced == Some(Format::Markdown)
        || text
            .lines()
            .any(|line| line.starts_with("# ") || line.starts_with("## "));
    let (text, format) = if is_html {
        let converted =
            html::html_to_text(&text).map_err(|error| SkipReason::BrokenHtml(error.0))?;
        (converted, Format::Html)
    } else if is_markdown {
        (text, Format::Markdown)
    } else {
        (text, Format::Text)
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    Ok(SourceText {
        text,
        format,
        fallback_encoding,
    })
}

/// A file that starts with the PDF signature, or a `.pdf` file with the signature within its
/// first KiB (readers allow a little junk before it).
fn looks_like_pdf(bytes: &[u8], extension: Option<&str>) -> bool {
    const SIGNATURE: &[u8] = b"%PDF-";
    bytes.starts_with(SIGNATURE)
        || (extension == Some("pdf")
            && bytes[..bytes.len().min(PDF_SIGNATURE_BYTES)]
                .windows(SIGNATURE.len())
                .any(|window| window == SIGNATURE))
}

/// A page that starts (after white space and a byte order mark) with a doctype or `<html`.
fn looks_like_html(bytes: &[u8]) -> bool {
    let start: Vec<u8> = bytes
        .iter()
        .skip_while(|byte| byte.is_ascii_whitespace() || [0xef, 0xbb, 0xbf].contains(*byte))
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    start.starts_with(b"<!doctype html") || start.starts_with(b"<html")
}

/// Binary data has NUL bytes or many control characters near the start.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(SNIFF_BYTES)];
    if head.contains(&0) {
        return true;
    }
    let control = head
        .iter()
        .filter(|byte| byte.is_ascii_control() && !matches!(byte, b'\n' | b'\r' | b'\t' | b'\x0c'))
        .count();
    control * 20 > head.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_named(name: &str, bytes: &[u8]) -> Result<SourceText, SkipReason> {
        decode(Path::new(name), bytes)
    }

    #[test]
    fn devices_and_pipes_are_not_read() {
        assert_eq!(
            read_bytes(Path::new("/dev/zero")),
            Err(SkipReason::NotAFile)
        );
        assert_eq!(
            read_bytes(Path::new("/proc/self")),
            Err(SkipReason::NotAFile)
        );
    }

    #[test]
    fn nul_bytes_mean_binary() {
        let result = decode_named("a.txt", b"abc\0def");
        assert_eq!(result.err(), Some(SkipReason::Binary));
    }

    #[test]
    fn whitespace_only_is_empty() {
        let result = decode_named("a.txt", b" \n\t\n");
        assert_eq!(result.err(), Some(SkipReason::Empty));
    }

    #[test]
    fn invalid_utf8_is_read_as_windows_1252() {
        let source = decode_named("a.txt", b"Caf\xe9 \x96 budget").expect("decodes");
        assert_eq!(source.text, "Café – budget");
        assert_eq!(source.fallback_encoding, Some("windows-1252"));
        assert_eq!(source.encoding(), Some("windows-1252"));
    }

    #[test]
    fn markdown_headings_select_markdown() {
        let source = decode_named("x.txt", b"## Panel\n\nText").expect("decodes");
        assert_eq!(source.format, Format::Markdown);
        assert_eq!(source.encoding(), Some("UTF-8"));
    }

    #[test]
    fn a_pdf_is_read_page_by_page() {
        let bytes = include_bytes!("../../../tests/fixtures/pdf/agenda-pack.pdf");
        let source = decode_named("pack.pdf", bytes).expect("decodes");
        assert_eq!(source.format, Format::Pdf);
        assert_eq!(source.fallback_encoding, None);
        assert_eq!(source.encoding(), None);
        assert_eq!(source.text.matches(crate::extract::PAGE_BREAK).count(), 4);
    }

    #[test]
    fn pdfs_without_text_say_why() {
        let cases: [(&str, &[u8], &str); 4] = [
            (
                "scanned.pdf",
                include_bytes!("../../../tests/fixtures/pdf/scanned.pdf"),
                "scanned PDF with no text layer: needs OCR",
            ),
            (
                "encrypted.pdf",
                include_bytes!("../../../tests/fixtures/pdf/encrypted.pdf"),
                "encrypted PDF: cannot be read without its password",
            ),
            (
                "truncated.pdf",
                include_bytes!("../../../tests/fixtures/pdf/truncated.pdf"),
                "unreadable PDF: ",
            ),
            ("stub.pdf", b"%PDF-1.7\n...", "unreadable PDF: "),
        ];
        for (name, bytes, reason) in cases {
            let message = decode_named(name, bytes)
                .err()
                .map(|reason| reason.to_string())
                .unwrap_or_default();
            assert!(message.starts_with(reason), "{name}: {message:?}");
        }
    }

    #[test]
    fn a_pdf_signature_after_junk_counts_in_pdf_files_only() {
        let mut bytes = b"\r\n\r\n".to_vec();
        bytes.extend_from_slice(include_bytes!(
            "../../../tests/fixtures/pdf/agenda-pack.pdf"
        ));
        let read_as_pdf = matches!(
            decode_named("pack.pdf", &bytes),
            Ok(SourceText {
                format: Format::Pdf,
                ..
            }) | Err(SkipReason::Pdf(_))
        );
        assert!(read_as_pdf);
        let source = decode_named("notes.txt", b"Notes on the %PDF-1.7 format.").expect("text");
        assert_eq!(source.format, Format::Text);
    }

    #[test]
    fn html_pages_are_converted_with_their_declared_encoding() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body><h2>Police \x96 Panel</h2><p>Caf\xe9 &amp; budget</p></body></html>";
        let source = decode_named("page.htm", page).expect("decodes");
        assert_eq!(source.format, Format::Html);
        assert_eq!(source.fallback_encoding, Some("windows-1252"));
        assert_eq!(source.encoding(), Some("windows-1252"));
        assert_eq!(source.text, "## Police – Panel\n\nCafé & budget");
    }

    #[test]
    fn html_is_recognised_without_an_extension() {
        let source = decode_named("download", b"  <!DOCTYPE html><p>Minutes</p>").expect("decodes");
        assert_eq!(source.format, Format::Html);
        assert_eq!(source.text, "Minutes");
    }

    #[test]
    fn an_html_page_without_text_is_empty() {
        let result = decode_named("a.html", b"<html><script>x()</script></html>");
        assert_eq!(result.err(), Some(SkipReason::Empty));
    }

    #[test]
    fn byte_order_mark_is_dropped() {
        let source = decode_named("a.txt", "\u{feff}Agenda".as_bytes()).expect("decodes");
        assert_eq!(source.text, "Agenda");
    }
}
