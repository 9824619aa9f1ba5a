//! Line classification: which cleaned lines are headings, agenda-item markers or paragraph text.

use std::sync::LazyLock;

use regex::Regex;

use super::PAGE_BREAK;
use super::inline::{CleanLine, clean};
use crate::date_line::is_date_line;

/// How a heading is numbered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Numbering {
    /// A top-level numbered item, `5. Report of the Police and Crime Commissioner`.
    Item(u32),
    /// A sub-numbering: `1.0 Introduction`, `(2) Apologies`, `3) Force Performance:`.
    Sub,
    /// A minute number of a year's minutes: `12/21 APOLOGIES FOR ABSENCE`.
    Minute,
}

/// A heading line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 is the highest level.
    pub level: u8,
    /// The heading text, cleaned.
    pub text: String,
    /// Its numbering, if it has one.
    pub numbering: Option<Numbering>,
}

/// One structural block of a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// A heading.
    Heading(Heading),
    /// A stray `Item 6` line: a page of agenda item 6 of a meeting pack.
    ItemMarker(u32),
    /// A line of paragraph text.
    Paragraph(String),
    /// A page ends and page `n` (counted from 1) starts: the text before the first break is on
    /// page 1.
    PageBreak(u32),
}

static ITEM_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^item\s+(\d{1,3})$").expect("valid regex"));
static NUMBERED_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})\.\s+(\S.*)$").expect("valid regex"));
static MINUTE_NUMBERED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\d{1,3}/\d{2}\s+(\S.*)$").expect("valid regex"));
static SUB_NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\d{1,2}\.\d{1,2}\.?|\(\d{1,2}\)|\d{1,2}\)|\([a-z]\))\s*(\S.*)$")
        .expect("valid regex")
});
static PAGE_DEBRIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)^(?:[\d\s:.\-–/|]*|page\s+\d+(?:\s+of\s+\d+)?)$").expect("valid regex")
});

/// Words that make a heading on their own.
const SECTION_WORDS: &[&str] = &[
    "introduction",
    "foreword",
    "contents",
    "summary",
    "background",
    "recommendations",
    "recommendation",
    "conclusion",
    "conclusions",
    "appendices",
    "endnotes",
    "purpose",
    "acknowledgements",
    "glossary",
    "references",
    "context",
    "overview",
    "complaints",
    "membership",
    "finance",
    "performance",
    "governance",
    "culture",
    "leadership",
    "agenda",
    "minutes",
];

/// Openings of letter and signature lines, which look like headings but are not.
const NOT_HEADINGS: &[&str] = &[
    "dear ",
    "yours ",
    "many thanks",
    "kind regards",
    "best wishes",
    "from:",
    "sent:",
    "to:",
    "tel",
    "e-mail",
    "email",
];

/// Parses text into blocks, with a [`Block::PageBreak`] at each [`PAGE_BREAK`].
pub fn parse(text: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    for (index, page) in text.split(PAGE_BREAK).enumerate() {
        if index > 0 {
            blocks.push(Block::PageBreak(
                u32::try_from(index + 1).unwrap_or(u32::MAX),
            ));
        }
        parse_page(page, &mut blocks);
    }
    blocks
}

/// Parses the text of one page (or of a whole document without pages) into `blocks`.
fn parse_page(text: &str, blocks: &mut Vec<Block>) {
    let raw_lines: Vec<&str> = text.lines().collect();
    let is_blank = |index: usize| {
        raw_lines
            .get(index)
            .is_none_or(|line| line.trim().is_empty())
    };
    for (index, raw) in raw_lines.iter().enumerate() {
        let line = clean(raw);
        if line.text.is_empty() || PAGE_DEBRIS.is_match(&line.text) {
            continue;
        }
        let isolated = (index == 0 || is_blank(index - 1)) && is_blank(index + 1);
        blocks.push(classify(line, isolated));
    }
}

/// Whether a line, cleaned, is an `Item 6` marker.
pub(super) fn is_item_marker(text: &str) -> bool {
    ITEM_MARKER.is_match(text)
}

fn classify(line: CleanLine, isolated: bool) -> Block {
    let text = line.text;
    if let Some(captures) = ITEM_MARKER.captures(&text)
        && !line.listed
        && let Ok(number) = captures[1].parse()
    {
        return Block::ItemMarker(number);
    }
    if line.tabular || is_date_line(&text) {
        return Block::Paragraph(text);
    }
    if let Some(level) = line.markdown_level {
        return heading(level, text, None);
    }
    if let Some(captures) = NUMBERED_ITEM.captures(&text)
        && let Ok(number) = captures[1].parse()
        && is_heading_text(&captures[2], 12)
    {
        return heading(2, text, Some(Numbering::Item(number)));
    }
    if let Some(captures) = MINUTE_NUMBERED.captures(&text)
        && is_heading_text(&captures[1], 14)
    {
        return heading(2, text, Some(Numbering::Minute));
    }
    if !line.listed
        && let Some(captures) = SUB_NUMBERED.captures(&text)
    {
        let rest = captures[1].trim_end_matches(':');
        if is_heading_text(rest, 12) && !rest.contains(',') {
            let text = text.trim_end_matches(':').to_string();
            return heading(3, text, Some(Numbering::Sub));
        }
    }
    if line.emphasised && is_heading_text(&text, 15) {
        return heading(3, text, None);
    }
    if !line.listed && isolated && is_title_like(&text) {
        return heading(3, text, None);
    }
    Block::Paragraph(text)
}

fn heading(level: u8, text: String, numbering: Option<Numbering>) -> Block {
    Block::Heading(Heading {
        level,
        text,
        numbering,
    })
}

/// Short, starts with a capital or digit, and does not end like a sentence or lead-in.
fn is_heading_text(text: &str, max_words: usize) -> bool {
    let words = text.split_whitespace().count();
    let starts_well = text
        .chars()
        .next()
        .is_some_and(|first| first.is_uppercase() || first.is_ascii_digit() || first == '“');
    let ends_well = !text.ends_with(['.', ',', ';', ':']);
    starts_well && ends_well && (1..=max_words).contains(&words) && text.chars().count() <= 100
}

/// An isolated line that reads like a title: a few words, mostly capitalised when it is long.
fn is_title_like(text: &str) -> bool {
    if !is_heading_text(text, 10) || text.chars().count() > 80 {
        return false;
    }
    let lower = text.to_lowercase();
    if NOT_HEADINGS
        .iter()
        .any(|opening| lower.starts_with(opening))
        || lower.contains("http")
        || lower.contains("www.")
        || text.contains('@')
    {
        return false;
    }
    let words: Vec<&str> = text.split_whitespace().collect();
    match words.len() {
        1 => {
            let word = words[0];
            SECTION_WORDS.contains(&lower.as_str())
                || (word.len() >= 4 && word.chars().all(|c| c.is_uppercase()))
        }
        2..=6 => true,
        _ => {
            let long: Vec<&&str> = words.iter().filter(|word| word.len() >= 4).collect();
            let capitalised = long
                .iter()
                .filter(|word| word.chars().next().is_some_and(char::is_uppercase))
                .count();
            capitalised * 2 >= long.len()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headings(text: &str) -> Vec<String> {
        parse(text)
            .into_iter()
            .filter_map(|block| match block {
                Block::Heading(heading) => Some(heading.text),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn numbered_agenda_items_are_level_two_headings() {
        let blocks = parse("5. Report of the Police and Crime Commissioner\n");
        assert_eq!(
            blocks,
            vec![heading(
                2,
                "5. Report of the Police and Crime Commissioner".to_string(),
                Some(Numbering::Item(5))
            )]
        );
    }

    #[test]
    fn numbered_sentences_are_paragraphs() {
        let text =
            "16. The Alliance seems unbalanced in respect of transparency and devolvement.\n";
        assert!(headings(text).is_empty());
    }

    #[test]
    fn stray_item_lines_are_markers() {
        assert_eq!(parse("\nItem 6\n\n"), vec![Block::ItemMarker(6)]);
    }

    #[test]
    fn isolated_short_lines_are_headings_but_lines_in_a_paragraph_are_not() {
        let text = "Intro line\n\nTackling violent crime\n\nWhile overall levels fell.\nShort line here\nMore text.";
        assert_eq!(headings(text), vec!["Intro line", "Tackling violent crime"]);
    }

    #[test]
    fn dates_signatures_and_page_numbers_are_not_headings() {
        let text = "\n26 September 2014\n\nYours sincerely\n\n12\n\nPage 3 of 40\n";
        assert!(headings(text).is_empty());
        assert_eq!(parse(text).len(), 2);
    }

    #[test]
    fn sub_numbered_lead_ins_become_headings_without_colon() {
        assert_eq!(
            headings("\n5) Operation Devonport:\n"),
            vec!["5) Operation Devonport"]
        );
        assert!(headings("\n- 1.2 As stipulated in the Code, 2003:\n").is_empty());
    }

    #[test]
    fn minute_numbers_open_items() {
        let blocks = parse("\n12/21 APOLOGIES FOR ABSENCE\n");
        assert_eq!(
            blocks,
            vec![heading(
                2,
                "12/21 APOLOGIES FOR ABSENCE".to_string(),
                Some(Numbering::Minute)
            )]
        );
    }

    #[test]
    fn markdown_headings_keep_their_level() {
        let blocks = parse("#### **POLICE AND CRIME COMMISSIONER'S UPDATE REPORT**");
        assert_eq!(
            blocks,
            vec![heading(
                4,
                "POLICE AND CRIME COMMISSIONER'S UPDATE REPORT".to_string(),
                None
            )]
        );
    }

    #[test]
    fn form_feeds_are_page_breaks_numbered_from_the_second_page() {
        let text = "Intro text.\n\x0c\nItem 4\n\nMore text.\n\x0c\n";
        assert_eq!(
            parse(text),
            vec![
                Block::Paragraph("Intro text.".to_string()),
                Block::PageBreak(2),
                Block::ItemMarker(4),
                Block::Paragraph("More text.".to_string()),
                Block::PageBreak(3),
            ]
        );
    }

    #[test]
    fn a_pdf_pack_keeps_its_headings_item_lines_and_pages() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/agenda-pack.pdf");
        let text = super::super::pdf::pdf_to_text(bytes).expect("text");
        let blocks = parse(&text);
        let breaks: Vec<u32> = blocks
            .iter()
            .filter_map(|block| match block {
                Block::PageBreak(number) => Some(*number),
                _ => None,
            })
            .collect();
        assert_eq!(breaks, vec![2, 3, 4, 5]);
        let page_three = blocks
            .iter()
            .position(|block| *block == Block::PageBreak(3))
            .expect("page 3");
        assert_eq!(blocks[page_three + 1], Block::ItemMarker(4));
        assert_eq!(
            blocks[page_three + 2],
            heading(3, "Report of the Budget Working Group".to_string(), None)
        );
        assert!(headings(&text).contains(&"5. Operation Devonport".to_string()));
    }
}
