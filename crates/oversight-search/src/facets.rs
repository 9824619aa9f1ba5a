//! The facets of a search response: the collector's tally per value, labelled for people, in the
//! order the page shows them, each value a filter selects marked and listed even when no document
//! has it.

use std::collections::HashMap;
use std::sync::Arc;

use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use rustc_hash::FxHashMap;

use crate::facet_tally::FacetTally;
use crate::request::Filters;
use crate::response::{FacetCount, Facets};

/// The five facets of a response from the documents counted per value.
pub(crate) fn facets(tally: FacetTally, filters: &Filters, vocabulary: &Vocabulary) -> Facets {
    let FacetTally {
        forces,
        doc_types,
        subtypes,
        themes,
        years,
    } = tally;
    let force_label = |slug: &str| {
        vocabulary
            .force(slug)
            .map_or_else(|| slug.to_string(), |force| force.name.clone())
    };
    let theme_label = |slug: &str| {
        vocabulary
            .theme(slug)
            .map_or_else(|| slug.to_string(), |theme| theme.label.clone())
    };
    let type_label = |slug: &str| {
        DocType::from_slug(slug)
            .map_or_else(|| slug.to_string(), |doc_type| doc_type.label().to_string())
    };
    let selected_types: Vec<String> = filters
        .doc_types
        .iter()
        .map(|doc_type| doc_type.slug().to_string())
        .collect();
    let selected_subtypes: Vec<String> = filters
        .subtypes
        .iter()
        .map(|subtype| subtype.slug().to_string())
        .collect();
    let subtype_label = |slug: &str| {
        Subtype::from_slug(slug)
            .map_or_else(|| slug.to_string(), |subtype| subtype.label().to_string())
    };
    let mut year_counts: Vec<FacetCount> = years
        .into_iter()
        .map(|(year, count)| {
            let in_range = filters.year_from.is_none_or(|from| u64::from(from) <= year)
                && filters.year_to.is_none_or(|to| year <= u64::from(to));
            let selected = (filters.year_from.is_some() || filters.year_to.is_some()) && in_range;
            FacetCount {
                value: year.to_string(),
                label: year.to_string(),
                count,
                selected,
            }
        })
        .collect();
    year_counts.sort_by(|left, right| left.value.cmp(&right.value));
    Facets {
        force: facet_counts(forces, &filters.forces, force_label),
        year: year_counts,
        doc_type: facet_counts(doc_types, &selected_types, type_label),
        subtype: facet_counts(subtypes, &selected_subtypes, subtype_label),
        theme: facet_counts(themes, &filters.themes, theme_label),
    }
}

/// Facet counts, most documents first, with selected values listed even when none match.
fn facet_counts(
    counts: FxHashMap<Arc<str>, u64>,
    selected: &[String],
    label: impl Fn(&str) -> String,
) -> Vec<FacetCount> {
    let mut counts: HashMap<String, u64> = counts
        .into_iter()
        .map(|(slug, count)| (slug.to_string(), count))
        .collect();
    for value in selected {
        counts.entry(value.clone()).or_insert(0);
    }
    let mut facet_counts: Vec<FacetCount> = counts
        .into_iter()
        .map(|(value, count)| FacetCount {
            label: label(&value),
            selected: selected.contains(&value),
            value,
            count,
        })
        .collect();
    facet_counts.sort_by(|left, right| {
        right
            .count
            .cmp(&left.count)
            .then(left.label.cmp(&right.label))
    });
    facet_counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selected_values_are_listed_even_when_no_document_has_them() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let mut tally = FacetTally::default();
        tally.forces.insert(Arc::from("kent"), 3);
        tally.forces.insert(Arc::from("dorset"), 3);
        tally.years.insert(2016, 1);
        tally.years.insert(2014, 2);
        let filters = Filters {
            forces: vec!["warwickshire".to_string()],
            year_from: Some(2015),
            ..Filters::default()
        };
        let facets = facets(tally, &filters, &vocabulary);
        let forces: Vec<(&str, u64, bool)> = facets
            .force
            .iter()
            .map(|count| (count.value.as_str(), count.count, count.selected))
            .collect();
        assert_eq!(
            forces,
            [
                ("dorset", 3, false),
                ("kent", 3, false),
                ("warwickshire", 0, true)
            ]
        );
        let years: Vec<(&str, bool)> = facets
            .year
            .iter()
            .map(|count| (count.value.as_str(), count.selected))
            .collect();
        assert_eq!(years, [("2014", false), ("2016", true)]);
    }
}
