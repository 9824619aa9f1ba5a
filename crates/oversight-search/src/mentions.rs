//! Counting a query's mentions in passages from the index's positions, without reading any
//! stored text: what the marker ([`crate::highlight`]) would mark in the same passages, found by
//! the same [`Pattern::find`] over the positions of the patterns' stems in the `body` postings.
//!
//! A mention is one occurrence of one of the query's patterns ([`MarkPattern`]): a word wherever
//! it occurs, a phrase once per occurrence, each word of a matching proximity window, an acronym's
//! expansion like the acronym. The same range found by two patterns counts once.
//!
//! An exact phrase with common words is found as the phrase query finds it, by the terms that
//! cover it ([`common_grams::phrase_terms`]): the pair `of the` has far fewer positions to read
//! than `of` and `the`, and the pairs find exactly what the words find. Patterns of one term each
//! (words, or a lone phrase that one pair covers) are counted from term frequencies alone.

use oversight_schema::{Fields, common_grams};
use rustc_hash::FxHashMap;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED, Term};

use crate::mark_pattern::{MarkPattern, Pattern, Word};

/// Counts the mentions of a query's patterns in passages.
pub(crate) struct MentionCounter {
    /// The `body` terms read, by number: stems, and pairs of common words.
    terms: Vec<Term>,
    /// Whether each term is a word the [`Pattern`]s look for (not a pair).
    is_word: Vec<bool>,
    /// The distinct word patterns, their stems as term numbers.
    patterns: Vec<Pattern>,
    /// The distinct exact phrases found by their covering terms.
    covered: Vec<Covered>,
}

/// An exact phrase of `len` words, found where each of its covering terms (a term number) is at
/// the phrase's start plus its offset.
struct Covered {
    terms: Vec<(u32, usize)>,
    len: u32,
}

/// The term numbers of a counter being built.
struct Numbering<'a> {
    body: tantivy::schema::Field,
    numbers: FxHashMap<String, usize>,
    terms: &'a mut Vec<Term>,
    is_word: &'a mut Vec<bool>,
}

impl Numbering<'_> {
    fn number(&mut self, text: &str, word: bool) -> usize {
        let number = match self.numbers.get(text) {
            Some(&number) => number,
            None => {
                self.terms.push(Term::from_field_text(self.body, text));
                self.is_word.push(false);
                self.numbers.insert(text.to_string(), self.terms.len() - 1);
                self.terms.len() - 1
            }
        };
        self.is_word[number] |= word;
        number
    }
}

impl MentionCounter {
    /// A counter of `marks` (the compiled query's patterns) in the `body` field of `fields`.
    pub fn new(fields: &Fields, marks: &[MarkPattern]) -> MentionCounter {
        let mut terms = Vec::new();
        let mut is_word = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut covered: Vec<Covered> = Vec::new();
        let mut numbering = Numbering {
            body: fields.body,
            numbers: FxHashMap::default(),
            terms: &mut terms,
            is_word: &mut is_word,
        };
        let mut seen: Vec<&MarkPattern> = Vec::new();
        for mark in marks {
            if seen.contains(&mark) {
                continue;
            }
            seen.push(mark);
            let stems = mark.stems();
            let cover = common_grams::phrase_terms(stems);
            if mark.slop() == 0 && stems.len() > 1 && cover.len() < stems.len() {
                covered.push(Covered {
                    terms: cover
                        .iter()
                        .map(|(offset, term)| (*offset as u32, numbering.number(term, false)))
                        .collect(),
                    len: stems.len() as u32,
                });
                continue;
            }
            patterns.push(Pattern {
                stems: stems
                    .iter()
                    .map(|stem| numbering.number(stem, true))
                    .collect(),
                slop: mark.slop(),
            });
        }
        MentionCounter {
            terms,
            is_word,
            patterns,
            covered,
        }
    }

    /// Whether the query marks nothing, so that every count is zero.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty() && self.covered.is_empty()
    }

    /// The mentions in each passage of `docs` (of one segment, in increasing order).
    pub fn count(&self, segment: &SegmentReader, docs: &[DocId]) -> tantivy::Result<Vec<u64>> {
        let mut counts = vec![0; docs.len()];
        if self.is_empty() || docs.is_empty() {
            return Ok(counts);
        }
        let inverted = segment.inverted_index(self.terms[0].field())?;
        let lone = self.lone_terms();
        // Frequencies are enough for lone terms; positions are not read then.
        let option = if lone.is_some() {
            IndexRecordOption::WithFreqs
        } else {
            IndexRecordOption::WithFreqsAndPositions
        };
        let mut postings: Vec<Option<SegmentPostings>> = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            postings.push(inverted.read_postings(term, option)?);
        }
        if let Some(terms) = lone {
            // Patterns of one term each never find the same range: the mentions are the terms'
            // frequencies.
            for &term in &terms {
                let Some(list) = &mut postings[term] else {
                    continue;
                };
                for (count, &doc) in counts.iter_mut().zip(docs) {
                    if list.doc() < doc {
                        list.seek(doc);
                    }
                    if list.doc() == doc && doc != TERMINATED {
                        *count += u64::from(list.term_freq());
                    }
                }
            }
            return Ok(counts);
        }
        let mut positions: Vec<Vec<u32>> = vec![Vec::new(); self.terms.len()];
        let mut found: Vec<(u32, u32)> = Vec::new();
        for (count, &doc) in counts.iter_mut().zip(docs) {
            let mut any = false;
            for (list, held) in postings.iter_mut().zip(positions.iter_mut()) {
                held.clear();
                let Some(list) = list else { continue };
                if list.doc() < doc {
                    list.seek(doc);
                }
                if list.doc() == doc && doc != TERMINATED {
                    list.positions(held);
                    any |= !held.is_empty();
                }
            }
            if any {
                *count = self.count_positions(&positions, &mut found);
            }
        }
        Ok(counts)
    }

    /// The terms of the patterns when each is one term: words (two words are never at one
    /// position), or a lone phrase that one pair covers.
    fn lone_terms(&self) -> Option<Vec<usize>> {
        match self.covered.as_slice() {
            [] => self
                .patterns
                .iter()
                .map(|pattern| match pattern.stems.as_slice() {
                    [stem] => Some(*stem),
                    _ => None,
                })
                .collect(),
            [phrase] if self.patterns.is_empty() => match phrase.terms.as_slice() {
                [(0, term)] => Some(vec![*term]),
                _ => None,
            },
            _ => None,
        }
    }

    /// The distinct ranges (of positions) the patterns find, given each term's positions in one
    /// passage.
    fn count_positions(&self, positions: &[Vec<u32>], found: &mut Vec<(u32, u32)>) -> u64 {
        found.clear();
        if !self.patterns.is_empty() {
            let mut words: Vec<(u32, usize)> = Vec::new();
            for (number, held) in positions.iter().enumerate() {
                if self.is_word[number] {
                    words.extend(held.iter().map(|&position| (position, number)));
                }
            }
            words.sort_unstable();
            let mut by_stem = vec![Vec::new(); self.terms.len()];
            let words: Vec<Word> = words
                .iter()
                .enumerate()
                .map(|(index, &(position, stem))| {
                    by_stem[stem].push(index);
                    let position = position as usize;
                    Word {
                        position,
                        range: position..position + 1,
                        stem,
                    }
                })
                .collect();
            for pattern in &self.patterns {
                pattern.find(&words, &by_stem, &mut |range| {
                    found.push((range.start as u32, range.end as u32));
                });
            }
        }
        for phrase in &self.covered {
            let Some(&(first_offset, first)) = phrase.terms.first() else {
                continue;
            };
            for &position in &positions[first] {
                let Some(start) = position.checked_sub(first_offset) else {
                    continue;
                };
                let whole = phrase.terms[1..].iter().all(|&(offset, term)| {
                    positions[term].binary_search(&(start + offset)).is_ok()
                });
                if whole {
                    found.push((start, start + phrase.len));
                }
            }
        }
        found.sort_unstable();
        found.dedup();
        found.len() as u64
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use oversight_schema::vocab::Vocabulary;
    use tantivy::TantivyDocument;

    use super::*;
    use crate::highlight::Marker;
    use crate::query::{Acronyms, QueryCompiler};
    use crate::test_index;

    const TEXTS: [&str; 5] = [
        "Victims of crime: the victim's code says victims come first.",
        "Police and crime commissioner (PCC) reports; the PCC said the police and crime plan stands.",
        "Naloxone was carried. Nothing else.",
        "The restorative justice panel met; restorative approaches and justice were discussed.",
        "Most of the panel, of the public and of them: of, the end of the year.",
    ];

    /// The mentions of `query` in each of `TEXTS`, counted from the index.
    fn counted(query: &str) -> Vec<u64> {
        let (fields, index, mut writer) = test_index::in_memory();
        for text in TEXTS {
            let mut passage = TantivyDocument::new();
            passage.add_text(fields.body, text);
            writer.add_document(passage).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let counter = MentionCounter::new(&fields, &marks(query));
        let segment = searcher.segment_reader(0);
        (0..TEXTS.len() as DocId)
            .map(|doc| counter.count(segment, &[doc]).expect("count")[0])
            .collect()
    }

    fn marks(query: &str) -> Vec<MarkPattern> {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let acronyms = Acronyms::new(&vocabulary);
        let fields = Fields::build();
        let segments = Arc::default();
        QueryCompiler::new(&fields, &vocabulary, &acronyms, &segments)
            .compile(query)
            .unwrap_or_else(|error| panic!("{query}: {error}"))
            .marks
    }

    /// The marks the marker makes in each of `TEXTS`.
    fn marked(query: &str) -> Vec<u64> {
        let mut marker = Marker::of_patterns(&marks(query));
        TEXTS
            .iter()
            .map(|text| marker.highlight(text).matches("<mark>").count() as u64)
            .collect()
    }

    #[test]
    fn words_and_phrases_count_as_the_marker_marks_them() {
        for query in [
            "victim",
            "naloxone",
            "\"restorative justice\"",
            "justice",
            "crime",
        ] {
            assert_eq!(counted(query), marked(query), "{query}");
        }
    }

    #[test]
    fn a_phrase_of_common_words_is_counted_from_its_pairs() {
        let marks = marks("\"of the\"");
        let counter = MentionCounter::new(&Fields::build(), &marks);
        assert!(counter.patterns.is_empty() && counter.covered.len() == 1);
        // Punctuation parts no words: `of, the` is the phrase too, as the index finds it.
        assert_eq!(counted("\"of the\"")[4], 4);
        assert_eq!(counted("\"the end of the year\"")[4], 1);
    }

    #[test]
    fn a_phrase_is_one_mention_and_an_acronym_counts_its_expansion() {
        assert_eq!(counted("\"restorative justice\"")[3], 1);
        let pcc = counted("PCC");
        assert_eq!(pcc[1], marked("PCC")[1]);
        assert!(pcc[1] >= 3, "{pcc:?}");
    }

    #[test]
    fn passages_are_counted_each_and_unmatched_words_count_nothing() {
        let (fields, index, mut writer) = test_index::in_memory();
        for text in TEXTS {
            let mut passage = TantivyDocument::new();
            passage.add_text(fields.body, text);
            writer.add_document(passage).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let segment = searcher.segment_reader(0);
        let counter = MentionCounter::new(&fields, &marks("victim"));
        let all: Vec<DocId> = (0..TEXTS.len() as DocId).collect();
        let per_passage: u64 = counted("victim").iter().sum();
        let counts = counter.count(segment, &all).expect("count");
        assert_eq!(counts.iter().sum::<u64>(), per_passage);
        let absent = MentionCounter::new(&fields, &marks("zebra"));
        let none = absent.count(segment, &all).expect("count");
        assert!(none.iter().all(|count| *count == 0), "{none:?}");
        assert!(MentionCounter::new(&fields, &[]).is_empty());
    }
}
