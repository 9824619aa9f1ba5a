//! A query on what a document has once, its title, that matches every passage of the document.
//!
//! The title is indexed on a document's first passage only (ordinal 0). [`DocumentWideQuery`] runs
//! its inner query, which finds first passages, and answers every passage of each document found,
//! with the first passage's score. To the rest of a search the title is part of every passage, as
//! if it were indexed there ("Warwickshire naloxone" finds the passages on naloxone of a document
//! titled "Warwickshire ..."), while its postings and phrase checks cost once per document rather
//! than once per passage: in the 1 GiB benchmark corpus, 19,050 first passages instead of 1.17
//! million passages.
//!
//! A document's passages are found as a run (`crate::passage_runs`), which relies on how the
//! indexer writes them: in one batch, next to each other, in order from ordinal 0. The runs come
//! from the generation's [`SegmentCache`], opened once per segment.

use std::sync::Arc;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::segment_cache::{SegmentCache, SegmentColumns};

/// Matches every passage of the documents whose first passage `inner` matches.
pub struct DocumentWideQuery {
    inner: Box<dyn Query>,
    segments: Arc<SegmentCache>,
}

impl DocumentWideQuery {
    /// Spreads `inner`, a query on first passages, over whole documents.
    pub fn new(inner: Box<dyn Query>, segments: Arc<SegmentCache>) -> DocumentWideQuery {
        DocumentWideQuery { inner, segments }
    }
}

impl std::fmt::Debug for DocumentWideQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_tuple("DocumentWideQuery")
            .field(&self.inner)
            .finish()
    }
}

impl Clone for DocumentWideQuery {
    fn clone(&self) -> Self {
        DocumentWideQuery {
            inner: self.inner.box_clone(),
            segments: Arc::clone(&self.segments),
        }
    }
}

impl Query for DocumentWideQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DocumentWideWeight {
            inner: self.inner.weight(enable_scoring)?,
            segments: Arc::clone(&self.segments),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct DocumentWideWeight {
    inner: Box<dyn Weight>,
    segments: Arc<SegmentCache>,
}

impl Weight for DocumentWideWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let mut scorer = DocumentWideScorer {
            inner: self.inner.scorer(reader, boost)?,
            segment: self.segments.of(reader)?,
            max_doc: reader.max_doc(),
            doc: TERMINATED,
            end: TERMINATED,
            score: 0.0,
        };
        let first = scorer.inner.doc();
        scorer.enter(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let first = self.segments.of(reader)?.runs.run_of(doc).start;
        self.inner.explain(reader, first)
    }
}

struct DocumentWideScorer {
    /// The inner scorer, at the first passage of the current document (or at the end).
    inner: Box<dyn Scorer>,
    /// The segment's passage runs.
    segment: Arc<SegmentColumns>,
    max_doc: DocId,
    /// The current passage.
    doc: DocId,
    /// Where the current document's passages end.
    end: DocId,
    /// The score of the current document's first passage.
    score: Score,
}

impl DocumentWideScorer {
    /// Moves to the first passage `first` of a matching document (or to the end).
    fn enter(&mut self, first: DocId) -> DocId {
        self.doc = first;
        if first != TERMINATED {
            self.end = self.segment.runs.run_of(first).end.min(self.max_doc);
            self.score = self.inner.score();
        }
        first
    }
}

impl DocSet for DocumentWideScorer {
    fn advance(&mut self) -> DocId {
        if self.doc == TERMINATED {
            return TERMINATED;
        }
        let next = self.doc + 1;
        if next < self.end {
            self.doc = next;
            return next;
        }
        let first = self.inner.advance();
        self.enter(first)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        if target <= self.doc {
            return self.doc;
        }
        if target < self.end {
            self.doc = target;
            return target;
        }
        if target >= self.max_doc {
            self.inner.seek(TERMINATED);
            self.doc = TERMINATED;
            return TERMINATED;
        }
        let target_first = self.segment.runs.run_of(target).start;
        let mut first = self.inner.doc();
        if target_first > first {
            first = self.inner.seek(target_first);
        }
        if first == target_first {
            self.enter(first);
            self.doc = target;
            return target;
        }
        // The target's document does not match: the next one that does starts after the target.
        self.enter(first)
    }

    fn doc(&self) -> DocId {
        self.doc
    }

    fn size_hint(&self) -> u32 {
        self.inner
            .size_hint()
            .saturating_mul(self.segment.passages_per_document)
            .min(self.max_doc)
    }
}

impl Scorer for DocumentWideScorer {
    fn score(&mut self) -> Score {
        self.score
    }
}

#[cfg(test)]
mod tests {
    use oversight_schema::analyzer;
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::test_index;

    /// Documents of 3, 1 and 4 passages; only the first passage has the title, every passage a body.
    fn index() -> (Index, Vec<Vec<DocId>>) {
        let (fields, index, mut writer) = test_index::in_memory();
        let documents = [
            (
                "a",
                "warwickshire panel",
                vec!["budget", "naloxone", "budget"],
            ),
            ("b", "devon report", vec!["naloxone"]),
            (
                "c",
                "warwickshire minutes",
                vec!["apologies", "budget", "naloxone", "close"],
            ),
        ];
        let mut passages = Vec::new();
        let mut next: DocId = 0;
        for (id, title_text, bodies) in documents {
            let mut ids = Vec::new();
            for (position, body_text) in bodies.iter().enumerate() {
                let mut passage = TantivyDocument::new();
                passage.add_text(fields.doc_id, id);
                passage.add_u64(fields.ordinal, position as u64);
                passage.add_u64(fields.passages, bodies.len() as u64);
                passage.add_text(fields.body, body_text);
                if position == 0 {
                    passage.add_text(fields.title, title_text);
                }
                writer.add_document(passage).expect("add");
                ids.push(next);
                next += 1;
            }
            passages.push(ids);
        }
        writer.commit().expect("commit");
        (index, passages)
    }

    /// A query for the stem of `word` in `field`.
    fn term(index: &Index, field: &str, word: &str) -> Box<dyn Query> {
        let field = index.schema().get_field(field).expect("field");
        let stem = analyzer::stems(word).concat();
        Box::new(TermQuery::new(
            Term::from_field_text(field, &stem),
            IndexRecordOption::WithFreqs,
        ))
    }

    /// Spreads `inner` over documents, with a cache of its own.
    fn wide(inner: Box<dyn Query>) -> DocumentWideQuery {
        DocumentWideQuery::new(inner, Arc::default())
    }

    fn matching(index: &Index, query: &dyn Query) -> Vec<DocId> {
        let searcher = index.reader().expect("reader").searcher();
        let mut docs: Vec<DocId> = searcher
            .search(query, &DocSetCollector)
            .expect("search")
            .into_iter()
            .map(|address| address.doc_id)
            .collect();
        docs.sort_unstable();
        docs
    }

    #[test]
    fn every_passage_of_a_matching_document_matches() {
        let (index, passages) = index();
        let query = wide(term(&index, "title", "warwickshire"));
        let expected: Vec<DocId> = [&passages[0], &passages[2]]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        assert_eq!(matching(&index, &query), expected);
        let query = wide(term(&index, "title", "devon"));
        assert_eq!(matching(&index, &query), passages[1]);
    }

    #[test]
    fn with_a_passage_query_it_finds_the_passages_of_matching_documents() {
        let (index, passages) = index();
        let both = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(wide(term(&index, "title", "warwickshire"))),
            ),
            (Occur::Must, term(&index, "body", "naloxone")),
        ]);
        assert_eq!(
            matching(&index, &both),
            vec![passages[0][1], passages[2][2]]
        );
        let either = BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(wide(term(&index, "title", "devon"))),
            ),
            (Occur::Should, term(&index, "body", "close")),
        ]);
        assert_eq!(
            matching(&index, &either),
            vec![passages[1][0], passages[2][3]]
        );
        let excluded = BooleanQuery::new(vec![
            (Occur::Must, Box::new(AllQuery) as Box<dyn Query>),
            (
                Occur::MustNot,
                Box::new(wide(term(&index, "title", "warwickshire"))),
            ),
        ]);
        assert_eq!(matching(&index, &excluded), passages[1]);
    }

    #[test]
    fn seeking_into_the_middle_of_a_document_keeps_its_score() {
        let (index, passages) = index();
        let searcher = index.reader().expect("reader").searcher();
        let query = wide(term(&index, "title", "warwickshire"));
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .expect("weight");
        let segment = searcher.segment_reader(0);
        let mut scorer = weight.scorer(segment, 1.0).expect("scorer");
        assert_eq!(scorer.doc(), passages[0][0]);
        let first_score = scorer.score();
        assert!(first_score > 0.0);
        // Into a document that does not match: on to the next that does, then into its middle.
        assert_eq!(scorer.seek(passages[1][0]), passages[2][0]);
        assert_eq!(scorer.seek(passages[2][2]), passages[2][2]);
        assert!(scorer.score() > 0.0);
        assert_eq!(scorer.advance(), passages[2][3]);
        assert_eq!(scorer.advance(), TERMINATED);
        assert_eq!(scorer.seek(TERMINATED), TERMINATED);
    }
}
