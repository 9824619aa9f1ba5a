//! A temporary folder holding a corpus folder and an index folder, with runs of the real binary
//! on them.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use tempfile::TempDir;

use crate::binary::oversight_command;
use crate::corpus::{SEEDS, seed_text};
use crate::response::without_timing;
use crate::run::Run;

/// A temporary folder with a corpus folder and an index folder path, removed when dropped.
pub struct Workspace {
    root: TempDir,
    /// The corpus folder (`<root>/corpus`).
    pub corpus: PathBuf,
    /// The index folder (`<root>/index`, or wherever a test moves it); it does not exist until
    /// something creates it.
    pub index: PathBuf,
}

impl Workspace {
    /// A workspace whose corpus folder is an empty folder.
    pub fn with_empty_corpus() -> Workspace {
        let root = tempfile::tempdir().expect("create a temporary folder");
        let corpus = root.path().join("corpus");
        let index = root.path().join("index");
        fs::create_dir(&corpus).expect("create the corpus folder");
        Workspace {
            root,
            corpus,
            index,
        }
    }

    /// A workspace whose corpus folder holds a writable copy of the bundled corpus.
    pub fn with_seed_corpus() -> Workspace {
        let workspace = Workspace::with_empty_corpus();
        for name in SEEDS {
            workspace.write_corpus_file(name, seed_text(name).as_bytes());
        }
        workspace
    }

    /// A workspace with a copy of the bundled corpus, already indexed.
    pub fn indexed() -> Workspace {
        let workspace = Workspace::with_seed_corpus();
        let report = workspace.index(&[]);
        assert_eq!(report["documents"], 5, "first index run: {report:#}");
        workspace
    }

    /// The temporary folder itself.
    pub fn root(&self) -> &Path {
        self.root.path()
    }

    /// A path inside the workspace.
    pub fn path(&self, relative: impl AsRef<Path>) -> PathBuf {
        self.root.path().join(relative)
    }

    /// A path inside the corpus folder.
    pub fn corpus_file(&self, name: &str) -> PathBuf {
        self.corpus.join(name)
    }

    /// Creates or replaces a file of the corpus.
    pub fn write_corpus_file(&self, name: &str, contents: &[u8]) {
        let path = self.corpus_file(name);
        fs::write(&path, contents)
            .unwrap_or_else(|error| panic!("write {}: {error}", path.display()));
    }

    /// Appends to a file of the corpus.
    pub fn append_to_corpus_file(&self, name: &str, addition: &str) {
        let path = self.corpus_file(name);
        let mut contents = fs::read(&path).expect("read the corpus file");
        contents.extend_from_slice(addition.as_bytes());
        fs::write(&path, contents).expect("rewrite the corpus file");
    }

    /// The binary, run from the workspace (so its default folders land in it) with the default
    /// log level whatever the caller's environment says.
    pub fn command(&self) -> Command {
        let mut command = oversight_command();
        command.current_dir(self.root.path());
        command
    }

    /// Runs the binary to completion.
    pub fn run<I, S>(&self, args: I) -> Run
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let args: Vec<OsString> = args
            .into_iter()
            .map(|arg| arg.as_ref().to_os_string())
            .collect();
        let output = self
            .command()
            .args(&args)
            .output()
            .expect("start the oversight binary");
        Run::new(describe(&args), output)
    }

    /// Starts the binary in the background, its streams discarded.
    pub fn spawn<I, S>(&self, args: I) -> Child
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        self.command()
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the oversight binary")
    }

    /// The arguments of `oversight index` on this workspace's corpus and index, as JSON.
    pub fn index_args(&self, extra: &[&str]) -> Vec<OsString> {
        let mut args: Vec<OsString> = vec![
            "index".into(),
            "--corpus".into(),
            self.corpus.clone().into(),
            "--index".into(),
            self.index.clone().into(),
            "--json".into(),
        ];
        args.extend(extra.iter().map(OsString::from));
        args
    }

    /// Runs `oversight index --json` (plus `extra`), which must succeed; returns its report.
    pub fn index(&self, extra: &[&str]) -> Value {
        self.run(self.index_args(extra)).assert_success().json()
    }

    /// Runs `oversight search --json QUERY` (plus `extra`) on the workspace's index.
    pub fn try_search(&self, query: &str, extra: &[&str]) -> Run {
        let mut args: Vec<OsString> = vec![
            "search".into(),
            "--index".into(),
            self.index.clone().into(),
            "--json".into(),
        ];
        args.extend(extra.iter().map(OsString::from));
        // After `--`, so that a query such as `-devonport` is never taken for a flag.
        args.push("--".into());
        args.push(query.into());
        self.run(args)
    }

    /// Like [`Workspace::try_search`], but the search must succeed; returns the response.
    pub fn search(&self, query: &str, extra: &[&str]) -> Value {
        self.try_search(query, extra).assert_success().json()
    }

    /// The answers to `queries` (up to 100 hits each), without their timings: what must not
    /// change when nothing was published.
    pub fn probe(&self, queries: &[String]) -> Vec<Value> {
        queries
            .iter()
            .map(|query| without_timing(&self.search(query, &["--limit", "100"])))
            .collect()
    }

    /// The generation `CURRENT` names.
    pub fn current_generation(&self) -> String {
        let path = self.index.join("CURRENT");
        fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
            .trim()
            .to_string()
    }

    /// The names of the generation folders in the index folder, sorted.
    pub fn generation_folders(&self) -> Vec<String> {
        let mut names: Vec<String> = fs::read_dir(&self.index)
            .expect("list the index folder")
            .map(|entry| entry.expect("read an index folder entry"))
            .filter(|entry| entry.path().is_dir())
            .map(|entry| entry.file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with("gen-"))
            .collect();
        names.sort();
        names
    }
}

fn describe(args: &[OsString]) -> String {
    let mut words = vec!["oversight".to_string()];
    words.extend(args.iter().map(|arg| format!("{arg:?}")));
    words.join(" ")
}
