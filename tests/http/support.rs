//! Test support: building an index from a copy of `corpus/`, serving it on 127.0.0.1:0 in this
//! process, and a small HTTP client.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use oversight_indexer::{IndexOptions, Silent};
use oversight_schema::vocab::Vocabulary;
use oversight_search::SearchEngine;
use oversight_server::cache::DEFAULT_CACHE_ENTRIES;
use oversight_server::state::AppState;
use serde_json::Value;
use tempfile::TempDir;

/// A running server and the folders behind it.
pub struct TestServer {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// The corpus it indexed (a copy, free to change).
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
    _folder: TempDir,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

/// The bundled corpus, copied into `target`.
pub fn copy_corpus(target: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::create_dir_all(target).expect("corpus folder");
    for entry in std::fs::read_dir(source).expect("corpus/ exists") {
        let entry = entry.expect("corpus entry");
        std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy");
    }
}

/// Indexes `corpus` into `index` with the library, as `oversight index` does.
pub fn index(corpus: &Path, index: &Path, rebuild: bool) -> oversight_indexer::IndexReport {
    let vocabulary = Vocabulary::bundled().expect("vocabulary");
    let mut options = IndexOptions::new(corpus, index);
    options.rebuild = rebuild;
    oversight_indexer::run(&options, &vocabulary, &Silent).expect("indexing succeeds")
}

/// A fresh server over a fresh index of the bundled corpus.
pub fn start() -> TestServer {
    start_with(&[])
}

/// A fresh server over the bundled corpus plus `extra` files (name, text).
pub fn start_with(extra: &[(&str, &str)]) -> TestServer {
    let files: Vec<(&str, &[u8])> = extra
        .iter()
        .map(|(name, text)| (*name, text.as_bytes()))
        .collect();
    start_with_files(&files)
}

/// A fresh server over the bundled corpus plus `extra` files (name, bytes).
pub fn start_with_files(extra: &[(&str, &[u8])]) -> TestServer {
    serve_corpus(extra, DEFAULT_CACHE_ENTRIES)
}

/// A fresh server over the bundled corpus that keeps at most `entries` answers.
pub fn start_with_cache(entries: usize) -> TestServer {
    serve_corpus(&[], entries)
}

fn serve_corpus(extra: &[(&str, &[u8])], cache_entries: usize) -> TestServer {
    let folder = tempfile::tempdir().expect("temp dir");
    let corpus = folder.path().join("corpus");
    let index_dir = folder.path().join("index");
    copy_corpus(&corpus);
    for (name, text) in extra {
        std::fs::write(corpus.join(name), text).expect("extra corpus file");
    }
    index(&corpus, &index_dir, false);
    let engine = Arc::new(
        SearchEngine::open(&index_dir, Vocabulary::bundled().expect("vocabulary")).expect("opens"),
    );
    let state = AppState::new(engine)
        .with_cache_entries(cache_entries)
        .with_originals(&corpus);
    let (address_sender, address_receiver) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind");
            address_sender
                .send(listener.local_addr().expect("address"))
                .expect("send address");
            let shutdown = async {
                let _ = stopped.await;
            };
            oversight_server::serve(listener, state, shutdown)
                .await
                .expect("serves");
        });
    });
    let address = address_receiver
        .recv_timeout(Duration::from_secs(30))
        .expect("server started");
    TestServer {
        base: format!("http://{address}"),
        corpus,
        index: index_dir,
        stop: Some(stop),
        thread: Some(thread),
        _folder: folder,
    }
}

/// One server shared by the read-only tests of this binary.
pub fn shared() -> &'static TestServer {
    static SERVER: OnceLock<TestServer> = OnceLock::new();
    SERVER.get_or_init(start)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into()
}

/// An HTTP response, read whole.
pub struct Reply {
    /// The status code.
    pub status: u16,
    /// The body.
    pub body: String,
    /// The response headers, names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {}", self.body))
    }

    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }
}

/// `GET`, or `None` when nothing answers (yet).
pub fn try_request(base: &str, path_and_query: &str) -> Option<Reply> {
    let mut response = agent()
        .get(&format!("{base}{path_and_query}"))
        .call()
        .ok()?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Some(Reply {
        status,
        body,
        headers: Vec::new(),
    })
}

/// Sends `method` to `base` + `path_and_query` exactly as written.
pub fn request(method: &str, base: &str, path_and_query: &str) -> Reply {
    request_with_header(method, base, path_and_query, None)
}

/// Sends `method` with one extra request header.
pub fn request_with_header(
    method: &str,
    base: &str,
    path_and_query: &str,
    header: Option<(&str, &str)>,
) -> Reply {
    let url = format!("{base}{path_and_query}");
    let agent = agent();
    let response = match (method, header) {
        ("GET", Some((name, value))) => agent.get(&url).header(name, value).call(),
        ("GET", None) => agent.get(&url).call(),
        ("POST", _) => agent.post(&url).send_empty(),
        ("DELETE", _) => agent.delete(&url).call(),
        (other, _) => panic!("method {other} not supported by the test client"),
    };
    let mut response = response.unwrap_or_else(|error| panic!("{method} {url}: {error}"));
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            (
                name.as_str().to_lowercase(),
                value.to_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    let body = response.body_mut().read_to_string().unwrap_or_default();
    Reply {
        status,
        body,
        headers,
    }
}

/// `GET` of a binary body: the status, the headers (names lower-cased) and the bytes.
pub fn get_bytes(base: &str, path_and_query: &str) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let url = format!("{base}{path_and_query}");
    let mut response = agent()
        .get(&url)
        .call()
        .unwrap_or_else(|error| panic!("GET {url}: {error}"));
    let headers = response
        .headers()
        .iter()
        .map(|(name, value)| {
            let value = value.to_str().unwrap_or("").to_string();
            (name.as_str().to_lowercase(), value)
        })
        .collect();
    let bytes = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_vec()
        .unwrap_or_else(|error| panic!("GET {url}: body: {error}"));
    (response.status().as_u16(), headers, bytes)
}

/// `GET` on the shared server.
pub fn get(path_and_query: &str) -> Reply {
    request("GET", &shared().base, path_and_query)
}

/// `GET` on the shared server, expecting 200 and JSON.
pub fn get_ok(path_and_query: &str) -> Value {
    let reply = get(path_and_query);
    assert_eq!(reply.status, 200, "GET {path_and_query}: {}", reply.body);
    reply.json()
}

/// The hits of a search response.
pub fn hits(response: &Value) -> &Vec<Value> {
    response["hits"].as_array().expect("hits array")
}

/// A facet's counts as (value, count) pairs.
pub fn facet(response: &Value, name: &str) -> Vec<(String, u64)> {
    response["facets"][name]
        .as_array()
        .expect("facet array")
        .iter()
        .map(|entry| {
            (
                entry["value"].as_str().expect("value").to_string(),
                entry["count"].as_u64().expect("count"),
            )
        })
        .collect()
}
