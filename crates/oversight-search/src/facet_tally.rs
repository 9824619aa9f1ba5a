//! Facet values as a segment stores them, and the per-document counts a search makes of them.
//!
//! A segment's facet column gives each passage the ordinals of its facets. A [`FacetDictionary`]
//! turns an ordinal into its facet and into the slugs of the facet and its ancestors (read once per
//! segment, `crate::segment_cache`). Counting happens per segment on slug numbers
//! ([`SegmentTally`]), and only the slugs that were counted become strings ([`FacetTally`]).

use std::sync::Arc;

use rustc_hash::FxHashMap;
use tantivy::DocId;
use tantivy::fastfield::FacetReader;
use tantivy::schema::Facet;

/// The facets of one facet field in one segment.
pub struct FacetDictionary {
    /// Per ordinal, the facet.
    facets: Vec<Facet>,
    /// Per ordinal, the numbers of the slugs of the facet and its ancestors, root first.
    lineages: Vec<Vec<u32>>,
    /// The slugs, by number.
    slugs: Vec<Arc<str>>,
}

impl FacetDictionary {
    /// Reads the dictionary of a segment's facet column.
    pub fn read(reader: &FacetReader) -> tantivy::Result<FacetDictionary> {
        let mut facets = Vec::with_capacity(reader.num_facets());
        let mut facet = Facet::root();
        for ord in 0..reader.num_facets() as u64 {
            reader.facet_from_ord(ord, &mut facet)?;
            facets.push(facet.clone());
        }
        let mut numbers: FxHashMap<String, u32> = FxHashMap::default();
        let mut slugs: Vec<Arc<str>> = Vec::new();
        let lineages = facets
            .iter()
            .map(|facet| {
                facet
                    .to_path()
                    .into_iter()
                    .map(|slug| {
                        *numbers.entry(slug.to_string()).or_insert_with(|| {
                            slugs.push(Arc::from(slug));
                            (slugs.len() - 1) as u32
                        })
                    })
                    .collect()
            })
            .collect();
        Ok(FacetDictionary {
            facets,
            lineages,
            slugs,
        })
    }

    /// Per ordinal, whether the facet is one of `accepted` or below one.
    pub fn accepting(&self, accepted: &[Facet]) -> Vec<bool> {
        self.facets
            .iter()
            .map(|facet| {
                accepted
                    .iter()
                    .any(|wanted| wanted.is_prefix_of(facet) || wanted == facet)
            })
            .collect()
    }

    /// The slug numbers of the facet of ordinal `ord` and its ancestors.
    pub fn lineage(&self, ord: u64) -> &[u32] {
        usize::try_from(ord)
            .ok()
            .and_then(|ord| self.lineages.get(ord))
            .map_or(&[], Vec::as_slice)
    }

    /// How many slugs the dictionary numbers.
    pub fn slug_count(&self) -> usize {
        self.slugs.len()
    }

    /// Counts by slug number as counts by slug, leaving out zeros.
    fn named(&self, counts: &[u64]) -> FxHashMap<Arc<str>, u64> {
        counts
            .iter()
            .zip(&self.slugs)
            .filter(|(count, _)| **count > 0)
            .map(|(count, slug)| (Arc::clone(slug), *count))
            .collect()
    }
}

/// Documents per facet value, for the four facets of a response.
#[derive(Debug, Default)]
pub struct FacetTally {
    /// Documents per force slug.
    pub forces: FxHashMap<Arc<str>, u64>,
    /// Documents per type slug.
    pub doc_types: FxHashMap<Arc<str>, u64>,
    /// Documents per subtype slug (`report/decision`).
    pub subtypes: FxHashMap<Arc<str>, u64>,
    /// Documents per theme slug (a document counts once for a theme and once for its parent).
    pub themes: FxHashMap<Arc<str>, u64>,
    /// Documents per year.
    pub years: FxHashMap<u64, u64>,
}

impl FacetTally {
    /// Adds the counts of `other`.
    pub fn add(&mut self, other: FacetTally) {
        let add = |into: &mut FxHashMap<Arc<str>, u64>, from: FxHashMap<Arc<str>, u64>| {
            for (slug, count) in from {
                *into.entry(slug).or_default() += count;
            }
        };
        add(&mut self.forces, other.forces);
        add(&mut self.doc_types, other.doc_types);
        add(&mut self.subtypes, other.subtypes);
        add(&mut self.themes, other.themes);
        for (year, count) in other.years {
            *self.years.entry(year).or_default() += count;
        }
    }
}

/// One segment's counts, by slug number.
pub struct SegmentTally {
    forces: Vec<u64>,
    doc_types: Vec<u64>,
    subtypes: Vec<u64>,
    themes: Vec<u64>,
    years: FxHashMap<u64, u64>,
    /// Per theme slug, the number of the last document counted for it (from 1).
    theme_counted_for: Vec<u32>,
    /// The number of documents whose themes were counted.
    theme_documents: u32,
}

/// What a segment tallies from: each facet's reader and dictionary.
pub struct FacetColumns<'a> {
    /// The force facet.
    pub force: (&'a FacetReader, &'a FacetDictionary),
    /// The type facet.
    pub doc_type: (&'a FacetReader, &'a FacetDictionary),
    /// The subtype facet.
    pub subtype: (&'a FacetReader, &'a FacetDictionary),
    /// The theme facet.
    pub theme: (&'a FacetReader, &'a FacetDictionary),
}

impl SegmentTally {
    /// Empty counts for the slugs of `columns`.
    pub fn new(columns: &FacetColumns<'_>) -> SegmentTally {
        SegmentTally {
            forces: vec![0; columns.force.1.slug_count()],
            doc_types: vec![0; columns.doc_type.1.slug_count()],
            subtypes: vec![0; columns.subtype.1.slug_count()],
            themes: vec![0; columns.theme.1.slug_count()],
            years: FxHashMap::default(),
            theme_counted_for: vec![0; columns.theme.1.slug_count()],
            theme_documents: 0,
        }
    }

    /// Counts the force of the document whose first matching passage is `doc`.
    pub fn count_force(&mut self, columns: &FacetColumns<'_>, doc: DocId) {
        count_first(&mut self.forces, columns.force, doc);
    }

    /// Counts the type of the document whose first matching passage is `doc`.
    pub fn count_doc_type(&mut self, columns: &FacetColumns<'_>, doc: DocId) {
        count_first(&mut self.doc_types, columns.doc_type, doc);
    }

    /// Counts the subtype of the document whose first matching passage is `doc`.
    pub fn count_subtype(&mut self, columns: &FacetColumns<'_>, doc: DocId) {
        count_first(&mut self.subtypes, columns.subtype, doc);
    }

    /// Counts each theme of the document, and each of their ancestors, once.
    pub fn count_themes(&mut self, columns: &FacetColumns<'_>, doc: DocId) {
        let (reader, dictionary) = columns.theme;
        self.theme_documents += 1;
        for ord in reader.facet_ords(doc) {
            for &slug in dictionary.lineage(ord) {
                let slug = slug as usize;
                if let (Some(counted_for), Some(count)) = (
                    self.theme_counted_for.get_mut(slug),
                    self.themes.get_mut(slug),
                ) && *counted_for != self.theme_documents
                {
                    *counted_for = self.theme_documents;
                    *count += 1;
                }
            }
        }
    }

    /// Counts the document's year.
    pub fn count_year(&mut self, year: u64) {
        *self.years.entry(year).or_default() += 1;
    }

    /// The counts by slug.
    pub fn named(self, columns: &FacetColumns<'_>) -> FacetTally {
        FacetTally {
            forces: columns.force.1.named(&self.forces),
            doc_types: columns.doc_type.1.named(&self.doc_types),
            subtypes: columns.subtype.1.named(&self.subtypes),
            themes: columns.theme.1.named(&self.themes),
            years: self.years,
        }
    }
}

/// Counts the (deepest) slug of the document's first facet.
fn count_first(
    counts: &mut [u64],
    (reader, dictionary): (&FacetReader, &FacetDictionary),
    doc: DocId,
) {
    let slug = reader
        .facet_ords(doc)
        .next()
        .and_then(|ord| dictionary.lineage(ord).last().copied());
    if let Some(count) = slug.and_then(|slug| counts.get_mut(slug as usize)) {
        *count += 1;
    }
}

#[cfg(test)]
mod tests {
    use tantivy::schema::{FacetOptions, Schema};
    use tantivy::{Index, IndexWriter, TantivyDocument};

    use super::*;

    fn named(tally: &FxHashMap<Arc<str>, u64>) -> Vec<(String, u64)> {
        let mut counts: Vec<(String, u64)> = tally
            .iter()
            .map(|(slug, count)| (slug.to_string(), *count))
            .collect();
        counts.sort();
        counts
    }

    #[test]
    fn a_document_counts_once_for_each_theme_and_ancestor() {
        let mut builder = Schema::builder();
        let theme = builder.add_facet_field("theme", FacetOptions::default());
        let force = builder.add_facet_field("force", FacetOptions::default());
        let index = Index::create_in_ram(builder.build());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let documents: [(&[&str], &str); 2] = [
            (
                &["/victims/restorative-justice", "/victims/domestic-abuse"],
                "/kent",
            ),
            (&["/victims/domestic-abuse", "/finance"], "/devon"),
        ];
        for (themes, force_path) in documents {
            let mut document = TantivyDocument::new();
            for path in themes {
                document.add_facet(theme, Facet::from(*path));
            }
            document.add_facet(force, Facet::from(force_path));
            writer.add_document(document).expect("add");
        }
        writer.commit().expect("commit");
        let searcher = index.reader().expect("reader").searcher();
        let segment = searcher.segment_reader(0);
        let theme_reader = segment.facet_reader("theme").expect("theme");
        let theme_dictionary = FacetDictionary::read(&theme_reader).expect("theme");
        let force_reader = segment.facet_reader("force").expect("force");
        let force_dictionary = FacetDictionary::read(&force_reader).expect("force");
        let columns = FacetColumns {
            force: (&force_reader, &force_dictionary),
            doc_type: (&force_reader, &force_dictionary),
            subtype: (&force_reader, &force_dictionary),
            theme: (&theme_reader, &theme_dictionary),
        };
        let mut tally = SegmentTally::new(&columns);
        for doc in 0..2 {
            tally.count_themes(&columns, doc);
            tally.count_force(&columns, doc);
        }
        tally.count_year(2014);
        let tally = tally.named(&columns);
        assert_eq!(
            named(&tally.themes),
            [
                ("domestic-abuse".to_string(), 2),
                ("finance".to_string(), 1),
                ("restorative-justice".to_string(), 1),
                ("victims".to_string(), 2),
            ]
        );
        assert_eq!(
            named(&tally.forces),
            [("devon".to_string(), 1), ("kent".to_string(), 1)]
        );
        assert_eq!(tally.years.get(&2014), Some(&1));
    }
}
