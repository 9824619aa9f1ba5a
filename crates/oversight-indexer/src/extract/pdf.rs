//! PDF text extraction: the text of each page in reading order, pages separated by form feeds,
//! with the headers and footers that repeat on every page taken out.
//!
//! `pdf_extract` (on `lopdf`) parses the file, decodes fonts and runs each page's content
//! stream; [`super::pdf_repair`] first mends the font widths and text operators it would
//! misread, and [`super::pdf_layout`] rebuilds lines, columns and table rows from the glyph
//! positions. `pdf_extract` is known to panic on malformed files (missing fonts, media boxes or
//! contents), so every call into it runs under [`std::panic::catch_unwind`]: a panic makes the
//! file unreadable, or only its page empty when other pages read.

use std::collections::{BTreeMap, BTreeSet};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::LazyLock;

use pdf_extract::Document;
use pdf_extract::encryption::DecryptionError;
use regex::Regex;

use super::PAGE_BREAK;
use super::lines::is_item_marker;
use super::pdf_layout::PageGlyphs;
use super::pdf_repair;

/// How many lines at the top and at the bottom of a page may be a running header or footer.
const RUNNING_LINES: usize = 3;
/// A line is a running header or footer when it stands there on at least this share of pages ...
const RUNNING_MIN_SHARE: f64 = 0.6;
/// ... and on at least this many.
const RUNNING_MIN_PAGES: usize = 3;

static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\d+").expect("valid regex"));
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").expect("valid regex"));

/// Why a PDF gives no text.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PdfError {
    /// The file is encrypted with a user password (one that is needed to open it).
    #[error("encrypted PDF: cannot be read without its password")]
    Encrypted,
    /// No page has any text: the file holds images of pages.
    #[error("scanned PDF with no text layer: needs OCR")]
    NoTextLayer,
    /// The file is damaged or not a PDF the parser understands.
    #[error("unreadable PDF: {0}")]
    Unreadable(String),
}

/// The text of a PDF: its pages in order, separated by [`PAGE_BREAK`] on a line of its own (so
/// page 1 is the text before the first form feed), without running headers and footers. A page
/// without text, or one that cannot be read, is empty.
pub fn pdf_to_text(bytes: &[u8]) -> Result<String, PdfError> {
    let pages = remove_running_lines(read_pages(bytes)?);
    if pages.iter().all(|page| page.trim().is_empty()) {
        return Err(PdfError::NoTextLayer);
    }
    Ok(pages.join(&format!("\n{PAGE_BREAK}\n")))
}

/// Loads the document and extracts every page's text.
fn read_pages(bytes: &[u8]) -> Result<Vec<String>, PdfError> {
    let document = guarded(|| load(bytes))?;
    let page_numbers: Vec<u32> = guarded(|| Ok(document.get_pages().into_keys().collect()))?;
    if page_numbers.is_empty() {
        return Err(PdfError::Unreadable("no pages".to_string()));
    }
    let mut pages = Vec::with_capacity(page_numbers.len());
    let mut first_failure = None;
    for number in &page_numbers {
        match guarded(|| page_text(&document, *number)) {
            Ok(text) => pages.push(text),
            Err(error) => {
                tracing::warn!(page = number, %error, "a PDF page could not be read");
                first_failure.get_or_insert(error);
                pages.push(String::new());
            }
        }
    }
    match first_failure {
        Some(error) if pages.iter().all(String::is_empty) => Err(error),
        _ => Ok(pages),
    }
}

fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    let mut document = Document::load_mem(bytes).map_err(unreadable)?;
    if document.is_encrypted() {
        // Most "protected" council papers restrict printing or copying only, with an empty
        // user password; those open like any other file.
        document.decrypt("").map_err(|error| match error {
            pdf_extract::Error::Decryption(DecryptionError::IncorrectPassword) => {
                PdfError::Encrypted
            }
            other => unreadable(other),
        })?;
    }
    pdf_repair::repair(&mut document);
    Ok(document)
}

fn page_text(document: &Document, number: u32) -> Result<String, PdfError> {
    let mut glyphs = PageGlyphs::default();
    pdf_extract::output_doc_page(document, &mut glyphs, number).map_err(unreadable)?;
    Ok(glyphs.into_text())
}

fn unreadable(error: impl std::fmt::Display) -> PdfError {
    PdfError::Unreadable(error.to_string())
}

/// Runs `work`, turning a panic into [`PdfError::Unreadable`].
fn guarded<T>(work: impl FnOnce() -> Result<T, PdfError>) -> Result<T, PdfError> {
    catch_unwind(AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|message| (*message).to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "the parser failed".to_string());
        Err(PdfError::Unreadable(format!("parser panicked: {message}")))
    })
}

/// The lines of a page that may be a header or footer: indices of its first and last
/// [`RUNNING_LINES`] non-blank lines.
fn edge_lines(lines: &[&str]) -> Vec<usize> {
    let filled: Vec<usize> = (0..lines.len())
        .filter(|index| !lines[*index].trim().is_empty())
        .collect();
    let top = filled.iter().take(RUNNING_LINES);
    let bottom = filled.iter().rev().take(RUNNING_LINES);
    let unique: BTreeSet<usize> = top.chain(bottom).copied().collect();
    unique.into_iter().collect()
}

/// A line as compared across pages: digits replaced (`Page 3 of 12` → `Page # of #`), spaces
/// collapsed, case ignored.
fn running_key(line: &str) -> String {
    let digits = DIGITS.replace_all(line.trim(), "#");
    SPACES.replace_all(&digits, " ").to_lowercase()
}

/// Drops the lines that stand at the top or bottom of most pages (council names, running
/// titles, `Page 3 of 12`). `Item 6` lines stay: they tell which agenda item a page belongs to,
/// and so do the first page's running lines without figures: on the cover, the committee's name
/// is the start of the title.
fn remove_running_lines(pages: Vec<String>) -> Vec<String> {
    let pages_with_text = pages.iter().filter(|page| !page.trim().is_empty()).count();
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for page in &pages {
        let lines: Vec<&str> = page.lines().collect();
        let keys: BTreeSet<String> = edge_lines(&lines)
            .into_iter()
            .map(|index| running_key(lines[index]))
            .collect();
        for key in keys {
            *counts.entry(key).or_default() += 1;
        }
    }
    let threshold =
        RUNNING_MIN_PAGES.max((RUNNING_MIN_SHARE * pages_with_text as f64).ceil() as usize);
    let running: BTreeSet<String> = counts
        .into_iter()
        .filter(|(_, count)| *count >= threshold)
        .map(|(key, _)| key)
        .collect();
    if running.is_empty() {
        return pages;
    }
    let cover = pages.iter().position(|page| !page.trim().is_empty());
    pages
        .iter()
        .enumerate()
        .map(|(number, page)| {
            let lines: Vec<&str> = page.lines().collect();
            let dropped: BTreeSet<usize> = edge_lines(&lines)
                .into_iter()
                .filter(|index| {
                    let line = lines[*index].trim();
                    let kept_on_cover =
                        Some(number) == cover && !line.chars().any(|c| c.is_ascii_digit());
                    running.contains(&running_key(line)) && !is_item_marker(line) && !kept_on_cover
                })
                .collect();
            let kept: Vec<&str> = lines
                .iter()
                .enumerate()
                .filter(|(index, _)| !dropped.contains(index))
                .map(|(_, line)| *line)
                .collect();
            kept.join("\n").trim_matches('\n').to_string()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &[u8] = include_bytes!("../../../../tests/fixtures/pdf/agenda-pack.pdf");

    fn pages(text: &str) -> Vec<&str> {
        text.split(PAGE_BREAK).collect()
    }

    /// The text with every run of white space (line ends included) made one space.
    fn flat(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn a_pack_gives_one_text_per_page_without_its_header_and_footer() {
        let text = pdf_to_text(PACK).expect("text");
        let pages = pages(&text);
        assert_eq!(pages.len(), 5);
        assert!(
            pages[0].starts_with("Warwickshire Police and Crime Panel\n"),
            "the cover keeps the committee's name: {text}"
        );
        for page in &pages[1..] {
            assert!(
                !page.contains("Warwickshire Police and Crime Panel\n"),
                "{page}"
            );
        }
        assert!(!text.contains("Page 1 of 5"), "{text}");
        assert!(!text.contains("Page 2 of 5"), "{text}");
        assert!(pages[1].contains("review of Operation Devonport"));
        assert!(pages[2].contains("Report of the Budget Working Group"));
        // The body's own mentions of the panel stay.
        assert!(pages[0].contains("A meeting of the Warwickshire Police and Crime Panel"));
    }

    #[test]
    fn item_lines_at_the_top_of_report_pages_are_kept() {
        let text = pdf_to_text(PACK).expect("text");
        let pages = pages(&text);
        assert!(pages[2].trim_start().starts_with("Item 4"), "{}", pages[2]);
        assert!(pages[4].trim_start().starts_with("Item 5"), "{}", pages[4]);
    }

    #[test]
    fn words_placed_one_by_one_are_spaced() {
        let text = flat(&pdf_to_text(PACK).expect("text"));
        assert!(text.contains(
            "1.1 The purpose of this review and report is to outline the current position of \
             Operation Devonport"
        ));
        assert!(text.contains("a balance of £1,814,701. Further funding"));
    }

    #[test]
    fn paragraphs_and_headings_are_set_apart_by_blank_lines() {
        let text = pdf_to_text(PACK).expect("text");
        assert!(
            text.contains("\n\nRecommendations\n\nThat the Warwickshire"),
            "{text}"
        );
        assert!(text.contains("Working Group.\n\n1.0 Background"), "{text}");
    }

    #[test]
    fn two_columns_are_read_one_after_the_other() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/two-columns.pdf");
        let text = pdf_to_text(bytes).expect("text");
        let flat = flat(&text);
        for sentence in [
            "Police and Crime Commissioners play a crucial role in tackling crime, addressing the needs of their communities, and ensuring the justice system is fair and effective.",
            "This document highlights some of the main challenges facing the criminal justice system and provides practical innovative solutions that prospective PCCs could include in their manifestos.",
            "While overall levels of violent crime have decreased over the past ten years, there have been worrying rises in knife crime and robbery.",
            "PCCs, with the support of the Home Office, should create Violence Reduction Units, which use a multi-agency, long-term approach to tackle violence and its underlying causes.",
        ] {
            assert!(flat.contains(sentence), "{sentence}\nnot in\n{text}");
        }
        let left = flat.find("manifestos").expect("left column");
        let right = flat.find("Tackling violent crime").expect("right column");
        assert!(left < right, "{text}");
    }

    #[test]
    fn table_rows_keep_their_cells_on_one_line() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/table.pdf");
        let text = pdf_to_text(bytes).expect("text");
        for row in [
            "Role\tTeam\tFTE",
            "Police Staff Investigators\tProactive CID\t51.6",
            "Field Intelligence staff\tIntelligence Function\t3.59",
            "Total Agency Staff\t60.19",
        ] {
            assert!(
                text.lines().any(|line| line == row),
                "{row:?} not in\n{text}"
            );
        }
        assert!(flat(&text).contains("so there are 58.19 currently employed"));
    }

    /// A one-page PDF in a Type 0 font as Chromium writes it: two-byte glyph codes, widths
    /// given as `c_first c_last w` ranges, one glyph each for "ffi", "ff" and "fl" (glyphs
    /// 0100 to 0102, which `ligatures` maps in the `ToUnicode` CMap), and words shown in
    /// pieces placed by `Td`.
    fn type0_ligature_pdf(ligatures: &str) -> Vec<u8> {
        use lopdf::{Document, Object, Stream, dictionary};
        let mut document = Document::with_version("1.7");
        let to_unicode = format!(
            "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n\
             /CMapName /Adobe-Identity-UCS def /CMapType 2 def\n\
             1 begincodespacerange <0000> <FFFF> endcodespacerange\n{ligatures}\n\
             1 beginbfrange\n<0020> <007A> <0020>\nendbfrange\n\
             endcmap CMapName currentdict /CMap defineresource pop end end\n"
        );
        let to_unicode = document.add_object(Stream::new(dictionary! {}, to_unicode.into_bytes()));
        let descriptor = document.add_object(dictionary! {
            "Type" => "FontDescriptor", "FontName" => "Sans", "Flags" => 32,
            "FontBBox" => vec![0.into(), 0.into(), 1000.into(), 1000.into()],
            "ItalicAngle" => 0, "Ascent" => 900, "Descent" => -200, "CapHeight" => 700,
            "StemV" => 80,
        });
        let cid_font = document.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "CIDFontType2", "BaseFont" => "Sans",
            "CIDSystemInfo" => dictionary! {
                "Registry" => Object::string_literal("Adobe"),
                "Ordering" => Object::string_literal("Identity"), "Supplement" => 0,
            },
            "FontDescriptor" => descriptor, "DW" => 1000,
            "W" => vec![32.into(), 122.into(), 500.into(), 256.into(), 258.into(), 800.into()],
        });
        let font = document.add_object(dictionary! {
            "Type" => "Font", "Subtype" => "Type0", "BaseFont" => "Sans",
            "Encoding" => "Identity-H", "DescendantFonts" => vec![cid_font.into()],
            "ToUnicode" => to_unicode,
        });
        let hex = |text: &str| -> String {
            text.chars()
                .map(|character| match character {
                    '1' => "0100".to_string(),
                    '2' => "0101".to_string(),
                    '3' => "0102".to_string(),
                    other => format!("{:04X}", other as u32),
                })
                .collect()
        };
        // Each piece starts where the widths say the one before it ends: 5 points a letter and
        // 8 a ligature at 10 points.
        let content = format!(
            "BT /F1 10 Tf 1 0 0 1 50 700 Tm <{}> Tj 33 0 Td <{}> Tj 68 0 Td <{}> Tj \
             40 0 Td <{}> Tj ET",
            hex("The o1"),
            hex("cers and sta2"),
            hex(" of the "),
            hex("3ow"),
        );
        let contents = document.add_object(Stream::new(dictionary! {}, content.into_bytes()));
        let pages = document.new_object_id();
        let page = document.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages, "Contents" => contents,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font } },
        });
        document.objects.insert(
            pages,
            Object::Dictionary(dictionary! {
                "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1,
            }),
        );
        let catalog = document.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
        document.trailer.set("Root", catalog);
        let mut bytes = Vec::new();
        document.save_to(&mut bytes).expect("saved");
        bytes
    }

    #[test]
    fn ligature_glyphs_mapped_to_several_letters_read_as_whole_words() {
        let single_entries = "3 beginbfchar\n<0100> <006600660069>\n<0101> <00660066>\n\
                              <0102> <FB02>\nendbfchar";
        let ranges = "2 beginbfrange\n<0100> <0100> <006600660069>\n\
                      <0101> <0102> [<00660066> <0066006C>]\nendbfrange";
        for ligatures in [single_entries, ranges] {
            let text = pdf_to_text(&type0_ligature_pdf(ligatures)).expect("text");
            assert_eq!(
                flat(&text),
                "The officers and staff of the flow",
                "{ligatures}"
            );
        }
    }

    #[test]
    fn a_scan_without_text_needs_ocr() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/scanned.pdf");
        assert_eq!(pdf_to_text(bytes), Err(PdfError::NoTextLayer));
        assert_eq!(
            PdfError::NoTextLayer.to_string(),
            "scanned PDF with no text layer: needs OCR"
        );
    }

    #[test]
    fn a_scanned_page_among_text_pages_is_empty() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/partly-scanned.pdf");
        let text = pdf_to_text(bytes).expect("text");
        let pages = pages(&text);
        assert_eq!(pages.len(), 3);
        assert!(pages[0].contains("Office of the Police and Crime Commissioner"));
        assert!(pages[1].trim().is_empty());
        assert!(pages[2].contains("mid 2018"));
    }

    #[test]
    fn a_password_protected_file_is_reported_as_encrypted() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/encrypted.pdf");
        assert_eq!(pdf_to_text(bytes), Err(PdfError::Encrypted));
        assert_eq!(
            PdfError::Encrypted.to_string(),
            "encrypted PDF: cannot be read without its password"
        );
    }

    #[test]
    fn a_file_encrypted_without_a_user_password_is_read() {
        let bytes =
            include_bytes!("../../../../tests/fixtures/pdf/encrypted-without-user-password.pdf");
        let text = pdf_to_text(bytes).expect("text");
        assert!(flat(&text).contains("a joint approach to the police complaints process"));
    }

    #[test]
    fn a_truncated_file_is_unreadable() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/truncated.pdf");
        let error = pdf_to_text(bytes).expect_err("truncated");
        assert!(error.to_string().starts_with("unreadable PDF: "), "{error}");
    }

    #[test]
    fn damaged_files_never_panic() {
        let mut seed: u64 = 2014;
        let mut damaged: Vec<Vec<u8>> = (0..PACK.len())
            .step_by(151)
            .map(|length| PACK[..length].to_vec())
            .collect();
        for _ in 0..120 {
            let mut copy = PACK.to_vec();
            for _ in 0..8 {
                seed = seed
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                let at = (seed >> 33) as usize % copy.len();
                copy[at] = (seed >> 20) as u8;
            }
            damaged.push(copy);
        }
        for bytes in damaged {
            // Any outcome but a panic will do.
            let _ = pdf_to_text(&bytes);
        }
    }

    #[test]
    fn a_panic_in_the_parser_becomes_an_unreadable_file() {
        let result: Result<(), PdfError> = guarded(|| panic!("MediaBox"));
        assert_eq!(
            result.map_err(|error| error.to_string()),
            Err("unreadable PDF: parser panicked: MediaBox".to_string())
        );
    }

    #[test]
    fn running_lines_need_enough_pages() {
        let pages = vec![
            "Header\nBody one".to_string(),
            "Header\nBody two".to_string(),
        ];
        assert_eq!(remove_running_lines(pages.clone()), pages);
        let pages = vec![
            "Header\nBody one\nPage 1 of 4".to_string(),
            "Header\nBody two\nPage 2 of 4".to_string(),
            "Body three\nHeader in the text\nPage 3 of 4".to_string(),
            "Header\nBody four\nPage 4 of 4".to_string(),
        ];
        assert_eq!(
            remove_running_lines(pages),
            vec![
                "Header\nBody one",
                "Body two",
                "Body three\nHeader in the text",
                "Body four"
            ]
        );
    }
}
