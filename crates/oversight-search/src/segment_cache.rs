//! What searches read from a segment besides its postings (fast-field columns, passage runs, facet
//! readers and dictionaries), opened once per segment and kept for the generation.
//!
//! A segment never changes once written (deletions live beside it), so what is opened from it
//! stays valid for as long as the segment is searched. Opening a column decodes its header and
//! block metadata, which cost a twentieth of a search when every search did it for every segment.

use std::sync::{Arc, Mutex, PoisonError};

use oversight_schema::fields::name;
use rustc_hash::FxHashMap;
use tantivy::columnar::Column;
use tantivy::fastfield::FacetReader;
use tantivy::index::SegmentId;
use tantivy::{Searcher, SegmentReader};

use crate::facet_tally::{FacetColumns, FacetDictionary};
use crate::passage_runs::PassageRuns;

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
    /// Passages per document, on average (at least 1).
    pub passages_per_document: u32,
    /// The force facet.
    pub force: FacetColumn,
    /// The type facet.
    pub doc_type: FacetColumn,
    /// The subtype facet.
    pub subtype: FacetColumn,
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
            passages_per_document: passages_per_document(segment)?,
            force: FacetColumn::open(segment, name::FORCE)?,
            doc_type: FacetColumn::open(segment, name::DOC_TYPE)?,
            subtype: FacetColumn::open(segment, name::SUBTYPE)?,
            theme: FacetColumn::open(segment, name::THEME)?,
        })
    }

    /// The three facets, as the tally reads them.
    pub fn facets(&self) -> FacetColumns<'_> {
        FacetColumns {
            force: (&self.force.reader, &self.force.dictionary),
            doc_type: (&self.doc_type.reader, &self.doc_type.dictionary),
            subtype: (&self.subtype.reader, &self.subtype.dictionary),
            theme: (&self.theme.reader, &self.theme.dictionary),
        }
    }
}

/// The segment's passages over its documents (one doc id term per document, deleted ones included).
fn passages_per_document(segment: &SegmentReader) -> tantivy::Result<u32> {
    let documents = match segment.schema().get_field(name::DOC_ID) {
        Ok(doc_id) => segment.inverted_index(doc_id)?.terms().num_terms(),
        Err(_) => 0,
    };
    let average = (segment.max_doc() as usize / documents.max(1)).max(1);
    Ok(u32::try_from(average).unwrap_or(u32::MAX))
}

/// The columns of the segments being searched, shared by the searches of one generation. Columns
/// hold their segment's files mapped, so a segment merged away is let go as soon as a search no
/// longer sees it ([`SegmentCache::keep_only`]).
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
        self.opened
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, Arc::clone(&columns));
        Ok(columns)
    }

    /// Lets go of the columns of segments `searcher` does not search (merged away since).
    pub fn keep_only(&self, searcher: &Searcher) {
        let current: Vec<SegmentId> = searcher
            .segment_readers()
            .iter()
            .map(SegmentReader::segment_id)
            .collect();
        self.opened
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .retain(|id, _| current.contains(id));
    }
}

#[cfg(test)]
mod tests {

    use tantivy::TantivyDocument;

    use super::*;
    use crate::test_index;

    fn opened(cache: &SegmentCache) -> usize {
        cache
            .opened
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    #[test]
    fn columns_are_opened_once_and_let_go_when_their_segment_is_merged_away() {
        let (fields, index, mut writer) = test_index::in_memory();
        for key in 0..2u64 {
            let mut passage = TantivyDocument::new();
            passage.add_u64(fields.doc_key, key);
            writer.add_document(passage).expect("add");
            writer.commit().expect("commit");
        }
        let reader = index.reader().expect("reader");
        let searcher = reader.searcher();
        let cache = SegmentCache::default();
        let first = cache.of(searcher.segment_reader(0)).expect("columns");
        let again = cache.of(searcher.segment_reader(0)).expect("columns");
        assert!(Arc::ptr_eq(&first, &again));
        cache.of(searcher.segment_reader(1)).expect("columns");
        assert_eq!(opened(&cache), 2);
        cache.keep_only(&searcher);
        assert_eq!(opened(&cache), 2);

        let segments = index.searchable_segment_ids().expect("segments");
        writer.merge(&segments).wait().expect("merge");
        reader.reload().expect("reload");
        let merged = reader.searcher();
        assert_eq!(merged.segment_readers().len(), 1);
        cache.keep_only(&merged);
        assert_eq!(opened(&cache), 0);
    }
}
