//! Counting a query's mentions in passages from the index's positions, without reading any
//! stored text: what the marker ([`crate::highlight`]) would mark in the same passages, found by
//! the same [`Pattern::find`] over the positions of the patterns' stems in the `body` postings.
//!
//! A mention is one occurrence of one of the query's patterns ([`MarkPattern`]): a word wherever
//! it occurs, a phrase once per occurrence, each word of a matching proximity window, an acronym's
//! expansion like the acronym. The same range found by two patterns counts once.

use oversight_schema::Fields;
use rustc_hash::FxHashMap;
use tantivy::postings::{Postings, SegmentPostings};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocId, DocSet, SegmentReader, TERMINATED, Term};

use crate::mark_pattern::{MarkPattern, Pattern, Word};

/// Counts the mentions of a query's patterns in passages.
pub(crate) struct MentionCounter {
    /// The `body` term of each stem, by number.
    terms: Vec<Term>,
    /// The distinct patterns, their stems as numbers.
    patterns: Vec<Pattern>,
}

impl MentionCounter {
    /// A counter of `marks` (the compiled query's patterns) in the `body` field of `fields`.
    pub fn new(fields: &Fields, marks: &[MarkPattern]) -> MentionCounter {
        let mut numbers: FxHashMap<&str, usize> = FxHashMap::default();
        let mut terms = Vec::new();
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut seen: Vec<&MarkPattern> = Vec::new();
        for mark in marks {
            if seen.contains(&mark) {
                continue;
            }
            seen.push(mark);
            let stems = mark
                .stems()
                .iter()
                .map(|stem| {
                    *numbers.entry(stem.as_str()).or_insert_with(|| {
                        terms.push(Term::from_field_text(fields.body, stem));
                        terms.len() - 1
                    })
                })
                .collect();
            patterns.push(Pattern {
                stems,
                slop: mark.slop(),
            });
        }
        MentionCounter { terms, patterns }
    }

    /// Whether the query marks nothing, so that every count is zero.
    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// The mentions in each passage of `docs` (of one segment, in increasing order).
    pub fn count(&self, segment: &SegmentReader, docs: &[DocId]) -> tantivy::Result<Vec<u64>> {
        let mut counts = vec![0; docs.len()];
        if self.is_empty() || docs.is_empty() {
            return Ok(counts);
        }
        let inverted = segment.inverted_index(self.terms[0].field())?;
        let mut postings: Vec<Option<SegmentPostings>> = Vec::with_capacity(self.terms.len());
        for term in &self.terms {
            postings.push(inverted.read_postings(term, IndexRecordOption::WithFreqsAndPositions)?);
        }
        let mut positions = Vec::new();
        let mut found: Vec<(u32, u32)> = Vec::new();
        for (count, &doc) in counts.iter_mut().zip(docs) {
            let mut words: Vec<(u32, usize)> = Vec::new();
            for (stem, list) in postings.iter_mut().enumerate() {
                let Some(list) = list else { continue };
                if list.doc() < doc {
                    list.seek(doc);
                }
                if list.doc() == doc && doc != TERMINATED {
                    list.positions(&mut positions);
                    words.extend(positions.iter().map(|&position| (position, stem)));
                }
            }
            if words.is_empty() {
                continue;
            }
            *count = self.count_words(&mut words, &mut found);
        }
        Ok(counts)
    }

    /// The distinct ranges the patterns find among `words` (position and stem number).
    fn count_words(&self, words: &mut [(u32, usize)], found: &mut Vec<(u32, u32)>) -> u64 {
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
        found.clear();
        for pattern in &self.patterns {
            pattern.find(&words, &by_stem, &mut |range| {
                found.push((range.start as u32, range.end as u32));
            });
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

    const TEXTS: [&str; 4] = [
        "Victims of crime: the victim's code says victims come first.",
        "Police and crime commissioner (PCC) reports; the PCC said the police and crime plan stands.",
        "Naloxone was carried. Nothing else.",
        "The restorative justice panel met; restorative approaches and justice were discussed.",
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
