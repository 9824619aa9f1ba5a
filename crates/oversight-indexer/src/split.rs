//! Splitting: from blocks to passages, each with the agenda item (or top-level section) and the
//! heading it stands under, so that a hit can say where in a 300-page pack it is.
//!
//! Meeting packs open with a numbered agenda. Its items name the reports that follow, which are
//! recognised by a title matching an agenda item or by the `Item 8` lines their pages carry; every
//! passage of such a report, and the agenda entry itself, belongs to that item.
//!
//! Documents read page by page (PDFs) carry [`Block::PageBreak`]s: a passage never runs from one
//! page into the next, and every passage says which page it is on.

use std::collections::BTreeMap;

use oversight_schema::analyzer;
use oversight_schema::model::Passage;

use crate::extract::{Block, Heading, Numbering};

/// A passage is cut once it reaches about this many characters ...
const TARGET_PASSAGE_CHARS: usize = 1200;
/// ... and never exceeds this many, unless a single word does.
const MAX_PASSAGE_CHARS: usize = 2000;
/// An agenda needs at least this many consecutively numbered items.
const MIN_AGENDA_ITEMS: u32 = 4;
/// Its first item stands within this many blocks of the start.
const AGENDA_SEARCH_BLOCKS: usize = 120;
/// Consecutive items stand at most this many blocks apart.
const MAX_AGENDA_GAP_BLOCKS: usize = 15;
/// The heading given to agenda entries.
const AGENDA_HEADING: &str = "Agenda";

const STOP_WORDS: &[&str] = &[
    "a", "an", "and", "for", "in", "of", "on", "the", "to", "with",
];

/// The numbered agenda at the front of a meeting pack.
#[derive(Debug)]
struct Agenda {
    titles: BTreeMap<u32, String>,
    first_block: usize,
    last_block: usize,
}

impl Agenda {
    fn label(&self, number: u32) -> String {
        match self.titles.get(&number) {
            Some(title) => format!("Item {number}: {title}"),
            None => format!("Item {number}"),
        }
    }

    /// The agenda item whose title `heading` repeats, among items after `current`.
    fn item_titled(&self, heading: &str, current: Option<u32>) -> Option<u32> {
        let heading_words = content_stems(heading);
        self.titles
            .range(current.map_or(0, |number| number + 1)..)
            .find(|(_, title)| {
                let title_words = content_stems(title);
                !title_words.is_empty()
                    && heading_words.len() <= title_words.len() + 5
                    && title_words
                        .iter()
                        .all(|word| heading_words.iter().any(|other| same_word(word, other)))
            })
            .map(|(number, _)| *number)
    }
}

fn content_stems(text: &str) -> Vec<String> {
    analyzer::stems(text)
        .into_iter()
        .filter(|stem| {
            !STOP_WORDS.contains(&stem.as_str()) && !stem.chars().all(|c| c.is_ascii_digit())
        })
        .collect()
}

/// Stems that are equal, or one a prefix of the other (`visit` and `visitor`).
fn same_word(left: &str, right: &str) -> bool {
    let (short, long) = if left.len() <= right.len() {
        (left, right)
    } else {
        (right, left)
    };
    short == long || (short.len() >= 4 && long.starts_with(short))
}

fn detect_agenda(blocks: &[Block]) -> Option<Agenda> {
    let numbered = |index: usize| match &blocks[index] {
        Block::Heading(Heading {
            numbering: Some(Numbering::Item(number)),
            text,
            ..
        }) => Some((*number, text)),
        _ => None,
    };
    let first_block = (0..blocks.len().min(AGENDA_SEARCH_BLOCKS))
        .find(|index| numbered(*index).is_some_and(|(number, _)| number == 1))?;
    let mut titles = BTreeMap::new();
    let mut last_block = first_block;
    let mut expected = 1;
    for index in first_block..blocks.len() {
        if index - last_block > MAX_AGENDA_GAP_BLOCKS {
            break;
        }
        match numbered(index) {
            Some((number, text)) if number == expected => {
                let title = text
                    .split_once(". ")
                    .map_or(text.as_str(), |(_, title)| title);
                titles.insert(number, title.trim().to_string());
                last_block = index;
                expected += 1;
            }
            Some(_) => break,
            None => {}
        }
    }
    (expected > MIN_AGENDA_ITEMS).then_some(Agenda {
        titles,
        first_block,
        last_block,
    })
}

/// The smallest heading level used at least twice: the level at which the document is divided.
fn section_level(blocks: &[Block]) -> u8 {
    let mut counts: BTreeMap<u8, usize> = BTreeMap::new();
    for block in blocks {
        if let Block::Heading(heading) = block {
            *counts.entry(heading.level).or_default() += 1;
        }
    }
    counts
        .iter()
        .find(|(_, count)| **count >= 2)
        .or_else(|| counts.iter().next())
        .map_or(1, |(level, _)| *level)
}

/// Accumulates the lines of the current section and cuts them into passages.
#[derive(Default)]
struct PassageWriter {
    passages: Vec<Passage>,
    item: Option<String>,
    heading: Option<String>,
    lines: Vec<String>,
    /// Whether the current section has text beyond its heading line.
    has_body: bool,
    /// The page being written, in a document with pages.
    page: Option<u32>,
}

impl PassageWriter {
    /// A writer that starts on page 1 when the blocks have page breaks, and knows no pages
    /// otherwise.
    fn new(blocks: &[Block]) -> Self {
        let paged = blocks
            .iter()
            .any(|block| matches!(block, Block::PageBreak(_)));
        PassageWriter {
            page: paged.then_some(1),
            ..PassageWriter::default()
        }
    }

    /// Ends the passage under way: what follows is on page `number`, under the same item and
    /// heading.
    fn start_page(&mut self, number: u32) {
        self.flush();
        self.page = Some(number);
    }

    fn start_section(&mut self, item: Option<String>, heading: Option<String>, heading_line: &str) {
        let carried = !self.has_body && !self.lines.is_empty();
        if !carried {
            self.flush();
        }
        self.item = item;
        self.heading = heading;
        self.lines.push(heading_line.to_string());
        self.has_body = false;
    }

    fn push_line(&mut self, line: &str) {
        self.lines.push(line.to_string());
        self.has_body = true;
    }

    fn flush(&mut self) {
        let lines = std::mem::take(&mut self.lines);
        for text in chunk(&lines) {
            self.passages.push(Passage {
                ordinal: u32::try_from(self.passages.len()).unwrap_or(u32::MAX),
                item: self.item.clone(),
                heading: self.heading.clone(),
                text,
                page: self.page,
                themes: Vec::new(),
            });
        }
    }

    fn finish(mut self) -> Vec<Passage> {
        self.flush();
        self.passages
    }
}

/// Cuts a section's lines into passages of about [`TARGET_PASSAGE_CHARS`].
fn chunk(lines: &[String]) -> Vec<String> {
    let mut pieces: Vec<&str> = Vec::new();
    for line in lines {
        if line.len() <= MAX_PASSAGE_CHARS {
            pieces.push(line);
        } else {
            pieces.extend(split_long_line(line));
        }
    }
    let mut chunks: Vec<String> = Vec::new();
    let mut current = String::new();
    for piece in pieces {
        if !current.is_empty() && current.len() + piece.len() + 1 > MAX_PASSAGE_CHARS {
            chunks.push(std::mem::take(&mut current));
        }
        if !current.is_empty() {
            current.push('\n');
        }
        current.push_str(piece);
        if current.len() >= TARGET_PASSAGE_CHARS {
            chunks.push(std::mem::take(&mut current));
        }
    }
    if !current.trim().is_empty() {
        let fits_previous = chunks.last().is_some_and(|last| {
            last.len() + current.len() < MAX_PASSAGE_CHARS && current.len() < 200
        });
        match chunks.last_mut() {
            Some(last) if fits_previous => {
                last.push('\n');
                last.push_str(&current);
            }
            _ => chunks.push(current),
        }
    }
    chunks
}

/// Splits an overlong line at sentence ends, or else at spaces, into pieces that fit a passage.
fn split_long_line(line: &str) -> Vec<&str> {
    let mut pieces = Vec::new();
    let mut rest = line;
    while rest.len() > TARGET_PASSAGE_CHARS {
        let window_end = floor_char_boundary(rest, MAX_PASSAGE_CHARS.min(rest.len()));
        let window = &rest[..window_end];
        let floor = floor_char_boundary(rest, TARGET_PASSAGE_CHARS / 2);
        let cut = window[floor..]
            .rfind(". ")
            .map(|index| floor + index + 2)
            .or_else(|| window[floor..].rfind(' ').map(|index| floor + index + 1))
            .unwrap_or(window_end);
        let (piece, remainder) = rest.split_at(cut);
        pieces.push(piece.trim_end());
        rest = remainder;
    }
    if !rest.is_empty() {
        pieces.push(rest);
    }
    pieces
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while index > 0 && !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// Splits a document's blocks into passages.
pub fn split(blocks: &[Block]) -> Vec<Passage> {
    match detect_agenda(blocks) {
        Some(agenda) => split_meeting_pack(blocks, &agenda),
        None => split_by_headings(blocks),
    }
}

fn split_by_headings(blocks: &[Block]) -> Vec<Passage> {
    let item_level = section_level(blocks);
    let mut writer = PassageWriter::new(blocks);
    for block in blocks {
        match block {
            Block::Heading(heading) => {
                let item = if heading.level <= item_level {
                    Some(heading.text.clone())
                } else {
                    writer.item.clone()
                };
                writer.start_section(item, Some(heading.text.clone()), &heading.text);
            }
            Block::ItemMarker(number) => {
                let label = format!("Item {number}");
                writer.start_section(Some(label.clone()), writer.heading.clone(), &label);
            }
            Block::Paragraph(text) => writer.push_line(text),
            Block::PageBreak(number) => writer.start_page(*number),
        }
    }
    writer.finish()
}

fn split_meeting_pack(blocks: &[Block], agenda: &Agenda) -> Vec<Passage> {
    let mut writer = PassageWriter::new(blocks);
    let mut current_item: Option<u32> = None;
    // The last item whose report has started; reports follow the agenda's order.
    let mut report_item: Option<u32> = None;
    for (index, block) in blocks.iter().enumerate() {
        let in_agenda = (agenda.first_block..=agenda.last_block).contains(&index);
        match block {
            Block::Heading(Heading {
                numbering: Some(Numbering::Item(number)),
                text,
                ..
            }) if in_agenda => {
                current_item = Some(*number);
                let agenda_heading = Some(AGENDA_HEADING.to_string());
                writer.flush();
                writer.start_section(Some(agenda.label(*number)), agenda_heading, text);
            }
            Block::Heading(heading) if in_agenda => writer.push_line(&heading.text),
            Block::Heading(heading) => {
                let opens_item = heading.numbering.is_none() && heading.level <= 3;
                let matched = opens_item
                    .then(|| agenda.item_titled(&heading.text, report_item))
                    .flatten();
                if let Some(number) = matched {
                    current_item = Some(number);
                    report_item = Some(number);
                    writer.flush();
                } else if report_item.is_none() {
                    // Past the agenda but before the first report: the last entry has ended.
                    current_item = None;
                }
                let item = current_item.map(|number| agenda.label(number));
                writer.start_section(item, Some(heading.text.clone()), &heading.text);
            }
            Block::ItemMarker(number) => {
                report_item = Some(*number);
                if current_item != Some(*number) {
                    current_item = Some(*number);
                    let heading = writer.heading.clone();
                    writer.flush();
                    writer.item = Some(agenda.label(*number));
                    writer.heading = heading;
                }
            }
            Block::Paragraph(text) => writer.push_line(text),
            Block::PageBreak(number) => writer.start_page(*number),
        }
    }
    writer.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::parse_blocks;

    const PACK: &str = "Example Police and Crime Panel\n\n1 May 2015\n\n1. General\n\n(1) Apologies\n\n2. Public Question Time\n\nQuestions from the public.\n\n3. Report of the Budget Working Group\n\nTo consider the report.\n\n4. Operation Falcon\n\nTo consider the review of Operation Falcon.\n\n5. Any Urgent Items\n\nReport of the Budget Working Group\n\nThe budget is balanced.\n\nOperation Falcon Situation Report\n\nOperation Falcon reduced burglary.\n\nItem 4\n\nMore on Operation Falcon.\n";

    #[test]
    fn a_pack_agenda_is_found_with_its_titles() {
        let blocks = parse_blocks(PACK);
        let agenda = detect_agenda(&blocks).expect("an agenda");
        assert_eq!(
            agenda.titles.get(&4).map(String::as_str),
            Some("Operation Falcon")
        );
        assert_eq!(agenda.titles.len(), 5);
    }

    #[test]
    fn report_passages_belong_to_the_agenda_item_their_title_names() {
        let passages = split(&parse_blocks(PACK));
        let falcon: Vec<&Passage> = passages
            .iter()
            .filter(|passage| passage.text.contains("reduced burglary"))
            .collect();
        assert_eq!(falcon.len(), 1);
        assert_eq!(falcon[0].item.as_deref(), Some("Item 4: Operation Falcon"));
        assert_eq!(
            falcon[0].heading.as_deref(),
            Some("Operation Falcon Situation Report")
        );
        let agenda_entry = passages
            .iter()
            .find(|passage| passage.text.contains("review of Operation Falcon"))
            .expect("the agenda entry");
        assert_eq!(
            agenda_entry.item.as_deref(),
            Some("Item 4: Operation Falcon")
        );
        assert_eq!(agenda_entry.heading.as_deref(), Some(AGENDA_HEADING));
    }

    #[test]
    fn ordinals_count_from_zero_in_order() {
        let passages = split(&parse_blocks(PACK));
        let ordinals: Vec<u32> = passages.iter().map(|passage| passage.ordinal).collect();
        let expected: Vec<u32> = (0..passages.len() as u32).collect();
        assert_eq!(ordinals, expected);
    }

    #[test]
    fn long_sections_are_cut_near_the_target_size() {
        let sentence = "The Commissioner reported progress on the plan. ";
        let text = format!("Introduction\n\n{}", sentence.repeat(200));
        let passages = split(&parse_blocks(&text));
        assert!(passages.len() >= 4, "{} passages", passages.len());
        assert!(
            passages
                .iter()
                .all(|passage| passage.text.len() <= MAX_PASSAGE_CHARS)
        );
        assert!(
            passages
                .iter()
                .all(|passage| passage.heading.as_deref() == Some("Introduction"))
        );
    }

    #[test]
    fn a_heading_without_text_is_carried_into_the_next_section() {
        let text = "Foreword\n\nAbout Us\n\nWe monitor police governance.\n";
        let passages = split(&parse_blocks(text));
        assert_eq!(passages.len(), 1);
        assert_eq!(
            passages[0].text,
            "Foreword\nAbout Us\nWe monitor police governance."
        );
    }

    #[test]
    fn multibyte_text_is_cut_on_character_boundaries() {
        let text = "é".repeat(3000);
        let pieces = split_long_line(&text);
        assert_eq!(pieces.concat(), text);
    }

    #[test]
    fn passages_without_page_breaks_have_no_page() {
        let passages = split(&parse_blocks(PACK));
        assert!(passages.iter().all(|passage| passage.page.is_none()));
    }

    #[test]
    fn a_page_break_ends_the_passage_and_numbers_the_next() {
        let text = "Introduction\n\nThe plan starts here.\n\x0c\nAnd goes on here.\n";
        let passages = split(&parse_blocks(text));
        let pages: Vec<(Option<u32>, &str)> = passages
            .iter()
            .map(|passage| (passage.page, passage.text.as_str()))
            .collect();
        assert_eq!(
            pages,
            vec![
                (Some(1), "Introduction\nThe plan starts here."),
                (Some(2), "And goes on here."),
            ]
        );
        assert_eq!(passages[1].heading.as_deref(), Some("Introduction"));
    }

    #[test]
    fn a_pdf_pack_is_split_by_item_and_page() {
        let bytes = include_bytes!("../../../tests/fixtures/pdf/agenda-pack.pdf");
        let text = crate::extract::pdf::pdf_to_text(bytes).expect("text");
        let passages = split(&parse_blocks(&text));
        let find = |phrase: &str| {
            passages
                .iter()
                .find(|passage| passage.text.contains(phrase))
                .unwrap_or_else(|| panic!("no passage has {phrase:?}"))
        };
        let devonport_entry = find("review of Operation Devonport");
        assert_eq!(devonport_entry.page, Some(2));
        assert_eq!(
            devonport_entry.item.as_deref(),
            Some("Item 5: Operation Devonport")
        );
        let budget = find("projected underspend of £8.25 million");
        assert_eq!(budget.page, Some(3));
        assert_eq!(
            budget.item.as_deref(),
            Some("Item 4: Report of the Budget Working Group")
        );
        let recommendations = find("cross border criminality");
        assert_eq!(recommendations.page, Some(5));
        assert_eq!(
            recommendations.item.as_deref(),
            Some("Item 5: Operation Devonport")
        );
        assert_eq!(find("Public Question Time").page, Some(1));
        for passage in &passages {
            assert!(matches!(passage.page, Some(1..=5)), "{passage:?}");
            assert!(!passage.text.contains(" of 5"), "{passage:?}");
            let has_running_header = passage
                .text
                .lines()
                .any(|line| line == "Warwickshire Police and Crime Panel");
            assert_eq!(
                has_running_header,
                passage.ordinal == 0,
                "only the cover keeps the running header: {passage:?}"
            );
        }
        let pages: Vec<u32> = passages.iter().filter_map(|passage| passage.page).collect();
        assert!(pages.is_sorted(), "{pages:?}");
        assert_eq!(pages.first(), Some(&1));
        assert_eq!(pages.last(), Some(&5));
    }

    #[test]
    fn a_scanned_page_has_no_passage() {
        let bytes = include_bytes!("../../../tests/fixtures/pdf/partly-scanned.pdf");
        let text = crate::extract::pdf::pdf_to_text(bytes).expect("text");
        let pages: Vec<Option<u32>> = split(&parse_blocks(&text))
            .iter()
            .map(|passage| passage.page)
            .collect();
        assert!(
            pages.contains(&Some(1)) && pages.contains(&Some(3)),
            "{pages:?}"
        );
        assert!(!pages.contains(&Some(2)), "{pages:?}");
    }
}
