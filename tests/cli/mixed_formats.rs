//! A corpus as people download it: the seed texts, PDFs (readable, encrypted, scanned, truncated),
//! council web pages, the same pack as PDF and as HTML, and files saved twice under other names.
//! One document per distinct text, each with its metadata, pages and sources.

use std::path::Path;

use serde_json::{Value, json};

use crate::support::{DEVON_UPDATE_REPORT, Workspace, hit_for, hits, sources, total_documents};

fn fixture(relative: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(relative);
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn mixed_workspace() -> Workspace {
    let workspace = Workspace::with_seed_corpus();
    for name in [
        "agenda-pack.pdf",
        "two-columns.pdf",
        "table.pdf",
        "partly-scanned.pdf",
        "encrypted-without-user-password.pdf",
        "encrypted.pdf",
        "scanned.pdf",
        "truncated.pdf",
    ] {
        workspace.write_corpus_file(name, &fixture(&format!("pdf/{name}")));
    }
    for name in [
        "agenda-pack.html",
        "moderngov-devon-and-cornwall-panel.html",
        "windows-1252-dorset-budget.html",
    ] {
        workspace.write_corpus_file(name, &fixture(&format!("html/{name}")));
    }
    workspace.write_corpus_file(
        "Agenda Pack 26-09-2014.pdf",
        &fixture("pdf/agenda-pack.pdf"),
    );
    let devon = std::fs::read(workspace.corpus_file(DEVON_UPDATE_REPORT)).expect("seed");
    workspace.write_corpus_file("devon update (1).txt", &devon);
    workspace
}

fn hit_with_source<'a>(response: &'a Value, file: &str) -> &'a Value {
    hits(response)
        .iter()
        .find(|hit| sources(hit).iter().any(|source| source == file))
        .unwrap_or_else(|| panic!("no document has the source {file}"))
}

#[test]
fn a_mixed_folder_gives_one_document_per_distinct_text_with_pages_and_sources() {
    let workspace = mixed_workspace();
    let report = workspace.index(&[]);
    let skipped: Vec<(String, String)> = report["skipped"]
        .as_array()
        .expect("skipped")
        .iter()
        .map(|file| {
            let path = file["path"].as_str().unwrap_or_default().to_string();
            (
                path,
                file["reason"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let skipped_paths: Vec<&str> = skipped.iter().map(|(path, _)| path.as_str()).collect();
    assert_eq!(
        skipped_paths,
        ["encrypted.pdf", "scanned.pdf", "truncated.pdf"]
    );
    assert!(skipped[0].1.contains("encrypted"), "{skipped:?}");
    assert!(skipped[1].1.contains("OCR"), "{skipped:?}");
    assert!(skipped[2].1.starts_with("unreadable PDF"), "{skipped:?}");

    // 5 seeds + pack + two columns + table + the letter + 2 council pages = 11; the HTML pack,
    // the second pack download, the Devon copy and the second letter are copies.
    assert_eq!(report["documents"], 11, "{report:#}");
    let everything = workspace.search("", &["--limit", "100"]);
    assert_eq!(total_documents(&everything), 11);

    let pack = hit_with_source(&everything, "agenda-pack.pdf");
    assert_eq!(
        sources(pack),
        [
            "Agenda Pack 26-09-2014.pdf",
            "agenda-pack.pdf",
            "agenda-pack.html"
        ]
    );
    assert_eq!(pack["force"], "warwickshire");
    assert_eq!(pack["date"], "2014-09-26");
    assert_eq!(pack["type"], "minutes");
    assert_eq!(
        pack["title"],
        "Warwickshire Police and Crime Panel – 26 September 2014"
    );

    let letter = hit_with_source(&everything, "partly-scanned.pdf");
    assert_eq!(
        sources(letter),
        ["encrypted-without-user-password.pdf", "partly-scanned.pdf"],
        "the same letter, saved twice as different PDFs, is one document"
    );
    let devon = hit_for(&everything, DEVON_UPDATE_REPORT).expect("the Devon report");
    assert_eq!(
        sources(devon),
        [DEVON_UPDATE_REPORT, "devon update (1).txt"]
    );

    let council = hit_with_source(&everything, "moderngov-devon-and-cornwall-panel.html");
    assert_eq!(council["force"], "devon-and-cornwall");
    assert_eq!(council["date"], "2022-02-04");
    let dorset = hit_with_source(&everything, "windows-1252-dorset-budget.html");
    assert_eq!(dorset["force"], "dorset");

    // Hits say the page of the PDF they are on.
    let found = workspace.search("\"cross border criminality\"", &["--passages", "3"]);
    let pack_hit = hit_with_source(&found, "agenda-pack.pdf");
    let pages: Vec<&Value> = pack_hit["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|passage| &passage["page"])
        .collect();
    assert_eq!(pages, [&json!(5)]);
    let budget = workspace.search("underspend", &["--passages", "5"]);
    let budget_pages: Vec<&Value> = hit_with_source(&budget, "agenda-pack.pdf")["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|passage| &passage["page"])
        .collect();
    assert!(
        budget_pages.iter().all(|page| **page == json!(3)),
        "{budget_pages:?}"
    );

    // A second run finds everything as it was and reads no file again.
    let again = workspace.index(&[]);
    assert_eq!(again["committed"], false, "{again:#}");
    assert_eq!(again["unchanged"], 11);
}

#[test]
fn when_the_pdf_goes_its_html_copy_becomes_the_document_and_back_again() {
    let workspace = mixed_workspace();
    workspace.index(&[]);
    for pdf in ["agenda-pack.pdf", "Agenda Pack 26-09-2014.pdf"] {
        std::fs::remove_file(workspace.corpus_file(pdf)).expect("remove");
    }
    let report = workspace.index(&[]);
    assert_eq!(
        (report["added"].clone(), report["removed"].clone()),
        (json!(1), json!(1))
    );
    let found = workspace.search("\"cross border criminality\"", &[]);
    let html = hit_with_source(&found, "agenda-pack.html");
    assert_eq!(sources(html), ["agenda-pack.html"]);
    assert_eq!(
        html["passages"][0]["page"],
        Value::Null,
        "HTML has no pages"
    );

    workspace.write_corpus_file("agenda-pack.pdf", &fixture("pdf/agenda-pack.pdf"));
    workspace.index(&[]);
    let found = workspace.search("\"cross border criminality\"", &[]);
    let pack = hit_with_source(&found, "agenda-pack.pdf");
    assert_eq!(sources(pack), ["agenda-pack.pdf", "agenda-pack.html"]);
    assert_eq!(pack["passages"][0]["page"], 5);
}
