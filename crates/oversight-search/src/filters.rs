//! The filters of a search as the collectors apply them: a [`FilterPlan`] made once per search from
//! the request's [`Filters`], and a [`SegmentFilter`] per segment that tells, for one passage,
//! which filter groups its document passes (a bit each in a pass mask).
//!
//! Facet counts are disjunctive: a document failing exactly one group still counts in that group's
//! facet, so the mask keeps which groups failed rather than a yes or no. Every walk over matching
//! passages (the grouping collector, and any walk that needs the same documents) asks the same
//! [`SegmentFilter::mask`]. A new filter is a new bit, a field of [`FilterPlan`] and a test in
//! [`SegmentFilter::mask`].

use std::collections::HashSet;

use oversight_schema::vocab::Vocabulary;
use tantivy::DocId;
use tantivy::schema::Facet;

use crate::request::Filters;
use crate::segment_cache::{FacetColumn, SegmentColumns};

/// The force filter's bit in a document's pass mask.
pub(crate) const FILTER_FORCE: u8 = 1;
/// Document types.
pub(crate) const FILTER_TYPE: u8 = 1 << 1;
/// Themes.
pub(crate) const FILTER_THEME: u8 = 1 << 2;
/// Year and date ranges.
pub(crate) const FILTER_DATE: u8 = 1 << 3;
/// Document subtypes.
pub(crate) const FILTER_SUBTYPE: u8 = 1 << 4;
/// A document that passes every filter.
pub(crate) const PASSES_ALL: u8 =
    FILTER_FORCE | FILTER_TYPE | FILTER_THEME | FILTER_DATE | FILTER_SUBTYPE;

/// The filters, as facet paths and ranges, resolved per segment.
#[derive(Debug, Clone, Default)]
pub(crate) struct FilterPlan {
    /// Accepted force facets (`/warwickshire`); empty means any.
    pub forces: Vec<Facet>,
    /// Accepted type facets.
    pub doc_types: Vec<Facet>,
    /// Accepted subtype facets.
    pub subtypes: Vec<Facet>,
    /// Accepted theme facets; a sub-theme of one is accepted too.
    pub themes: Vec<Facet>,
    /// Inclusive year range.
    pub years: Option<(u64, u64)>,
    /// Inclusive `yyyymmdd` range a document's date must overlap.
    pub dates: Option<(i64, i64)>,
    /// Keys of documents excluded whole (by a top-level `-term`).
    pub excluded_keys: HashSet<u64>,
}

impl FilterPlan {
    /// The plan of validated `filters` (their themes known to `vocabulary`), excluding no document.
    pub fn new(filters: &Filters, vocabulary: &Vocabulary) -> FilterPlan {
        let slug_facet = |slug: &str| Facet::from_path([slug]);
        FilterPlan {
            forces: filters.forces.iter().map(|slug| slug_facet(slug)).collect(),
            doc_types: filters
                .doc_types
                .iter()
                .map(|doc_type| slug_facet(doc_type.slug()))
                .collect(),
            subtypes: filters
                .subtypes
                .iter()
                .map(|subtype| slug_facet(subtype.slug()))
                .collect(),
            themes: filters
                .themes
                .iter()
                .filter_map(|slug| vocabulary.theme(slug))
                .map(|theme| {
                    Facet::from_path(theme.path.split('/').filter(|part| !part.is_empty()))
                })
                .collect(),
            years: (filters.year_from.is_some() || filters.year_to.is_some()).then(|| {
                (
                    filters.year_from.map_or(0, u64::from),
                    filters.year_to.map_or(u64::MAX, u64::from),
                )
            }),
            dates: (filters.date_from.is_some() || filters.date_to.is_some()).then(|| {
                (
                    filters.date_from.unwrap_or(i64::MIN),
                    filters.date_to.unwrap_or(i64::MAX),
                )
            }),
            excluded_keys: HashSet::new(),
        }
    }
}

/// Whether a document with pass mask `mask` passes every filter except, perhaps, those of `group`.
pub(crate) fn passes_all_but(mask: u8, group: u8) -> bool {
    mask | group == PASSES_ALL
}

/// Whether a document with this pass mask counts anywhere: in the hits (it passes every filter) or
/// in the facet counts of the one filter group it fails.
pub(crate) fn counts(mask: u8) -> bool {
    (PASSES_ALL & !mask).count_ones() <= 1
}

/// The facets a filter accepts, by ordinal in one segment; `None` accepts any.
struct FacetFilter {
    accepted: Option<Vec<bool>>,
}

impl FacetFilter {
    fn new(column: &FacetColumn, accepted: &[Facet]) -> FacetFilter {
        FacetFilter {
            accepted: (!accepted.is_empty()).then(|| column.dictionary.accepting(accepted)),
        }
    }

    fn passes(&self, column: &FacetColumn, doc: DocId) -> bool {
        match &self.accepted {
            None => true,
            Some(accepted) => column
                .reader
                .facet_ords(doc)
                .any(|ord| accepted.get(ord as usize).copied().unwrap_or(false)),
        }
    }
}

/// A [`FilterPlan`] resolved against one segment's facet dictionaries.
pub(crate) struct SegmentFilter {
    force: FacetFilter,
    doc_type: FacetFilter,
    subtype: FacetFilter,
    theme: FacetFilter,
    years: Option<(u64, u64)>,
    dates: Option<(i64, i64)>,
}

impl SegmentFilter {
    /// The plan's filters in the segment of `columns`.
    pub fn new(plan: &FilterPlan, columns: &SegmentColumns) -> SegmentFilter {
        SegmentFilter {
            force: FacetFilter::new(&columns.force, &plan.forces),
            doc_type: FacetFilter::new(&columns.doc_type, &plan.doc_types),
            subtype: FacetFilter::new(&columns.subtype, &plan.subtypes),
            theme: FacetFilter::new(&columns.theme, &plan.themes),
            years: plan.years,
            dates: plan.dates,
        }
    }

    /// Which filter groups the document of passage `doc` passes (the document's facets and dates
    /// are on each of its passages). Exclusions by key are the caller's: it knows the key.
    pub fn mask(&self, columns: &SegmentColumns, doc: DocId) -> u8 {
        let mut mask = 0;
        if self.force.passes(&columns.force, doc) {
            mask |= FILTER_FORCE;
        }
        if self.doc_type.passes(&columns.doc_type, doc) {
            mask |= FILTER_TYPE;
        }
        if self.subtype.passes(&columns.subtype, doc) {
            mask |= FILTER_SUBTYPE;
        }
        if self.theme.passes(&columns.theme, doc) {
            mask |= FILTER_THEME;
        }
        let year_passes = self.years.is_none_or(|(from, to)| {
            columns
                .year
                .first(doc)
                .is_some_and(|year| (from..=to).contains(&year))
        });
        let date_passes = self.dates.is_none_or(|(from, to)| {
            let start = columns.date_start.first(doc);
            let end = columns.date_end.first(doc);
            matches!((start, end), (Some(start), Some(end)) if end >= from && start <= to)
        });
        if year_passes && date_passes {
            mask |= FILTER_DATE;
        }
        mask
    }
}

#[cfg(test)]
mod tests {
    use oversight_schema::model::DocType;

    use super::*;

    #[test]
    fn a_document_failing_one_group_counts_only_in_that_facet() {
        let failing_force = PASSES_ALL & !FILTER_FORCE;
        assert!(counts(failing_force));
        assert!(passes_all_but(failing_force, FILTER_FORCE));
        assert!(!passes_all_but(failing_force, FILTER_TYPE));
        assert!(!counts(PASSES_ALL & !FILTER_FORCE & !FILTER_DATE));
        assert!(counts(PASSES_ALL));
    }

    #[test]
    fn a_plan_names_the_facets_and_ranges_of_its_filters() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let filters = Filters {
            forces: vec!["warwickshire".to_string()],
            doc_types: vec![DocType::Minutes],
            themes: vec!["restorative-justice".to_string()],
            year_from: Some(2014),
            date_to: Some(20170630),
            ..Filters::default()
        };
        let plan = FilterPlan::new(&filters, &vocabulary);
        assert_eq!(plan.forces, [Facet::from("/warwickshire")]);
        assert_eq!(plan.doc_types, [Facet::from("/minutes")]);
        assert_eq!(plan.themes, [Facet::from("/victims/restorative-justice")]);
        assert_eq!(plan.years, Some((2014, u64::MAX)));
        assert_eq!(plan.dates, Some((i64::MIN, 20170630)));
        assert!(
            FilterPlan::new(&Filters::default(), &vocabulary)
                .years
                .is_none()
        );
    }
}
