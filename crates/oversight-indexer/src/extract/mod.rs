//! Extraction: from decoded text to a sequence of structural blocks (headings, agenda-item markers,
//! paragraphs), the common form that splitting and enrichment work on.
//!
//! The seed documents are PDFs and web pages converted to Markdown-ish text, so the extractor reads
//! Markdown headings and emphasis, inline HTML tags, tab-separated tables, numbered agenda items and
//! the stray `Item 6` lines that PDF page headers leave in meeting packs. PDFs are read by
//! [`pdf`], page by page: a form feed ([`PAGE_BREAK`]) between pages becomes a
//! [`Block::PageBreak`].

pub mod html;
mod inline;
mod lines;
pub mod pdf;
mod pdf_cmap;
mod pdf_layout;
mod pdf_quotes;
mod pdf_repair;

pub use lines::{Block, Heading, Numbering};

/// The character between the text of two pages (an ASCII form feed, as `pdftotext` writes).
pub const PAGE_BREAK: char = '\x0c';

/// Parses text into blocks. Paragraph lines are kept one per line, as they came.
pub fn parse_blocks(text: &str) -> Vec<Block> {
    lines::parse(text)
}

/// The first `count` non-empty lines of `text`, cleaned of markup: the document's cover.
pub fn cover_lines(text: &str, count: usize) -> Vec<String> {
    text.lines()
        .map(clean_line)
        .filter(|line| !line.is_empty())
        .take(count)
        .collect()
}

/// One line cleaned of Markdown and inline HTML.
pub fn clean_line(line: &str) -> String {
    inline::clean(line).text
}
