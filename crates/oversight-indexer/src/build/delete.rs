//! Deleting the indexed documents whose files are gone from the corpus.

use oversight_schema::Fields;
use tantivy::collector::Count;
use tantivy::query::TermQuery;
use tantivy::schema::IndexRecordOption;
use tantivy::{Document, IndexWriter, Searcher, Term};

use crate::Result;

/// Queues the deletion of every passage of the documents `removed` (ids) in the run's commit;
/// returns how many passages go.
pub fn delete_removed<D: Document>(
    writer: &IndexWriter<D>,
    searcher: &Searcher,
    fields: &Fields,
    removed: &[String],
) -> Result<u64> {
    let mut deleted_passages = 0u64;
    for doc_id in removed {
        deleted_passages += passages_of(searcher, fields, doc_id)?;
        writer.delete_term(Term::from_field_text(fields.doc_id, doc_id));
    }
    Ok(deleted_passages)
}

/// How many passages the document `doc_id` has in the index `searcher` reads.
pub fn passages_of(searcher: &Searcher, fields: &Fields, doc_id: &str) -> Result<u64> {
    let term = Term::from_field_text(fields.doc_id, doc_id);
    let count = searcher.search(&TermQuery::new(term, IndexRecordOption::Basic), &Count)?;
    Ok(count as u64)
}

#[cfg(test)]
pub(super) mod tests {
    use oversight_schema::analyzer;
    use tantivy::{Index, TantivyDocument};

    use super::*;

    /// An index in memory holding, per `(doc_id, passages)`, that many passages.
    pub fn index_with(documents: &[(&str, u64)]) -> (Index, Fields) {
        let fields = Fields::build();
        let index = Index::create_in_ram(fields.schema.clone());
        analyzer::register(index.tokenizers());
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        for (doc_id, passages) in documents {
            for ordinal in 0..*passages {
                let mut passage = TantivyDocument::default();
                passage.add_text(fields.doc_id, doc_id);
                passage.add_u64(fields.ordinal, ordinal);
                passage.add_text(fields.body, "the panel met");
                writer.add_document(passage).expect("add");
            }
        }
        writer.commit().expect("commit");
        (index, fields)
    }

    #[test]
    fn the_passages_of_removed_documents_are_deleted_and_counted() {
        let (index, fields) = index_with(&[("a", 3), ("b", 2)]);
        let searcher = index.reader().expect("reader").searcher();
        let mut writer: IndexWriter = index
            .writer_with_num_threads(1, 15_000_000)
            .expect("writer");
        let deleted =
            delete_removed(&writer, &searcher, &fields, &["a".to_string()]).expect("delete");
        assert_eq!(deleted, 3);
        writer.commit().expect("commit");
        let after = index.reader().expect("reader").searcher();
        assert_eq!(passages_of(&after, &fields, "a").expect("count"), 0);
        assert_eq!(passages_of(&after, &fields, "b").expect("count"), 2);
    }
}
