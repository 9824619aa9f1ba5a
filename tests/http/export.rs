//! `GET /api/v1/export`: every match of a search as CSV or NDJSON, its rows counted against the
//! index's size and the search's totals; streamed with back-pressure, not cut by the request
//! timeout, stopped when the client goes.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use oversight_server::REQUEST_TIMEOUT;
use serde_json::Value;

use crate::support::{Reply, get, get_ok, hits, oneshot, poll_until, request, start_with};

/// The searches whose exports are counted: words, a phrase, an exclusion, one passage, filters.
const SEARCHES: [&str; 8] = [
    "q=precept",
    "q=police+budget",
    "q=police+budget&scope=passage",
    "q=%22police+and+crime%22",
    "q=police+-precept",
    "q=police&type=minutes",
    "q=&year_from=2018",
    "q=victims+OR+custody",
];

fn export(query: &str) -> Reply {
    let reply = get(&format!("/api/v1/export?{query}"));
    assert_eq!(reply.status, 200, "{query}: {}", reply.body);
    reply
}

fn ndjson_rows(query: &str) -> Vec<Value> {
    let reply = export(&format!("{query}&format=ndjson"));
    assert_eq!(reply.header("content-type"), Some("application/x-ndjson"));
    reply
        .body
        .lines()
        .map(|line| serde_json::from_str(line).unwrap_or_else(|error| panic!("{error}: {line}")))
        .collect()
}

fn csv_records(body: &str) -> (csv::StringRecord, Vec<csv::StringRecord>) {
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().expect("a header row").clone();
    let records = reader
        .records()
        .collect::<Result<Vec<_>, _>>()
        .expect("RFC 4180 records");
    (header, records)
}

#[test]
fn an_export_of_everything_has_every_passage_and_document_of_the_index() {
    let health = get_ok("/healthz");
    let rows = ndjson_rows("q=");
    assert_eq!(Some(rows.len() as u64), health["passages"].as_u64());
    let documents = ndjson_rows("level=document");
    assert_eq!(Some(documents.len() as u64), health["documents"].as_u64());
    let corpus_files = std::fs::read_dir(crate::support::bundled_corpus())
        .expect("the corpus folder")
        .count();
    assert_eq!(documents.len(), corpus_files);
    let passages_by_count: u64 = documents
        .iter()
        .filter_map(|row| row["matched_passages"].as_u64())
        .sum();
    assert_eq!(passages_by_count, rows.len() as u64);
}

#[test]
fn an_export_of_a_search_has_exactly_its_passages_and_documents() {
    for query in SEARCHES {
        let search = get_ok(&format!("/api/v1/search?{query}&per_page=100"));
        let passages = ndjson_rows(query);
        assert_eq!(
            Some(passages.len() as u64),
            search["total_passages"].as_u64(),
            "{query}"
        );
        let documents = ndjson_rows(&format!("{query}&level=document"));
        let exported: BTreeMap<String, u64> = documents
            .iter()
            .map(|row| {
                let id = row["doc_id"].as_str().unwrap_or_default().to_string();
                (id, row["matched_passages"].as_u64().unwrap_or_default())
            })
            .collect();
        let searched: BTreeMap<String, u64> = hits(&search)
            .iter()
            .map(|hit| {
                let id = hit["doc_id"].as_str().unwrap_or_default().to_string();
                (id, hit["matched_passages"].as_u64().unwrap_or_default())
            })
            .collect();
        assert_eq!(exported, searched, "{query}");
        assert_eq!(
            Some(documents.len() as u64),
            search["total_documents"].as_u64()
        );
        let per_document = passages.iter().fold(BTreeMap::new(), |mut counts, row| {
            let id = row["doc_id"].as_str().unwrap_or_default().to_string();
            *counts.entry(id).or_insert(0u64) += 1;
            counts
        });
        assert_eq!(per_document, searched, "{query}");
    }
    let counted = SEARCHES
        .iter()
        .filter(|query| ndjson_rows(query).len() > 1)
        .count();
    assert!(
        counted >= 6,
        "only {counted} searches match more than one passage"
    );
}

#[test]
fn a_passage_row_carries_its_document_location_text_and_marked_snippet() {
    let rows = ndjson_rows("q=precept");
    let row = rows.first().expect("a matching passage");
    let url = row["passage_url"].as_str().expect("a passage link");
    let passage = get_ok(url);
    assert_eq!(row["text"], passage["text"]);
    for key in ["ordinal", "page", "item", "heading"] {
        assert_eq!(row[key], passage[key], "{key}");
    }
    let document = get_ok(row["document_url"].as_str().expect("a document link"));
    assert_eq!(row["title"], document["document"]["title"]);
    assert_eq!(row["force"], document["document"]["force"]);
    assert!(
        row["snippet"]
            .as_str()
            .is_some_and(|snippet| snippet.contains("<mark>")),
        "{}",
        row["snippet"]
    );
}

#[test]
fn csv_is_rfc_4180_with_a_header_the_same_rows_as_ndjson_and_a_bom_when_asked() {
    let query = "q=%22police+and+crime%22";
    let reply = export(query);
    assert_eq!(
        reply.header("content-type"),
        Some("text/csv; charset=utf-8; header=present")
    );
    assert!(
        reply.body.starts_with("doc_id,title,force,"),
        "{}",
        &reply.body[..80]
    );
    let lines_end_crlf = reply
        .body
        .split_inclusive('\n')
        .all(|line| line.ends_with("\r\n"));
    assert!(
        lines_end_crlf || reply.body.contains("\"\n"),
        "records end with CRLF"
    );
    assert!(reply.body.ends_with("\r\n"));
    let (header, records) = csv_records(&reply.body);
    let rows = ndjson_rows(query);
    assert_eq!(records.len(), rows.len());
    let text_column = header.iter().position(|name| name == "text").expect("text");
    let id_column = header.iter().position(|name| name == "doc_id").expect("id");
    for (record, row) in records.iter().zip(&rows) {
        assert_eq!(Some(&record[text_column]), row["text"].as_str());
        assert_eq!(Some(&record[id_column]), row["doc_id"].as_str());
        assert_eq!(record.len(), header.len());
    }
    let with_bom = get(&format!("/api/v1/export?{query}&bom=true"));
    assert!(with_bom.body.starts_with('\u{feff}'));
    assert_eq!(&with_bom.body['\u{feff}'.len_utf8()..], reply.body);
}

#[test]
fn the_file_is_named_after_the_query_level_and_day() {
    let reply = export("q=%22Restorative+Justice%22&level=document&format=ndjson");
    let disposition = reply.header("content-disposition").unwrap_or_default();
    let name = disposition
        .strip_prefix("attachment; filename=\"oversight-restorative-justice-documents-")
        .and_then(|rest| rest.strip_suffix(".ndjson\""))
        .unwrap_or_else(|| panic!("{disposition}"));
    let parts: Vec<&str> = name.split('-').collect();
    assert_eq!(
        parts.iter().map(|part| part.len()).collect::<Vec<_>>(),
        [4, 2, 2]
    );
    assert!(
        parts
            .iter()
            .all(|part| part.bytes().all(|b| b.is_ascii_digit()))
    );
    let everything = export("");
    assert!(
        everything
            .header("content-disposition")
            .is_some_and(|value| value.contains("oversight-everything-passages-")),
        "{:?}",
        everything.headers
    );
}

#[test]
fn a_compressed_export_ends_cleanly() {
    let reply = oneshot(
        "GET",
        "/api/v1/export?q=precept",
        &[("accept-encoding", "gzip")],
    );
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.header("content-encoding"), Some("gzip"));
    assert!(!reply.body.is_empty());
}

#[test]
fn bad_export_parameters_are_json_4xx_before_any_row() {
    for (query, code) in [
        ("format=xlsx", "invalid_parameter"),
        ("level=sentence", "invalid_parameter"),
        ("bom=maybe", "invalid_parameter"),
        ("page=2", "invalid_parameter"),
        ("sort=date", "invalid_parameter"),
        ("format=csv&format=ndjson", "invalid_parameter"),
        ("colour=red", "unknown_parameter"),
        ("force=atlantis", "unknown_value"),
        ("q=%22unclosed", "malformed_query"),
    ] {
        let reply = get(&format!("/api/v1/export?{query}"));
        assert!(
            (400..500).contains(&reply.status),
            "{query}: {} {}",
            reply.status,
            reply.body
        );
        assert_eq!(reply.json()["error"]["code"], code, "{query}");
    }
}

/// Invented minutes: `paragraphs` numbered paragraphs of the same made-up business.
fn invented_minutes(number: usize, paragraphs: usize) -> String {
    let mut text = format!(
        "# Police and Crime Panel\n\n**{} March 2019**\n\n## Minutes of meeting {number}\n\n",
        number % 28 + 1
    );
    for paragraph in 0..paragraphs {
        text.push_str(&format!(
            "### Item {paragraph}: Estates review {number}\n\nThe panel considered the estates \
             review, part {paragraph}, of the commissioner's office. Members asked about the \
             custody suite, the rural patrol cover and the cost of the fleet, and noted the \
             answers given by the chief finance officer on the reserves and the capital plan.\n\n"
        ));
    }
    text
}

fn metric(base: &str, name: &str) -> f64 {
    let metrics = request("GET", base, "/metrics").body;
    metrics
        .lines()
        .find_map(|line| line.strip_prefix(&format!("{name} ")))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or(0.0)
}

/// Opens an export on a raw socket and reads its first `bytes` bytes.
fn open_export(base: &str, query: &str, bytes: usize) -> (TcpStream, Vec<u8>) {
    let address = base.trim_start_matches("http://");
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(
        stream,
        "GET /api/v1/export?{query} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .expect("send the request");
    let mut head = vec![0; bytes];
    stream.read_exact(&mut head).expect("the first bytes");
    assert!(
        head.starts_with(b"HTTP/1.1 200"),
        "{}",
        String::from_utf8_lossy(&head)
    );
    (stream, head)
}

#[test]
fn a_large_export_streams_outlives_the_timeout_and_stops_when_the_client_goes() {
    let files: Vec<(String, String)> = (0..80)
        .map(|number| {
            (
                format!("minutes-{number:02}.txt"),
                invented_minutes(number, 150),
            )
        })
        .collect();
    let extra: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (name.as_str(), text.as_str()))
        .collect();
    let server = start_with(&extra);
    let query = "q=estates+review&format=ndjson";
    let full = read_whole(open_export(&server.base, query, 16));
    let total = full.lines().count() as f64;
    let search = request("GET", &server.base, "/api/v1/search?q=estates+review").json();
    assert_eq!(search["total_passages"].as_f64(), Some(total));
    assert!(
        full.len() > 8 * 1024 * 1024,
        "the export is {} bytes, too few to outgrow the buffers between the walk and the client",
        full.len()
    );

    // A client that reads the first rows and stops: the walk waits for it, part way.
    let before = metric(&server.base, "export_rows_total");
    let (stalled, _) = open_export(&server.base, query, 2048);
    let waiting = poll_until(Duration::from_secs(30), || {
        let written = metric(&server.base, "export_rows_total") - before;
        let settled = written > 0.0 && {
            std::thread::sleep(Duration::from_millis(300));
            metric(&server.base, "export_rows_total") - before == written
        };
        settled.then_some(written)
    })
    .expect("the walk stops writing while the client does not read");
    assert!(
        waiting < total,
        "{waiting} of {total} rows written for a client that read 2 KiB"
    );
    assert_eq!(metric(&server.base, "exports_running"), 1.0);

    // The client goes: the walk ends without writing the rest.
    drop(stalled);
    poll_until(Duration::from_secs(30), || {
        (metric(&server.base, "exports_running") == 0.0).then_some(())
    })
    .expect("the export stops when its client goes");
    let written = metric(&server.base, "export_rows_total") - before;
    assert!(
        written < total,
        "{written} of {total} rows written after the client went"
    );

    // A client slower than the request timeout still gets every row.
    let slow = open_export(&server.base, query, 2048);
    std::thread::sleep(REQUEST_TIMEOUT + Duration::from_secs(1));
    assert_eq!(read_whole(slow), full);
}

/// The rest of a response opened with [`open_export`], and its body.
fn read_whole((mut stream, mut response): (TcpStream, Vec<u8>)) -> String {
    stream
        .read_to_end(&mut response)
        .expect("the rest of the export");
    dechunked(&response)
}

/// The body of a whole HTTP/1.1 response with chunked transfer coding.
fn dechunked(response: &[u8]) -> String {
    let text = String::from_utf8_lossy(response);
    let (head, mut rest) = text.split_once("\r\n\r\n").expect("a head");
    assert!(
        head.to_lowercase().contains("transfer-encoding: chunked"),
        "{head}"
    );
    let mut body = String::new();
    loop {
        let (size, after) = rest.split_once("\r\n").expect("a chunk size line");
        let size = usize::from_str_radix(size.trim(), 16).expect("a hexadecimal chunk size");
        if size == 0 {
            assert_eq!(after, "\r\n", "the body ends whole");
            return body;
        }
        body.push_str(&after[..size]);
        rest = after[size..]
            .strip_prefix("\r\n")
            .expect("a chunk ends with CRLF");
    }
}
