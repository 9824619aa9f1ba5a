//! What searches read from a segment besides its postings (fast-field columns, passage runs, facet
//! readers and dictionaries), opened once per segment and kept for the generation.
//!
//! A segment never changes once written (deletions live beside it), so what is opened from it
//! stays valid for as long as the segment is searched. Opening a column decodes its header and
//! block metadata, which cost a twentieth of a search when every search did it for every segment.

use std::sync::{Arc, Mutex, PoisonError};

use oversight_schema::fields::name;
use rustc_hash::FxHashMap;
use tantivy::SegmentReader;
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;

use crate::facet_tally::{FacetColumns, FacetDictionary};
use crate::passage_runs::PassageRuns;

/// The segments kept, at most; more are dropped all at once (segments merged away leave theirs
/// behind until then).
const MAX_SEGMENTS: usize = 1024;

/// A facet field's column and dictionary in one segment.
pub struct FacetColumn {
    /// The facet ordinals of each passage.
    pub reader: FacetReader,
    /// What each ordinal stands for.
    pub dictionary: FacetDictionary,
}

impl FacetColumn {
    fn open(segment: &SegmentReader, field: &str) -> tantivy::Result<FacetColumn> {
        let reader = segment.facet_reader(field)?;
        let dictionary = FacetDictionary::read(&reader)?;
        Ok(FacetColumn { reader, dictionary })
    }
}

/// One segment's columns.
pub struct SegmentColumns {
    /// The document key of each passage.
    pub doc_key: Column<u64>,
    /// The document's year.
    pub year: Column<u64>,
    /// The first day of the document's date.
    pub date_start: Column<i64>,
    /// The last day of the document's date.
    pub date_end: Column<i64>,
    /// Where each document's passages are.
    pub runs: PassageRuns,
    /// The force facet.
    pub force: FacetColumn,
    /// The type facet.
    pub doc_type: FacetColumn,
    /// The theme facet.
    pub theme: FacetColumn,
}

impl SegmentColumns {
    fn open(segment: &SegmentReader) -> tantivy::Result<SegmentColumns> {
        let fast_fields = segment.fast_fields();
        Ok(SegmentColumns {
            doc_key: fast_fields.u64(name::DOC_KEY)?,
            year: fast_fields.u64(name::YEAR)?,
            date_start: fast_fields.i64(name::DATE_START)?,
            date_end: fast_fields.i64(name::DATE_END)?,
            runs: PassageRuns::of(segment)?,
            force: FacetColumn::open(segment, name::FORCE)?,
            doc_type: FacetColumn::open(segment, name::DOC_TYPE)?,
            theme: FacetColumn::open(segment, name::THEME)?,
        })
    }

    /// The three facets, as the tally reads them.
    pub fn facets(&self) -> FacetColumns<'_> {
        FacetColumns {
            force: (&self.force.reader, &self.force.dictionary),
            doc_type: (&self.doc_type.reader, &self.doc_type.dictionary),
            theme: (&self.theme.reader, &self.theme.dictionary),
        }
    }
}

/// The columns of the segments searched so far, shared by the searches of one generation.
#[derive(Default)]
pub struct SegmentCache {
    opened: Mutex<FxHashMap<SegmentId, Arc<SegmentColumns>>>,
}

impl SegmentCache {
    /// The columns of `segment`, opened on first use.
    pub fn of(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let id = segment.segment_id();
        let known = self
            .opened
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .get(&id)
            .cloned();
        if let Some(columns) = known {
            return Ok(columns);
        }
        let columns = Arc::new(SegmentColumns::open(segment)?);
        let mut opened = self.opened.lock().unwrap_or_else(PoisonError::into_inner);
        if opened.len() >= MAX_SEGMENTS {
            opened.clear();
        }
        opened.insert(id, Arc::clone(&columns));
        Ok(columns)
    }
}
