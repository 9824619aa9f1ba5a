//! Readers of the JSON answers of `oversight search --json` and of the search API (the same
//! shape): hits, their sources, totals and facets, and the answer without its timing.

use serde_json::Value;

/// The hits of a search response.
pub fn hits(response: &Value) -> &Vec<Value> {
    response["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("a response without hits: {response:#}"))
}

/// The number of documents a search response says it found.
pub fn total_documents(response: &Value) -> u64 {
    response["total_documents"]
        .as_u64()
        .unwrap_or_else(|| panic!("a response without total_documents: {response:#}"))
}

/// The number of passages a search response says it found.
pub fn total_passages(response: &Value) -> u64 {
    response["total_passages"]
        .as_u64()
        .unwrap_or_else(|| panic!("a response without total_passages: {response:#}"))
}

/// The file names a hit was read from.
pub fn sources(hit: &Value) -> Vec<String> {
    hit["sources"]
        .as_array()
        .unwrap_or_else(|| panic!("a hit without sources: {hit:#}"))
        .iter()
        .map(|source| source.as_str().expect("a source is a string").to_string())
        .collect()
}

/// The first source of each hit, in the order of the response.
pub fn hit_files(response: &Value) -> Vec<String> {
    hits(response)
        .iter()
        .map(|hit| sources(hit).into_iter().next().expect("a hit has a source"))
        .collect()
}

/// The first sources of the hits, sorted, for comparisons that ignore the order.
pub fn hit_file_set(response: &Value) -> Vec<String> {
    let mut files = hit_files(response);
    files.sort();
    files
}

/// The hit read from `file`, if the response has one.
pub fn hit_for<'a>(response: &'a Value, file: &str) -> Option<&'a Value> {
    hits(response)
        .iter()
        .find(|hit| sources(hit).iter().any(|source| source == file))
}

/// A facet's counts as (value, count) pairs, in the response's order.
pub fn facet(response: &Value, name: &str) -> Vec<(String, u64)> {
    response["facets"][name]
        .as_array()
        .unwrap_or_else(|| panic!("a response without the {name} facet: {response:#}"))
        .iter()
        .map(|entry| {
            (
                entry["value"].as_str().expect("a facet value").to_string(),
                entry["count"].as_u64().expect("a facet count is a number"),
            )
        })
        .collect()
}

/// The count a facet lists for a value, if it lists the value.
pub fn facet_count(response: &Value, name: &str, value: &str) -> Option<u64> {
    facet(response, name)
        .into_iter()
        .find(|(listed, _)| listed == value)
        .map(|(_, count)| count)
}

/// The response without what changes from one run to the next (the time it took).
pub fn without_timing(response: &Value) -> Value {
    let mut copy = response.clone();
    if let Some(object) = copy.as_object_mut() {
        object.remove("took_ms");
    }
    copy
}

/// Sorted owned copies of file names.
pub fn file_set(files: &[&str]) -> Vec<String> {
    let mut set: Vec<String> = files.iter().map(|file| file.to_string()).collect();
    set.sort();
    set
}
