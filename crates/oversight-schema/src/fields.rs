//! The passage fields of the tantivy index: their names, options and handles.
//!
//! One tantivy document is one passage (a section, an agenda item, a minute or a page) and carries
//! the metadata of its parent document as facets and fast fields, so that filters, facet counts and
//! grouping by document never need the document store. The parent document's full metadata is stored
//! once, as JSON, on its first passage (ordinal 0).

use tantivy::IndexSettings;
use tantivy::schema::{
    FAST, FacetOptions, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema,
    TextFieldIndexing, TextOptions,
};
use tantivy::store::Compressor;

use crate::analyzer;
use crate::{Error, Result};

/// Version of the field layout. Bump it whenever a field is added, removed or changes options: an
/// index written with another version is rebuilt rather than updated.
pub const INDEX_FORMAT_VERSION: u32 = 7;

/// Field names, as they appear in the tantivy schema and in `field:value` queries.
pub mod name {
    /// Stable document id: a hash of the document's content.
    pub const DOC_ID: &str = "doc_id";
    /// The document id as a `u64`, for grouping passages by document in collectors.
    pub const DOC_KEY: &str = "doc_key";
    /// Hash of everything the indexed passages depend on (content, sources, manifest entry).
    pub const REVISION: &str = "revision";
    /// Position of the passage in its document, from 0.
    pub const ORDINAL: &str = "ordinal";
    /// How many passages the document has, on each of them: a document's passages are written
    /// together, so they are the passages from `doc - ordinal` for `passages`.
    pub const PASSAGES: &str = "passages";
    /// The document's title, indexed on its first passage only (a title query answers for every
    /// passage of the document) and stored only in [`DOCUMENT`].
    pub const TITLE: &str = "title";
    /// What the document is, in words: its force's name, areas and aliases, and its type and
    /// subtype labels; indexed on its first passage only, and searched on every passage like the
    /// title.
    pub const LABELS: &str = "labels";
    /// The agenda item or top-level section the passage belongs to.
    pub const ITEM: &str = "item";
    /// The nearest heading above the passage.
    pub const HEADING: &str = "heading";
    /// The passage text, stemmed.
    pub const BODY: &str = "body";
    /// The passage text, unstemmed, for exact-form searches.
    pub const BODY_EXACT: &str = "exact";
    /// Facet `/<force-slug>`: the force area the document belongs to, `/national` when none.
    pub const FORCE: &str = "force";
    /// Facet `/<force-slug>`, many: every force the document names.
    pub const MENTIONS: &str = "mentions";
    /// Facet `/<doc-type>`.
    pub const DOC_TYPE: &str = "type";
    /// Facet of one segment, the subtype's slug with its type: `/report\/decision` (its type's
    /// counts are the `type` facet's).
    pub const SUBTYPE: &str = "subtype";
    /// Facet `/<theme>/<subtheme>`, many: the document's themes.
    pub const THEME: &str = "theme";
    /// Facet, many: the passage's own themes.
    pub const PASSAGE_THEME: &str = "passage_theme";
    /// The document's year.
    pub const YEAR: &str = "year";
    /// First day the document's date covers, as `yyyymmdd`.
    pub const DATE_START: &str = "date_start";
    /// Last day the document's date covers, as `yyyymmdd`.
    pub const DATE_END: &str = "date_end";
    /// Page number of the passage in the original file, when known.
    pub const PAGE: &str = "page";
    /// The parent document's metadata as JSON; stored on ordinal 0 only.
    pub const DOCUMENT: &str = "document";
    /// The contents the document was read from, with their near-duplicate signatures; stored on
    /// ordinal 0 only.
    pub const CONTENTS: &str = "contents";
}

/// The settings of a new index: the document store is compressed with lz4. zstd (level 3) stored
/// the 100 MiB benchmark corpus's passages in 56 MiB instead of 82, but tantivy creates and zeroes
/// a zstd context for every 16 KB block it reads, and a page of results reads about forty: lz4 took
/// the median full search from 5.4 to 4.0 ms there (`BENCHMARKS.md`, run G).
pub fn index_settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::Lz4,
        ..IndexSettings::default()
    }
}

/// Handles of every field, resolved once.
#[derive(Debug, Clone)]
#[allow(missing_docs)]
pub struct Fields {
    pub schema: Schema,
    pub doc_id: Field,
    pub doc_key: Field,
    pub revision: Field,
    pub ordinal: Field,
    pub passages: Field,
    pub title: Field,
    pub labels: Field,
    pub item: Field,
    pub heading: Field,
    pub body: Field,
    pub body_exact: Field,
    pub force: Field,
    pub mentions: Field,
    pub doc_type: Field,
    pub subtype: Field,
    pub theme: Field,
    pub passage_theme: Field,
    pub year: Field,
    pub date_start: Field,
    pub date_end: Field,
    pub page: Field,
    pub document: Field,
    pub contents: Field,
}

impl Fields {
    /// Builds the schema of a new index.
    pub fn build() -> Fields {
        let mut builder = Schema::builder();
        let stemmed_text = |stored: bool| {
            let indexing = TextFieldIndexing::default()
                .set_tokenizer(analyzer::STEMMED)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions);
            let options = TextOptions::default().set_indexing_options(indexing);
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let exact_text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer::EXACT)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        builder.add_text_field(name::DOC_ID, STRING | STORED | FAST);
        builder.add_u64_field(name::DOC_KEY, FAST);
        builder.add_text_field(name::REVISION, STRING);
        builder.add_u64_field(name::ORDINAL, INDEXED | STORED | FAST);
        builder.add_u64_field(name::PASSAGES, FAST);
        builder.add_text_field(name::TITLE, stemmed_text(false));
        builder.add_text_field(name::LABELS, stemmed_text(false));
        builder.add_text_field(name::ITEM, stemmed_text(true));
        builder.add_text_field(name::HEADING, stemmed_text(true));
        builder.add_text_field(name::BODY, stemmed_text(true));
        builder.add_text_field(name::BODY_EXACT, exact_text);
        for facet in [
            name::FORCE,
            name::MENTIONS,
            name::DOC_TYPE,
            name::SUBTYPE,
            name::THEME,
            name::PASSAGE_THEME,
        ] {
            builder.add_facet_field(facet, FacetOptions::default().set_stored());
        }
        builder.add_u64_field(name::YEAR, INDEXED | STORED | FAST);
        builder.add_i64_field(name::DATE_START, INDEXED | FAST);
        builder.add_i64_field(name::DATE_END, INDEXED | FAST);
        builder.add_u64_field(name::PAGE, STORED | FAST);
        builder.add_text_field(name::DOCUMENT, STORED);
        builder.add_bytes_field(name::CONTENTS, STORED);
        let schema = builder.build();
        // The names were all added above, so resolving them cannot fail.
        Fields::resolve(schema).unwrap_or_else(|error| unreachable!("{error}"))
    }

    /// Resolves the field handles of an existing index's schema.
    pub fn resolve(schema: Schema) -> Result<Fields> {
        let field = |field_name: &str| {
            schema
                .get_field(field_name)
                .map_err(|_| Error::MissingField(field_name.to_string()))
        };
        Ok(Fields {
            doc_id: field(name::DOC_ID)?,
            doc_key: field(name::DOC_KEY)?,
            revision: field(name::REVISION)?,
            ordinal: field(name::ORDINAL)?,
            passages: field(name::PASSAGES)?,
            title: field(name::TITLE)?,
            labels: field(name::LABELS)?,
            item: field(name::ITEM)?,
            heading: field(name::HEADING)?,
            body: field(name::BODY)?,
            body_exact: field(name::BODY_EXACT)?,
            force: field(name::FORCE)?,
            mentions: field(name::MENTIONS)?,
            doc_type: field(name::DOC_TYPE)?,
            subtype: field(name::SUBTYPE)?,
            theme: field(name::THEME)?,
            passage_theme: field(name::PASSAGE_THEME)?,
            year: field(name::YEAR)?,
            date_start: field(name::DATE_START)?,
            date_end: field(name::DATE_END)?,
            page: field(name::PAGE)?,
            document: field(name::DOCUMENT)?,
            contents: field(name::CONTENTS)?,
            schema,
        })
    }

    /// The `u64` key of a document id (its first 16 hex digits), used for grouping; `None` when
    /// the id does not start with hex digits.
    pub fn doc_key_of(doc_id: &str) -> Option<u64> {
        let prefix = doc_id.get(..16).unwrap_or(doc_id);
        u64::from_str_radix(prefix, 16).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_schema_resolves_every_field() {
        let fields = Fields::build();
        let resolved = Fields::resolve(fields.schema.clone()).expect("resolves");
        // Resolving by name must give back the very fields the builder made.
        assert_eq!(format!("{resolved:?}"), format!("{fields:?}"));
    }

    #[test]
    fn a_schema_without_a_field_is_refused_by_name() {
        let schema = Schema::builder().build();
        let error = Fields::resolve(schema).err().map(|error| error.to_string());
        assert_eq!(
            error.as_deref(),
            Some("the index has a field layout this build does not know: missing field `doc_id`")
        );
    }

    #[test]
    fn doc_key_reads_the_leading_hex_digits() {
        assert_eq!(Fields::doc_key_of("00000000000000ff9a"), Some(255));
        assert_eq!(Fields::doc_key_of("not an id"), None);
    }
}
