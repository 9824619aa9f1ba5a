//! `oversight serve` on an index folder: started on an ephemeral loopback port, asked searches over
//! HTTP, stopped when dropped.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A running `oversight serve`, killed when dropped.
pub struct Served {
    child: Child,
    base: String,
    agent: ureq::Agent,
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
        let mut child = Command::new(env!("CARGO_BIN_EXE_oversight"))
            .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
            .arg(corpus)
            .arg("--index")
            .arg(index)
            .env_remove("OVERSIGHT_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start oversight serve");
        let stderr = child.stderr.take().expect("stderr");
        let mut said = String::new();
        let mut base = None;
        let mut lines = BufReader::new(stderr).lines();
        for line in lines.by_ref().map_while(Result::ok) {
            said.push_str(&line);
            said.push('\n');
            if let Some(address) = line.split("at http://").nth(1) {
                base = Some(format!("http://{}", address.trim_end_matches('/')));
                break;
            }
        }
        // The rest is read and dropped, so that the service never blocks on a full pipe.
        std::thread::spawn(move || lines.for_each(drop));
        let Some(base) = base else {
            let _ = child.kill();
            let _ = child.wait();
            panic!("oversight serve never said where it listens:\n{said}");
        };
        let agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(30)))
            .build()
            .into();
        Served { child, base, agent }
    }

    /// The answer to `/api/v1/search?q=QUERY&per_page=100`, as `oversight search --json --limit
    /// 100` gives it (without its timing).
    pub fn search(&self, query: &str) -> Value {
        let body = self
            .agent
            .get(format!("{}/api/v1/search", self.base))
            .query("q", query)
            .query("per_page", "100")
            .call()
            .unwrap_or_else(|error| panic!("search {query:?} over HTTP: {error}"))
            .body_mut()
            .read_to_string()
            .expect("read the answer");
        let mut response: Value = serde_json::from_str(&body).expect("the service answers JSON");
        if let Some(object) = response.as_object_mut() {
            object.remove("took_ms");
        }
        response
    }

    /// The answers to `queries`.
    pub fn probe(&self, queries: &[String]) -> Vec<Value> {
        queries.iter().map(|query| self.search(query)).collect()
    }

    /// Waits up to a minute for the service to answer `queries` with `expected`; returns whether
    /// it did.
    pub fn wait_for(&self, queries: &[String], expected: &[Value]) -> bool {
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            if self.probe(queries) == expected {
                return true;
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        false
    }
}
