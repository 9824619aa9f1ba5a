//! `oversight serve`: serve the HTTP API until told to stop, with the index brought up to date
//! first (no index yet) or beside serving (an index exists: it answers at once, and the update is
//! picked up when it commits or publishes). The corpus it updates from is the one given, else the
//! one the index records it was built from; a default never removes what another corpus put in.

use std::net::{SocketAddr, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, anyhow};
use oversight_indexer::{IndexOptions, Progress, Silent};
use oversight_schema::layout;
use oversight_schema::vocab::Vocabulary;
use oversight_search::SearchEngine;
use oversight_server::state::AppState;

use crate::cli::{DEFAULT_CORPUS, ServeArgs};
use crate::progress_bar::IndexingBar;

/// Threads per core for searches (tokio's blocking pool). Searches are CPU-bound: more threads than
/// this only add memory (each keeps its stem table and malloc arena) and switching, not answers.
const BLOCKING_THREADS_PER_CORE: usize = 4;

pub fn run(args: &ServeArgs) -> anyhow::Result<()> {
    let address = listen_address(&args.addr)?;
    let vocabulary = Vocabulary::bundled()?;
    let (engine, update_after_start) =
        match SearchEngine::open(&args.location.index, vocabulary.clone()) {
            Ok(engine) => (engine, true),
            Err(_) => {
                let corpus = Corpus::of(args);
                bring_index_up_to_date(args, &corpus, &vocabulary, &IndexingBar::new())?;
                (
                    SearchEngine::open(&args.location.index, vocabulary.clone())?,
                    false,
                )
            }
        };
    let corpus = Corpus::of(args);
    let engine = Arc::new(engine);
    let stats = engine.stats();
    let cores = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .max_blocking_threads(cores * BLOCKING_THREADS_PER_CORE)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(address)
            .await
            .with_context(|| format!("cannot listen on {address}"))?;
        let address = listener.local_addr()?;
        eprintln!(
            "Oversight: serving {} documents ({} passages, generation {}) at http://{address}/",
            stats.documents, stats.passages, stats.generation
        );
        let state = AppState::new(engine)
            .with_cache_entries(args.cache_entries)
            .with_originals(&corpus.path);
        if update_after_start {
            update_in_background(args, corpus, vocabulary);
        }
        oversight_server::serve(listener, state, shutdown_signal()).await?;
        eprintln!("Oversight: stopped");
        anyhow::Ok(())
    })
}

/// The address `--addr` names, a host name resolved (an IPv4 address first, so `localhost` is
/// `127.0.0.1` as the printed address and the README say). Resolved before any indexing, so a
/// mistyped address is said at once.
fn listen_address(text: &str) -> anyhow::Result<SocketAddr> {
    let advice = "give HOST:PORT, e.g. 127.0.0.1:3000 or localhost:3000";
    let addresses: Vec<SocketAddr> = text
        .to_socket_addrs()
        .map_err(|error| anyhow!("--addr `{text}`: {error}; {advice}"))?
        .collect();
    addresses
        .iter()
        .find(|address| address.is_ipv4())
        .or_else(|| addresses.first())
        .copied()
        .ok_or_else(|| anyhow!("--addr `{text}` names no address; {advice}"))
}

/// The corpus an index is kept up to date with, and why that one.
struct Corpus {
    path: PathBuf,
    origin: Origin,
}

#[derive(PartialEq)]
enum Origin {
    /// `--corpus`.
    Given,
    /// The corpus the index records it was built from.
    Recorded,
    /// `corpus`, for an index that records none (or does not exist yet).
    Default,
}

impl Corpus {
    fn of(args: &ServeArgs) -> Corpus {
        if let Some(path) = &args.corpus {
            return Corpus {
                path: path.clone(),
                origin: Origin::Given,
            };
        }
        match oversight_indexer::recorded_corpus(&args.location.index) {
            Ok(Some(path)) => Corpus {
                path: PathBuf::from(path),
                origin: Origin::Recorded,
            },
            _ => Corpus {
                path: Path::new(DEFAULT_CORPUS).to_path_buf(),
                origin: Origin::Default,
            },
        }
    }
}

/// Brings the served index up to date on a thread of its own; a failure is reported and the
/// published index stays served.
fn update_in_background(args: &ServeArgs, corpus: Corpus, vocabulary: Vocabulary) {
    let args = args.clone();
    std::thread::spawn(move || {
        if let Err(error) = bring_index_up_to_date(&args, &corpus, &vocabulary, &Silent) {
            eprintln!("Oversight: the index could not be brought up to date: {error:#}");
        }
    });
}

/// Indexes the corpus incrementally (a no-op when nothing changed). Without a corpus folder, with
/// only the default corpus for an index built from another, or with an index folder that cannot
/// be written, an existing index is served as it is, with a line saying why; another indexer at
/// work is waited for by nobody: the published index is served and picked up again when that run
/// publishes.
fn bring_index_up_to_date(
    args: &ServeArgs,
    corpus: &Corpus,
    vocabulary: &Vocabulary,
    progress: &dyn Progress,
) -> anyhow::Result<()> {
    let has_index = layout::current_generation(&args.location.index)
        .ok()
        .flatten()
        .is_some();
    if !corpus.path.is_dir() && has_index {
        let which = if corpus.origin == Origin::Recorded {
            "the corpus it was built from"
        } else {
            "the corpus folder"
        };
        eprintln!(
            "Oversight: not updating the index: {which}, {}, is not there; serving the index as it is",
            corpus.path.display()
        );
        return Ok(());
    }
    let mut options = IndexOptions::new(&corpus.path, &args.location.index);
    options.corpus_is_default = corpus.origin == Origin::Default;
    match oversight_indexer::run(&options, vocabulary, progress) {
        Ok(report) => {
            if report.committed {
                eprintln!(
                    "Oversight: indexed {} documents ({} added, {} updated, {} removed) in {:.2}s",
                    report.documents,
                    report.added,
                    report.updated,
                    report.removed,
                    report.elapsed.as_secs_f64()
                );
            } else {
                eprintln!(
                    "Oversight: the index is up to date with {}",
                    corpus.path.display()
                );
            }
            for skipped in &report.skipped {
                eprintln!("Oversight: skipped {}: {}", skipped.path, skipped.reason);
            }
            Ok(())
        }
        Err(error @ oversight_indexer::Error::OtherCorpus { .. }) if has_index => {
            eprintln!("Oversight: not updating the index, serving it as it is: {error}");
            Ok(())
        }
        Err(oversight_indexer::Error::Locked(_)) if has_index => {
            eprintln!("Oversight: another indexer is running; serving the published index");
            Ok(())
        }
        Err(oversight_indexer::Error::IndexIo { source, .. })
            if has_index && cannot_write(&source) =>
        {
            eprintln!("Oversight: the index folder cannot be written; serving the published index");
            Ok(())
        }
        Err(error) => Err(error.into()),
    }
}

/// Whether an error means the index folder cannot be written (a replica on a read-only mount).
fn cannot_write(error: &std::io::Error) -> bool {
    matches!(
        error.kind(),
        std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied
    )
}

/// Completes on Ctrl-C or SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
