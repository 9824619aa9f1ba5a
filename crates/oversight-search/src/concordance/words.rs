//! The words around a mention: its left and right context, a given number of words on each side
//! (whitespace-separated, as a reader counts them), and the keys the KWIC orders sort them by.

use std::ops::Range;

use oversight_schema::analyzer;

use crate::mark_pattern::MarkPattern;
use crate::query::Expansion;

/// The `count` words of `text` before byte `end`, one space between them.
pub(crate) fn left_of(text: &str, end: usize, count: usize) -> String {
    let mut words: Vec<&str> = text[..end].split_whitespace().rev().take(count).collect();
    words.reverse();
    words.join(" ")
}

/// The `count` words of `text` from byte `start`, one space between them.
pub(crate) fn right_of(text: &str, start: usize, count: usize) -> String {
    let words: Vec<&str> = text[start..].split_whitespace().take(count).collect();
    words.join(" ")
}

/// The mention `text[range]` as written, its whitespace (a phrase broken over lines) as one space.
pub(crate) fn as_written(text: &str, range: Range<usize>) -> String {
    let words: Vec<&str> = text[range].split_whitespace().collect();
    words.join(" ")
}

/// The words of a context as a sort key: nearest the match first (the left context read
/// backwards), lower-cased, with the punctuation around each word left out.
pub(crate) fn sort_key(context: &str, nearest_last: bool) -> Vec<String> {
    let folded = |word: &str| -> Option<String> {
        let trimmed = word.trim_matches(|c: char| !c.is_alphanumeric());
        (!trimmed.is_empty()).then(|| trimmed.to_lowercase())
    };
    let words = context.split(' ');
    if nearest_last {
        words.rev().filter_map(folded).collect()
    } else {
        words.filter_map(folded).collect()
    }
}

/// For each of `patterns`, whether it is only there as an acronym's expansion: the long form a
/// short one was expanded to, or the short form of a long one, and not also a literal the query
/// wrote.
pub(crate) fn expansion_patterns(patterns: &[MarkPattern], expansions: &[Expansion]) -> Vec<bool> {
    let written: Vec<Vec<String>> = expansions
        .iter()
        .map(|expansion| analyzer::stems(&expansion.term))
        .collect();
    let expanded: Vec<Vec<String>> = expansions
        .iter()
        .flat_map(|expansion| expansion.expanded_to.iter())
        .map(|form| analyzer::stems(form))
        .collect();
    patterns
        .iter()
        .map(|pattern| {
            let stems = pattern.stems();
            expanded.iter().any(|form| form == stems) && !written.iter().any(|form| form == stems)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "The  panel asked\nabout naloxone kits, and the Naloxone\nrollout.";

    #[test]
    fn contexts_are_whole_words_on_each_side() {
        let start = TEXT.find("naloxone").expect("in the text");
        let end = start + "naloxone".len();
        assert_eq!(left_of(TEXT, start, 2), "asked about");
        assert_eq!(left_of(TEXT, start, 50), "The panel asked about");
        assert_eq!(right_of(TEXT, end, 3), "kits, and the");
        assert_eq!(left_of(TEXT, start, 0), "");
        assert_eq!(right_of(TEXT, TEXT.len(), 5), "");
        let second = TEXT.rfind("Naloxone").expect("in the text");
        assert_eq!(as_written(TEXT, second..second + 17), "Naloxone rollout.");
    }

    #[test]
    fn sort_keys_read_from_the_match_outwards_case_folded() {
        assert_eq!(
            sort_key("The Panel, asked", true),
            ["asked", "panel", "the"]
        );
        assert_eq!(sort_key("Kits, and — the", false), ["kits", "and", "the"]);
        assert!(sort_key("", false).is_empty());
    }

    #[test]
    fn an_expansion_is_flagged_unless_the_query_also_wrote_it() {
        let short = MarkPattern::new(analyzer::stems("PCC"), 0);
        let long = MarkPattern::new(analyzer::stems("Police and Crime Commissioner"), 0);
        let word = MarkPattern::new(analyzer::stems("panel"), 0);
        let expanded = Expansion {
            term: "PCC".to_string(),
            expanded_to: vec!["Police and Crime Commissioner".to_string()],
        };
        let patterns = [short.clone(), long.clone(), word];
        assert_eq!(
            expansion_patterns(&patterns, std::slice::from_ref(&expanded)),
            [false, true, false]
        );
        let back = Expansion {
            term: "Police and Crime Commissioner".to_string(),
            expanded_to: vec!["PCC".to_string()],
        };
        assert_eq!(
            expansion_patterns(&patterns, &[expanded, back]),
            [false, false, false]
        );
    }
}
