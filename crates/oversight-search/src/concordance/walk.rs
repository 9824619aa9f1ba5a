//! Walking a search's mentions: the matching passages ([`super::passages`]) in the order of the
//! concordance, each read from the store and marked exactly as the reading view marks it
//! ([`crate::highlight::Marker`]), one mention per mark.

use std::collections::hash_map::Entry;
use std::ops::{ControlFlow, Range};
use std::sync::Arc;

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::{DocAddress, DocId, SegmentOrdinal, TantivyDocument};

use crate::collect::{Prepared, SearchContext, prepare};
use crate::error::{Error, Result};
use crate::highlight::Marker;
use crate::links;
use crate::mentions::MentionCounter;
use crate::query::CompiledQuery;
use crate::request::ValidSearch;
use crate::response::PassageLocation;
use crate::segment_pool;
use crate::stored;

use super::passages::{MatchingPassage, MatchingPassages};
use super::request::ConcordanceSort;
use super::response::ConcordanceRow;
use super::words::{as_written, expansion_patterns, left_of, right_of};

/// What every mention of a document shows of it.
pub(crate) struct DocumentInfo {
    doc_id: String,
    title: String,
    force: Option<String>,
    force_name: Option<String>,
    date: Option<String>,
}

/// One passage with its mentions.
pub(crate) struct PassageMentions {
    document: Arc<DocumentInfo>,
    location: PassageLocation,
    body: String,
    /// Each mention's bytes in the text, and whether it is only an acronym's expansion.
    pub marks: Vec<(Range<usize>, bool)>,
}

impl PassageMentions {
    /// The row of mention `mark`, with `context` words on each side.
    pub fn row(&self, mark: usize, context: usize) -> Option<ConcordanceRow> {
        let (range, expansion) = self.marks.get(mark)?;
        let document = &self.document;
        Some(ConcordanceRow {
            doc_id: document.doc_id.clone(),
            title: document.title.clone(),
            force: document.force.clone(),
            force_name: document.force_name.clone(),
            date: document.date.clone(),
            location: self.location.clone(),
            offset: range.start as u64,
            left: left_of(&self.body, range.start, context),
            matched: as_written(&self.body, range.clone()),
            right: right_of(&self.body, range.end, context),
            expansion: *expansion,
            url: links::passage_url(&document.doc_id, self.location.ordinal),
        })
    }
}

/// A search's matching passages in the order of a concordance, ready to be read.
pub(crate) struct Walk<'a> {
    context: &'a SearchContext<'a>,
    /// The compiled query: what to mark, and the expansions applied.
    pub query: CompiledQuery,
    passages: Vec<MatchingPassage>,
    /// Documents already read, by key (all of them for the document order, which needs titles).
    documents: FxHashMap<u64, Arc<DocumentInfo>>,
}

impl<'a> Walk<'a> {
    /// Runs `search` once and orders its matching passages for `sort`: by date (and so for the
    /// left and right orders, which sort the mentions afterwards) or by document title, then by
    /// document and ordinal.
    pub fn start(
        context: &'a SearchContext<'a>,
        search: &ValidSearch,
        sort: ConcordanceSort,
    ) -> Result<Walk<'a>> {
        let Prepared { query, plan, .. } = prepare(context, search)?;
        let SearchContext {
            snapshot, searcher, ..
        } = *context;
        snapshot.segments.keep_only(searcher);
        let collector = MatchingPassages {
            plan,
            segments: Arc::clone(&snapshot.segments),
        };
        let mut passages =
            segment_pool::search(searcher, &*query.query, &collector, &snapshot.segments)?;
        let mut walk = Walk {
            context,
            query,
            passages: Vec::new(),
            documents: FxHashMap::default(),
        };
        if sort == ConcordanceSort::Document {
            let mut titles: FxHashMap<u64, String> = FxHashMap::default();
            for passage in &passages {
                if let Entry::Vacant(title) = titles.entry(passage.key) {
                    let document = walk.document(passage.first, None)?;
                    title.insert(document.title.to_lowercase());
                    walk.documents.insert(passage.key, document);
                }
            }
            passages.sort_by(|left, right| {
                titles[&left.key]
                    .cmp(&titles[&right.key])
                    .then(left.key.cmp(&right.key))
                    .then(left.ordinal.cmp(&right.ordinal))
            });
        } else {
            passages.sort_by_key(|passage| {
                (
                    passage.date_start.unwrap_or(i64::MAX),
                    passage.key,
                    passage.ordinal,
                )
            });
        }
        walk.passages = passages;
        Ok(walk)
    }

    /// Calls `visit` with each passage that has a mention, in order, until it breaks.
    pub fn for_each(
        &mut self,
        mut visit: impl FnMut(&PassageMentions) -> ControlFlow<()>,
    ) -> Result<()> {
        self.for_each_from(0, |_, passage| visit(passage))
    }

    /// How many matching passages the walk has, and of how many documents.
    pub fn passages_and_documents(&self) -> (u64, u64) {
        let documents = self
            .passages
            .iter()
            .map(|passage| passage.key)
            .collect::<FxHashSet<u64>>()
            .len();
        (self.passages.len() as u64, documents as u64)
    }

    /// The mentions in all the walk's passages, counted from the index's positions
    /// ([`MentionCounter`]) without reading their text.
    pub fn mentions(&self) -> Result<u64> {
        let counter = MentionCounter::new(&self.context.snapshot.fields, &self.query.marks);
        let mut by_segment: FxHashMap<SegmentOrdinal, Vec<DocId>> = FxHashMap::default();
        for passage in &self.passages {
            by_segment
                .entry(passage.address.segment_ord)
                .or_default()
                .push(passage.address.doc_id);
        }
        let mut total = 0;
        for (segment, mut docs) in by_segment {
            docs.sort_unstable();
            let reader = self.context.searcher.segment_reader(segment);
            total += counter.count(reader, &docs)?.iter().sum::<u64>();
        }
        Ok(total)
    }

    /// Calls `visit` with each passage that has a mention, with its number in the walk's order,
    /// from passage `start` on, until it breaks.
    pub fn for_each_from(
        &mut self,
        start: usize,
        mut visit: impl FnMut(usize, &PassageMentions) -> ControlFlow<()>,
    ) -> Result<()> {
        let mut marker = Marker::of_patterns(&self.query.marks);
        let expansion = expansion_patterns(marker.patterns(), &self.query.expansions);
        let fields = &self.context.snapshot.fields;
        let passages = std::mem::take(&mut self.passages);
        for (number, passage) in passages.iter().enumerate().skip(start) {
            let stored: TantivyDocument = self.context.searcher.doc(passage.address)?;
            let body = stored::body(&stored, fields)?;
            let marks: Vec<(Range<usize>, bool)> = marker
                .marks(&body)
                .into_iter()
                .map(|(range, patterns)| {
                    let only_expanded = patterns
                        .iter()
                        .all(|&number| expansion.get(number).copied().unwrap_or(false));
                    (range, only_expanded)
                })
                .collect();
            if marks.is_empty() {
                continue;
            }
            let document = match self.documents.get(&passage.key) {
                Some(known) => Arc::clone(known),
                None => {
                    let doc_id = stored::doc_id(&stored, fields)?;
                    let document = self.document(passage.first, Some(doc_id))?;
                    // Passages come document by document: only the document of the moment is kept.
                    self.documents.clear();
                    self.documents.insert(passage.key, Arc::clone(&document));
                    document
                }
            };
            let mentions = PassageMentions {
                document,
                location: stored::location(&stored, fields)?,
                body,
                marks,
            };
            if visit(number, &mentions).is_break() {
                break;
            }
        }
        self.passages = passages;
        Ok(())
    }

    /// What the mentions of a document show of it, read from its first passage (`doc_id` when
    /// already known from another of its passages).
    fn document(&self, first: DocAddress, doc_id: Option<String>) -> Result<Arc<DocumentInfo>> {
        let SearchContext {
            snapshot,
            searcher,
            vocabulary,
            ..
        } = *self.context;
        let fields = &snapshot.fields;
        let doc_id = match doc_id {
            Some(known) => known,
            None => stored::doc_id(&searcher.doc(first)?, fields)?,
        };
        let meta = stored::document_meta_at(searcher, fields, &doc_id, first)?
            .ok_or_else(|| Error::Corrupt(format!("document {doc_id} has no first passage")))?;
        let force_name = meta
            .force
            .as_deref()
            .and_then(|slug| vocabulary.force(slug))
            .map(|force| force.name.clone());
        Ok(Arc::new(DocumentInfo {
            doc_id,
            title: meta.title,
            force: meta.force,
            force_name,
            date: meta.date.map(|date| date.iso()),
        }))
    }
}
