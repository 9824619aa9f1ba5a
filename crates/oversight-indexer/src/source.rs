//! Reading one corpus file: size limits, binary detection and text decoding.

use std::path::Path;

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
    let (text, fallback_encoding) = match std::str::from_utf8(bytes) {
        Ok(text) => (text.trim_start_matches('\u{feff}').to_string(), None),
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            (text.into_owned(), Some("windows-1252"))
        }
    };
    if text.trim().is_empty() {
        return Err(SkipReason::Empty);
    }
    let extension = path
        .extension()
        .and_then(|extension| extension.to_str())
        .map(str::to_ascii_lowercase);
    let format = match extension.as_deref() {
        Some("md" | "markdown") => Format::Markdown,
        Some("html" | "htm" | "xhtml") => {
            return Err(SkipReason::UnsupportedFormat("HTML".to_string()));
        }
        _ if text
            .lines()
            .any(|line| line.starts_with("# ") || line.starts_with("## ")) =>
        {
            Format::Markdown
        }
        _ => Format::Text,
    };
    Ok(SourceText {
        text,
        format,
        fallback_encoding,
    })
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
    fn byte_order_mark_is_dropped() {
        let source = decode_named("a.txt", "\u{feff}Agenda".as_bytes()).expect("decodes");
        assert_eq!(source.text, "Agenda");
    }
}
