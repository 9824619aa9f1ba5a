//! The real `oversight serve` on an ephemeral loopback port, over an index built from a copy of
//! `corpus/` plus documents carrying markup attacks, in a temporary folder. Its stderr is
//! collected so that a panic anywhere in the service fails the suite.

use std::net::SocketAddr;
use std::path::PathBuf;

use oversight_test_support::{Served, Workspace, copy_corpus};

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

/// A running `oversight serve` and its folders (the service is stopped before they go).
pub struct Server {
    /// Where it listens.
    pub address: SocketAddr,
    /// The temporary folder holding everything.
    pub root: PathBuf,
    /// The index folder it serves.
    pub index: PathBuf,
    served: Served,
    _workspace: Workspace,
}

impl Server {
    /// Indexes a copy of the bundled corpus plus [`MARKUP_ATTACKS`] and serves it.
    pub fn start() -> Server {
        let workspace = Workspace::with_empty_corpus();
        copy_corpus(&workspace.corpus);
        for (name, text) in MARKUP_ATTACKS {
            workspace.write_corpus_file(name, text.as_bytes());
        }
        let served = Served::start(&workspace.corpus, &workspace.index);
        Server {
            address: served.address,
            root: workspace.root().to_path_buf(),
            index: workspace.index.clone(),
            served,
            _workspace: workspace,
        }
    }

    /// Everything the service printed on stderr so far.
    pub fn stderr(&self) -> String {
        self.served.stderr()
    }

    /// Whether the service is still running.
    pub fn is_running(&mut self) -> bool {
        self.served.is_running()
    }
}
