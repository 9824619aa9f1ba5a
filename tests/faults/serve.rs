//! `oversight serve` on a workspace's index: started on an ephemeral loopback port, asked the probe
//! searches over HTTP, then stopped.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::workspace::Workspace;

/// A running `oversight serve`, killed when dropped.
struct Served {
    child: Child,
    base: String,
    said: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start(workspace: &Workspace) -> Served {
    let mut child = Command::new(env!("CARGO_BIN_EXE_oversight"))
        .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
        .arg(&workspace.corpus)
        .arg("--index")
        .arg(&workspace.index)
        .env_remove("OVERSIGHT_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start oversight serve");
    let stderr = child.stderr.take().expect("stderr");
    let mut said = String::new();
    let mut base = None;
    for line in BufReader::new(stderr).lines().map_while(Result::ok) {
        said.push_str(&line);
        said.push('\n');
        if let Some(address) = line.split("at http://").nth(1) {
            base = Some(format!("http://{}", address.trim_end_matches('/')));
            break;
        }
    }
    let Some(base) = base else {
        let _ = child.kill();
        let _ = child.wait();
        panic!("oversight serve never said where it listens:\n{said}");
    };
    Served { child, base, said }
}

/// What `oversight serve` said before listening, and its answers to `queries` as
/// `oversight search --json --limit 100` gives them (without their timings).
pub fn served_answers(workspace: &Workspace, queries: &[String]) -> (String, Vec<Value>) {
    let served = start(workspace);
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let answers = queries
        .iter()
        .map(|query| {
            let body = agent
                .get(format!("{}/api/v1/search", served.base))
                .query("q", query)
                .query("per_page", "100")
                .call()
                .unwrap_or_else(|error| panic!("search {query:?} over HTTP: {error}"))
                .body_mut()
                .read_to_string()
                .expect("read the answer");
            let mut response: Value =
                serde_json::from_str(&body).expect("the service answers JSON");
            if let Some(object) = response.as_object_mut() {
                object.remove("took_ms");
            }
            response
        })
        .collect();
    (served.said.clone(), answers)
}
