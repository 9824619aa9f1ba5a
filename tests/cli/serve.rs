//! `oversight serve --addr`: a host name with a port is resolved (and loopback stays the
//! default); an address that names no host and port is refused on one line before anything is
//! indexed.

use crate::support::{Served, Workspace, request};

#[test]
fn a_host_name_is_resolved_to_listen_on() {
    let workspace = Workspace::with_seed_corpus();
    let served = Served::start_at("localhost:0", &workspace.corpus, &workspace.index);
    assert!(
        served.address.ip().is_loopback(),
        "localhost is a loopback address: {}",
        served.address
    );
    let health = request("GET", &served.base, "/healthz").json();
    assert_eq!(health["documents"], 5, "{health:#}");
}

#[test]
fn an_address_without_a_port_or_host_is_refused_before_indexing() {
    let workspace = Workspace::with_seed_corpus();
    for addr in ["localhost", "no-such-host.invalid:3000", ":3000"] {
        let run = workspace.run([
            "serve".as_ref(),
            "--addr".as_ref(),
            addr.as_ref(),
            "--corpus".as_ref(),
            workspace.corpus.as_os_str(),
            "--index".as_ref(),
            workspace.index.as_os_str(),
        ]);
        let line = run.error_line();
        assert!(
            line.contains("--addr") && line.contains(addr),
            "{addr}: {line}"
        );
        assert!(line.contains("HOST:PORT"), "{addr}: {line}");
        assert!(
            !workspace.index.exists(),
            "{addr}: an index was built first"
        );
    }
}
