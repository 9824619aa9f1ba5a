//! An empty in-memory index with Oversight's passage fields and analyzers, for unit tests.

use oversight_schema::{Fields, analyzer};
use tantivy::{Index, IndexWriter};

/// The fields, a new in-memory index and a one-thread writer to fill it.
pub(crate) fn in_memory() -> (Fields, Index, IndexWriter) {
    let fields = Fields::build();
    let index = Index::create_in_ram(fields.schema.clone());
    analyzer::register(index.tokenizers());
    let writer = index
        .writer_with_num_threads(1, 15_000_000)
        .expect("an in-memory writer");
    (fields, index, writer)
}
