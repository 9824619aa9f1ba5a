//! Reading back, from a published index, which contents each document was built from and their
//! near-duplicate signatures, so that a run reads only new files.

use oversight_schema::Fields;
use tantivy::collector::DocSetCollector;
use tantivy::query::TermQuery;
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{Searcher, TantivyDocument, Term};

use crate::Result;
use crate::corpus::KnownContents;
use crate::near_dup;

/// The contents of every indexed document. A document whose record is damaged is left out: its
/// files are then read again, and it is rewritten when anything about it changed.
pub fn read(searcher: &Searcher, fields: &Fields) -> Result<KnownContents> {
    let first_passages = TermQuery::new(
        Term::from_field_u64(fields.ordinal, 0),
        IndexRecordOption::Basic,
    );
    let mut known = KnownContents::new();
    for address in searcher.search(&first_passages, &DocSetCollector)? {
        let document: TantivyDocument = searcher.doc(address)?;
        let contents = document
            .get_first(fields.contents)
            .and_then(|value| value.as_bytes())
            .and_then(near_dup::decode_contents);
        known.extend(contents.into_iter().flatten());
    }
    Ok(known)
}
