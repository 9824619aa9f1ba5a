//! Shared helpers: a temporary workspace holding a copy of the bundled corpus, runs of the real
//! `oversight` binary that fail the test with the command line and its output when something is
//! off, and small accessors for the JSON the binary prints.

use std::ffi::{OsStr, OsString};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Output};

use serde_json::Value;
use tempfile::TempDir;

/// The CoPaCC thematic "PCCs and Innovation" (June 2014, no force).
pub const COPACC_THEMATIC: &str = "000_3fc32869c408f4b7.txt";
/// The Devon and Cornwall PCC update report (1 December 2017).
pub const DEVON_UPDATE_REPORT: &str = "001_b94eff86617be555.txt";
/// The CoPaCC web page on PCCs and innovation (28 June 2014, no force).
pub const COPACC_WEB_PAGE: &str = "002_6125446d20b6392b.txt";
/// The Warwickshire Police and Crime Panel meeting pack (26 September 2014).
pub const WARWICKSHIRE_PACK: &str = "003_4c84c7b52ec6327e.txt";
/// "Public Safety, Public Trust: Innovative Ideas for Police and Crime Commissioners in 2020".
pub const IDEAS_2020: &str = "004_72a7f22e1c4e9d82.txt";
/// Every file of the bundled corpus.
pub const SEEDS: [&str; 5] = [
    COPACC_THEMATIC,
    DEVON_UPDATE_REPORT,
    COPACC_WEB_PAGE,
    WARWICKSHIRE_PACK,
    IDEAS_2020,
];

/// The corpus shipped with the repository.
pub fn bundled_corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// The text of a file of the bundled corpus.
pub fn seed_text(name: &str) -> String {
    let path = bundled_corpus().join(name);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// A temporary folder with a corpus folder and an index folder path, removed when dropped.
pub struct Workspace {
    root: TempDir,
    /// The corpus folder (`<root>/corpus`).
    pub corpus: PathBuf,
    /// The index folder (`<root>/index`); it does not exist until something creates it.
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
        let mut command = Command::new(env!("CARGO_BIN_EXE_oversight"));
        command
            .current_dir(self.root.path())
            .env_remove("OVERSIGHT_LOG");
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

/// A finished run of the binary.
pub struct Run {
    /// The command line, for failure messages.
    pub command: String,
    /// How it exited.
    pub status: ExitStatus,
    /// What it printed on stdout.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

impl Run {
    /// Records a run; no command may ever panic, whatever it is given.
    pub fn new(command: String, output: Output) -> Run {
        let run = Run {
            command,
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        };
        assert!(
            !run.stdout.contains("panicked") && !run.stderr.contains("panicked"),
            "{} panicked:\n{}",
            run.command,
            run.output()
        );
        run
    }

    /// Both streams, for failure messages.
    pub fn output(&self) -> String {
        format!(
            "status: {}\n--- stdout\n{}\n--- stderr\n{}",
            self.status, self.stdout, self.stderr
        )
    }

    /// Fails the test unless the run succeeded.
    pub fn assert_success(&self) -> &Run {
        assert!(
            self.status.success(),
            "{} failed:\n{}",
            self.command,
            self.output()
        );
        self
    }

    /// Fails the test unless the run exited with code 1 and printed exactly one line on stderr,
    /// starting with `error: `; returns that line.
    pub fn error_line(&self) -> &str {
        assert_eq!(
            self.status.code(),
            Some(1),
            "{} should exit with code 1:\n{}",
            self.command,
            self.output()
        );
        let lines: Vec<&str> = self.stderr.lines().collect();
        assert_eq!(
            lines.len(),
            1,
            "{} should print one line on stderr:\n{}",
            self.command,
            self.output()
        );
        assert!(
            lines[0].starts_with("error: "),
            "{} should print `error: ...` on stderr:\n{}",
            self.command,
            self.output()
        );
        lines[0]
    }

    /// Stdout parsed as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|error| {
            panic!(
                "{} did not print JSON ({error}):\n{}",
                self.command,
                self.output()
            )
        })
    }
}

/// The hits of a search response.
pub fn hits(response: &Value) -> &Vec<Value> {
    response["hits"]
        .as_array()
        .unwrap_or_else(|| panic!("a response without hits: {response:#}"))
}

/// The number of documents a search response says it found.
pub fn total_documents(response: &Value) -> u64 {
    response["total_documents"]
        .as_u64()
        .unwrap_or_else(|| panic!("a response without total_documents: {response:#}"))
}

/// The number of passages a search response says it found.
pub fn total_passages(response: &Value) -> u64 {
    response["total_passages"]
        .as_u64()
        .unwrap_or_else(|| panic!("a response without total_passages: {response:#}"))
}

/// The file names a hit was read from.
pub fn sources(hit: &Value) -> Vec<String> {
    hit["sources"]
        .as_array()
        .unwrap_or_else(|| panic!("a hit without sources: {hit:#}"))
        .iter()
        .map(|source| source.as_str().expect("a source is a string").to_string())
        .collect()
}

/// The first source of each hit, in the order of the response.
pub fn hit_files(response: &Value) -> Vec<String> {
    hits(response)
        .iter()
        .map(|hit| sources(hit).into_iter().next().expect("a hit has a source"))
        .collect()
}

/// The first sources of the hits, sorted, for comparisons that ignore the order.
pub fn hit_file_set(response: &Value) -> Vec<String> {
    let mut files = hit_files(response);
    files.sort();
    files
}

/// The hit read from `file`, if the response has one.
pub fn hit_for<'a>(response: &'a Value, file: &str) -> Option<&'a Value> {
    hits(response)
        .iter()
        .find(|hit| sources(hit).iter().any(|source| source == file))
}

/// The count a facet lists for a value, if it lists the value.
pub fn facet_count(response: &Value, facet: &str, value: &str) -> Option<u64> {
    response["facets"][facet]
        .as_array()
        .unwrap_or_else(|| panic!("a response without the {facet} facet: {response:#}"))
        .iter()
        .find(|entry| entry["value"] == value)
        .map(|entry| entry["count"].as_u64().expect("a facet count is a number"))
}

/// The response without what changes from one run to the next (the time it took).
pub fn without_timing(response: &Value) -> Value {
    let mut copy = response.clone();
    if let Some(object) = copy.as_object_mut() {
        object.remove("took_ms");
    }
    copy
}

/// Sorted owned copies of file names.
pub fn file_set(files: &[&str]) -> Vec<String> {
    let mut set: Vec<String> = files.iter().map(|file| file.to_string()).collect();
    set.sort();
    set
}
