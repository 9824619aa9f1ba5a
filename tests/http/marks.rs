//! What a query marks, in snippets and in the document view: each occurrence of a phrase as one
//! mark (and so one match to step to), the words of each proximity window, an acronym and its
//! long form whole, every occurrence of a word searched for alone.

use oversight_schema::analyzer::stems;
use serde_json::Value;

use crate::support::{COPACC_THEMATIC, IDEAS_2020, WARWICKSHIRE_PACK, get_ok, hit_for, hits};

const RESTORATIVE_JUSTICE: &str = "%22restorative+justice%22";

/// The id of the document of the bundled corpus read from `file`, found by searching `query`.
fn doc_id(query: &str, file: &str) -> String {
    let response = get_ok(&format!("/api/v1/search?q={query}&per_page=100"));
    hit_for(&response, file)
        .and_then(|hit| hit["doc_id"].as_str())
        .unwrap_or_else(|| panic!("{file} is not a hit of {query}: {response:#}"))
        .to_string()
}

/// The document view's text of `doc_id` with `query` marked.
fn document_text(doc_id: &str, query: &str) -> Value {
    get_ok(&format!("/api/v1/documents/{doc_id}/text?q={query}"))
}

fn passage_htmls(view: &Value) -> Vec<String> {
    view["passages"]
        .as_array()
        .expect("passages")
        .iter()
        .map(|passage| passage["html"].as_str().expect("html").to_string())
        .collect()
}

/// What each `<mark>` of `html` holds, as stems.
fn marked_stems(html: &str) -> Vec<Vec<String>> {
    html.split("<mark>")
        .skip(1)
        .filter_map(|rest| rest.split("</mark>").next())
        .map(|mark| stems(&unescape(mark)))
        .collect()
}

/// The text of `html`, its marks taken out and its escapes decoded.
fn unescape(html: &str) -> String {
    html.replace("<mark>", "")
        .replace("</mark>", "")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// How often the stems `wanted` follow each other in the text of `html`.
fn occurrences(html: &str, wanted: &[&str]) -> usize {
    let text = stems(&unescape(html));
    text.windows(wanted.len())
        .filter(|window| window.iter().zip(wanted).all(|(stem, want)| stem == want))
        .count()
}

fn matches(view: &Value) -> usize {
    view["matches"].as_u64().expect("matches") as usize
}

/// The stems of what the search for `query` expanded it to (an acronym for its long form).
fn expanded_stems(query: &str) -> Vec<String> {
    let response = get_ok(&format!("/api/v1/search?q={query}&per_page=1"));
    response["expansions"]
        .as_array()
        .expect("expansions")
        .iter()
        .flat_map(|expansion| {
            expansion["expanded_to"]
                .as_array()
                .cloned()
                .unwrap_or_default()
        })
        .filter_map(|form| form.as_str().map(|form| stems(form).join(" ")))
        .collect()
}

#[test]
fn a_phrase_is_one_match_per_occurrence_in_the_document_view() {
    let doc_id = doc_id(RESTORATIVE_JUSTICE, WARWICKSHIRE_PACK);
    let view = document_text(&doc_id, RESTORATIVE_JUSTICE);
    let htmls = passage_htmls(&view);
    let marks: Vec<Vec<String>> = htmls.iter().flat_map(|html| marked_stems(html)).collect();
    // The count the page shows is the number of marks it steps through.
    assert_eq!(matches(&view), marks.len(), "{view:#}");
    // Each mark is the phrase whole (or the acronym it expands to), and each occurrence of the
    // phrase has one.
    let acronyms = expanded_stems(RESTORATIVE_JUSTICE);
    for mark in &marks {
        assert!(
            mark == &["restor", "justic"] || acronyms.contains(&mark.join(" ")),
            "{marks:?}"
        );
    }
    let phrases: usize = htmls
        .iter()
        .map(|html| occurrences(html, &["restor", "justic"]))
        .sum();
    let acronym_uses: usize = acronyms
        .iter()
        .map(|acronym| {
            let acronym: Vec<&str> = acronym.split(' ').collect();
            htmls
                .iter()
                .map(|html| occurrences(html, &acronym))
                .sum::<usize>()
        })
        .sum();
    assert_eq!(marks.len(), phrases + acronym_uses);
    assert!(phrases >= 1);
    // "justice" alone is left unmarked, however often the pack says it.
    let justice: usize = htmls
        .iter()
        .map(|html| occurrences(html, &["justic"]))
        .sum();
    assert!(justice > phrases, "{justice} × justice, {phrases} phrases");
    let word = document_text(&doc_id, "justice");
    assert_eq!(matches(&word), justice, "a word alone is marked everywhere");
    let both = document_text(&doc_id, &format!("justice+{RESTORATIVE_JUSTICE}"));
    assert_eq!(
        matches(&both),
        justice + acronym_uses,
        "a word also alone in the query is marked everywhere, its phrase in one mark with it"
    );
}

#[test]
fn snippets_mark_a_phrase_whole_and_never_its_words_alone() {
    let response = get_ok(&format!(
        "/api/v1/search?q={RESTORATIVE_JUSTICE}&passages=20"
    ));
    let mut marks = Vec::new();
    for hit in hits(&response) {
        for passage in hit["passages"].as_array().expect("passages") {
            marks.extend(marked_stems(passage["snippet"].as_str().expect("snippet")));
        }
    }
    assert!(!marks.is_empty(), "{response:#}");
    let acronyms = expanded_stems(RESTORATIVE_JUSTICE);
    assert!(
        !acronyms.is_empty(),
        "the phrase has an acronym: {response:#}"
    );
    for mark in &marks {
        assert!(
            mark == &["restor", "justic"] || acronyms.contains(&mark.join(" ")),
            "the phrase whole or its acronym: {marks:?}"
        );
    }
    assert!(
        marks.iter().any(|mark| mark == &["restor", "justic"]),
        "{marks:?}"
    );
}

#[test]
fn proximity_marks_the_words_of_its_windows_only() {
    let query = "%22victims+code%22~3";
    let doc_id = doc_id(query, COPACC_THEMATIC);
    let view = document_text(&doc_id, query);
    let htmls = passage_htmls(&view);
    let marks: Vec<Vec<String>> = htmls.iter().flat_map(|html| marked_stems(html)).collect();
    assert_eq!(matches(&view), marks.len());
    assert!(marks.len() >= 2, "{marks:?}");
    for mark in &marks {
        assert!(
            mark == &["victim"] || mark == &["code"],
            "one word per mark: {marks:?}"
        );
    }
    let words: usize = htmls
        .iter()
        .map(|html| occurrences(html, &["victim"]) + occurrences(html, &["code"]))
        .sum();
    assert!(
        marks.len() < words,
        "{} marks of {words} words",
        marks.len()
    );
}

#[test]
fn an_acronym_marks_itself_and_its_long_form_as_one() {
    let doc_id = doc_id("PCC", IDEAS_2020);
    let view = document_text(&doc_id, "PCC");
    let htmls = passage_htmls(&view);
    let marks: Vec<Vec<String>> = htmls.iter().flat_map(|html| marked_stems(html)).collect();
    assert_eq!(matches(&view), marks.len());
    let long = ["polic", "and", "crime", "commission"];
    for mark in &marks {
        assert!(mark == &["pcc"] || mark == &long, "{mark:?}");
    }
    let expected: usize = htmls
        .iter()
        .map(|html| occurrences(html, &["pcc"]) + occurrences(html, &long))
        .sum();
    assert_eq!(marks.len(), expected);
    assert!(marks.iter().any(|mark| mark == &long), "{marks:?}");
    assert!(marks.iter().any(|mark| mark == &["pcc"]), "{marks:?}");
}
