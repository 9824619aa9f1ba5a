//! The service in this process, over an index built from a copy of the bundled corpus with the
//! indexer library (as `oversight index` builds it): on a socket at 127.0.0.1:0 for tests that
//! need a connection (a browser, traffic during a reload, headers on the wire), or as the router
//! itself, asked with `oneshot`, for tests that only look at answers.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use axum::body::Body;
use axum::http::Request;
use oversight_indexer::{IndexOptions, IndexReport, Silent};
use oversight_schema::vocab::Vocabulary;
use oversight_search::SearchEngine;
use oversight_server::cache::DEFAULT_CACHE_ENTRIES;
use oversight_server::state::AppState;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

use crate::client::Reply;
use crate::corpus::copy_corpus;

/// The largest body a router answer is read to.
const BODY_LIMIT: usize = 64 * 1024 * 1024;

/// Indexes `corpus` into `index` with the library, as `oversight index` does.
pub fn index(corpus: &Path, index: &Path, rebuild: bool) -> IndexReport {
    let vocabulary = Vocabulary::bundled().expect("the bundled vocabulary");
    let mut options = IndexOptions::new(corpus, index);
    options.rebuild = rebuild;
    oversight_indexer::run(&options, &vocabulary, &Silent).expect("indexing succeeds")
}

/// A corpus (a copy of the bundled one plus extra files) indexed in a temporary folder, and the
/// state serving it.
struct Served {
    folder: TempDir,
    corpus: PathBuf,
    index: PathBuf,
    state: AppState,
}

fn build(extra: &[(&str, &[u8])], cache_entries: usize) -> Served {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let corpus = folder.path().join("corpus");
    let index_folder = folder.path().join("index");
    copy_corpus(&corpus);
    for (name, bytes) in extra {
        std::fs::write(corpus.join(name), bytes).expect("write an extra corpus file");
    }
    index(&corpus, &index_folder, false);
    let vocabulary = Vocabulary::bundled().expect("the bundled vocabulary");
    let engine = SearchEngine::open(&index_folder, vocabulary).expect("the index opens");
    let state = AppState::new(Arc::new(engine))
        .with_cache_entries(cache_entries)
        .with_originals(&corpus);
    Served {
        folder,
        corpus,
        index: index_folder,
        state,
    }
}

/// A running server on a loopback socket and the folders behind it, stopped when dropped.
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
    listen(build(extra, DEFAULT_CACHE_ENTRIES))
}

/// A fresh server over the bundled corpus that keeps at most `entries` answers.
pub fn start_with_cache(entries: usize) -> TestServer {
    listen(build(&[], entries))
}

fn listen(served: Served) -> TestServer {
    let Served {
        folder,
        corpus,
        index,
        state,
    } = served;
    let (address_sender, address_receiver) = std::sync::mpsc::channel::<SocketAddr>();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let thread = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        runtime.block_on(async move {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                .await
                .expect("bind a loopback port");
            address_sender
                .send(listener.local_addr().expect("the bound address"))
                .expect("send the address");
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
        .expect("the server starts");
    TestServer {
        base: format!("http://{address}"),
        corpus,
        index,
        stop: Some(stop),
        thread: Some(thread),
        _folder: folder,
    }
}

/// The router over an index of the bundled corpus, shared by the read-only tests of a test
/// binary, and a runtime to ask it on.
struct Shared {
    state: AppState,
    runtime: tokio::runtime::Runtime,
    _folder: TempDir,
}

fn shared_router() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        let served = build(&[], DEFAULT_CACHE_ENTRIES);
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("a runtime");
        Shared {
            state: served.state,
            runtime,
            _folder: served.folder,
        }
    })
}

/// Asks the shared router `method` `target` with extra headers, without a socket.
pub fn oneshot(method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
    let shared = shared_router();
    let mut builder = Request::builder().method(method).uri(target);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    let request = builder
        .body(Body::empty())
        .unwrap_or_else(|error| panic!("{method} {target} is not a request: {error}"));
    let router = oversight_server::app(shared.state.clone());
    shared.runtime.block_on(async {
        let response = router
            .oneshot(request)
            .await
            .unwrap_or_else(|error| match error {});
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
        let bytes = axum::body::to_bytes(response.into_body(), BODY_LIMIT)
            .await
            .unwrap_or_else(|error| panic!("{method} {target}: body: {error}"));
        Reply {
            status,
            body: String::from_utf8_lossy(&bytes).into_owned(),
            headers,
        }
    })
}

/// `GET` on the shared router.
pub fn get(target: &str) -> Reply {
    oneshot("GET", target, &[])
}

/// `GET` on the shared router, expecting 200 and JSON.
pub fn get_ok(target: &str) -> Value {
    let reply = get(target);
    assert_eq!(reply.status, 200, "GET {target}: {}", reply.body);
    reply.json()
}
