//! `oversight inspect`: the metadata extracted from each seed document, and the evidence it
//! quotes for it.

use serde_json::{Value, json};

use crate::support::{
    COPACC_THEMATIC, COPACC_WEB_PAGE, DEVON_UPDATE_REPORT, IDEAS_2020, SEEDS, WARWICKSHIRE_PACK,
    Workspace, seed_text,
};

/// What extraction must make of one seed document.
struct Expected {
    file: &'static str,
    doc_type: &'static str,
    force: Option<&'static str>,
    /// `{year, month?, day?}`, as `inspect --json` prints it.
    date: Value,
    title: &'static str,
    /// Words the date evidence must contain.
    date_evidence: &'static str,
}

fn expectations() -> Vec<Expected> {
    vec![
        Expected {
            file: COPACC_THEMATIC,
            doc_type: "thematic",
            force: None,
            date: json!({"year": 2014, "month": 6}),
            title: "CoPaCC Thematic: “PCCs and Innovation”",
            date_evidence: "June 2014",
        },
        Expected {
            file: DEVON_UPDATE_REPORT,
            doc_type: "report",
            force: Some("devon-and-cornwall"),
            date: json!({"year": 2017, "month": 12, "day": 1}),
            title: "Police and Crime Commissioner's Update Report",
            date_evidence: "1 December 2017",
        },
        Expected {
            file: COPACC_WEB_PAGE,
            doc_type: "thematic",
            force: None,
            date: json!({"year": 2014, "month": 6, "day": 28}),
            title: "Police and Crime Commissioners and Innovation and Collaboration",
            date_evidence: "June 28, 2014",
        },
        Expected {
            file: WARWICKSHIRE_PACK,
            doc_type: "minutes",
            force: Some("warwickshire"),
            date: json!({"year": 2014, "month": 9, "day": 26}),
            title: "Warwickshire Police and Crime Panel – 26 September 2014",
            date_evidence: "26 September 2014",
        },
        Expected {
            file: IDEAS_2020,
            doc_type: "thematic",
            force: None,
            date: json!({"year": 2020}),
            title: "Public Safety, Public Trust: Innovative Ideas for Police and Crime Commissioners in 2020",
            date_evidence: "2020",
        },
    ]
}

/// Runs `oversight inspect --json` on a file of the workspace's corpus.
fn inspect(workspace: &Workspace, file: &str) -> Value {
    workspace
        .run([
            "inspect".as_ref(),
            "--json".as_ref(),
            workspace.corpus_file(file).as_os_str(),
        ])
        .assert_success()
        .json()
}

/// The lowercased alphanumeric words of a text: evidence may join lines with punctuation or
/// change case and quotes, but its words must be the document's words, in the document's order.
fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn quotes_the_text(text: &str, quotation: &str) -> bool {
    let haystack = words(text);
    let needle = words(quotation);
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|window| window == needle.as_slice())
}

#[test]
fn inspect_extracts_type_force_date_and_title_of_every_seed() {
    let workspace = Workspace::with_seed_corpus();
    for expected in expectations() {
        let inspected = inspect(&workspace, expected.file);
        let document = &inspected["document"];
        let file = expected.file;
        assert_eq!(document["doc_type"], expected.doc_type, "type of {file}");
        assert_eq!(
            document["force"].as_str(),
            expected.force,
            "force of {file}"
        );
        assert_eq!(document["date"], expected.date, "date of {file}");
        assert_eq!(document["title"], expected.title, "title of {file}");
        assert_eq!(document["sources"], json!([file]), "sources of {file}");
    }
}

#[test]
fn inspect_evidence_is_quoted_from_the_document_text() {
    let workspace = Workspace::with_seed_corpus();
    for expected in expectations() {
        let file = expected.file;
        let text = seed_text(file);
        let evidence = &inspect(&workspace, file)["document"]["evidence"];

        let mut quoted = vec!["title", "date"];
        if expected.force.is_some() {
            quoted.push("force");
        } else {
            assert!(
                evidence["force"].is_null(),
                "{file} has no force, yet evidence for one: {evidence:#}"
            );
        }
        for field in quoted {
            let entry = &evidence[field];
            let quotation = entry["text"].as_str().unwrap_or_default();
            assert!(
                !quotation.trim().is_empty(),
                "{file}: empty {field} evidence: {evidence:#}"
            );
            assert_eq!(entry["origin"], "text", "{file}: origin of the {field}");
            assert!(
                quotes_the_text(&text, quotation),
                "{file}: the {field} evidence `{quotation}` is not in the text"
            );
        }
        let date_quotation = evidence["date"]["text"].as_str().unwrap_or_default();
        assert!(
            quotes_the_text(date_quotation, expected.date_evidence),
            "{file}: the date evidence `{date_quotation}` should contain `{}`",
            expected.date_evidence
        );

        // The type evidence names the cues it matched, each quoted “like this”.
        let type_evidence = evidence["doc_type"]["text"].as_str().unwrap_or_default();
        let cues: Vec<&str> = type_evidence
            .split('“')
            .skip(1)
            .filter_map(|rest| rest.split('”').next())
            .collect();
        assert!(
            !cues.is_empty(),
            "{file}: the type evidence quotes no cue: `{type_evidence}`"
        );
        for cue in cues {
            assert!(
                quotes_the_text(&text, cue),
                "{file}: the type cue `{cue}` is not in the text"
            );
        }
    }
}

#[test]
fn inspect_lists_every_passage_in_order_with_agenda_items() {
    let workspace = Workspace::with_seed_corpus();
    let inspected = inspect(&workspace, WARWICKSHIRE_PACK);
    let passages = inspected["passages"].as_array().expect("passages");
    assert_eq!(
        inspected["document"]["passage_count"],
        passages.len(),
        "passage_count should count the passages listed"
    );
    for (position, passage) in passages.iter().enumerate() {
        assert_eq!(passage["ordinal"], position, "ordinals count from 0");
        assert!(
            !passage["text"].as_str().unwrap_or_default().is_empty(),
            "passage {position} has no text"
        );
    }
    let item_8: Vec<&Value> = passages
        .iter()
        .filter(|passage| passage["item"] == "Item 8: Operation Devonport")
        .collect();
    assert!(
        item_8.len() >= 2,
        "agenda item 8 of the Warwickshire pack should span several passages, found {}",
        item_8.len()
    );
    assert!(
        item_8.iter().any(|passage| passage["text"]
            .as_str()
            .unwrap_or_default()
            .contains("Operation Devonport")),
        "no passage of item 8 mentions Operation Devonport"
    );
}

#[test]
fn inspect_works_without_an_index_and_creates_none() {
    let workspace = Workspace::with_seed_corpus();
    for file in SEEDS {
        inspect(&workspace, file);
    }
    assert!(
        !workspace.path("data").exists() && !workspace.index.exists(),
        "inspect must not create an index"
    );
}

#[test]
fn inspect_refuses_files_it_cannot_read_as_text_with_one_error_line() {
    let workspace = Workspace::with_empty_corpus();
    workspace.write_corpus_file("empty.txt", b"");
    workspace.write_corpus_file("minutes.pdf", b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n");
    for (file, reason) in [
        ("empty.txt", "empty"),
        ("minutes.pdf", "PDF"),
        ("never-written.txt", "never-written.txt"),
    ] {
        let run = workspace.run([
            "inspect".as_ref(),
            "--json".as_ref(),
            workspace.corpus_file(file).as_os_str(),
        ]);
        let line = run.error_line();
        assert!(
            line.contains(reason),
            "inspect {file}: the error should say `{reason}`: {line}"
        );
        assert!(
            run.stdout.is_empty(),
            "inspect {file} printed: {}",
            run.stdout
        );
    }
}

#[test]
fn inspect_of_a_folder_says_it_is_one() {
    let workspace = Workspace::with_seed_corpus();
    let run = workspace.run(["inspect".as_ref(), workspace.corpus.as_os_str()]);
    let line = run.error_line();
    assert!(line.contains("is a folder"), "{line}");
    assert!(line.contains("oversight index"), "{line}");
    assert!(run.stdout.is_empty(), "{}", run.stdout);
}

#[test]
fn inspect_shows_names_and_labels_and_its_json_keeps_the_slugs() {
    let workspace = Workspace::with_seed_corpus();
    let json = inspect(&workspace, WARWICKSHIRE_PACK);
    let document = &json["document"];
    assert_eq!(document["force"], "warwickshire");
    let vocabulary = oversight_schema::vocab::Vocabulary::bundled().expect("vocabulary");
    let run = workspace.run([
        "inspect".as_ref(),
        workspace.corpus_file(WARWICKSHIRE_PACK).as_os_str(),
    ]);
    run.assert_success();
    let field = |name: &str| {
        run.stdout
            .lines()
            .find(|line| line.starts_with(&format!("{name}:")))
            .unwrap_or_else(|| panic!("no {name} line:\n{}", run.stdout))
            .to_string()
    };
    let force = vocabulary.force("warwickshire").expect("force");
    assert!(field("force").contains(&force.name), "{}", field("force"));
    let subtype = document["subtype"].as_str().expect("subtype");
    let label = oversight_schema::model::Subtype::ALL
        .into_iter()
        .find(|known| known.slug() == subtype)
        .expect("a known subtype")
        .label();
    assert!(field("subtype").contains(label), "{}", field("subtype"));
    assert!(!field("subtype").contains(subtype), "{}", field("subtype"));
    let why = field("why force");
    assert!(why.contains(&force.name), "{why}");
    for mention in document["mentions"].as_array().expect("mentions") {
        let slug = mention["force"].as_str().expect("slug");
        let name = &vocabulary.force(slug).expect("a known force").name;
        assert!(field("mentions").contains(name.as_str()), "{name}");
        assert!(!field("mentions").contains(slug), "{}", field("mentions"));
        assert!(!why.contains(slug), "{why}");
    }
    let theme_lines: Vec<&str> = run
        .stdout
        .lines()
        .filter(|line| line.starts_with("theme:"))
        .collect();
    for theme in document["themes"].as_array().expect("themes") {
        let slug = theme["theme"].as_str().expect("slug");
        let label = &vocabulary.theme(slug).expect("a known theme").label;
        assert!(
            theme_lines.iter().any(|line| line.contains(label.as_str())),
            "{label} not in {theme_lines:#?}"
        );
        let path = theme["path"].as_str().expect("path");
        assert!(
            theme_lines.iter().all(|line| !line.contains(path)),
            "{path} shown: {theme_lines:#?}"
        );
    }
}
