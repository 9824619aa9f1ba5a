//! The real `oversight serve` on an ephemeral loopback port: started, its address read from what
//! it prints, everything it prints collected (so that a test can wait for a line, and a panic
//! anywhere in the service is seen), stopped when dropped.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::Path;
use std::process::{Child, ExitStatus, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;

use crate::binary::oversight_command;
use crate::client::request;
use crate::poll::poll_until;
use crate::response::without_timing;

/// How long the service may take to say where it listens (it indexes the corpus first).
const START_LIMIT: Duration = Duration::from_secs(180);

/// A running `oversight serve`, killed when dropped.
pub struct Served {
    /// Where it listens.
    pub address: SocketAddr,
    /// `http://ADDRESS:PORT`, as it printed.
    pub base: String,
    child: Child,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Served {
    /// Starts `oversight serve --corpus CORPUS --index INDEX` and waits until it listens.
    pub fn start(corpus: &Path, index: &Path) -> Served {
        Served::start_at("127.0.0.1:0", corpus, index)
    }

    /// Starts `oversight serve --addr ADDR --corpus CORPUS --index INDEX` and waits until it
    /// listens.
    pub fn start_at(addr: &str, corpus: &Path, index: &Path) -> Served {
        let mut child = oversight_command()
            .args(["serve", "--addr", addr, "--corpus"])
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start oversight serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let deadline = Instant::now() + START_LIMIT;
        let mut address = None;
        let mut seen = String::new();
        while address.is_none() && Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            seen.push_str(&line);
            seen.push('\n');
            address = line
                .split("at http://")
                .nth(1)
                .and_then(|rest| rest.trim_end_matches('/').parse::<SocketAddr>().ok());
        }
        let Some(address) = address else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("oversight serve never said where it listens:\n{seen}");
        };
        // The rest is read as it comes, so that the service never blocks on a full pipe.
        let stderr = Arc::new(Mutex::new(seen));
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                if let Ok(mut text) = sink.lock() {
                    text.push_str(&line);
                    text.push('\n');
                }
            }
        });
        Served {
            address,
            base: format!("http://{address}"),
            child,
            stderr,
        }
    }

    /// Everything the service printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .map(|text| text.clone())
            .unwrap_or_else(|poisoned| poisoned.into_inner().clone())
    }

    /// Waits up to `limit` for a line containing `text` on stderr; returns whether it came.
    pub fn wait_for_stderr(&self, text: &str, limit: Duration) -> bool {
        poll_until(limit, || self.stderr().contains(text).then_some(())).is_some()
    }

    /// Whether the service is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// Waits up to `limit` for the service to exit; returns how, or `None` if it still runs.
    pub fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        poll_until(limit, || self.child.try_wait().ok().flatten())
    }

    /// The answer to `/api/v1/search?q=QUERY&per_page=100` (`QUERY` percent-encoded here),
    /// without its timing: what `oversight search --json --limit 100` gives.
    pub fn search(&self, query: &str) -> Value {
        let target = format!(
            "/api/v1/search?q={}&per_page=100",
            utf8_percent_encode(query, NON_ALPHANUMERIC)
        );
        let reply = request("GET", &self.base, &target);
        assert_eq!(
            reply.status, 200,
            "search {query:?} over HTTP: {}",
            reply.body
        );
        without_timing(&reply.json())
    }

    /// The answers to `queries`.
    pub fn probe(&self, queries: &[String]) -> Vec<Value> {
        queries.iter().map(|query| self.search(query)).collect()
    }

    /// Waits up to a minute for the service to answer `queries` with `expected`; returns whether
    /// it did.
    pub fn wait_for(&self, queries: &[String], expected: &[Value]) -> bool {
        poll_until(Duration::from_secs(60), || {
            (self.probe(queries) == expected).then_some(())
        })
        .is_some()
    }
}
