//! A temporary folder with a corpus and an index, runs of the real binary on it, and the probe
//! searches whose answers must survive every fault.

use std::ffi::OsString;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};

use serde_json::Value;
use tempfile::TempDir;

/// A corpus folder and an index folder in a temporary folder.
pub struct Workspace {
    /// The temporary folder.
    pub root: TempDir,
    /// The corpus folder.
    pub corpus: PathBuf,
    /// The index folder.
    pub index: PathBuf,
}

impl Workspace {
    /// An empty workspace; the index folder is `index`, inside or not a mount made later.
    pub fn new() -> Workspace {
        let root = tempfile::tempdir().expect("temporary folder");
        let corpus = root.path().join("corpus");
        let index = root.path().join("index");
        std::fs::create_dir(&corpus).expect("corpus folder");
        Workspace {
            root,
            corpus,
            index,
        }
    }

    fn command(&self) -> Command {
        let mut command = Command::new(env!("CARGO_BIN_EXE_oversight"));
        command
            .current_dir(self.root.path())
            .env_remove("OVERSIGHT_LOG");
        command
    }

    fn index_args(&self, rebuild: bool) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![
            "index".into(),
            "--corpus".into(),
            self.corpus.clone().into(),
            "--index".into(),
            self.index.clone().into(),
            "--json".into(),
        ];
        if rebuild {
            args.push("--rebuild".into());
        }
        args
    }

    /// Runs `oversight index` to its end.
    pub fn run_index(&self, rebuild: bool) -> Output {
        self.command()
            .args(self.index_args(rebuild))
            .output()
            .expect("run oversight index")
    }

    /// Runs `oversight index`, which must succeed.
    pub fn index(&self, rebuild: bool) {
        let output = self.run_index(rebuild);
        assert!(
            output.status.success(),
            "oversight index failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// Starts `oversight index` in the background.
    pub fn spawn_index(&self, rebuild: bool) -> Child {
        self.command()
            .args(self.index_args(rebuild))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start oversight index")
    }

    /// The answer of `oversight search --json QUERY --limit 100`, without its timing.
    pub fn search(&self, query: &str) -> Value {
        let output = self
            .command()
            .args(["search", "--limit", "100", "--json", "--index"])
            .arg(&self.index)
            .args(["--", query])
            .output()
            .expect("run oversight search");
        assert!(
            output.status.success(),
            "oversight search {query:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let mut response: Value =
            serde_json::from_slice(&output.stdout).expect("search prints JSON");
        if let Some(object) = response.as_object_mut() {
            object.remove("took_ms");
        }
        response
    }

    /// The answers to `queries`.
    pub fn probe(&self, queries: &[String]) -> Vec<Value> {
        queries.iter().map(|query| self.search(query)).collect()
    }
}

/// Asserts that a failed run said so in one clear line and exited with code 1.
pub fn assert_clear_failure(output: &Output, what: &str) -> String {
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(1), "{what}: {stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert!(
        lines.len() == 1 && lines[0].starts_with("error: "),
        "{what}: expected one `error:` line, got:\n{stderr}"
    );
    lines[0].to_string()
}
