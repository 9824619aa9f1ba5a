//! The harness of the end-to-end tests in `tests/`: a temporary workspace holding a copy of the
//! bundled corpus, runs of the real `oversight` binary that fail the test with the command line
//! and its output, `oversight serve` started on an ephemeral loopback port, the service in process
//! (on a socket, or as a router asked with `oneshot` when no socket is needed), an HTTP client,
//! readers of the JSON answers, and polling with a deadline in place of sleeps.
//!
//! Every item is also exported at the root, so a test target writes
//! `use oversight_test_support as support;` and then `support::Workspace`, `support::hits`, ...

pub mod binary;
pub mod client;
pub mod corpus;
pub mod in_process;
pub mod poll;
pub mod response;
pub mod run;
pub mod served;
pub mod workspace;

pub use binary::{oversight, oversight_command};
pub use client::{Reply, get_bytes, request, request_with_header, try_request};
pub use corpus::{
    COPACC_THEMATIC, COPACC_WEB_PAGE, DEVON_UPDATE_REPORT, IDEAS_2020, SEEDS, WARWICKSHIRE_PACK,
    bundled_corpus, copy_corpus, fixture, repository, seed_text, weave_marker,
};
pub use in_process::{
    TestServer, get, get_ok, index, oneshot, start, start_with, start_with_cache, start_with_files,
};
pub use poll::{poll_until, wait_until};
pub use response::{
    facet, facet_count, file_set, hit_file_set, hit_files, hit_for, hits, sources, total_documents,
    total_passages, without_timing,
};
pub use run::Run;
pub use served::Served;
pub use workspace::Workspace;
