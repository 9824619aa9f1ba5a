//! `oversight search` with a misspelt word: the plain output offers the corrected query with the
//! documents a search for it finds, and `--json` carries it as `did_you_mean`.

use std::ffi::OsString;

use crate::support::{Workspace, total_documents};

fn plain(workspace: &Workspace, query: &str) -> String {
    let args: Vec<OsString> = vec![
        "search".into(),
        "--index".into(),
        workspace.index.clone().into(),
        "--".into(),
        query.into(),
    ];
    let run = workspace.run(args);
    run.assert_success();
    run.stdout
}

#[test]
fn a_misspelt_word_is_offered_corrected() {
    let workspace = Workspace::indexed();
    let corrected = total_documents(&workspace.search("victims", &[]));
    assert!(corrected > 1, "the corpus speaks of victims");
    let noun = if corrected == 1 {
        "document"
    } else {
        "documents"
    };
    let output = plain(&workspace, "vicitms");
    assert!(
        output.contains(&format!("did you mean: victims ({corrected} {noun})")),
        "{output}"
    );
    let json = workspace.search("vicitms", &[]);
    assert_eq!(total_documents(&json), 0);
    assert_eq!(json["did_you_mean"]["query"], "victims");
    assert_eq!(json["did_you_mean"]["total_documents"], corrected);
    let spelt = plain(&workspace, "victims");
    assert!(!spelt.contains("did you mean"), "{spelt}");
}
