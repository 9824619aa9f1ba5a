//! PDF and HTML copies of one document, indexed once, with the original PDF served so that a
//! passage's page can be opened (`#page=N`).

use serde_json::Value;

use crate::support::{TestServer, get_bytes, hits, request, start_with_files};

const PACK_PDF: &[u8] = include_bytes!("../fixtures/pdf/agenda-pack.pdf");
const PACK_HTML: &[u8] = include_bytes!("../fixtures/html/agenda-pack.html");

fn get_json(server: &TestServer, path: &str) -> Value {
    let reply = request("GET", &server.base, path);
    assert_eq!(reply.status, 200, "GET {path}: {}", reply.body);
    reply.json()
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.as_str())
}

#[test]
fn a_pdf_its_html_page_and_a_second_download_are_one_document_opened_at_its_pages() {
    let server = start_with_files(&[
        ("pack.pdf", PACK_PDF),
        ("Agenda for Warwickshire PCP.html", PACK_HTML),
        ("pack (1).pdf", PACK_PDF),
    ]);
    let response = get_json(
        &server,
        "/api/v1/search?q=%22cross+border+criminality%22&passages=3",
    );
    // The phrase is also in the real Warwickshire pack of the bundled corpus.
    assert_eq!(response["total_documents"], 2, "{response:#}");
    let packs: Vec<&Value> = hits(&response)
        .iter()
        .filter(|hit| hit["sources"].to_string().contains("pack.pdf"))
        .collect();
    assert_eq!(packs.len(), 1, "{response:#}");
    let hit = packs[0];
    assert_eq!(
        hit["sources"],
        serde_json::json!([
            "pack (1).pdf",
            "pack.pdf",
            "Agenda for Warwickshire PCP.html"
        ]),
        "the PDF is indexed, its exact and near copies are listed"
    );
    assert_eq!(hit["force"], "warwickshire");
    assert_eq!(hit["date"], "2014-09-26");
    assert_eq!(
        hit["title"],
        "Warwickshire Police and Crime Panel – 26 September 2014"
    );
    let passage = &hit["passages"][0];
    assert_eq!(passage["page"], 5, "{passage:#}");
    assert_eq!(passage["item"], "Item 5: Operation Devonport");

    let doc_id = hit["doc_id"].as_str().expect("doc id");
    let view = get_json(&server, &format!("/api/v1/documents/{doc_id}"));
    let copies = view["document"]["near_copies"].as_array().expect("copies");
    assert_eq!(copies.len(), 1, "{view:#}");
    assert_eq!(
        copies[0]["sources"],
        serde_json::json!(["Agenda for Warwickshire PCP.html"])
    );
    let similarity = copies[0]["similarity"].as_f64().unwrap_or(0.0);
    assert!((0.8..=1.0).contains(&similarity), "similarity {similarity}");
    let pages: Vec<u64> = view["outline"]
        .as_array()
        .expect("outline")
        .iter()
        .filter_map(|entry| entry["page"].as_u64())
        .collect();
    assert_eq!(pages.first(), Some(&1));
    assert_eq!(pages.last(), Some(&5));

    let original = view["original_url"]
        .as_str()
        .expect("the original is served");
    assert_eq!(original, format!("/api/v1/documents/{doc_id}/original"));
    let (status, headers, bytes) = get_bytes(&server.base, original);
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("application/pdf"));
    assert!(bytes == PACK_PDF, "the file as it was downloaded");
}

#[test]
fn originals_are_served_only_for_indexed_files_and_text_never_runs_as_this_site() {
    let page = "<html><body><h1>Dorset Police and Crime Panel</h1><script>alert(1)</script>\
                <p>The panel met on 3 March 2021 to review the precept proposal for 2021/22, \
                the commissioner's budget and the medium term financial plan, with questions \
                from members about reserves, officer numbers and the estates strategy.</p></body></html>";
    let server = start_with_files(&[("dorset.html", page.as_bytes())]);
    let response = get_json(&server, "/api/v1/search?q=estates+strategy");
    let doc_id = hits(&response)[0]["doc_id"]
        .as_str()
        .expect("doc id")
        .to_string();
    let (status, headers, bytes) = get_bytes(
        &server.base,
        &format!("/api/v1/documents/{doc_id}/original"),
    );
    assert_eq!(status, 200);
    assert_eq!(
        header(&headers, "content-type"),
        Some("text/html; charset=utf-8")
    );
    let policy = header(&headers, "content-security-policy").unwrap_or_default();
    assert!(
        policy.starts_with("sandbox"),
        "HTML originals are sandboxed: {policy}"
    );
    assert_eq!(bytes, page.as_bytes());

    std::fs::write(server.corpus.join("dorset.html"), "changed after indexing").expect("write");
    let changed = request(
        "GET",
        &server.base,
        &format!("/api/v1/documents/{doc_id}/original"),
    );
    assert_eq!(changed.status, 404);
    assert!(
        changed.json()["error"]["message"]
            .as_str()
            .is_some_and(|message| message.contains("changed since it was indexed"))
    );

    for path in [
        "/api/v1/documents/0123456789abcdef/original",
        "/api/v1/documents/..%2F..%2Fetc%2Fpasswd/original",
        "/api/v1/documents/%2e%2e/original",
    ] {
        let reply = request("GET", &server.base, path);
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        let code = reply.json()["error"]["code"]
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(code.ends_with("not_found"), "{path}: {code}");
        assert!(
            !reply.body.contains("/tmp"),
            "no file-system path leaks: {}",
            reply.body
        );
    }
}

#[test]
fn an_original_grown_past_the_indexers_limit_is_refused_without_being_read() {
    let page = "<html><body><h1>Dorset Police and Crime Panel</h1><p>The panel met on 3 March \
                2021 to review the precept proposal for 2021/22 and the estates strategy, with \
                questions from members about reserves and officer numbers.</p></body></html>";
    let server = start_with_files(&[("dorset.html", page.as_bytes())]);
    let response = get_json(&server, "/api/v1/search?q=estates+strategy");
    let doc_id = hits(&response)[0]["doc_id"]
        .as_str()
        .expect("doc id")
        .to_string();
    // One byte over the 256 MiB the indexer reads; sparse, so it costs no disk.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .open(server.corpus.join("dorset.html"))
        .expect("open");
    file.set_len(256 * 1024 * 1024 + 1).expect("grow");
    let reply = request(
        "GET",
        &server.base,
        &format!("/api/v1/documents/{doc_id}/original"),
    );
    assert_eq!(reply.status, 404, "{}", reply.body);
    let message = reply.json()["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .to_string();
    assert!(
        message.contains("larger than the indexer reads"),
        "{message}"
    );
}

/// The encoding a `Content-Type` header names, as `encoding_rs` knows it.
fn labelled_encoding(content_type: &str) -> Option<&'static encoding_rs::Encoding> {
    let label = content_type.split_once("charset=")?.1;
    encoding_rs::Encoding::for_label(label.trim().as_bytes())
}

#[test]
fn text_originals_are_labelled_with_the_encoding_they_were_read_in() {
    // Curly quotes and a dash: three bytes each in UTF-8, one each in windows-1252.
    let utf8 = "Dorset Police and Crime Panel\n\nThe panel heard the \u{201c}quokka review\u{201d} \u{2013} \
                a study of estates on 3 March 2021.\n";
    let legacy = b"Kent Police and Crime Panel\n\nThe panel heard the \x93wombat review\x94 \x96 \
                   a study of fleets on 4 March 2021.\n";
    let server = start_with_files(&[("dorset.txt", utf8.as_bytes()), ("kent.txt", legacy)]);
    for (query, charset, words) in [
        (
            "quokka",
            "text/plain; charset=utf-8",
            "\u{201c}quokka review\u{201d} \u{2013}",
        ),
        (
            "wombat",
            "text/plain; charset=windows-1252",
            "\u{201c}wombat review\u{201d} \u{2013}",
        ),
    ] {
        let response = get_json(&server, &format!("/api/v1/search?q={query}"));
        assert_eq!(response["total_documents"], 1, "{response:#}");
        let doc_id = hits(&response)[0]["doc_id"]
            .as_str()
            .expect("doc id")
            .to_string();
        let view = get_json(&server, &format!("/api/v1/documents/{doc_id}"));
        let original = view["original_url"]
            .as_str()
            .expect("the original is served");
        let (status, headers, bytes) = get_bytes(&server.base, original);
        assert_eq!(status, 200);
        let content_type = header(&headers, "content-type").unwrap_or_default();
        assert_eq!(content_type, charset, "{query}");
        // Read as labelled, the file says what the index holds.
        let encoding = labelled_encoding(content_type).expect("a known charset");
        let (text, _, malformed) = encoding.decode(&bytes);
        assert!(!malformed, "{query}: the file is not {}", encoding.name());
        assert!(text.contains(words), "{query}: read as {text:?}");
        let indexed = get_json(&server, &format!("/api/v1/documents/{doc_id}/text"));
        assert!(
            indexed.to_string().contains(words),
            "{query}: the index holds {indexed:#}"
        );
    }
}
