//! A document whose file changes between the corpus scan and its write, during an incremental
//! update that replaces it: the run skips it with the reason and keeps the version already indexed.

use std::path::PathBuf;

use oversight_indexer::{IndexOptions, Progress, Silent, run};
use oversight_schema::vocab::Vocabulary;

const REPORT: &str = "Police and Crime Panel\n\nMinutes of the meeting held on 4 February 2022.\n\n\
    1. The panel reviewed the commissioner's proposed precept and the medium term financial plan.\n";

/// Progress that rewrites a file when the indexing phase begins: after the scan read it, before
/// the document is written.
struct RewriteWhenIndexing {
    file: PathBuf,
}

impl Progress for RewriteWhenIndexing {
    fn phase(&self, name: &str, _total: u64) {
        if name == "indexing" {
            std::fs::write(&self.file, "rewritten after the scan").expect("rewrite");
        }
    }

    fn step(&self) {}
}

#[test]
fn a_replacement_that_fails_late_keeps_the_indexed_version_and_is_reported_skipped() {
    let folder = tempfile::tempdir().expect("temp dir");
    let corpus = folder.path().join("corpus");
    std::fs::create_dir(&corpus).expect("corpus");
    std::fs::write(corpus.join("a.txt"), REPORT).expect("write");
    let options = IndexOptions::new(&corpus, folder.path().join("index"));
    let vocabulary = Vocabulary::bundled().expect("vocabulary");
    let first = run(&options, &vocabulary, &Silent).expect("first run");
    assert_eq!((first.documents, first.added), (1, 1));

    // A second copy changes the document's sources: the next run replaces it.
    std::fs::write(corpus.join("b.txt"), REPORT).expect("write");
    let rewrite = RewriteWhenIndexing {
        file: corpus.join("a.txt"),
    };
    let failed = run(&options, &vocabulary, &rewrite).expect("second run");
    let skipped: Vec<(&str, &str)> = failed
        .skipped
        .iter()
        .map(|file| (file.path.as_str(), file.reason.as_str()))
        .collect();
    assert_eq!(
        skipped,
        [(
            "a.txt",
            "changed while being indexed; run `oversight index` again"
        )]
    );
    assert_eq!(
        (failed.added, failed.updated, failed.removed),
        (0, 0, 0),
        "{failed:?}"
    );
    assert_eq!(
        failed.documents, 1,
        "the indexed version is kept: {failed:?}"
    );
    assert_eq!(failed.passages, first.passages, "{failed:?}");

    // With the file as it was, the next run replaces the kept version.
    std::fs::write(corpus.join("a.txt"), REPORT).expect("restore");
    let restored = run(&options, &vocabulary, &Silent).expect("third run");
    assert_eq!(
        (restored.added, restored.updated, restored.documents),
        (0, 1, 1),
        "{restored:?}"
    );
}
