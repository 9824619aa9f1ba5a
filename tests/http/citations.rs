//! The citations of the document view and of each passage, against the document's own metadata,
//! the forces of `schema/forces.toml` and the corpus file the document was read from.

use serde_json::Value;

use crate::support::{get, get_ok, hits, repository, seed_text};

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A document's date as the view gives it (`{"year", "month", "day"}`), in words.
fn date_in_words(date: &Value) -> Option<String> {
    let year = date["year"].as_u64()?;
    let month = date["month"]
        .as_u64()
        .and_then(|month| MONTHS.get(usize::try_from(month).ok()?.checked_sub(1)?));
    Some(match (date["day"].as_u64(), month) {
        (Some(day), Some(month)) => format!("{day} {month} {year}"),
        (None, Some(month)) => format!("{month} {year}"),
        _ => year.to_string(),
    })
}

/// The name and aliases of the force `slug` in `schema/forces.toml`.
fn force_names(slug: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repository().join("schema/forces.toml")).expect("forces");
    let file: toml::Table = text.parse().expect("forces parse");
    let force = file["force"]
        .as_array()
        .expect("forces")
        .iter()
        .find(|force| force["slug"].as_str() == Some(slug))
        .unwrap_or_else(|| panic!("no force {slug}"));
    let mut names = vec![force["name"].as_str().expect("name").to_string()];
    names.extend(
        force["aliases"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|alias| alias.as_str().map(str::to_string)),
    );
    names
}

/// The ids of every indexed document.
fn documents() -> Vec<String> {
    let response = get_ok("/api/v1/search?q=&per_page=100&passages=0");
    hits(&response)
        .iter()
        .map(|hit| hit["doc_id"].as_str().expect("doc id").to_string())
        .collect()
}

/// Checks a document's citation and returns its text.
fn check_document_citation(view: &Value) -> String {
    let document = &view["document"];
    let doc_id = document["doc_id"].as_str().expect("doc id");
    let citation = &view["citation"];
    let text = citation["text"].as_str().expect("citation text");
    assert_eq!(citation["permalink"], format!("/documents/{doc_id}"));
    assert_eq!(citation["source_url"], document["source_url"]);
    let mut rest = text;
    if let Some(slug) = document["force"].as_str() {
        let names = force_names(slug);
        let publisher = names
            .iter()
            .filter(|name| {
                text.get(..name.len())
                    .is_some_and(|start| start.eq_ignore_ascii_case(name))
            })
            .max_by_key(|name| name.len())
            .unwrap_or_else(|| panic!("{text} does not start with a name of {slug}"));
        let written = &text[..publisher.len()];
        if written != names[0] {
            let source = document["sources"][0].as_str().expect("source");
            assert!(
                seed_text(source).contains(written),
                "{written} not in {source}"
            );
        }
        rest = &text[publisher.len()..];
    } else {
        let title = document["title"].as_str().expect("title").trim();
        assert!(text.starts_with(title), "{text}");
        rest = &rest[title.len()..];
    }
    let expected =
        date_in_words(&document["date"]).map_or_else(String::new, |date| format!(", {date}"));
    assert_eq!(rest, expected, "{text}");
    text.to_string()
}

#[test]
fn the_document_view_cites_its_publisher_as_named_its_date_in_words_and_its_link() {
    let ids = documents();
    assert!(!ids.is_empty());
    for doc_id in ids {
        let view = get_ok(&format!("/api/v1/documents/{doc_id}"));
        check_document_citation(&view);
        let page = get(view["citation"]["permalink"].as_str().expect("permalink"));
        assert_eq!(page.status, 200, "{doc_id}");
    }
}

#[test]
fn each_passage_is_cited_as_its_document_then_its_item_and_page() {
    let mut items = 0;
    for doc_id in documents() {
        let view = get_ok(&format!("/api/v1/documents/{doc_id}"));
        let cited = check_document_citation(&view);
        let read = get_ok(&format!("/api/v1/documents/{doc_id}/text"));
        let read = read["passages"].as_array().expect("passages");
        for entry in view["outline"].as_array().expect("outline") {
            let ordinal = entry["ordinal"].as_u64().expect("ordinal");
            let passage = get_ok(&format!("/api/v1/documents/{doc_id}/passages/{ordinal}"));
            let citation = &passage["citation"];
            let shown = read
                .iter()
                .find(|text| text["ordinal"] == ordinal)
                .expect("the passage in the text");
            assert_eq!(&shown["citation"], citation, "{doc_id} {ordinal}");
            assert_eq!(
                citation["permalink"],
                format!("/documents/{doc_id}#p-{ordinal}")
            );
            assert_eq!(citation["source_url"], view["citation"]["source_url"]);
            let text = citation["text"].as_str().expect("text");
            let rest = text
                .strip_prefix(cited.as_str())
                .unwrap_or_else(|| panic!("{text} does not start with {cited}"));
            let mut parts: Vec<&str> = rest.split(", ").skip(1).collect();
            if let Some(page) = passage["page"].as_u64() {
                assert_eq!(parts.pop(), Some(format!("p. {page}").as_str()), "{text}");
            }
            match passage["item"]
                .as_str()
                .map(str::trim)
                .filter(|item| !item.is_empty())
            {
                Some(item) => {
                    items += 1;
                    let said = parts.join(", ");
                    let number = said.strip_prefix("item ");
                    assert!(
                        said == item || number.is_some_and(|number| item.contains(number)),
                        "{text} for item {item}"
                    );
                }
                None => assert!(parts.is_empty(), "{text}"),
            }
        }
    }
    assert!(items > 0, "no passage with an item was cited");
}
