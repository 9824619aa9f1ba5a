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
//! A document's passages are found as a run ([`PassageRuns`]), which relies on how the indexer
//! writes them: in one batch, next to each other, in order from ordinal 0.

use oversight_schema::fields::name;
use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::passage_runs::PassageRuns;

/// Matches every passage of the documents whose first passage `inner` matches.
#[derive(Debug)]
pub struct DocumentWideQuery {
    inner: Box<dyn Query>,
}

impl DocumentWideQuery {
    /// Spreads `inner`, a query on first passages, over whole documents.
    pub fn new(inner: Box<dyn Query>) -> DocumentWideQuery {
        DocumentWideQuery { inner }
    }
}

impl Clone for DocumentWideQuery {
    fn clone(&self) -> Self {
        DocumentWideQuery {
            inner: self.inner.box_clone(),
        }
    }
}

impl Query for DocumentWideQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(DocumentWideWeight {
            inner: self.inner.weight(enable_scoring)?,
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.inner.query_terms(visitor);
    }
}

struct DocumentWideWeight {
    inner: Box<dyn Weight>,
}

impl Weight for DocumentWideWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let inner = self.inner.scorer(reader, boost)?;
        let documents = match reader.schema().get_field(name::DOC_ID) {
            Ok(doc_id) => reader.inverted_index(doc_id)?.terms().num_terms(),
            Err(_) => 0,
        };
        let passages_per_document = (reader.max_doc() as usize / documents.max(1)).max(1);
        let mut scorer = DocumentWideScorer {
            inner,
            runs: PassageRuns::of(reader)?,
            max_doc: reader.max_doc(),
            passages_per_document: u32::try_from(passages_per_document).unwrap_or(u32::MAX),
            doc: TERMINATED,
            end: TERMINATED,
            score: 0.0,
        };
        let first = scorer.inner.doc();
        scorer.enter(first);
        Ok(Box::new(scorer))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let first = PassageRuns::of(reader)?.run_of(doc).start;
        self.inner.explain(reader, first)
    }
}

struct DocumentWideScorer {
    /// The inner scorer, at the first passage of the current document (or at the end).
    inner: Box<dyn Scorer>,
    runs: PassageRuns,
    max_doc: DocId,
    passages_per_document: u32,
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
            self.end = self.runs.run_of(first).end.min(self.max_doc);
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
        let target_first = self.runs.run_of(target).start;
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
            .saturating_mul(self.passages_per_document)
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
    use tantivy::collector::DocSetCollector;
    use tantivy::query::{AllQuery, BooleanQuery, Occur, TermQuery};
    use tantivy::schema::{FAST, INDEXED, IndexRecordOption, STRING, Schema, TEXT};
    use tantivy::{Index, IndexWriter, TantivyDocument, doc};

    use super::*;

    /// Documents of 3, 1 and 4 passages; only the first passage has the title, every passage a body.
    fn index() -> (Index, Vec<Vec<DocId>>) {
        let mut builder = Schema::builder();
        let doc_id = builder.add_text_field(name::DOC_ID, STRING);
        let ordinal = builder.add_u64_field(name::ORDINAL, INDEXED | FAST);
        let passage_count = builder.add_u64_field(name::PASSAGES, FAST);
        let title = builder.add_text_field("title", TEXT);
        let body = builder.add_text_field("body", TEXT);
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
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
                let mut passage: TantivyDocument = doc!(
                    doc_id => id,
                    ordinal => position as u64,
                    passage_count => bodies.len() as u64,
                    body => *body_text
                );
                if position == 0 {
                    passage.add_text(title, title_text);
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

    fn term(index: &Index, field: &str, text: &str) -> Box<dyn Query> {
        let field = index.schema().get_field(field).expect("field");
        Box::new(TermQuery::new(
            Term::from_field_text(field, text),
            IndexRecordOption::WithFreqs,
        ))
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
        let query = DocumentWideQuery::new(term(&index, "title", "warwickshire"));
        let expected: Vec<DocId> = [&passages[0], &passages[2]]
            .into_iter()
            .flatten()
            .copied()
            .collect();
        assert_eq!(matching(&index, &query), expected);
        let query = DocumentWideQuery::new(term(&index, "title", "devon"));
        assert_eq!(matching(&index, &query), passages[1]);
    }

    #[test]
    fn with_a_passage_query_it_finds_the_passages_of_matching_documents() {
        let (index, passages) = index();
        let both = BooleanQuery::new(vec![
            (
                Occur::Must,
                Box::new(DocumentWideQuery::new(term(
                    &index,
                    "title",
                    "warwickshire",
                ))),
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
                Box::new(DocumentWideQuery::new(term(&index, "title", "devon"))),
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
                Box::new(DocumentWideQuery::new(term(
                    &index,
                    "title",
                    "warwickshire",
                ))),
            ),
        ]);
        assert_eq!(matching(&index, &excluded), passages[1]);
    }

    #[test]
    fn seeking_into_the_middle_of_a_document_keeps_its_score() {
        let (index, passages) = index();
        let searcher = index.reader().expect("reader").searcher();
        let query = DocumentWideQuery::new(term(&index, "title", "warwickshire"));
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
