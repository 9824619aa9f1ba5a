//! The real `oversight serve` binary on an ephemeral loopback port, over an index built from a
//! copy of `corpus/` plus documents carrying markup attacks, in a temporary folder. Its stderr is
//! collected so that a panic anywhere in the service fails the suite.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// Documents whose text tries to reach HTML unescaped.
pub const MARKUP_ATTACKS: [(&str, &str); 2] = [
    (
        "attack-script.txt",
        "Zqattack Police and Crime Panel report\n\nThe zqattack word sits before <script>alert('zqattack')</script> in the text.\n",
    ),
    (
        "attack-attributes.txt",
        "Zqattack budget minutes\n\nA zqattack link \"><img src=x onerror=alert(1)> and <a href=\"javascript:alert(1)\">click</a> here.\n",
    ),
];

/// A running `oversight serve` and its folders.
pub struct Server {
    /// Where it listens.
    pub address: SocketAddr,
    /// The temporary folder holding everything.
    pub root: PathBuf,
    /// The index folder it serves.
    pub index: PathBuf,
    child: Child,
    stderr: Arc<Mutex<String>>,
    _folder: TempDir,
}

impl Server {
    /// Indexes a copy of the bundled corpus plus [`MARKUP_ATTACKS`] and serves it.
    pub fn start() -> Server {
        let folder = tempfile::tempdir().expect("temporary folder");
        let corpus = folder.path().join("corpus");
        copy_bundled_corpus(&corpus);
        for (name, text) in MARKUP_ATTACKS {
            std::fs::write(corpus.join(name), text).expect("write an attack document");
        }
        let index = folder.path().join("index");
        let mut child = Command::new(env!("CARGO_BIN_EXE_oversight"))
            .args(["serve", "--addr", "127.0.0.1:0", "--corpus"])
            .arg(&corpus)
            .arg("--index")
            .arg(&index)
            .env_remove("OVERSIGHT_LOG")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start oversight serve");
        let mut lines = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let deadline = Instant::now() + Duration::from_secs(180);
        let mut address = None;
        let mut seen = String::new();
        while address.is_none() && Instant::now() < deadline {
            let Some(Ok(line)) = lines.next() else { break };
            seen.push_str(&line);
            seen.push('\n');
            address = line
                .split("at http://")
                .nth(1)
                .and_then(|rest| rest.trim_end_matches('/').parse().ok());
        }
        let Some(address) = address else {
            let _ = child.kill();
            panic!("oversight serve never said where it listens:\n{seen}");
        };
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
        Server {
            address,
            root: folder.path().to_path_buf(),
            index,
            child,
            stderr,
            _folder: folder,
        }
    }

    /// Everything the service printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.stderr
            .lock()
            .map(|text| text.clone())
            .unwrap_or_default()
    }

    /// Whether the service is still running.
    pub fn is_running(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copies the bundled corpus into `target`.
pub fn copy_bundled_corpus(target: &Path) {
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus");
    std::fs::create_dir_all(target).expect("corpus folder");
    for entry in std::fs::read_dir(source).expect("corpus/ exists") {
        let entry = entry.expect("corpus entry");
        std::fs::copy(entry.path(), target.join(entry.file_name())).expect("copy a seed");
    }
}
