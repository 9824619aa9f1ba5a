//! The shape of the API's answers, checked against what the answers hold over a corpus with a
//! PDF (pages) and its HTML page (a near copy): every number the OpenAPI document describes is
//! typed as the answers give it (integers as integers), no internal separator reaches an
//! answer, every hit links to its document and passages, and `/facets` holds no hit fields.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{TestServer, hits, request, start_with_files};

const PACK_PDF: &[u8] = include_bytes!("../fixtures/pdf/agenda-pack.pdf");
const PACK_HTML: &[u8] = include_bytes!("../fixtures/html/agenda-pack.html");

/// The parameters that take whole numbers: paging and years. The API refuses anything else
/// for them (checked below), so the OpenAPI document must type them as integers.
const WHOLE_NUMBER_PARAMETERS: [&str; 5] = ["page", "per_page", "passages", "year_from", "year_to"];

/// The fields a search response has that are about its hits, which `/facets` leaves out.
const HIT_FIELDS: [&str; 4] = ["hits", "page", "per_page", "sort"];

fn served() -> TestServer {
    start_with_files(&[("pack.pdf", PACK_PDF), ("pack.html", PACK_HTML)])
}

fn get_json(server: &TestServer, path: &str) -> Value {
    let reply = request("GET", &server.base, path);
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
    reply.json()
}

/// Every JSON answer of the API over the served corpus, with the route template that gave it:
/// searches, facets, each document, each of its passages and its marked text, and health.
fn every_answer(server: &TestServer) -> Vec<(&'static str, String, Value)> {
    let mut answers = Vec::new();
    let mut ask = |route: &'static str, path: String| {
        let answer = get_json(server, &path);
        answers.push((route, path, answer));
    };
    for query in [
        "",
        "q=police&passages=20",
        "q=%22cross+border+criminality%22",
        "q=PCC",
    ] {
        ask(
            "/api/v1/search",
            format!("/api/v1/search?{query}&per_page=100"),
        );
        ask("/api/v1/facets", format!("/api/v1/facets?{query}"));
    }
    for by in ["year", "force", "year%2Cforce"] {
        ask(
            "/api/v1/trends",
            format!("/api/v1/trends?q=police&q=&q=%22cross+border%22&by={by}"),
        );
    }
    ask("/healthz", "/healthz".to_string());
    for prefix in ["p", "cro", "dev"] {
        ask(
            "/api/v1/suggest",
            format!("/api/v1/suggest?q={prefix}&limit=50"),
        );
    }
    ask("/api/v1/search", "/api/v1/search?q=polcie".to_string());
    ask(
        "/api/v1/concordance",
        "/api/v1/concordance?q=PCC&limit=20".to_string(),
    );
    let browse = get_json(server, "/api/v1/search?per_page=100&passages=0");
    for hit in hits(&browse) {
        let id = hit["doc_id"].as_str().expect("doc id");
        let view = get_json(server, &format!("/api/v1/documents/{id}"));
        let passages = view["document"]["passage_count"].as_u64().expect("count");
        ask("/api/v1/documents/{id}", format!("/api/v1/documents/{id}"));
        ask(
            "/api/v1/documents/{id}/text",
            format!("/api/v1/documents/{id}/text?q=police"),
        );
        for ordinal in 0..passages {
            ask(
                "/api/v1/documents/{id}/passages/{n}",
                format!("/api/v1/documents/{id}/passages/{ordinal}"),
            );
        }
    }
    answers
}

/// How a number of an answer was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Written {
    Integer,
    Fraction,
}

/// Walks answers along the schemas the OpenAPI document gives them, noting each numeric schema
/// (by its JSON pointer) that a number was checked against, and every number described as
/// something that does not hold it.
struct Walk<'a> {
    document: &'a Value,
    seen: BTreeSet<String>,
    wrong: Vec<String>,
}

impl Walk<'_> {
    fn node(&self, pointer: &str) -> &Value {
        self.document
            .pointer(pointer)
            .unwrap_or_else(|| panic!("the OpenAPI document has nothing at {pointer}"))
    }

    fn visit(&mut self, pointer: &str, value: &Value, at: &str) {
        let node = self.node(pointer).clone();
        if let Some(target) = node["$ref"].as_str() {
            let target = target.trim_start_matches('#').to_string();
            return self.visit(&target, value, at);
        }
        let mut combined = false;
        for combinator in ["allOf", "oneOf", "anyOf"] {
            for (index, part) in node[combinator]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                combined = true;
                // The `null` of an optional value describes only a null.
                if !value.is_null() && types(part) == ["null"] {
                    continue;
                }
                self.visit(&format!("{pointer}/{combinator}/{index}"), value, at);
            }
        }
        if combined {
            return;
        }
        match value {
            Value::Number(number) => {
                let types = types(&node);
                let written = if number.is_f64() {
                    Written::Fraction
                } else {
                    Written::Integer
                };
                let described = match written {
                    Written::Integer => types.contains(&"integer"),
                    Written::Fraction => types.contains(&"number"),
                };
                if !described {
                    self.wrong.push(format!(
                        "{at}: {number} is described as {types:?} ({pointer})"
                    ));
                }
                self.seen.insert(pointer.to_string());
            }
            Value::Object(fields) => {
                for (key, field) in fields {
                    if node["properties"].get(key).is_some() {
                        let property = format!("{pointer}/properties/{key}");
                        self.visit(&property, field, &format!("{at}.{key}"));
                    }
                }
            }
            Value::Array(items) if node.get("items").is_some() => {
                for (index, item) in items.iter().enumerate() {
                    self.visit(&format!("{pointer}/items"), item, &format!("{at}[{index}]"));
                }
            }
            _ => {}
        }
    }
}

/// The types a schema allows (`type` is a name or a list of names).
fn types(node: &Value) -> Vec<&str> {
    match &node["type"] {
        Value::String(name) => vec![name.as_str()],
        Value::Array(names) => names.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The JSON pointer of every schema in the document's components that is numeric.
fn numeric_schemas(value: &Value, pointer: &str, found: &mut Vec<String>) {
    match value {
        Value::Object(fields) => {
            if types(value)
                .iter()
                .any(|name| matches!(*name, "integer" | "number"))
            {
                found.push(pointer.to_string());
            }
            for (key, field) in fields {
                numeric_schemas(field, &format!("{pointer}/{key}"), found);
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                numeric_schemas(item, &format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// The pointer of the schema of a route's JSON answer.
fn answer_schema(route: &str) -> String {
    let escaped = route.replace('~', "~0").replace('/', "~1");
    format!("/paths/{escaped}/get/responses/200/content/application~1json/schema")
}

#[test]
fn every_number_of_every_answer_is_typed_as_the_openapi_document_says() {
    let server = served();
    let document = get_json(&server, "/api/v1/openapi.json");
    let mut walk = Walk {
        document: &document,
        seen: BTreeSet::new(),
        wrong: Vec::new(),
    };
    let answers = every_answer(&server);
    for (route, path, answer) in &answers {
        walk.visit(&answer_schema(route), answer, path);
    }
    assert!(walk.wrong.is_empty(), "{:#?}", walk.wrong);
    // The walk sees a count described as a number: it can fail.
    let mut miswritten = document.clone();
    miswritten["components"]["schemas"]["FacetCount"]["properties"]["count"]["type"] =
        Value::from("number");
    let mut check = Walk {
        document: &miswritten,
        seen: BTreeSet::new(),
        wrong: Vec::new(),
    };
    let (route, path, answer) = &answers[0];
    check.visit(&answer_schema(route), answer, path);
    assert!(
        check.wrong.iter().any(|wrong| wrong.contains("FacetCount")),
        "{:#?}",
        check.wrong
    );
    // Every numeric schema was met, so none went unchecked.
    let mut numeric = Vec::new();
    numeric_schemas(&document["components"], "/components", &mut numeric);
    assert!(numeric.len() > 10, "{numeric:?}");
    let unchecked: Vec<&String> = numeric
        .iter()
        .filter(|pointer| !walk.seen.contains(*pointer))
        .collect();
    assert!(unchecked.is_empty(), "no answer holds {unchecked:#?}");
}

#[test]
fn whole_number_parameters_are_integers_in_the_openapi_document() {
    let server = served();
    let document = get_json(&server, "/api/v1/openapi.json");
    for route in ["/api/v1/search", "/api/v1/facets"] {
        let escaped = route.replace('/', "~1");
        let parameters = document
            .pointer(&format!("/paths/{escaped}/get/parameters"))
            .and_then(Value::as_array)
            .expect("parameters");
        for name in WHOLE_NUMBER_PARAMETERS {
            let parameter = parameters
                .iter()
                .find(|parameter| parameter["name"] == name)
                .unwrap_or_else(|| panic!("{route} documents no `{name}`"));
            assert_eq!(
                types(&parameter["schema"]),
                ["integer"],
                "{route} `{name}`: {parameter:#}"
            );
            let refused = request("GET", &server.base, &format!("{route}?{name}=2.5"));
            assert_eq!(
                refused.status, 400,
                "{route}?{name}=2.5 is not a whole number"
            );
        }
    }
    // No parameter takes a fraction.
    for (path, item) in document["paths"].as_object().expect("paths") {
        for parameter in item["get"]["parameters"].as_array().into_iter().flatten() {
            assert!(
                !types(&parameter["schema"]).contains(&"number"),
                "{path}: {parameter:#}"
            );
        }
    }
    let passage = document
        .pointer("/paths/~1api~1v1~1documents~1{id}~1passages~1{n}/get/parameters")
        .and_then(Value::as_array)
        .and_then(|parameters| parameters.iter().find(|parameter| parameter["name"] == "n"))
        .expect("the passage ordinal");
    assert_eq!(types(&passage["schema"]), ["integer"], "{passage:#}");
}

/// Every string of `value` (keys too), with where it is.
fn strings<'a>(value: &'a Value, at: &str, found: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(text) => found.push((at.to_string(), text)),
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                strings(item, &format!("{at}[{index}]"), found);
            }
        }
        Value::Object(fields) => {
            for (key, field) in fields {
                found.push((format!("{at} (key)"), key));
                strings(field, &format!("{at}.{key}"), found);
            }
        }
        _ => {}
    }
}

#[test]
fn no_internal_separator_reaches_an_answer() {
    let server = served();
    let answers = every_answer(&server);
    let themed = answers
        .iter()
        .filter(|(route, _, answer)| {
            route.ends_with("{n}") && answer["themes"].as_array().is_some_and(|t| !t.is_empty())
        })
        .count();
    assert!(themed > 0, "no passage with themes was read");
    for (_, path, answer) in &answers {
        let mut found = Vec::new();
        strings(answer, "", &mut found);
        for (at, text) in found {
            let control = text
                .chars()
                .find(|c| c.is_control() && !matches!(c, '\n' | '\t'));
            assert_eq!(control, None, "GET {path}: {at} holds {text:?}");
        }
    }
}

#[test]
fn every_hit_links_to_its_document_and_each_passage_to_itself() {
    let server = served();
    let response = get_json(&server, "/api/v1/search?q=police&per_page=100&passages=5");
    assert!(hits(&response).len() > 1, "{response:#}");
    for hit in hits(&response) {
        let id = hit["doc_id"].as_str().expect("doc id");
        let url = hit["url"]
            .as_str()
            .unwrap_or_else(|| panic!("no url: {hit:#}"));
        assert_eq!(url, format!("/api/v1/documents/{id}"));
        let view = get_json(&server, url);
        assert_eq!(view["document"]["doc_id"], id);
        let passages = hit["passages"].as_array().expect("passages");
        assert!(!passages.is_empty(), "{hit:#}");
        for passage in passages {
            let url = passage["url"]
                .as_str()
                .unwrap_or_else(|| panic!("no url: {passage:#}"));
            let ordinal = passage["ordinal"].as_u64().expect("ordinal");
            assert_eq!(url, format!("/api/v1/documents/{id}/passages/{ordinal}"));
            let full = get_json(&server, url);
            assert_eq!(
                (&full["doc_id"], &full["ordinal"]),
                (&hit["doc_id"], &passage["ordinal"])
            );
        }
    }
}

#[test]
fn facets_answer_the_totals_and_counts_of_the_search_without_hit_fields() {
    let server = served();
    let query = "q=commissioner&type=thematic&per_page=2&page=2&passages=4&sort=date";
    let search = get_json(&server, &format!("/api/v1/search?{query}"));
    let facets = get_json(&server, &format!("/api/v1/facets?{query}"));
    let fields = facets.as_object().expect("an object");
    for field in HIT_FIELDS {
        assert!(search.get(field).is_some(), "search answers `{field}`");
        assert!(
            !fields.contains_key(field),
            "/facets answers `{field}`: {facets:#}"
        );
    }
    for (field, value) in fields {
        if field != "took_ms" {
            assert_eq!(value, &search[field], "`{field}` differs from the search's");
        }
    }
    assert!(fields.contains_key("facets") && fields.contains_key("total_documents"));
    let document = get_json(&server, "/api/v1/openapi.json");
    let schema = document
        .pointer(&answer_schema("/api/v1/facets"))
        .and_then(|schema| schema["$ref"].as_str())
        .map(|target| target.trim_start_matches('#').to_string())
        .and_then(|target| document.pointer(&target))
        .expect("the facets answer's schema");
    for field in HIT_FIELDS {
        assert!(
            schema["properties"].get(field).is_none(),
            "the facets schema describes `{field}`"
        );
    }
}
