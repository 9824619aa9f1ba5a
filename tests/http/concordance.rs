//! `/api/v1/concordance`: every mention of a query in context, checked against counts computed
//! here from the documents' extracted text (`/api/v1/documents/{id}/text`) and against the
//! search's totals; its orders, its cursor and its CSV.

use std::collections::BTreeMap;
use std::time::Duration;

use oversight_schema::analyzer::stems;
use serde_json::Value;

use crate::support::{get, get_ok, hits, index, poll_until, request, start, total_documents};

const RESTORATIVE_JUSTICE: &str = "%22restorative+justice%22";

/// The concordance of `query` (URL-encoded) with `extra` parameters, all of it in one page.
fn concordance(query: &str, extra: &str) -> Value {
    get_ok(&format!("/api/v1/concordance?q={query}&limit=1000{extra}"))
}

fn mentions(response: &Value) -> &Vec<Value> {
    response["mentions"].as_array().expect("mentions")
}

fn total(response: &Value, name: &str) -> u64 {
    response[name]
        .as_u64()
        .unwrap_or_else(|| panic!("{name}: {response:#}"))
}

/// The extracted text of every indexed document, passage by passage, by document id.
fn every_document_text() -> BTreeMap<String, Vec<String>> {
    let browse = get_ok("/api/v1/search?q=&per_page=100&passages=0");
    assert!(total_documents(&browse) as usize <= hits(&browse).len());
    hits(&browse)
        .iter()
        .map(|hit| {
            let doc_id = hit["doc_id"].as_str().expect("doc id").to_string();
            let view = get_ok(&format!("/api/v1/documents/{doc_id}/text"));
            let texts = view["passages"]
                .as_array()
                .expect("passages")
                .iter()
                .map(|passage| unescape(passage["html"].as_str().expect("html")))
                .collect();
            (doc_id, texts)
        })
        .collect()
}

fn unescape(html: &str) -> String {
    html.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// `text` lower-cased with every run of characters other than letters and digits as one space.
fn folded(text: &str) -> String {
    text.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// How often the words `phrase` occur in `text`, whole words in any case, in order.
fn occurrences(text: &str, phrase: &str) -> usize {
    let words: Vec<&str> = phrase.split(' ').collect();
    let folded = folded(text);
    let text: Vec<&str> = folded.split(' ').collect();
    text.windows(words.len())
        .filter(|window| window == &words.as_slice())
        .count()
}

/// Mentions of `phrase` per document, counted in the documents' text.
fn counted(phrase: &str) -> BTreeMap<String, usize> {
    every_document_text()
        .into_iter()
        .map(|(doc_id, texts)| {
            let count = texts.iter().map(|text| occurrences(text, phrase)).sum();
            (doc_id, count)
        })
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// Mentions per document in a concordance.
fn per_document(response: &Value) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for row in mentions(response) {
        *counts
            .entry(row["doc_id"].as_str().expect("doc id").to_string())
            .or_default() += 1;
    }
    counts
}

#[test]
fn a_word_gives_every_occurrence_in_the_documents_text() {
    let expected = counted("naloxone");
    assert!(!expected.is_empty(), "the seeds mention naloxone");
    let response = concordance("naloxone", "");
    assert_eq!(per_document(&response), expected, "{response:#}");
    let expected_total: usize = expected.values().sum();
    assert_eq!(total(&response, "total_mentions") as usize, expected_total);
    assert_eq!(mentions(&response).len(), expected_total);
    assert_eq!(total(&response, "total_documents") as usize, expected.len());
    for row in mentions(&response) {
        assert_eq!(folded(row["match"].as_str().expect("match")), "naloxone");
        assert_eq!(row["expansion"], false);
    }
}

#[test]
fn a_phrase_is_one_mention_and_every_literal_occurrence_is_one() {
    let expected = counted("restorative justice");
    let literal: usize = expected.values().sum();
    assert!(literal > 0, "the seeds mention restorative justice");
    let response = concordance(RESTORATIVE_JUSTICE, "");
    let (written, expanded): (Vec<&Value>, Vec<&Value>) = mentions(&response)
        .iter()
        .partition(|row| row["expansion"] == false);
    assert!(
        written.len() >= literal,
        "{literal} literal mentions: {response:#}"
    );
    let mut written_per_document: BTreeMap<String, usize> = BTreeMap::new();
    for row in &written {
        let matched = row["match"].as_str().expect("match");
        assert_eq!(stems(matched), stems("restorative justice"), "{row:#}");
        *written_per_document
            .entry(row["doc_id"].as_str().expect("doc id").to_string())
            .or_default() += 1;
    }
    for (doc_id, count) in &expected {
        assert!(written_per_document.get(doc_id) >= Some(count), "{doc_id}");
    }
    // The phrase's acronym is a mention too, flagged as one.
    let acronyms = response["expansions"][0]["expanded_to"].clone();
    for row in expanded {
        let matched = row["match"].as_str().expect("match");
        assert!(
            acronyms.as_array().is_some_and(|forms| forms
                .iter()
                .any(|form| form.as_str().map(stems) == Some(stems(matched)))),
            "{row:#}"
        );
    }
}

#[test]
fn the_mentions_are_of_the_documents_the_search_finds() {
    for (query, scope) in [
        ("naloxone", "document"),
        (RESTORATIVE_JUSTICE, "document"),
        ("victims+code", "document"),
        ("victims+code", "passage"),
    ] {
        let search = get_ok(&format!(
            "/api/v1/search?q={query}&scope={scope}&per_page=100&passages=0"
        ));
        let response = concordance(query, &format!("&scope={scope}"));
        let found: Vec<&str> = hits(&search)
            .iter()
            .filter_map(|hit| hit["doc_id"].as_str())
            .collect();
        for doc_id in per_document(&response).keys() {
            assert!(
                found.contains(&doc_id.as_str()),
                "{query} {scope}: {doc_id}"
            );
        }
        assert!(total(&response, "total_documents") <= total_documents(&search));
        assert!(
            total(&response, "total_passages") <= search["total_passages"].as_u64().unwrap_or(0)
        );
        assert!(total(&response, "total_mentions") > 0, "{query} {scope}");
    }
    let narrow = concordance("victims+code", "&scope=passage");
    let wide = concordance("victims+code", "");
    assert!(total(&narrow, "total_mentions") <= total(&wide, "total_mentions"));
}

#[test]
fn each_mention_is_where_its_row_says_with_its_context() {
    let response = concordance("naloxone", "&context=3");
    for row in mentions(&response) {
        let passage = get_ok(row["url"].as_str().expect("url"));
        let text = passage["text"].as_str().expect("text");
        let offset = row["offset"].as_u64().expect("offset") as usize;
        let matched = row["match"].as_str().expect("match");
        assert_eq!(
            folded(&text[offset..offset + matched.len()]),
            folded(matched)
        );
        let left: Vec<&str> = text[..offset].split_whitespace().rev().take(3).collect();
        let left: Vec<&str> = left.into_iter().rev().collect();
        assert_eq!(row["left"], left.join(" "));
        let right: Vec<&str> = text[offset + matched.len()..]
            .split_whitespace()
            .take(3)
            .collect();
        assert_eq!(row["right"], right.join(" "));
        assert_eq!(row["ordinal"], passage["ordinal"]);
        let document = get_ok(&format!(
            "/api/v1/documents/{}",
            row["doc_id"].as_str().expect("doc id")
        ));
        assert_eq!(row["title"], document["document"]["title"]);
    }
}

#[test]
fn an_acronym_s_long_form_is_a_mention_flagged_as_an_expansion() {
    let response = concordance("PCC", "");
    let rows = mentions(&response);
    assert!(
        !response["expansions"]
            .as_array()
            .expect("expansions")
            .is_empty()
    );
    let expanded = rows.iter().filter(|row| row["expansion"] == true).count();
    assert!(
        expanded > 0 && expanded < rows.len(),
        "{expanded} of {}",
        rows.len()
    );
    for row in rows {
        let matched = stems(row["match"].as_str().expect("match"));
        assert_eq!(row["expansion"] == true, matched != stems("PCC"), "{row:#}");
    }
}

/// The sort key of a context: its words (split at whitespace, the punctuation around each left
/// out) nearest the match first, lower-cased.
fn words_outwards(context: &Value, left: bool) -> Vec<String> {
    let mut words: Vec<String> = context
        .as_str()
        .unwrap_or_default()
        .split_whitespace()
        .map(|word| {
            word.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .filter(|word| !word.is_empty())
        .collect();
    if left {
        words.reverse();
    }
    words
}

fn row_set(response: &Value) -> Vec<String> {
    let mut rows: Vec<String> = mentions(response).iter().map(Value::to_string).collect();
    rows.sort();
    rows
}

#[test]
fn orders_sort_the_same_mentions() {
    let by_date = concordance("PCC", "&context=4");
    let dates: Vec<(bool, String)> = mentions(&by_date)
        .iter()
        .map(|row| (row["date"].is_null(), row["date"].to_string()))
        .collect();
    assert!(dates.windows(2).all(|pair| pair[0] <= pair[1]), "{dates:?}");
    for (sort, left) in [("left", true), ("right", false)] {
        let sorted = concordance("PCC", &format!("&context=4&sort={sort}"));
        assert_eq!(sorted["sort"], sort);
        assert_eq!(row_set(&sorted), row_set(&by_date), "{sort}");
        let keys: Vec<Vec<String>> = mentions(&sorted)
            .iter()
            .map(|row| words_outwards(&row[sort], left))
            .collect();
        assert!(
            keys.windows(2).all(|pair| pair[0] <= pair[1]),
            "{sort}: {keys:?}"
        );
    }
    let by_document = concordance("PCC", "&context=4&sort=document");
    assert_eq!(row_set(&by_document), row_set(&by_date));
    let titles: Vec<String> = mentions(&by_document)
        .iter()
        .map(|row| row["title"].as_str().unwrap_or_default().to_lowercase())
        .collect();
    assert!(titles.windows(2).all(|pair| pair[0] <= pair[1]));
}

#[test]
fn a_cursor_pages_through_every_mention_in_order() {
    let whole = concordance("naloxone", "&sort=right");
    let mut paged = Vec::new();
    let mut next = String::new();
    loop {
        let page = get_ok(&format!(
            "/api/v1/concordance?q=naloxone&sort=right&limit=1{next}"
        ));
        assert_eq!(page["total_mentions"], whole["total_mentions"]);
        paged.extend(mentions(&page).iter().cloned());
        match page["next_cursor"].as_str() {
            Some(cursor) => next = format!("&cursor={cursor}"),
            None => break,
        }
        assert!(
            paged.len() <= mentions(&whole).len(),
            "the pages do not end"
        );
    }
    assert_eq!(&paged, mentions(&whole));
    assert!(whole["next_cursor"].is_null());
}

#[test]
fn a_cursor_of_another_search_or_a_forged_one_is_refused() {
    let first = get_ok("/api/v1/concordance?q=PCC&limit=1");
    let cursor = first["next_cursor"].as_str().expect("a next page");
    for target in [
        format!("/api/v1/concordance?q=naloxone&cursor={cursor}"),
        format!("/api/v1/concordance?q=PCC&sort=left&cursor={cursor}"),
        format!("/api/v1/concordance?q=PCC&force=warwickshire&cursor={cursor}"),
        "/api/v1/concordance?q=PCC&cursor=bm90IGEgY3Vyc29y".to_string(),
        "/api/v1/concordance?q=PCC&cursor=%00%FF".to_string(),
    ] {
        let reply = get(&target);
        assert_eq!(reply.status, 400, "{target}: {}", reply.body);
        let code = reply.json()["error"]["code"].clone();
        assert!(
            code == "invalid_parameter" || code == "invalid_encoding",
            "{target}: {}",
            reply.body
        );
    }
    let again = get_ok(&format!(
        "/api/v1/concordance?q=PCC&limit=1&context=2&cursor={cursor}"
    ));
    assert_eq!(mentions(&again).len(), 1);
}

#[test]
fn a_cursor_given_before_the_index_changed_is_refused_after() {
    let server = start();
    let first = request("GET", &server.base, "/api/v1/concordance?q=PCC&limit=1").json();
    let cursor = first["next_cursor"]
        .as_str()
        .expect("a next page")
        .to_string();
    let next = format!("/api/v1/concordance?q=PCC&limit=1&cursor={cursor}");
    assert_eq!(request("GET", &server.base, &next).status, 200);
    std::fs::write(
        server.corpus.join("new-panel.txt"),
        "Quokkashire Police and Crime Panel\n\n4 May 2022\n\nThe PCC reported on the quokka fund.\n",
    )
    .expect("write");
    let update = index(&server.corpus, &server.index, false);
    assert!(update.committed, "the new document was not committed");
    let changed = poll_until(Duration::from_secs(30), || {
        let reply = request("GET", &server.base, &next);
        (reply.status != 200).then_some(reply)
    })
    .expect("the cursor was still taken once the index had changed");
    assert_eq!(changed.status, 400, "{}", changed.body);
    let error = &changed.json()["error"];
    assert_eq!(error["code"], "invalid_parameter", "{error}");
    assert!(
        error["message"]
            .as_str()
            .is_some_and(|message| message.contains("another version of the index")),
        "{error}"
    );
}

/// The records of a CSV body (RFC 4180: quoted fields may hold commas, quotes and line breaks).
fn csv_records(body: &str) -> Vec<Vec<String>> {
    let mut records = Vec::new();
    let mut record = Vec::new();
    let mut field = String::new();
    let mut quoted = false;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (true, c) => field.push(c),
            (false, '"') => quoted = true,
            (false, ',') => record.push(std::mem::take(&mut field)),
            (false, '\r') => {}
            (false, '\n') => {
                record.push(std::mem::take(&mut field));
                records.push(std::mem::take(&mut record));
            }
            (false, c) => field.push(c),
        }
    }
    records
}

#[test]
fn csv_gives_every_mention_with_a_header_row() {
    let json = concordance("PCC", "");
    let reply = get("/api/v1/concordance?q=PCC&format=csv&limit=1");
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8")
    );
    assert!(
        reply
            .header("content-disposition")
            .is_some_and(|value| value.contains("concordance-pcc.csv"))
    );
    let records = csv_records(&reply.body);
    let header = &records[0];
    assert_eq!(header[0], "doc_id");
    assert_eq!(records.len() - 1, total(&json, "total_mentions") as usize);
    let column = |name: &str| header.iter().position(|field| field == name).expect(name);
    for (record, row) in records[1..].iter().zip(mentions(&json)) {
        assert_eq!(record.len(), header.len());
        assert_eq!(
            record[column("doc_id")],
            row["doc_id"].as_str().unwrap_or_default()
        );
        assert_eq!(
            record[column("match")],
            row["match"].as_str().unwrap_or_default()
        );
        assert_eq!(
            record[column("left")],
            row["left"].as_str().unwrap_or_default()
        );
        assert_eq!(record[column("offset")], row["offset"].to_string());
    }
    let empty = get("/api/v1/concordance?q=zzyzzyxx&format=csv");
    assert_eq!(empty.status, 200);
    assert_eq!(csv_records(&empty.body).len(), 1, "{}", empty.body);
    let malformed = get("/api/v1/concordance?q=%22open&format=csv");
    assert_eq!(malformed.status, 400, "{}", malformed.body);
    assert_eq!(malformed.json()["error"]["code"], "malformed_query");
}
