//! A conjunction over whole documents: every clause must match somewhere in a document, not
//! necessarily in one passage, and the passages that answer are the ones holding a clause.
//!
//! `North Yorkshire precept` should find the document that names North Yorkshire on its cover
//! and the precept forty pages on, which a conjunction per passage misses. [`DocumentMatchQuery`]
//! walks the clauses' scorers in step, a document (a run of passages, [`crate::passage_runs`]) at a
//! time: when each clause has a hit in the run, it merges the clauses' hits there into the run's
//! passages and answers every passage that holds at least one clause. Each clause's postings are read once, as in a passage-level
//! conjunction.
//!
//! A clause that matches every passage of a document, as a word of its title or labels does
//! ([`crate::document_wide`]), holds for the document but picks out no passage: the passages that
//! answer are those holding one of the other clauses (all of them when every clause is such).
//!
//! A passage's score is the sum of its clauses' scores plus a bonus for how closely the words meet
//! in its document, so that a document where they meet in one passage ranks above one where they
//! meet in neighbouring passages, and that above one where they are spread:
//! - [`TOGETHER_BONUS`] for a passage holding every clause;
//! - [`NEAR_BONUS`] for a passage whose neighbourhood (it and [`NEAR_PASSAGES`] passages on either
//!   side, in the same document) holds every clause;
//! - [`BEST_FOR_A_CLAUSE_BONUS`] for a clause's best passage, so that a spread document's best
//!   passages show each word before a second passage of any one word.
//!
//! The bonuses are larger than any sum of clause scores, so they order tiers and the clause
//! scores order documents within a tier.

use std::sync::Arc;

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, SegmentReader, TERMINATED, Term};

use crate::segment_cache::{SegmentCache, SegmentColumns};

/// Added to a passage that holds every clause.
pub const TOGETHER_BONUS: Score = 40_000.0;
/// Added to a passage whose neighbourhood holds every clause.
pub const NEAR_BONUS: Score = 20_000.0;
/// Added to the best passage of each clause.
pub const BEST_FOR_A_CLAUSE_BONUS: Score = 10_000.0;
/// How many passages on each side of a passage count as near it.
pub const NEAR_PASSAGES: DocId = 1;

/// Matches the passages holding at least one clause, in documents that hold every clause.
pub struct DocumentMatchQuery {
    clauses: Vec<Box<dyn Query>>,
    segments: Arc<SegmentCache>,
}

impl DocumentMatchQuery {
    /// A conjunction of `clauses` over whole documents, whose passages are read from `segments`.
    /// At most 64 clauses are accepted: a query has no more terms than that.
    pub fn new(clauses: Vec<Box<dyn Query>>, segments: Arc<SegmentCache>) -> DocumentMatchQuery {
        DocumentMatchQuery { clauses, segments }
    }
}

impl std::fmt::Debug for DocumentMatchQuery {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_tuple("DocumentMatchQuery")
            .field(&self.clauses)
            .finish()
    }
}

impl Clone for DocumentMatchQuery {
    fn clone(&self) -> Self {
        DocumentMatchQuery {
            clauses: self
                .clauses
                .iter()
                .map(|clause| clause.box_clone())
                .collect(),
            segments: Arc::clone(&self.segments),
        }
    }
}

impl Query for DocumentMatchQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        let clauses = self
            .clauses
            .iter()
            .map(|clause| clause.weight(enable_scoring))
            .collect::<tantivy::Result<Vec<_>>>()?;
        Ok(Box::new(DocumentMatchWeight {
            clauses,
            segments: Arc::clone(&self.segments),
        }))
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        for clause in &self.clauses {
            clause.query_terms(visitor);
        }
    }
}

struct DocumentMatchWeight {
    clauses: Vec<Box<dyn Weight>>,
    segments: Arc<SegmentCache>,
}

impl DocumentMatchWeight {
    fn document_scorer(
        &self,
        reader: &SegmentReader,
        boost: Score,
    ) -> tantivy::Result<DocumentMatchScorer> {
        let clauses = self
            .clauses
            .iter()
            .map(|clause| clause.scorer(reader, boost))
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut scorer = DocumentMatchScorer {
            clauses,
            segment: self.segments.of(reader)?,
            max_doc: reader.max_doc(),
            run_end: 0,
            passages: Vec::new(),
            cursor: 0,
        };
        scorer.enter_document_from(0, 0);
        Ok(scorer)
    }
}

impl Weight for DocumentMatchWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(self.document_scorer(reader, boost)?))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        let mut scorer = self.document_scorer(reader, 1.0)?;
        if scorer.seek(doc) != doc {
            return Err(tantivy::TantivyError::InvalidArgument(format!(
                "document {doc} does not match"
            )));
        }
        Ok(Explanation::new(
            "every clause in the document, bonus for how close",
            scorer.score(),
        ))
    }
}

/// One answering passage of the current document.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Passage {
    doc: DocId,
    /// Which clauses it holds, a bit each.
    clauses: u64,
    score: Score,
}

struct DocumentMatchScorer {
    clauses: Vec<Box<dyn Scorer>>,
    segment: Arc<SegmentColumns>,
    max_doc: DocId,
    /// Where the current document's passages end.
    run_end: DocId,
    /// The current document's answering passages, in order; empty at the end.
    passages: Vec<Passage>,
    /// The current passage in `passages`.
    cursor: usize,
}

impl DocumentMatchScorer {
    /// Moves to the first document starting at or after `from` (a run's first passage) that holds
    /// every clause, on to its first answering passage at or after `target`; or to the end.
    fn enter_document_from(&mut self, mut from: DocId, target: DocId) -> DocId {
        loop {
            let Some(run) = self.next_document(from) else {
                self.passages.clear();
                self.cursor = 0;
                self.run_end = TERMINATED;
                return TERMINATED;
            };
            self.run_end = run.end;
            self.buffer_document(run.start, run.end);
            self.cursor = self
                .passages
                .partition_point(|passage| passage.doc < target);
            if self.cursor < self.passages.len() {
                return self.passages[self.cursor].doc;
            }
            from = run.end;
        }
    }

    /// The passages of the first document at or after `from` in which every clause has a hit,
    /// with every clause's scorer at its first hit there.
    fn next_document(&mut self, mut from: DocId) -> Option<std::ops::Range<DocId>> {
        if self.clauses.is_empty() {
            return None;
        }
        'align: loop {
            if from >= self.max_doc {
                return None;
            }
            let mut last = 0;
            for clause in &mut self.clauses {
                if clause.doc() < from {
                    clause.seek(from);
                }
                let doc = clause.doc();
                if doc == TERMINATED || doc >= self.max_doc {
                    return None;
                }
                last = last.max(doc);
            }
            let run = self.segment.runs.run_of(last);
            for clause in &self.clauses {
                if clause.doc() < run.start {
                    from = run.start;
                    continue 'align;
                }
            }
            return Some(run);
        }
    }

    /// Reads every clause's hits in the document `start..end` and scores its passages.
    ///
    /// The clauses' scorers are merged passage by passage (each is in passage order already), so
    /// a passage's clauses are summed in clause order without a buffer of hits to sort.
    fn buffer_document(&mut self, start: DocId, end: DocId) {
        self.passages.clear();
        loop {
            let doc = self
                .clauses
                .iter()
                .map(|clause| clause.doc())
                .min()
                .unwrap_or(TERMINATED);
            if doc >= end {
                break;
            }
            let mut passage = Passage {
                doc,
                clauses: 0,
                score: 0.0,
            };
            for (number, clause) in self.clauses.iter_mut().enumerate() {
                if clause.doc() == doc {
                    passage.clauses |= 1 << number;
                    passage.score += clause.score();
                    clause.advance();
                }
            }
            self.passages.push(passage);
        }
        add_closeness_bonuses(&mut self.passages, self.clauses.len(), start..end);
        let everywhere = clauses_in_every_passage(&self.passages, end - start);
        let picking = !everywhere & every_clause(self.clauses.len());
        if picking != 0 {
            self.passages
                .retain(|passage| passage.clauses & picking != 0);
        }
    }
}

/// Adds to each passage the bonus for how closely the clauses meet around it
/// ([`TOGETHER_BONUS`], [`NEAR_BONUS`]), and [`BEST_FOR_A_CLAUSE_BONUS`] to each clause's best
/// passage when the clauses meet nowhere.
fn add_closeness_bonuses(passages: &mut [Passage], clauses: usize, run: std::ops::Range<DocId>) {
    let every = every_clause(clauses);
    let mut met = false;
    for position in 0..passages.len() {
        let passage = passages[position];
        if passage.clauses == every {
            passages[position].score += TOGETHER_BONUS;
            met = true;
        } else if neighbourhood(passages, position, run.start) == every {
            passages[position].score += NEAR_BONUS;
            met = true;
        }
    }
    if met {
        return;
    }
    for number in 0..clauses.min(64) {
        let best = passages
            .iter()
            .enumerate()
            .filter(|(_, passage)| passage.clauses & (1 << number) != 0)
            .max_by(|(_, left), (_, right)| left.score.total_cmp(&right.score))
            .map(|(position, _)| position);
        if let Some(position) = best
            && passages[position].score < BEST_FOR_A_CLAUSE_BONUS
        {
            passages[position].score += BEST_FOR_A_CLAUSE_BONUS;
        }
    }
}

/// The clauses held by the passage at `position` and by the answering passages within
/// [`NEAR_PASSAGES`] of it, none before the document's first passage `run_start`.
fn neighbourhood(passages: &[Passage], position: usize, run_start: DocId) -> u64 {
    let doc = passages[position].doc;
    let low = doc.saturating_sub(NEAR_PASSAGES).max(run_start);
    let high = doc.saturating_add(NEAR_PASSAGES);
    let before = passages[..position]
        .iter()
        .rev()
        .take_while(|other| other.doc >= low);
    let after = passages[position + 1..]
        .iter()
        .take_while(|other| other.doc <= high);
    before
        .chain(after)
        .fold(passages[position].clauses, |held, other| {
            held | other.clauses
        })
}

/// The bits of `clauses` clauses.
fn every_clause(clauses: usize) -> u64 {
    if clauses >= 64 {
        u64::MAX
    } else {
        (1u64 << clauses) - 1
    }
}

/// The clauses (a bit each) held by every one of a document's `run_length` passages, given its
/// answering `passages`: none unless every passage answers.
fn clauses_in_every_passage(passages: &[Passage], run_length: DocId) -> u64 {
    if passages.len() != run_length as usize {
        return 0;
    }
    passages
        .iter()
        .fold(u64::MAX, |held, passage| held & passage.clauses)
}

impl DocSet for DocumentMatchScorer {
    fn advance(&mut self) -> DocId {
        if self.run_end == TERMINATED {
            return TERMINATED;
        }
        self.cursor += 1;
        if self.cursor < self.passages.len() {
            return self.passages[self.cursor].doc;
        }
        self.enter_document_from(self.run_end, 0)
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let current = self.doc();
        if target <= current || current == TERMINATED {
            return current;
        }
        if target < self.run_end {
            self.cursor +=
                self.passages[self.cursor..].partition_point(|passage| passage.doc < target);
            if self.cursor < self.passages.len() {
                return self.passages[self.cursor].doc;
            }
            return self.enter_document_from(self.run_end, 0);
        }
        if target >= self.max_doc {
            self.passages.clear();
            self.run_end = TERMINATED;
            return TERMINATED;
        }
        let start = self.segment.runs.run_of(target).start;
        self.enter_document_from(start, target)
    }

    fn doc(&self) -> DocId {
        self.passages
            .get(self.cursor)
            .map_or(TERMINATED, |passage| passage.doc)
    }

    fn size_hint(&self) -> u32 {
        self.clauses
            .iter()
            .map(|clause| clause.size_hint())
            .min()
            .unwrap_or(0)
    }
}

impl Scorer for DocumentMatchScorer {
    fn score(&mut self) -> Score {
        self.passages
            .get(self.cursor)
            .map_or(0.0, |passage| passage.score)
    }
}

#[cfg(test)]
mod tests {
    use oversight_schema::analyzer;
    use tantivy::collector::TopDocs;
    use tantivy::query::TermQuery;
    use tantivy::schema::IndexRecordOption;
    use tantivy::{Index, TantivyDocument};

    use super::*;
    use crate::test_index;

    /// Documents of passages with these bodies; the passages' ids, by document.
    fn index(documents: &[&[&str]]) -> (Index, Vec<Vec<DocId>>) {
        let (fields, index, mut writer) = test_index::in_memory();
        let mut passages = Vec::new();
        let mut next: DocId = 0;
        for (number, bodies) in documents.iter().enumerate() {
            let mut ids = Vec::new();
            for (position, body) in bodies.iter().enumerate() {
                let mut passage = TantivyDocument::new();
                passage.add_text(fields.doc_id, format!("{number:016x}"));
                passage.add_u64(fields.ordinal, position as u64);
                passage.add_u64(fields.passages, bodies.len() as u64);
                passage.add_text(fields.body, body);
                writer.add_document(passage).expect("add");
                ids.push(next);
                next += 1;
            }
            passages.push(ids);
        }
        writer.commit().expect("commit");
        (index, passages)
    }

    fn word(index: &Index, word: &str) -> Box<dyn Query> {
        let field = index.schema().get_field("body").expect("body");
        Box::new(TermQuery::new(
            Term::from_field_text(field, &analyzer::stems(word).concat()),
            IndexRecordOption::WithFreqs,
        ))
    }

    fn all_of(index: &Index, words: &[&str]) -> DocumentMatchQuery {
        let clauses = words.iter().map(|text| word(index, text)).collect();
        DocumentMatchQuery::new(clauses, Arc::default())
    }

    /// The matching passages, best first, with their scores.
    fn ranked(index: &Index, query: &dyn Query) -> Vec<(DocId, Score)> {
        let searcher = index.reader().expect("reader").searcher();
        searcher
            .search(query, &TopDocs::with_limit(100).order_by_score())
            .expect("search")
            .into_iter()
            .map(|(score, address)| (address.doc_id, score))
            .collect()
    }

    fn docs(index: &Index, query: &dyn Query) -> Vec<DocId> {
        let mut docs: Vec<DocId> = ranked(index, query)
            .into_iter()
            .map(|(doc, _)| doc)
            .collect();
        docs.sort_unstable();
        docs
    }

    #[test]
    fn a_document_matches_when_its_passages_hold_every_word_between_them() {
        let (index, passages) = index(&[
            &["the precept rises", "apologies", "north yorkshire panel"],
            &["precept only", "nothing here"],
            &["yorkshire and the precept together"],
        ]);
        let query = all_of(&index, &["precept", "yorkshire"]);
        // The passages holding a word, of the documents holding both; not the second document.
        assert_eq!(
            docs(&index, &query),
            vec![passages[0][0], passages[0][2], passages[2][0]]
        );
        let none = all_of(&index, &["precept", "custody"]);
        assert!(docs(&index, &none).is_empty());
    }

    #[test]
    fn words_in_one_passage_rank_above_neighbours_and_those_above_spread_words() {
        let (index, passages) = index(&[
            &["custody", "filler", "filler", "victims victims victims"],
            &["custody", "victims"],
            &["victims and custody"],
        ]);
        let query = all_of(&index, &["victims", "custody"]);
        let ranked = ranked(&index, &query);
        let best = |doc: DocId| {
            ranked
                .iter()
                .find(|(found, _)| *found == doc)
                .map_or(0.0, |(_, score)| *score)
        };
        let together = best(passages[2][0]);
        let near = best(passages[1][0]).max(best(passages[1][1]));
        let spread = best(passages[0][0]).max(best(passages[0][3]));
        assert!(together > near, "{together} <= {near}");
        assert!(near > spread, "{near} <= {spread}");
        assert!(spread > BEST_FOR_A_CLAUSE_BONUS, "{spread}");
    }

    #[test]
    fn a_spread_document_shows_the_best_passage_of_each_word_first() {
        let (index, passages) = index(&[&[
            "precept precept precept",
            "precept precept",
            "filler",
            "a word on custody",
        ]]);
        let query = all_of(&index, &["precept", "custody"]);
        let ranked = ranked(&index, &query);
        let first_two: Vec<DocId> = ranked.iter().take(2).map(|(doc, _)| *doc).collect();
        assert!(first_two.contains(&passages[0][3]), "{ranked:?}");
        assert!(first_two.contains(&passages[0][0]), "{ranked:?}");
    }

    #[test]
    fn a_clause_in_every_passage_holds_for_the_document_but_picks_no_passage() {
        let (index, passages) = index(&[
            &[
                "north yorkshire",
                "north yorkshire precept",
                "north yorkshire",
            ],
            &["north yorkshire", "north yorkshire"],
        ]);
        let query = all_of(&index, &["yorkshire", "precept"]);
        assert_eq!(docs(&index, &query), vec![passages[0][1]]);
        let everywhere = all_of(&index, &["north", "yorkshire"]);
        let every_passage: Vec<DocId> = passages.iter().flatten().copied().collect();
        assert_eq!(docs(&index, &everywhere), every_passage);
    }

    #[test]
    fn a_neighbourhood_reaches_adjacent_answering_passages_only() {
        let passage = |doc, clauses| Passage {
            doc,
            clauses,
            score: 0.0,
        };
        let passages = [
            passage(4, 0b001),
            passage(5, 0b010),
            passage(7, 0b100),
            passage(8, 0b001),
        ];
        assert_eq!(neighbourhood(&passages, 0, 4), 0b011);
        assert_eq!(neighbourhood(&passages, 1, 4), 0b011);
        // Passage 6 does not answer, so 5 and 7 are two apart.
        assert_eq!(neighbourhood(&passages, 2, 4), 0b101);
        // Nothing before the document's first passage counts.
        assert_eq!(neighbourhood(&passages, 1, 5), 0b010);
        assert_eq!(clauses_in_every_passage(&passages, 4), 0);
        assert_eq!(clauses_in_every_passage(&passages[..2], 2), 0);
        let everywhere = [passage(0, 0b011), passage(1, 0b110)];
        assert_eq!(clauses_in_every_passage(&everywhere, 2), 0b010);
        assert_eq!(clauses_in_every_passage(&everywhere, 3), 0);
    }

    #[test]
    fn seeking_lands_on_answering_passages_only() {
        let (index, passages) = index(&[
            &["budget", "filler", "naloxone"],
            &["budget only"],
            &["filler", "naloxone budget", "filler", "budget"],
        ]);
        let searcher = index.reader().expect("reader").searcher();
        let query = all_of(&index, &["budget", "naloxone"]);
        let weight = query
            .weight(EnableScoring::enabled_from_searcher(&searcher))
            .expect("weight");
        let mut scorer = weight
            .scorer(searcher.segment_reader(0), 1.0)
            .expect("scorer");
        assert_eq!(scorer.doc(), passages[0][0]);
        // Into a passage that does not answer: on to the next that does.
        assert_eq!(scorer.seek(passages[0][1]), passages[0][2]);
        // Into a document that does not match: on to the next document's first answer.
        assert_eq!(scorer.seek(passages[1][0]), passages[2][1]);
        assert!(scorer.score() > TOGETHER_BONUS);
        assert_eq!(scorer.advance(), passages[2][3]);
        assert_eq!(scorer.advance(), TERMINATED);
        assert_eq!(scorer.seek(TERMINATED), TERMINATED);
        assert_eq!(scorer.advance(), TERMINATED);
    }
}
