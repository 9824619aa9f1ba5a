//! The web page in a real browser: Debian's chromium driven by chromedriver over WebDriver.
//!
//! One test per scenario, each with its own server, chromedriver and browser, so that one failure
//! hides none of the others. Without chromium and chromedriver these tests fail and say how to
//! install them; `./test.sh` installs both when it can. Screenshots of the main states are saved in the test's temporary folder, and
//! copied to `$OVERSIGHT_SCREENSHOTS` when that is set, to be looked at. The scenarios of a
//! daily user (a phone, searches kept in the URL, the year chart, names for slugs) are in the
//! submodules.

mod citing;
mod concordance;
mod did_you_mean;
mod export_links;
mod names;
mod reading;
mod search_state;
mod suggestions;
mod trends_view;
mod year_chart;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

use crate::support::{TestServer, hits, request, start_with, start_with_files, try_request};

/// A document whose text tries every way of getting markup into the page.
const HOSTILE_DOCUMENT: &str = "Hostile Test Panel\n\n1 April 2021\n\nThe pwnedword report says <script>window.__pwned = true;</script> and \"><img src=x onerror=\"window.__pwned=true\"> and <a href=\"javascript:window.__pwned=true\">click</a> and [a link](javascript:window.__pwned=true).\n";

fn binary(variable: &str, default: &str) -> PathBuf {
    std::env::var_os(variable).map_or_else(|| PathBuf::from(default), PathBuf::from)
}

/// chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_driver() -> Driver {
    let chromium = binary("CHROME_BIN", "/usr/bin/chromium");
    let chromedriver = binary("CHROMEDRIVER", "/usr/bin/chromedriver");
    assert!(
        chromium.exists() && chromedriver.exists(),
        "browser tests need Debian's chromium and chromium-driver ({} and {}): apt-get install chromium chromium-driver (./test.sh does this when run as root)",
        chromium.display(),
        chromedriver.display()
    );
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("a free port")
        .port();
    let child = Command::new(&chromedriver)
        .arg(format!("--port={port}"))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("chromedriver starts");
    let driver = Driver {
        child,
        url: format!("http://127.0.0.1:{port}"),
    };
    crate::support::wait_until(Duration::from_secs(30), "chromedriver to listen", || {
        try_request(&driver.url, "/status").is_some_and(|reply| reply.status == 200)
    });
    driver
}

async fn open_browser(driver: &Driver, profile: &Path) -> Client {
    let chromium = binary("CHROME_BIN", "/usr/bin/chromium");
    let mut capabilities = serde_json::Map::new();
    capabilities.insert(
        "goog:chromeOptions".to_string(),
        json!({
            "binary": chromium,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--window-size=1280,1000",
                format!("--user-data-dir={}", profile.display()),
            ],
        }),
    );
    ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
        .capabilities(capabilities)
        .connect(&driver.url)
        .await
        .expect("a browser session")
}

/// Evaluates `condition` (a JavaScript expression) until it is true.
async fn wait_until(client: &Client, condition: &str, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let value = client
            .execute(&format!("return Boolean({condition});"), vec![])
            .await
            .expect("script runs");
        if value == Value::Bool(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "timed out waiting for {what} ({condition})"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn script(client: &Client, expression: &str) -> Value {
    client
        .execute(&format!("return {expression};"), vec![])
        .await
        .expect("script runs")
}

/// Clicks the first element `css` selects.
async fn click(client: &Client, css: &str) {
    client
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|error| panic!("no {css}: {error}"))
        .click()
        .await
        .unwrap_or_else(|error| panic!("clicking {css}: {error}"));
}

/// The text of the first element `css` selects, or an empty string.
async fn text_of(client: &Client, css: &str) -> String {
    let css = serde_json::to_string(css).expect("a selector");
    script(
        client,
        &format!("(document.querySelector({css}) || {{}}).textContent || ''"),
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_string()
}

async fn screenshot(client: &Client, folder: &Path, name: &str) {
    let png = client.screenshot().await.expect("screenshot");
    let path = folder.join(format!("{name}.png"));
    std::fs::write(&path, &png).expect("save screenshot");
    if let Some(keep) = std::env::var_os("OVERSIGHT_SCREENSHOTS") {
        let keep = PathBuf::from(keep);
        std::fs::create_dir_all(&keep).expect("screenshot folder");
        std::fs::write(keep.join(format!("{name}.png")), &png).expect("copy screenshot");
    }
}

async fn search_type_a_query_and_tick_a_force(client: &Client, server: &TestServer, shots: &Path) {
    client
        .goto(&format!("{}/", server.base))
        .await
        .expect("home page");
    wait_until(
        client,
        "document.querySelector('#summary').textContent.includes('documents')",
        "the browse results",
    )
    .await;
    let input = client.find(Locator::Id("q")).await.expect("search box");
    input.send_keys("police").await.expect("type");
    client
        .find(Locator::Css("#search-form button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    wait_until(
        client,
        "location.search.includes('q=police')",
        "the query in the URL",
    )
    .await;
    wait_until(
        client,
        "document.querySelectorAll('#results .hit').length > 0",
        "results",
    )
    .await;
    screenshot(client, shots, "1-search-police").await;
    let forces = script(
        client,
        "Array.from(document.querySelectorAll('#force-list li')).map(li => li.textContent)",
    )
    .await;
    assert!(
        forces.to_string().contains("Warwickshire Police"),
        "{forces}"
    );
    client
        .find(Locator::Id("force-warwickshire"))
        .await
        .expect("Warwickshire checkbox")
        .click()
        .await
        .expect("tick");
    wait_until(
        client,
        "location.search.includes('force=warwickshire')",
        "the force in the URL",
    )
    .await;
    wait_until(
        client,
        "document.querySelectorAll('#results .hit').length === 1",
        "one result",
    )
    .await;
    let title = script(
        client,
        "document.querySelector('#results .hit h3').textContent",
    )
    .await;
    assert!(
        title
            .as_str()
            .is_some_and(|title| title.contains("Warwickshire")),
        "{title}"
    );
    let devon = script(
        client,
        "document.querySelector('#force-devon-and-cornwall') && document.querySelector('#force-devon-and-cornwall').closest('li').querySelector('.count').textContent",
    )
    .await;
    assert_eq!(
        devon,
        json!("1"),
        "the force facet stays disjunctive in the page"
    );
    let summary = script(client, "document.querySelector('#summary').textContent").await;
    assert!(
        summary
            .as_str()
            .is_some_and(|summary| summary.starts_with("1 document,")),
        "{summary}"
    );
    screenshot(client, shots, "2-force-ticked").await;
}

async fn open_a_document_at_a_passage(client: &Client, server: &TestServer, shots: &Path) {
    client
        .goto(&format!("{}/?q=%22Operation+Devonport%22", server.base))
        .await
        .expect("search page");
    wait_until(
        client,
        "document.querySelectorAll('#results .passages a').length > 0",
        "passage links",
    )
    .await;
    let href = script(
        client,
        "document.querySelector('#results .passages a').getAttribute('href')",
    )
    .await;
    let href = href.as_str().expect("href").to_string();
    assert!(href.contains("#p-"), "{href}");
    client
        .find(Locator::Css("#results .passages a"))
        .await
        .expect("link")
        .click()
        .await
        .expect("click");
    let anchor = href.split('#').nth(1).expect("anchor").to_string();
    wait_until(
        client,
        &format!("document.getElementById('{anchor}') !== null"),
        "the passage",
    )
    .await;
    let marked = script(
        client,
        &format!("document.getElementById('{anchor}').querySelectorAll('mark').length"),
    )
    .await;
    assert!(
        marked.as_u64().is_some_and(|count| count > 0),
        "the passage shows its matches: {marked}"
    );
    let evidence = script(client, "document.querySelector('#doc-meta').textContent").await;
    assert!(
        evidence
            .as_str()
            .is_some_and(|text| text.contains("26 September 2014")),
        "{evidence}"
    );
    let outline = script(client, "document.querySelectorAll('#outline a').length").await;
    assert!(
        outline.as_u64().is_some_and(|count| count > 10),
        "{outline}"
    );
    let current = "(document.querySelector('mark.current') && document.querySelector('mark.current').closest('.passage').id) + ' ' + document.querySelector('#match-count').textContent";
    client
        .find(Locator::Id("next-match"))
        .await
        .expect("next")
        .click()
        .await
        .expect("click");
    wait_until(
        client,
        &format!("({current}).startsWith('{anchor} Match ')"),
        "the first match of the passage",
    )
    .await;
    let first = script(client, current).await;
    client
        .find(Locator::Id("prev-match"))
        .await
        .expect("previous")
        .click()
        .await
        .expect("click");
    wait_until(
        client,
        &format!("({current}) !== {first}"),
        "the match before",
    )
    .await;
    client
        .find(Locator::Id("next-match"))
        .await
        .expect("next")
        .click()
        .await
        .expect("click");
    wait_until(
        client,
        &format!("({current}) === {first}"),
        "back to the passage's first match",
    )
    .await;
    screenshot(client, shots, "3-document-at-passage").await;
}

async fn follow_a_shared_url_and_go_back(client: &Client, server: &TestServer, shots: &Path) {
    client
        .goto(&format!("{}/?q=naloxone&type=thematic", server.base))
        .await
        .expect("shared URL");
    wait_until(
        client,
        "document.querySelectorAll('#results .hit').length === 1",
        "the shared search",
    )
    .await;
    let checked = script(client, "document.getElementById('type-thematic').checked").await;
    assert_eq!(checked, json!(true), "the filter in the URL is ticked");
    let title = script(
        client,
        "document.querySelector('#results .hit h3').textContent",
    )
    .await;
    assert!(
        title.as_str().is_some_and(|title| title.contains("2020")),
        "{title}"
    );
    let input = client.find(Locator::Id("q")).await.expect("search box");
    input.clear().await.expect("clear");
    input.send_keys("custody").await.expect("type");
    client
        .find(Locator::Css("#search-form button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");
    wait_until(
        client,
        "location.search.includes('q=custody')",
        "the new search",
    )
    .await;
    client.back().await.expect("back");
    wait_until(
        client,
        "document.getElementById('q').value === 'naloxone'",
        "the previous search after Back",
    )
    .await;
    client.forward().await.expect("forward");
    wait_until(
        client,
        "document.getElementById('q').value === 'custody'",
        "the next search after Forward",
    )
    .await;
    screenshot(client, shots, "4-shared-url").await;
}

async fn document_text_never_runs_as_markup(client: &Client, server: &TestServer, shots: &Path) {
    client
        .goto(&format!("{}/?q=pwnedword", server.base))
        .await
        .expect("search");
    wait_until(
        client,
        "document.querySelectorAll('#results .hit').length === 1",
        "the hostile document",
    )
    .await;
    let snippet = script(
        client,
        "document.querySelector('#results .snippet').textContent",
    )
    .await;
    assert!(
        snippet
            .as_str()
            .is_some_and(|text| text.contains("<script>")),
        "markup shows as text: {snippet}"
    );
    assert_eq!(
        script(
            client,
            "document.querySelectorAll('#results script, #results img').length"
        )
        .await,
        json!(0)
    );
    client
        .find(Locator::Css("#results .hit h3 a"))
        .await
        .expect("title")
        .click()
        .await
        .expect("open");
    wait_until(
        client,
        "document.querySelectorAll('#passages .passage').length > 0",
        "the document text",
    )
    .await;
    let text = script(client, "document.querySelector('#passages').textContent").await;
    assert!(
        text.as_str().is_some_and(|text| text.contains("onerror")
            && text.contains("javascript:")
            && text.contains("window.__pwned")),
        "{text}"
    );
    assert_eq!(
        script(
            client,
            "document.querySelectorAll('#passages script, #passages img, #passages a').length"
        )
        .await,
        json!(0)
    );
    assert_eq!(
        script(client, "typeof window.__pwned").await,
        json!("undefined"),
        "an injected script ran"
    );
    screenshot(client, shots, "5-hostile-document").await;
}

async fn no_results_say_what_to_drop(client: &Client, server: &TestServer, shots: &Path) {
    client
        .goto(&format!(
            "{}/?q=naloxone+custody&force=warwickshire",
            server.base
        ))
        .await
        .expect("search");
    wait_until(
        client,
        "!document.getElementById('empty').hidden",
        "the no-results state",
    )
    .await;
    let advice = script(client, "document.getElementById('empty').textContent").await;
    let advice = advice.as_str().unwrap_or("");
    assert!(advice.contains("No documents match"), "{advice}");
    assert!(
        advice.contains("Remove the force filter “Warwickshire Police”"),
        "{advice}"
    );
    assert!(advice.contains("Drop the word “custody”"), "{advice}");
    assert!(
        advice.contains("Drop the word “naloxone” (1 document)"),
        "{advice}"
    );
    screenshot(client, shots, "6-no-results").await;
}

async fn readable_on_a_phone(client: &Client, server: &TestServer, shots: &Path) {
    client.set_window_size(390, 844).await.expect("phone size");
    client
        .goto(&format!("{}/?q=police", server.base))
        .await
        .expect("search");
    wait_until(
        client,
        "document.querySelectorAll('#results .hit').length > 0",
        "results",
    )
    .await;
    let overflow = script(
        client,
        "document.documentElement.scrollWidth > window.innerWidth + 1",
    )
    .await;
    assert_eq!(
        overflow,
        json!(false),
        "the page scrolls sideways on a phone"
    );
    let results_first = script(
        client,
        "document.getElementById('results').getBoundingClientRect().top < document.querySelector('.filters').getBoundingClientRect().top",
    )
    .await;
    assert_eq!(
        results_first,
        json!(true),
        "results come before filters on a phone"
    );
    screenshot(client, shots, "7-phone").await;
}

async fn pages_open_the_original_pdf(client: &Client, server: &TestServer, shots: &Path) {
    let response = request(
        "GET",
        &server.base,
        "/api/v1/search?q=%22cross+border+criminality%22",
    )
    .json();
    let doc_id = hits(&response)
        .iter()
        .find(|hit| hit["sources"][0] == "pack.pdf")
        .and_then(|hit| hit["doc_id"].as_str())
        .expect("the PDF pack is found")
        .to_string();
    client
        .goto(&format!(
            "{}/documents/{doc_id}?q=criminality#p-15",
            server.base
        ))
        .await
        .expect("document page");
    wait_until(
        client,
        "document.querySelectorAll('#passages .page-link').length > 0",
        "page links",
    )
    .await;
    let links = script(
        client,
        "Array.from(document.querySelectorAll('#passages .page-link')).map(a => a.getAttribute('href'))",
    )
    .await;
    let links: Vec<String> = links
        .as_array()
        .expect("hrefs")
        .iter()
        .filter_map(|href| href.as_str().map(str::to_string))
        .collect();
    let original = format!("/api/v1/documents/{doc_id}/original");
    assert!(
        links.iter().all(|href| href.starts_with(&original)),
        "{links:?}"
    );
    assert!(links.contains(&format!("{original}#page=5")), "{links:?}");
    let marked_heading = script(
        client,
        "document.getElementById('p-15').querySelector('h3').textContent",
    )
    .await;
    assert!(
        marked_heading
            .as_str()
            .is_some_and(|text| text.ends_with("p. 5")),
        "{marked_heading}"
    );
    let also = script(client, "document.querySelector('#doc-meta').textContent").await;
    assert!(
        also.as_str()
            .is_some_and(|text| text.contains("Also as") && text.contains("pack.html")),
        "the HTML copy is listed: {also}"
    );
    let content_type = client
        .execute_async(
            "const done = arguments[0]; fetch(document.querySelector('#original-link').href).then(r => done(r.headers.get('content-type')));",
            vec![],
        )
        .await
        .expect("fetch the original");
    assert_eq!(content_type, json!("application/pdf"));
    screenshot(client, shots, "8-pages-of-a-pdf").await;
}

/// Runs one scenario in a fresh browser, driven by its own chromedriver, on `server`; the
/// scenario must save `shots` screenshots.
fn in_browser(shots: usize, scenario: impl AsyncFnOnce(&Client, &Path)) {
    let driver = start_driver();
    let folder = tempfile::tempdir().expect("temp dir");
    let profile = folder.path().join("profile");
    let screenshots = folder.path().join("screenshots");
    std::fs::create_dir_all(&screenshots).expect("screenshot folder");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let client = open_browser(&driver, &profile).await;
        scenario(&client, &screenshots).await;
        client.close().await.expect("close the browser");
    });
    let saved = std::fs::read_dir(&screenshots)
        .expect("screenshots")
        .count();
    assert_eq!(saved, shots, "every state was captured");
}

/// The bundled corpus plus a document whose text tries to become markup.
fn server_with_a_hostile_document() -> TestServer {
    start_with(&[("hostile.txt", HOSTILE_DOCUMENT)])
}

#[test]
fn typing_a_query_and_ticking_a_force_narrow_the_results() {
    let server = server_with_a_hostile_document();
    in_browser(2, async |client, shots| {
        search_type_a_query_and_tick_a_force(client, &server, shots).await;
    });
}

#[test]
fn a_passage_link_opens_the_document_at_the_passage() {
    let server = server_with_a_hostile_document();
    in_browser(1, async |client, shots| {
        open_a_document_at_a_passage(client, &server, shots).await;
    });
}

#[test]
fn a_shared_url_restores_the_search_and_back_and_forward_work() {
    let server = server_with_a_hostile_document();
    in_browser(1, async |client, shots| {
        follow_a_shared_url_and_go_back(client, &server, shots).await;
    });
}

#[test]
fn document_text_never_runs_as_markup_in_the_page() {
    let server = server_with_a_hostile_document();
    in_browser(1, async |client, shots| {
        document_text_never_runs_as_markup(client, &server, shots).await;
    });
}

#[test]
fn no_results_say_what_to_drop_in_the_page() {
    let server = server_with_a_hostile_document();
    in_browser(1, async |client, shots| {
        no_results_say_what_to_drop(client, &server, shots).await;
    });
}

#[test]
fn the_page_is_readable_on_a_phone() {
    let server = server_with_a_hostile_document();
    in_browser(1, async |client, shots| {
        readable_on_a_phone(client, &server, shots).await;
    });
}

#[test]
fn pages_of_a_pdf_open_the_original() {
    let server = start_with_files(&[
        (
            "pack.pdf",
            include_bytes!("../fixtures/pdf/agenda-pack.pdf"),
        ),
        (
            "pack.html",
            include_bytes!("../fixtures/html/agenda-pack.html"),
        ),
    ]);
    in_browser(1, async |client, shots| {
        pages_open_the_original_pdf(client, &server, shots).await;
    });
}
