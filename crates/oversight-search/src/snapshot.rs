//! One opened generation of the published index: the tantivy index and its reader, the field
//! handles and the columns of its segments. Opening one refuses an index written in another field
//! layout.

use std::path::Path;
use std::sync::Arc;

use oversight_schema::layout::{self, CommitRecord};
use oversight_schema::{Fields, INDEX_FORMAT_VERSION, analyzer};
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

use crate::error::{Error, Result};
use crate::read_only;
use crate::segment_cache::SegmentCache;

/// One opened generation of the index.
pub(crate) struct Snapshot {
    /// The generation's name.
    pub generation: String,
    /// The tantivy index.
    pub index: Index,
    /// A reader that reloads on every commit.
    pub reader: IndexReader,
    /// The field handles.
    pub fields: Fields,
    /// The columns of the generation's segments, opened once each.
    pub segments: Arc<SegmentCache>,
}

/// Which state of the index answers: the published generation and the reader's reload of it (a
/// commit into the generation reloads the reader). Answers at one version are the same answers.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IndexVersion {
    /// The generation's name.
    pub generation: String,
    /// The reader's reload within the generation.
    pub reload: u64,
}

impl Snapshot {
    /// Opens the generation published at `root`.
    pub fn open(root: &Path) -> Result<Snapshot> {
        let (generation, path) = layout::current_generation(root)
            .map_err(|error| unreadable(root, error.to_string()))?
            .ok_or_else(|| Error::NoIndex(root.to_path_buf()))?;
        let index =
            read_only::open_index(&path).map_err(|error| unreadable(root, error.to_string()))?;
        analyzer::register(index.tokenizers());
        // The format first: an older index may lack a field, and its version says why.
        check_format(root, &index)?;
        let fields =
            Fields::resolve(index.schema()).map_err(|error| unreadable(root, error.to_string()))?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(|error: tantivy::TantivyError| unreadable(root, error.to_string()))?;
        Ok(Snapshot {
            generation,
            index,
            reader,
            fields,
            segments: Arc::default(),
        })
    }

    /// The version `searcher`, a searcher of this generation, answers at.
    pub fn version(&self, searcher: &Searcher) -> IndexVersion {
        IndexVersion {
            generation: self.generation.clone(),
            reload: searcher.generation().generation_id(),
        }
    }
}

/// The index folder `root` cannot be opened, for `message`.
pub(crate) fn unreadable(root: &Path, message: String) -> Error {
    Error::IndexUnreadable {
        path: root.to_path_buf(),
        message,
    }
}

/// Refuses an index written in another field layout: its fields may resolve while meaning
/// something else (format 4 added the pairs of common words to the same fields), and its answers
/// would be quietly wrong.
fn check_format(root: &Path, index: &Index) -> Result<()> {
    let metas = index
        .load_metas()
        .map_err(|error| unreadable(root, error.to_string()))?;
    let format = metas
        .payload
        .as_deref()
        .and_then(CommitRecord::parse)
        .map(|record| record.format_version);
    match format {
        Some(INDEX_FORMAT_VERSION) => Ok(()),
        Some(other) => Err(unreadable(
            root,
            format!(
                "it was written in index format {other} and this version reads format \
                 {INDEX_FORMAT_VERSION}; `oversight index` rebuilds it"
            ),
        )),
        None => Err(unreadable(
            root,
            "its last commit does not say which index format it is in; `oversight index \
             --rebuild` rebuilds it"
                .to_string(),
        )),
    }
}
