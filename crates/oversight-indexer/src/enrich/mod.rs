//! Enrichment: metadata read from a document's own text (type, force, mentions, date, title,
//! themes), each value with the evidence it was read from.

pub mod date;
pub mod doc_type;
pub mod force;
pub mod themes;
pub mod title;

use std::ops::Range;

use oversight_schema::vocab::Vocabulary;

use self::doc_type::DocTypeMatcher;
use self::force::ForceMatcher;
use self::themes::ThemeMatcher;

/// The compiled rules of every enrichment step, built once per indexing run.
pub struct Enricher {
    /// Document-type rules.
    pub doc_types: DocTypeMatcher,
    /// Force names.
    pub forces: ForceMatcher,
    /// Theme rules.
    pub themes: ThemeMatcher,
}

impl Enricher {
    /// Compiles the rules of `vocabulary`.
    pub fn new(vocabulary: &Vocabulary) -> Enricher {
        Enricher {
            doc_types: DocTypeMatcher::new(vocabulary),
            forces: ForceMatcher::new(vocabulary),
            themes: ThemeMatcher::new(vocabulary),
        }
    }
}

/// How far (in bytes) from a match its evidence line is looked for.
const EVIDENCE_WINDOW: usize = 1_000;

/// The largest character boundary of `text` at or before `index`.
fn char_boundary_at_or_before(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// The line of `text` containing `range`, cleaned of Markdown markup and at most 200 characters.
pub fn evidence_line(text: &str, range: Range<usize>) -> String {
    // Lines are looked for within a window around the match, so that a text that is one huge line
    // costs no more than a short one.
    let window_start =
        char_boundary_at_or_before(text, range.start.saturating_sub(EVIDENCE_WINDOW));
    let window_end =
        char_boundary_at_or_before(text, (range.end + EVIDENCE_WINDOW).min(text.len()));
    let line_start = text[window_start..range.start]
        .rfind('\n')
        .map_or(window_start, |index| window_start + index + 1);
    let line_end = text[range.end..window_end]
        .find('\n')
        .map_or(window_end, |index| range.end + index);
    let line = text[line_start..line_end]
        .replace("**", "")
        .trim_matches(|c: char| c.is_whitespace() || c == '#' || c == '*')
        .to_string();
    if line.chars().count() <= 200 {
        return line;
    }
    let offset_chars = text[line_start..range.start].chars().count();
    let skip = offset_chars.saturating_sub(80);
    let mut short: String = line.chars().skip(skip).take(199).collect();
    if skip > 0 {
        short.insert(0, '…');
    }
    short.push('…');
    short
}
