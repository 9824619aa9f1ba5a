//! The command-line cases: pathological queries and options for `oversight search`, broken
//! folders and manifests for `oversight index`, devices and folders for `oversight inspect`.
//! A refusal is exit code 1 and one `error:` line (or clap's usage error, exit code 2); nothing
//! panics, hangs or eats memory.

use std::ffi::OsString;
use std::os::unix::ffi::OsStringExt;
use std::path::Path;
use std::time::Duration;

use crate::watch;
use oversight_test_support::copy_corpus;

/// What a command must come to.
#[derive(Debug, Clone, Copy)]
enum CliExpect {
    /// Exit code 1 and exactly one line on stderr, starting `error: `.
    ErrorLine,
    /// Like [`CliExpect::ErrorLine`], the line saying this: the flag or value to change.
    ErrorSaying(&'static str),
    /// clap's refusal of the command line: exit code 2.
    Usage,
    /// Exit code 0.
    Success,
}

/// How long any one command may take.
const LIMIT: Duration = Duration::from_secs(30);

fn judge(run: &watch::Watched, expect: CliExpect) -> Result<(), String> {
    run.healthy()?;
    let stderr = run.stderr.trim_end();
    match (expect, run.code) {
        (CliExpect::ErrorLine, Some(1)) => one_error_line(stderr).map(|_| ()),
        (CliExpect::ErrorSaying(words), Some(1)) => {
            let line = one_error_line(stderr)?;
            if line.contains(words) {
                Ok(())
            } else {
                Err(format!("the error should say `{words}`: {line}"))
            }
        }
        (CliExpect::Usage, Some(2)) | (CliExpect::Success, Some(0)) => Ok(()),
        (expect, code) => Err(format!("expected {expect:?}, got exit {code:?}: {stderr}")),
    }
}

/// The one `error:` line of `stderr`, or what is wrong with it.
fn one_error_line(stderr: &str) -> Result<&str, String> {
    let lines: Vec<&str> = stderr.lines().collect();
    match lines.as_slice() {
        [line] if line.starts_with("error: ") => Ok(line),
        _ => Err(format!("expected one `error:` line, got {stderr:?}")),
    }
}

fn os(args: &[&str]) -> Vec<OsString> {
    args.iter().map(OsString::from).collect()
}

/// Runs every command-line case; returns (name, outcome) pairs.
pub fn run() -> Vec<(String, Result<(), String>)> {
    let folder = tempfile::tempdir().expect("temporary folder");
    let root = folder.path();
    let corpus = root.join("corpus");
    copy_corpus(&corpus);
    let index = root.join("index");
    let index_text = index.to_string_lossy().into_owned();
    let corpus_text = corpus.to_string_lossy().into_owned();
    let built = watch::run(
        root,
        &os(&["index", "--corpus", &corpus_text, "--index", &index_text]),
        Duration::from_secs(120),
    );
    let mut results = vec![(
        "cli: index the seed corpus".to_string(),
        judge(&built, CliExpect::Success),
    )];

    let search = |query: OsString, extra: &[&str]| {
        let mut args = os(&["search", "--index", &index_text, "--json"]);
        args.extend(extra.iter().map(OsString::from));
        args.push("--".into());
        args.push(query);
        args
    };
    let nested = format!("{}budget{}", "(".repeat(100), ")".repeat(100));
    let many_terms = vec!["w"; 10_000].join(" ");
    let export = |query: &str, extra: &[&str]| {
        let mut args = os(&["export", "--index", &index_text]);
        args.extend(extra.iter().map(OsString::from));
        args.push("--".into());
        args.push(query.into());
        args
    };
    let out_folder = root.to_string_lossy().into_owned();
    let mut cases: Vec<(String, Vec<OsString>, CliExpect)> = vec![
        (
            "export: unknown format".into(),
            export("budget", &["--format", "xlsx"]),
            CliExpect::ErrorSaying("invalid `--format`"),
        ),
        (
            "export: unknown level".into(),
            export("budget", &["--level", "sentence"]),
            CliExpect::ErrorSaying("invalid `--level`"),
        ),
        (
            "export: unbalanced quote".into(),
            export("\"budget", &[]),
            CliExpect::ErrorLine,
        ),
        (
            "export: --out a folder".into(),
            export("budget", &["--out", &out_folder]),
            CliExpect::ErrorLine,
        ),
        (
            "search: unbalanced quote".into(),
            search("\"budget".into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: open bracket".into(),
            search("(budget".into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: 100 nested groups".into(),
            search(nested.into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: 10,000 terms".into(),
            search(many_terms.into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: star".into(),
            search("*".into(), &[]),
            CliExpect::Success,
        ),
        (
            "search: one-letter prefix".into(),
            search("a*".into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: regex bomb".into(),
            search("/(a+)+$/".into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: control characters".into(),
            search("bud\u{1b}[31mget".into(), &[]),
            CliExpect::ErrorLine,
        ),
        (
            "search: invalid UTF-8 argument".into(),
            search(OsString::from_vec(b"bud\xffget".to_vec()), &[]),
            CliExpect::Usage,
        ),
        (
            "search: fuzzy on a 900-letter term".into(),
            search(format!("{}~2", "a".repeat(900)).into(), &[]),
            CliExpect::Success,
        ),
        (
            "search: --limit 0".into(),
            search("budget".into(), &["--limit", "0"]),
            CliExpect::ErrorSaying("invalid `--limit`"),
        ),
        (
            "search: --limit past u64".into(),
            search("budget".into(), &["--limit", "99999999999999999999"]),
            CliExpect::Usage,
        ),
        (
            "search: --page 0".into(),
            search("budget".into(), &["--page", "0"]),
            CliExpect::ErrorSaying("invalid `--page`"),
        ),
        (
            "search: --page -1".into(),
            search("budget".into(), &["--page=-1"]),
            CliExpect::Usage,
        ),
        (
            "search: --year-from abc".into(),
            search("budget".into(), &["--year-from", "abc"]),
            CliExpect::Usage,
        ),
        (
            "search: years reversed".into(),
            search(
                "budget".into(),
                &["--year-from", "2018", "--year-to", "2014"],
            ),
            CliExpect::ErrorSaying("`--year-from`: 2018 is after --year-to 2014"),
        ),
        (
            "search: unknown force".into(),
            search("budget".into(), &["--force", "gotham"]),
            CliExpect::ErrorSaying("unknown --force `gotham`"),
        ),
        (
            "search: traversal as a force".into(),
            search("budget".into(), &["--force", "../../etc/passwd"]),
            CliExpect::ErrorLine,
        ),
        (
            "search: unknown type".into(),
            search("budget".into(), &["--type", "memo"]),
            CliExpect::ErrorSaying("the types are minutes, report, thematic"),
        ),
        (
            "search: unknown theme".into(),
            search("budget".into(), &["--theme", "astrology"]),
            CliExpect::ErrorSaying("; the themes are "),
        ),
        (
            "search: unknown sort".into(),
            search("budget".into(), &["--sort", "random"]),
            CliExpect::ErrorLine,
        ),
        (
            "search: 1,000 passages".into(),
            search("budget".into(), &["--passages", "1000"]),
            CliExpect::ErrorSaying("invalid `--passages`"),
        ),
        (
            "concordance: --context 51".into(),
            os(&[
                "concordance",
                "--index",
                &index_text,
                "--context",
                "51",
                "budget",
            ]),
            CliExpect::ErrorSaying("invalid `--context`"),
        ),
        (
            "concordance: --context -1".into(),
            os(&[
                "concordance",
                "--index",
                &index_text,
                "--context=-1",
                "budget",
            ]),
            CliExpect::Usage,
        ),
        (
            "concordance: unknown sort".into(),
            os(&[
                "concordance",
                "--index",
                &index_text,
                "--sort",
                "random",
                "budget",
            ]),
            CliExpect::ErrorSaying("invalid `--sort`"),
        ),
        (
            "concordance: unbalanced quote".into(),
            os(&["concordance", "--index", &index_text, "--", "\"budget"]),
            CliExpect::ErrorLine,
        ),
        (
            "concordance: a common word as CSV".into(),
            os(&[
                "concordance",
                "--index",
                &index_text,
                "--csv",
                "--sort",
                "left",
                "the",
            ]),
            CliExpect::Success,
        ),
        (
            "search: missing index".into(),
            os(&["search", "--index", "no-such-folder", "budget"]),
            CliExpect::ErrorLine,
        ),
        (
            "search: /etc as the index".into(),
            os(&["search", "--index", "/etc", "budget"]),
            CliExpect::ErrorLine,
        ),
        (
            "search: a file as the index".into(),
            os(&["search", "--index", "/etc/hostname", "budget"]),
            CliExpect::ErrorLine,
        ),
        (
            "trends: six queries".into(),
            os(&[
                "trends",
                "--index",
                &index_text,
                "a",
                "b",
                "c",
                "d",
                "e",
                "f",
            ]),
            CliExpect::ErrorSaying("invalid QUERY"),
        ),
        (
            "trends: unknown buckets".into(),
            os(&["trends", "--index", &index_text, "--by", "month", "budget"]),
            CliExpect::ErrorSaying("invalid `--by`"),
        ),
        (
            "trends: unbalanced quote in one query".into(),
            os(&["trends", "--index", &index_text, "budget", "\"precept"]),
            CliExpect::ErrorLine,
        ),
        (
            "trends: the table of years and forces".into(),
            os(&[
                "trends",
                "--index",
                &index_text,
                "--by",
                "year,force",
                "budget",
            ]),
            CliExpect::Success,
        ),
        (
            "trends: missing index".into(),
            os(&["trends", "--index", "no-such-folder", "budget"]),
            CliExpect::ErrorLine,
        ),
        (
            "index: missing corpus".into(),
            os(&[
                "index",
                "--corpus",
                "no-such-folder",
                "--index",
                "other-index",
            ]),
            CliExpect::ErrorLine,
        ),
        (
            "index: a file as the corpus".into(),
            os(&[
                "index",
                "--corpus",
                "/etc/hostname",
                "--index",
                "other-index",
            ]),
            CliExpect::ErrorLine,
        ),
        (
            "index: a file as the index".into(),
            os(&[
                "index",
                "--corpus",
                &corpus_text,
                "--index",
                "/etc/hostname",
            ]),
            CliExpect::ErrorLine,
        ),
        (
            "index: --threads 0".into(),
            os(&[
                "index",
                "--corpus",
                &corpus_text,
                "--index",
                "threads-index",
                "--threads",
                "0",
            ]),
            CliExpect::Success,
        ),
        (
            "inspect: missing file".into(),
            os(&["inspect", "no-such-file.txt"]),
            CliExpect::ErrorLine,
        ),
        (
            "inspect: a folder".into(),
            os(&["inspect", &corpus_text]),
            CliExpect::ErrorSaying("is a folder"),
        ),
        (
            "inspect: /dev/null".into(),
            os(&["inspect", "/dev/null"]),
            CliExpect::ErrorLine,
        ),
        (
            "inspect: /dev/zero".into(),
            os(&["inspect", "/dev/zero"]),
            CliExpect::ErrorLine,
        ),
        (
            "serve: --addr without a port".into(),
            os(&["serve", "--addr", "localhost", "--index", "serve-index"]),
            CliExpect::ErrorSaying("--addr `localhost`"),
        ),
        (
            "serve: --addr of an unknown host".into(),
            os(&[
                "serve",
                "--addr",
                "no-such-host.invalid:3000",
                "--index",
                "serve-index",
            ]),
            CliExpect::ErrorSaying("--addr `no-such-host.invalid:3000`"),
        ),
        ("unknown command".into(), os(&["explode"]), CliExpect::Usage),
        (
            "unknown flag".into(),
            os(&["search", "--explode", "budget"]),
            CliExpect::Usage,
        ),
        ("no arguments".into(), os(&[]), CliExpect::Usage),
    ];
    cases.extend(broken_indexes(root, &index));
    cases.extend(hostile_manifests(root));
    for (name, args, expect) in cases {
        let run = watch::run(root, &args, LIMIT);
        results.push((format!("cli {name}"), judge(&run, expect)));
    }
    results
}

/// Index folders whose `CURRENT` lies: it names a folder outside, nothing, or binary.
fn broken_indexes(root: &Path, good: &Path) -> Vec<(String, Vec<OsString>, CliExpect)> {
    let mut cases = Vec::new();
    for (name, current) in [
        ("CURRENT climbing out", b"../../../../etc".to_vec()),
        (
            "CURRENT absolute",
            good.to_string_lossy().as_bytes().to_vec(),
        ),
        ("CURRENT empty", Vec::new()),
        ("CURRENT binary", b"\xff\x00gen\x01".to_vec()),
        (
            "CURRENT naming a missing generation",
            b"gen-999999".to_vec(),
        ),
    ] {
        let folder = root.join(format!("broken-{}", cases.len()));
        std::fs::create_dir_all(&folder).expect("broken index folder");
        std::fs::write(folder.join("CURRENT"), current).expect("write CURRENT");
        let args = vec![
            "search".into(),
            "--index".into(),
            folder.into_os_string(),
            "--".into(),
            "budget".into(),
        ];
        cases.push((format!("search: {name}"), args, CliExpect::ErrorLine));
    }
    cases
}

/// Manifests that must stop a run with one line before anything is indexed.
fn hostile_manifests(root: &Path) -> Vec<(String, Vec<OsString>, CliExpect)> {
    let mut cases = Vec::new();
    for (name, manifest) in [
        ("manifest of binary garbage", b"\xff\xfe\x00[[document]]\x00".to_vec()),
        ("manifest with a javascript: URL", b"[[document]]\nfile = \"000_3fc32869c408f4b7.txt\"\nsource_url = \"javascript:alert(1)\"\n".to_vec()),
        ("manifest with an unknown field", b"[[document]]\nfile = \"000_3fc32869c408f4b7.txt\"\nexplode = true\n".to_vec()),
        ("manifest with a bad date", b"[[document]]\nfile = \"000_3fc32869c408f4b7.txt\"\ndate = \"2014-02-30\"\n".to_vec()),
        ("manifest with a 100,000-level nested table", format!("x = {}1{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes()),
        ("manifest with a misspelt force", b"[[document]]\nfile = \"000_3fc32869c408f4b7.txt\"\nforce = \"devon-and-cornwal\"\n".to_vec()),
    ] {
        let corpus = root.join(format!("manifest-corpus-{}", cases.len()));
        copy_corpus(&corpus);
        std::fs::write(corpus.join("manifest.toml"), manifest).expect("write manifest");
        let args = vec![
            "index".into(),
            "--corpus".into(),
            corpus.into_os_string(),
            "--index".into(),
            root.join(format!("manifest-index-{}", cases.len())).into_os_string(),
        ];
        let expect = if name.contains("misspelt force") {
            CliExpect::ErrorSaying("did you mean `devon-and-cornwall`?")
        } else {
            CliExpect::ErrorLine
        };
        cases.push((format!("index: {name}"), args, expect));
    }
    cases
}
