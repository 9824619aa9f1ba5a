//! The words the index holds, read from the term dictionary of the unstemmed body field
//! (`exact`), so that they are words as documents write them (folded and lower-cased), not stems:
//! the words starting with a prefix, and the documents one word is in. Suggestions and "did you
//! mean" are both built on these.

use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::schema::IndexRecordOption;
use tantivy::{DocSet, TERMINATED, TantivyError, Term};

use crate::collect::SearchContext;
use crate::error::Result;

/// The words of the index starting with `prefix` (already folded) that `keep` accepts, with the
/// passages holding each (tantivy's document frequency, deleted passages included): at most
/// `cap` of them per segment, the first in dictionary order.
pub(crate) fn words_starting(
    context: &SearchContext<'_>,
    prefix: &str,
    cap: usize,
    keep: impl Fn(&str) -> bool,
) -> Result<Vec<(String, u64)>> {
    let field = context.snapshot.fields.body_exact;
    let mut passages: FxHashMap<String, u64> = FxHashMap::default();
    for reader in context.searcher.segment_readers() {
        let index = reader.inverted_index(field)?;
        let mut stream = index
            .terms()
            .range()
            .ge(prefix.as_bytes())
            .into_stream()
            .map_err(TantivyError::from)?;
        let mut seen = 0;
        while stream.advance() && seen < cap {
            let key = stream.key();
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(word) = std::str::from_utf8(key)
                && keep(word)
            {
                *passages.entry(word.to_string()).or_default() +=
                    u64::from(stream.value().doc_freq);
                seen += 1;
            }
        }
    }
    let mut words: Vec<(String, u64)> = passages.into_iter().collect();
    words.sort_unstable();
    Ok(words)
}

/// The documents (not passages) whose live passages hold `word` (folded) in their text: what a
/// search for `exact:word` counts as `total_documents`.
pub(crate) fn documents_with(context: &SearchContext<'_>, word: &str) -> Result<u64> {
    let field = context.snapshot.fields.body_exact;
    let term = Term::from_field_text(field, word);
    let mut documents: FxHashSet<u64> = FxHashSet::default();
    for reader in context.searcher.segment_readers() {
        let index = reader.inverted_index(field)?;
        let Some(mut postings) = index
            .read_postings(&term, IndexRecordOption::Basic)
            .map_err(TantivyError::from)?
        else {
            continue;
        };
        let columns = context.snapshot.segments.of(reader)?;
        let mut doc = postings.doc();
        while doc != TERMINATED {
            if reader.is_deleted(doc) {
                doc = postings.advance();
                continue;
            }
            if let Some(key) = columns.doc_key.first(doc) {
                documents.insert(key);
            }
            // One live passage settles its document: the rest of its run is skipped, so a common
            // word costs a seek per document rather than a read per passage.
            let run_end = columns.runs.run_of(doc).end;
            doc = if run_end > doc + 1 {
                postings.seek(run_end)
            } else {
                postings.advance()
            };
        }
    }
    Ok(documents.len() as u64)
}

/// How many passages, live or deleted, hold `word` (folded), from the dictionary alone: the
/// cheap test before a correction is looked for.
pub(crate) fn passages_with(context: &SearchContext<'_>, word: &str) -> Result<u64> {
    let field = context.snapshot.fields.body_exact;
    let term = Term::from_field_text(field, word);
    let mut total = 0;
    for reader in context.searcher.segment_readers() {
        total += u64::from(
            reader
                .inverted_index(field)?
                .doc_freq(&term)
                .map_err(TantivyError::from)?,
        );
    }
    Ok(total)
}
