//! What a query marks in passage text, and where: a word wherever it occurs, a phrase where its
//! words follow each other (one span from its first word to its last), and the words of a
//! proximity query where they fall in a window the query matches.
//!
//! The query compiler says what to mark ([`MarkPattern`], built from the literals it compiles over
//! the passage text); the marker ([`crate::highlight`]) finds the patterns' words in a passage and
//! asks [`Pattern::find`] for the ranges to mark.

use std::ops::Range;

/// Something a query marks in passage text: a sequence of stems of the stemmed text fields and how
/// far apart its words may be (`slop`, as in `"a b"~3`). A single word is a one-stem pattern, an
/// exact phrase has slop 0.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MarkPattern {
    stems: Vec<String>,
    slop: u32,
}

impl MarkPattern {
    /// A pattern of `stems` in order, at most `slop` positions apart in all; a single word has no
    /// slop.
    pub fn new(stems: Vec<String>, slop: u32) -> MarkPattern {
        let slop = if stems.len() > 1 { slop } else { 0 };
        MarkPattern { stems, slop }
    }

    /// The stems, in order.
    pub fn stems(&self) -> &[String] {
        &self.stems
    }

    /// How far apart the words may be.
    pub fn slop(&self) -> u32 {
        self.slop
    }
}

/// A word of a passage whose stem a pattern has.
pub(crate) struct Word {
    /// Its position among the passage's words, as indexed.
    pub position: usize,
    /// Its bytes in the passage.
    pub range: Range<usize>,
    /// The number of its stem.
    pub stem: usize,
}

/// A [`MarkPattern`] with its stems as numbers.
pub(crate) struct Pattern {
    pub stems: Vec<usize>,
    pub slop: u32,
}

/// A cost no window reaches: a word that no window of the pattern can hold.
const UNREACHABLE: i64 = i64::MAX / 4;

impl Pattern {
    /// Calls `found` with each range this pattern marks among `words` (in order of position;
    /// `by_stem[stem]` lists the indexes of the words with that stem, in order): every occurrence
    /// of a word, every occurrence of a phrase as one range from its first word's start to its last
    /// word's end, or each word that is part of a matching proximity window.
    pub fn find(
        &self,
        words: &[Word],
        by_stem: &[Vec<usize>],
        found: &mut impl FnMut(Range<usize>),
    ) {
        let Some((&first, rest)) = self.stems.split_first() else {
            return;
        };
        let starts = by_stem.get(first).map(Vec::as_slice).unwrap_or_default();
        if rest.is_empty() {
            for &index in starts {
                found(words[index].range.clone());
            }
        } else if self.slop == 0 {
            for &index in starts {
                if let Some(last) = phrase_end(words, index, rest) {
                    found(words[index].range.start..words[last].range.end);
                }
            }
        } else {
            self.window_words(words, by_stem, found);
        }
    }

    /// Each word that is one of the pattern's words in a window whose gaps add up to at most the
    /// slop: positions `p0 … pn` of the pattern's stems with `Σ |pᵢ − pᵢ₋₁ − 1| ≤ slop`. This is
    /// tantivy's measure for two words (a word out of order costs its distance plus one) and the
    /// budget it carries from word to word for more.
    ///
    /// The cheapest chain of the words before each candidate (forward) and after it (backward)
    /// are computed term by term, so the cost is linear in the number of candidates whatever the
    /// slop; a candidate is marked when its two chains fit within the slop together.
    fn window_words(
        &self,
        words: &[Word],
        by_stem: &[Vec<usize>],
        found: &mut impl FnMut(Range<usize>),
    ) {
        let lists: Vec<&[usize]> = self
            .stems
            .iter()
            .map(|&stem| by_stem.get(stem).map(Vec::as_slice).unwrap_or_default())
            .collect();
        if lists.iter().any(|list| list.is_empty()) {
            return;
        }
        let positions: Vec<Vec<i64>> = lists
            .iter()
            .map(|list| {
                list.iter()
                    .map(|&index| words[index].position as i64)
                    .collect()
            })
            .collect();
        let slop = i64::from(self.slop);
        let last = lists.len() - 1;
        let mut forward = vec![vec![0; positions[0].len()]];
        for term in 1..=last {
            let targets: Vec<i64> = positions[term].iter().map(|p| p - 1).collect();
            let costs = cheapest(&positions[term - 1], &forward[term - 1], &targets, slop);
            forward.push(costs);
        }
        let mut backward = vec![Vec::new(); last + 1];
        backward[last] = vec![0; positions[last].len()];
        for term in (0..last).rev() {
            let targets: Vec<i64> = positions[term].iter().map(|p| p + 1).collect();
            backward[term] = cheapest(&positions[term + 1], &backward[term + 1], &targets, slop);
        }
        for (term, list) in lists.iter().enumerate() {
            for (candidate, &index) in list.iter().enumerate() {
                if forward[term][candidate] + backward[term][candidate] <= slop {
                    found(words[index].range.clone());
                }
            }
        }
    }
}

/// The index of the last word of the phrase that starts at `words[start]` and goes on with the
/// stems `rest` at the following positions, if it does.
fn phrase_end(words: &[Word], start: usize, rest: &[usize]) -> Option<usize> {
    let position = words[start].position;
    for (offset, &stem) in rest.iter().enumerate() {
        let next = words.get(start + offset + 1)?;
        if next.position != position + offset + 1 || next.stem != stem {
            return None;
        }
    }
    Some(start + rest.len())
}

/// For each target (ascending), the least `costs[u] + |positions[u] − target|` over the
/// candidates `u` (ascending positions); a cost over `slop` is [`UNREACHABLE`].
fn cheapest(positions: &[i64], costs: &[i64], targets: &[i64], slop: i64) -> Vec<i64> {
    // The least cost − position up to each candidate, and cost + position from each on.
    let mut below = Vec::with_capacity(positions.len());
    let mut least = UNREACHABLE;
    for (position, cost) in positions.iter().zip(costs) {
        least = least.min(cost - position);
        below.push(least);
    }
    let mut above = vec![UNREACHABLE; positions.len() + 1];
    for (index, (position, cost)) in positions.iter().zip(costs).enumerate().rev() {
        above[index] = above[index + 1].min(cost + position);
    }
    let mut split = 0;
    targets
        .iter()
        .map(|&target| {
            while split < positions.len() && positions[split] <= target {
                split += 1;
            }
            let before = split
                .checked_sub(1)
                .map_or(UNREACHABLE, |last| below[last] + target);
            let cost = before.min(above[split] - target);
            if cost > slop { UNREACHABLE } else { cost }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of `text` (one letter each, a stem per letter), as the marker would list them.
    fn words(text: &str) -> (Vec<Word>, Vec<Vec<usize>>) {
        let mut words = Vec::new();
        let mut by_stem = vec![Vec::new(); 26];
        for (position, letter) in text.split(' ').enumerate() {
            let Some(byte) = letter.bytes().next().filter(u8::is_ascii_lowercase) else {
                continue;
            };
            let stem = usize::from(byte - b'a');
            by_stem[stem].push(words.len());
            let start = position * 2;
            words.push(Word {
                position,
                range: start..start + 1,
                stem,
            });
        }
        (words, by_stem)
    }

    /// The positions of the words `pattern` marks in `text`, or the spans of its phrases.
    fn marked(pattern: &str, slop: u32, text: &str) -> Vec<Range<usize>> {
        let (words, by_stem) = words(text);
        let pattern = Pattern {
            stems: pattern
                .bytes()
                .map(|byte| usize::from(byte - b'a'))
                .collect(),
            slop,
        };
        let mut ranges = Vec::new();
        pattern.find(&words, &by_stem, &mut |range| {
            ranges.push(range.start / 2..range.end.div_ceil(2))
        });
        ranges.sort_by_key(|range| (range.start, range.end));
        ranges
    }

    #[test]
    fn a_word_is_marked_everywhere() {
        assert_eq!(marked("a", 0, "a b a"), [0..1, 2..3]);
    }

    #[test]
    fn a_phrase_is_one_span_where_its_words_follow_each_other() {
        assert_eq!(marked("ab", 0, "a b x a x b b a b"), [0..2, 7..9]);
        // Overlapping occurrences are each found; the marker joins them.
        assert_eq!(marked("aa", 0, "a a a"), [0..2, 1..3]);
        // A word the marker left out (`-`) breaks the phrase, as a gap in positions.
        assert!(marked("ab", 0, "a - b").is_empty());
    }

    #[test]
    fn proximity_marks_the_words_of_each_window_only() {
        // Within one position of order: `a x b` costs one; `b a` costs two.
        assert_eq!(marked("ab", 1, "a x b x x x x a x x x b"), [0..1, 2..3]);
        assert!(marked("ab", 1, "b a").is_empty());
        assert_eq!(marked("ab", 2, "b a"), [0..1, 1..2]);
        // Every word that some window holds, and no other occurrence.
        assert_eq!(marked("ab", 3, "a x b a x x x x x b"), [0..1, 2..3, 3..4]);
    }

    #[test]
    fn proximity_over_three_words_spends_one_budget() {
        assert_eq!(marked("abc", 1, "a x b c"), [0..1, 2..3, 3..4]);
        assert!(marked("abc", 1, "a x b x c").is_empty());
        assert_eq!(marked("abc", 2, "a x b x c"), [0..1, 2..3, 4..5]);
    }

    #[test]
    fn a_missing_word_marks_nothing() {
        assert!(marked("ab", 0, "a a a").is_empty());
        assert!(marked("ab", 5, "a a a").is_empty());
    }
}
