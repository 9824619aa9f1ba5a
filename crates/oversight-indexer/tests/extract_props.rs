//! Property tests of the extractors, on arbitrary bytes and strings: decoding a file of any
//! name, HTML conversion, charset sniffing, line cleaning and block parsing, splitting into
//! passages, date finding and the whole per-document analysis never panic, and what they return
//! keeps its basic promises.
//!
//! `PROPTEST_CASES=100000 cargo test -p oversight-indexer --test extract_props` runs a long fuzz.

use std::path::Path;
use std::sync::LazyLock;

use oversight_indexer::analyze::analyze;
use oversight_indexer::enrich::{Enricher, date};
use oversight_indexer::extract::{self, html};
use oversight_indexer::{source, split};
use oversight_schema::vocab::Vocabulary;
use proptest::prelude::*;

static ENRICHER: LazyLock<Enricher> =
    LazyLock::new(|| Enricher::new(&Vocabulary::bundled().expect("the bundled vocabularies load")));

/// Text shaped like governance documents: headings, numbered items, dates, tables, markup,
/// page breaks, odd whitespace and odd characters.
fn document_like() -> impl Strategy<Value = String> {
    let line = prop_oneof![
        "[A-Za-z ,.]{0,60}",
        "[0-9]{1,2}(\\.[0-9]{1,2}){0,3}\\.? [A-Z][a-z ]{0,30}",
        "Item [0-9]{1,3}",
        "#{1,7} [A-Za-z ]{0,30}",
        "[0-9]{1,2}(st|nd|rd|th)? (January|June|Sept|September|December) (19|20)[0-9]{2}",
        "[0-9]{1,2}/[0-9]{1,2}/[0-9]{2,4}",
        "(19|20)[0-9]{2}/[0-9]{2}",
        "\\| [a-z0-9 ]{0,10} \\| [a-z0-9 ]{0,10} \\|",
        "\\*\\*[A-Za-z ]{0,20}\\*\\*",
        "<(sup|u|b|script|p)>[a-z ]{0,10}(</(sup|u|b|script|p)>)?",
        "[0-9]{1,2}/[0-9]{2} [A-Z ]{0,30}",
        Just("\u{c}".to_string()),
        Just("\r".to_string()),
        "\\PC{0,40}",
    ];
    proptest::collection::vec(line, 0..40).prop_map(|lines| lines.join("\n"))
}

fn html_like() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "<(div|p|h1|h2|li|tr|td|table|nav|header|footer|script|style|form|span)( class=\"[a-z ]{0,8}\")?>",
        "</(div|p|h1|h2|li|tr|td|table|nav|header|footer|script|style|form|span)>",
        "[A-Za-z ,.0-9]{0,30}",
        "&(amp|lt|gt|nbsp|quot|#[0-9]{1,8}|#x[0-9a-fA-F]{1,8}|[a-z]{1,6});?",
        "<meta charset=\"[a-z0-9-]{0,12}\">",
        "<!--[a-z ]{0,10}(-->)?",
        "<!DOCTYPE html>",
        "\\PC{0,20}",
    ];
    proptest::collection::vec(piece, 0..60).prop_map(|pieces| pieces.concat())
}

fn checks_on_text(text: &str) -> Result<(), TestCaseError> {
    let blocks = extract::parse_blocks(text);
    let passages = split::split(&blocks);
    for (index, passage) in passages.iter().enumerate() {
        prop_assert_eq!(
            passage.ordinal as usize,
            index,
            "ordinals count from 0 in order"
        );
    }
    let cover = extract::cover_lines(text, 12);
    prop_assert!(cover.len() <= 12);
    for line in text.lines().take(50) {
        let cleaned = extract::clean_line(line);
        prop_assert!(!cleaned.contains('\n'));
        let _ = date::is_date_line(line);
    }
    if let Some(found) = date::document_date(text, "") {
        let year = found.date.year;
        prop_assert!(
            (1000..=9999).contains(&year),
            "year {} from {:?}",
            year,
            text
        );
    }
    let analyzed = analyze(
        &ENRICHER,
        "0123456789abcdef",
        &["file.txt".to_string()],
        text,
    );
    prop_assert_eq!(analyzed.meta.doc_id.as_str(), "0123456789abcdef");
    Ok(())
}

proptest! {
    #[test]
    fn decoding_any_bytes_under_any_name_never_panics(
        bytes in proptest::collection::vec(any::<u8>(), 0..2048),
        name in proptest::sample::select(vec!["a.txt", "a.md", "a.html", "a.htm", "a.pdf", "a", "a.TXT"]),
    ) {
        if let Ok(decoded) = source::decode(Path::new(name), &bytes) {
            prop_assert!(!decoded.text.trim().is_empty(), "decoded to no text instead of a skip");
        }
    }

    #[test]
    fn decoding_damaged_pdfs_never_panics(tail in proptest::collection::vec(any::<u8>(), 0..4096)) {
        let mut bytes = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n".to_vec();
        bytes.extend_from_slice(&tail);
        let _ = source::decode(Path::new("damaged.pdf"), &bytes);
    }

    #[test]
    fn html_conversion_never_panics(page in html_like()) {
        let _ = html::declared_charset(page.as_bytes());
        if let Ok(text) = html::html_to_text(&page) {
            checks_on_text(&text)?;
        }
        let _ = source::decode(Path::new("page.html"), page.as_bytes());
    }

    #[test]
    fn arbitrary_strings_go_through_the_pipeline(text in any::<String>()) {
        checks_on_text(&text)?;
        let _ = html::html_to_text(&text);
    }

    #[test]
    fn document_like_text_goes_through_the_pipeline(text in document_like()) {
        checks_on_text(&text)?;
    }

    #[test]
    fn charset_sniffing_takes_any_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        let _ = html::declared_charset(&bytes);
    }

    #[test]
    fn date_finding_takes_any_title(text in "\\PC{0,200}", title in "\\PC{0,80}") {
        let _ = date::document_date(&text, &title);
        let _ = date::document_date("", &title);
    }
}
