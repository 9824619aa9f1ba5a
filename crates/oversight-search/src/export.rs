//! Exporting a search: every matching passage (with its document's metadata, its location, its
//! text and its snippet) or every matching document, handed one row at a time to a sink, so that
//! nothing but the row being written is held however many match.
//!
//! [`Export`] is made in two steps so that a bad query is refused before anything is sent:
//! [`crate::SearchEngine::export`] compiles the search ([`crate::collect::prepare`]) and opens a
//! searcher; [`Export::run`] walks the query's passages segment by segment in index order (a
//! document's passages are one run of a segment, in reading order) with scoring off, keeping the
//! passages whose document the search keeps: the same [`SegmentFilter`] mask and `-term`
//! exclusions as the grouping collector, so an export has exactly the search's
//! `total_passages` (or `total_documents` rows at document level). The sink answers
//! [`ControlFlow::Break`] when the reader has gone, and the walk stops at once.

use std::ops::ControlFlow;
use std::sync::Arc;

use oversight_schema::model::{DocType, DocumentMeta, Subtype};
use rustc_hash::FxHashMap;
use serde::Serialize;
use tantivy::query::EnableScoring;
use tantivy::{DocAddress, DocId, DocSet, Searcher, SegmentOrdinal, TERMINATED, TantivyDocument};

use crate::collect::{Prepared, SearchContext, prepare};
use crate::error::{Error, Result};
use crate::filters::{FilterPlan, PASSES_ALL, SegmentFilter};
use crate::highlight::Marker;
use crate::links;
use crate::query::CompiledQuery;
use crate::request::ValidSearch;
use crate::respond::{snippet_html, snippet_marker};
use crate::segment_cache::SegmentColumns;
use crate::snapshot::Snapshot;
use crate::stored;

/// What an export has a row for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum ExportLevel {
    /// Every matching passage.
    #[default]
    Passage,
    /// Every matching document.
    Document,
}

impl ExportLevel {
    /// Parses `passage` or `document` (empty is `passage`).
    pub fn parse(text: &str) -> Result<ExportLevel> {
        match text {
            "" | "passage" => Ok(ExportLevel::Passage),
            "document" => Ok(ExportLevel::Document),
            other => Err(Error::InvalidParameter {
                name: "level",
                message: format!(
                    "`{}` is not a level; use passage or document",
                    other.chars().take(40).collect::<String>()
                ),
            }),
        }
    }
}

/// The columns of a document, on each of its rows.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedDocument {
    /// The document's id.
    pub doc_id: String,
    /// Its title.
    pub title: String,
    /// The force slug, if it belongs to one.
    pub force: Option<String>,
    /// The force's name.
    pub force_name: Option<String>,
    /// The date in ISO form at its precision.
    pub date: Option<String>,
    /// The document type.
    #[serde(rename = "type")]
    pub doc_type: DocType,
    /// The document subtype, under its type.
    pub subtype: Subtype,
    /// Theme slugs, strongest first.
    pub themes: Vec<String>,
    /// Where the document was published, when known.
    pub source_url: Option<String>,
    /// The API address of the document.
    pub document_url: String,
}

/// The columns of a passage.
#[derive(Debug, Clone, Serialize)]
pub struct ExportedPassage {
    /// The passage's position in the document, from 0.
    pub ordinal: u64,
    /// The page of the original file, when known.
    pub page: Option<u64>,
    /// The agenda item or top-level section.
    pub item: Option<String>,
    /// The nearest heading.
    pub heading: Option<String>,
    /// The API address of the passage.
    pub passage_url: String,
    /// The passage's best window, HTML-escaped with matches in `<mark>`, as in a search's hits.
    pub snippet: String,
    /// The passage's whole text.
    pub text: String,
}

/// One row of an export.
#[derive(Debug, Clone, Copy)]
pub enum ExportRow<'a> {
    /// A matching document and how many of its passages match.
    Document {
        /// The document.
        document: &'a ExportedDocument,
        /// How many of its passages match.
        matched_passages: u64,
    },
    /// A matching passage and its document.
    Passage {
        /// Its document.
        document: &'a ExportedDocument,
        /// The passage.
        passage: &'a ExportedPassage,
    },
}

/// How an export ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExportSummary {
    /// Rows handed to the sink.
    pub rows: u64,
    /// Whether every matching row was handed over (false when the sink stopped the walk).
    pub complete: bool,
}

/// A search ready to export: compiled, its filters resolved, over one state of the index.
pub struct Export {
    snapshot: Arc<Snapshot>,
    searcher: Searcher,
    query: CompiledQuery,
    plan: Arc<FilterPlan>,
    marker: Marker,
    force_names: FxHashMap<String, String>,
    level: ExportLevel,
}

/// Prepares the export of `search` at `level` over `context`.
pub(crate) fn prepare_export(
    context: &SearchContext<'_>,
    snapshot: Arc<Snapshot>,
    search: &ValidSearch,
    level: ExportLevel,
) -> Result<Export> {
    let Prepared { query, plan, .. } = prepare(context, search)?;
    let marker = snippet_marker(context, &query.marks, snapshot.fields.body)?;
    let force_names = context
        .vocabulary
        .forces
        .iter()
        .map(|force| (force.slug.clone(), force.name.clone()))
        .collect();
    Ok(Export {
        searcher: context.searcher.clone(),
        snapshot,
        query,
        plan,
        marker,
        force_names,
        level,
    })
}

/// The document whose passages the walk is in.
struct Current {
    end: DocId,
    /// Its columns, when it passes every filter (read from its first passage).
    kept: Option<ExportedDocument>,
    matched_passages: u64,
}

impl Export {
    /// Hands every row to `sink`, in index order, until it answers [`ControlFlow::Break`].
    pub fn run(
        mut self,
        mut sink: impl FnMut(ExportRow<'_>) -> ControlFlow<()>,
    ) -> Result<ExportSummary> {
        let searcher = self.searcher.clone();
        self.snapshot.segments.keep_only(&searcher);
        let weight = self
            .query
            .query
            .weight(EnableScoring::disabled_from_searcher(&searcher))?;
        let mut rows = 0;
        for (segment_ord, segment) in searcher.segment_readers().iter().enumerate() {
            let segment_ord = segment_ord as SegmentOrdinal;
            let columns = self.snapshot.segments.of(segment)?;
            let filter = SegmentFilter::new(&self.plan, &columns);
            let alive = segment.alive_bitset();
            let mut scorer = weight.scorer(segment, 1.0)?;
            let mut current: Option<Current> = None;
            let mut doc = scorer.doc();
            while doc != TERMINATED {
                if alive.is_none_or(|alive| alive.is_alive(doc)) {
                    if current.as_ref().is_none_or(|current| doc >= current.end) {
                        if let Some(done) = current.take()
                            && self.finish(done, &mut sink, &mut rows).is_break()
                        {
                            return Ok(ExportSummary {
                                rows,
                                complete: false,
                            });
                        }
                        current = match columns.doc_key.first(doc) {
                            Some(key) => {
                                Some(self.start(segment_ord, doc, key, &filter, &columns)?)
                            }
                            None => None,
                        };
                    }
                    if let Some(current) = current.as_mut()
                        && let Some(document) = &current.kept
                    {
                        current.matched_passages += 1;
                        if self.level == ExportLevel::Passage {
                            let passage = self.passage(DocAddress::new(segment_ord, doc))?;
                            rows += 1;
                            if sink(ExportRow::Passage {
                                document,
                                passage: &passage,
                            })
                            .is_break()
                            {
                                return Ok(ExportSummary {
                                    rows,
                                    complete: false,
                                });
                            }
                        }
                    }
                }
                doc = scorer.advance();
            }
            if let Some(done) = current.take()
                && self.finish(done, &mut sink, &mut rows).is_break()
            {
                return Ok(ExportSummary {
                    rows,
                    complete: false,
                });
            }
        }
        Ok(ExportSummary {
            rows,
            complete: true,
        })
    }

    /// The document of passage `doc`, whose key is `key`: its columns when the search keeps it.
    fn start(
        &self,
        segment_ord: SegmentOrdinal,
        doc: DocId,
        key: u64,
        filter: &SegmentFilter,
        columns: &SegmentColumns,
    ) -> Result<Current> {
        let run = columns.runs.run_of(doc);
        let kept =
            !self.plan.excluded_keys.contains(&key) && filter.mask(columns, doc) == PASSES_ALL;
        let kept = if kept {
            let first = DocAddress::new(segment_ord, run.start);
            Some(self.document(first, doc)?)
        } else {
            None
        };
        Ok(Current {
            end: run.end,
            kept,
            matched_passages: 0,
        })
    }

    /// At document level, the row of a kept document once its passages are counted.
    fn finish(
        &self,
        done: Current,
        sink: &mut impl FnMut(ExportRow<'_>) -> ControlFlow<()>,
        rows: &mut u64,
    ) -> ControlFlow<()> {
        let Current {
            kept: Some(document),
            matched_passages,
            ..
        } = done
        else {
            return ControlFlow::Continue(());
        };
        if self.level != ExportLevel::Document || matched_passages == 0 {
            return ControlFlow::Continue(());
        }
        *rows += 1;
        sink(ExportRow::Document {
            document: &document,
            matched_passages,
        })
    }

    /// The columns of the document whose first passage is at `first` (found by id from the
    /// matching passage `doc` should `first` be another document's).
    fn document(&self, first: DocAddress, doc: DocId) -> Result<ExportedDocument> {
        let fields = &self.snapshot.fields;
        let stored_first: TantivyDocument = self.searcher.doc(first)?;
        let doc_id = match stored::text(&stored_first, fields.doc_id) {
            Some(id) if stored::number(&stored_first, fields.ordinal) == Some(0) => id,
            _ => {
                let passage: TantivyDocument =
                    self.searcher.doc(DocAddress::new(first.segment_ord, doc))?;
                stored::doc_id(&passage, fields)?
            }
        };
        let meta = stored::document_meta_at(&self.searcher, fields, &doc_id, first)?
            .ok_or_else(|| Error::Corrupt(format!("document {doc_id} has no first passage")))?;
        Ok(self.columns_of(meta))
    }

    fn columns_of(&self, meta: DocumentMeta) -> ExportedDocument {
        ExportedDocument {
            document_url: links::document_url(&meta.doc_id),
            force_name: meta
                .force
                .as_deref()
                .and_then(|slug| self.force_names.get(slug))
                .cloned(),
            doc_id: meta.doc_id,
            title: meta.title,
            force: meta.force,
            date: meta.date.map(|date| date.iso()),
            doc_type: meta.doc_type,
            subtype: meta.subtype,
            themes: meta.themes.into_iter().map(|theme| theme.theme).collect(),
            source_url: meta.source_url,
        }
    }

    /// The columns of the passage at `address`.
    fn passage(&mut self, address: DocAddress) -> Result<ExportedPassage> {
        let fields = &self.snapshot.fields;
        let stored: TantivyDocument = self.searcher.doc(address)?;
        let doc_id = stored::doc_id(&stored, fields)?;
        let location = stored::location(&stored, fields)?;
        let text = stored::body(&stored, fields)?;
        Ok(ExportedPassage {
            passage_url: links::passage_url(&doc_id, location.ordinal),
            snippet: snippet_html(&mut self.marker, &text),
            ordinal: location.ordinal,
            page: location.page,
            item: location.item,
            heading: location.heading,
            text,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_are_passage_by_default_or_document() {
        assert_eq!(ExportLevel::parse("").ok(), Some(ExportLevel::Passage));
        assert_eq!(
            ExportLevel::parse("passage").ok(),
            Some(ExportLevel::Passage)
        );
        assert_eq!(
            ExportLevel::parse("document").ok(),
            Some(ExportLevel::Document)
        );
        for refused in ["documents", "Passage", "sentence"] {
            assert!(
                matches!(
                    ExportLevel::parse(refused),
                    Err(Error::InvalidParameter { name: "level", .. })
                ),
                "{refused}"
            );
        }
    }
}
