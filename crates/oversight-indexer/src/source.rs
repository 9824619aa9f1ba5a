//! Reading one corpus file: size limits, binary detection and text decoding.

use std::path::Path;

use crate::extract::html;

/// Files larger than this are skipped rather than read into memory.
pub const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

/// How many leading bytes are inspected to tell text from binary.
const SNIFF_BYTES: usize = 8192;

/// The formats Oversight reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, including text converted from PDF.
    Text,
    /// Markdown-like text: `#` headings, `**bold**`, inline HTML tags.
    Markdown,
    /// An HTML page, converted to Markdown-like text.
    Html,
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

/// Why a file was not indexed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SkipReason {
    /// The file could not be read.
    Unreadable(String),
    /// The file has no text at all.
    Empty,
    /// The file holds binary data rather than text.
    Binary,
    /// The file is larger than [`MAX_FILE_BYTES`].
    TooLarge(u64),
    /// The file is in a format this build does not read.
    UnsupportedFormat(String),
    /// The file is HTML that could not be parsed.
    BrokenHtml(String),
}

impl std::fmt::Display for SkipReason {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SkipReason::Unreadable(error) => write!(formatter, "cannot be read: {error}"),
            SkipReason::Empty => formatter.write_str("empty: no text to index"),
            SkipReason::Binary => formatter.write_str("binary data, not text"),
            SkipReason::TooLarge(bytes) => write!(
                formatter,
                "too large ({} MiB; the limit is {} MiB)",
                bytes / (1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
            SkipReason::UnsupportedFormat(kind) => {
                write!(formatter, "{kind} files are not supported yet")
            }
            SkipReason::BrokenHtml(error) => write!(formatter, "unreadable HTML: {error}"),
        }
    }
}

/// Reads `path` and decodes it into text, or says why it cannot be indexed.
pub fn read_source(path: &Path) -> Result<(Vec<u8>, SourceText), SkipReason> {
    let size = std::fs::metadata(path)
        .map_err(|error| SkipReason::Unreadable(error.to_string()))?
        .len();
    if size > MAX_FILE_BYTES {
        return Err(SkipReason::TooLarge(size));
    }
    let bytes = std::fs::read(path).map_err(|error| SkipReason::Unreadable(error.to_string()))?;
    let text = decode(path, &bytes)?;
    Ok((bytes, text))
}

/// Decodes the bytes of a file named `path` into text.
pub fn decode(path: &Path, bytes: &[u8]) -> Result<SourceText, SkipReason> {
    if bytes.starts_with(b"%PDF-") {
        return Err(SkipReason::UnsupportedFormat("PDF".to_string()));
    }
    if looks_binary(bytes) {
        return Err(SkipReason::Binary);
    }
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    let is_html =
        matches!(extension.as_deref(), Some("html" | "htm" | "xhtml")) || looks_like_html(bytes);
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
    let is_markdown = matches!(extension.as_deref(), Some("md" | "markdown"))
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
    }

    #[test]
    fn markdown_headings_select_markdown() {
        let source = decode_named("x.txt", b"## Panel\n\nText").expect("decodes");
        assert_eq!(source.format, Format::Markdown);
    }

    #[test]
    fn pdf_is_reported_as_unsupported() {
        let result = decode_named("a.pdf", b"%PDF-1.7\n...");
        assert_eq!(
            result.err().map(|reason| reason.to_string()).as_deref(),
            Some("PDF files are not supported yet")
        );
    }

    #[test]
    fn html_pages_are_converted_with_their_declared_encoding() {
        let page = b"<html><head><meta charset=\"windows-1252\"></head><body><h2>Police \x96 Panel</h2><p>Caf\xe9 &amp; budget</p></body></html>";
        let source = decode_named("page.htm", page).expect("decodes");
        assert_eq!(source.format, Format::Html);
        assert_eq!(source.fallback_encoding, Some("windows-1252"));
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
