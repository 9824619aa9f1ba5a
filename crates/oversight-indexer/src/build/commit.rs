//! Committing a run: one atomic tantivy commit carrying the run's [`CommitRecord`]. An update in
//! place holds merges back until that commit, then lets them run.

use oversight_schema::layout::CommitRecord;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Document, IndexWriter};

use super::merge_policy::BoundedMergePolicy;
use crate::{Error, Result};

/// Holds merges back until [`commit`]. tantivy publishes a merge of committed segments as soon as
/// it ends, commit or not, and a merge purges deleted passages, which changes scores. An update
/// killed before its commit must leave the served index exactly as it was.
pub fn hold_merges<D: Document>(writer: &IndexWriter<D>) {
    writer.set_merge_policy(Box::new(NoMergePolicy));
}

/// Commits what the writer holds with `record` as the payload and waits for the merges. After an
/// update in place (`rebuilt` false), an empty commit with the same record lets the merge policy
/// merge the new segments.
pub fn commit<D: Document>(
    mut writer: IndexWriter<D>,
    record: &CommitRecord,
    rebuilt: bool,
) -> Result<()> {
    let payload = record.to_payload().map_err(|source| Error::Serialization {
        what: "the commit record",
        source,
    })?;
    let mut prepared = writer.prepare_commit()?;
    prepared.set_payload(&payload);
    prepared.commit()?;
    if !rebuilt {
        writer.set_merge_policy(Box::new(BoundedMergePolicy::default()));
        let mut prepared = writer.prepare_commit()?;
        prepared.set_payload(&payload);
        prepared.commit()?;
    }
    writer.wait_merging_threads()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use tantivy::IndexWriter;

    use super::*;
    use crate::build::delete::tests::index_with;

    fn record() -> CommitRecord {
        CommitRecord {
            format_version: 1,
            pipeline: "p1".to_string(),
            documents: 1,
            passages: 2,
            committed_at_unix_seconds: 3,
            corpus: Some("/corpus".to_string()),
        }
    }

    #[test]
    fn a_commit_carries_the_record_and_nothing_is_seen_before_it() {
        for rebuilt in [true, false] {
            let (index, fields) = index_with(&[("a", 2)]);
            let writer: IndexWriter = index
                .writer_with_num_threads(1, 15_000_000)
                .expect("writer");
            hold_merges(&writer);
            writer.delete_term(tantivy::Term::from_field_text(fields.doc_id, "a"));
            let reader = index
                .reader_builder()
                .reload_policy(tantivy::ReloadPolicy::Manual)
                .try_into()
                .expect("reader");
            let reader: tantivy::IndexReader = reader;
            reader.reload().expect("reload");
            assert_eq!(reader.searcher().num_docs(), 2, "nothing committed yet");
            commit(writer, &record(), rebuilt).expect("commit");
            let metas = index.load_metas().expect("metas");
            let payload = metas.payload.as_deref().expect("a payload");
            assert_eq!(CommitRecord::parse(payload), Some(record()));
            reader.reload().expect("reload");
            assert_eq!(reader.searcher().num_docs(), 0);
        }
    }
}
