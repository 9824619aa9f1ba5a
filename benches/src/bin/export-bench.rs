//! `export-bench`: exports every match of a search (by default every passage) of an Oversight
//! index as the HTTP route and `oversight export` write it, into a byte counter, and prints the
//! rows, bytes, rows/s, MiB/s and memory: the process' peak resident set (`VmHWM`, which counts
//! the index files mapped and read) and the largest anonymous resident set sampled during the
//! walk (`RssAnon`: the heap, which must stay flat however many rows).

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::path::PathBuf;
use std::time::Instant;

use anyhow::{Context, anyhow};
use clap::Parser;
use oversight_benches::measure::peak_rss_bytes;
use oversight_schema::vocab::Vocabulary;
use oversight_search::{ExportLevel, SearchEngine, SearchRequest};
use oversight_server::export_file::{ExportFormat, RowWriter};
use serde::Serialize;

/// Export a search of an index and measure its rate and memory.
#[derive(Parser)]
struct Args {
    /// The index folder (for a `compare` work folder, its `oversight` folder).
    #[arg(long)]
    index: PathBuf,
    /// The query; empty exports every passage.
    #[arg(long, default_value = "")]
    query: String,
    /// csv or ndjson.
    #[arg(long, default_value = "csv")]
    format: String,
    /// passage or document.
    #[arg(long, default_value = "passage")]
    level: String,
    /// Print JSON instead of lines.
    #[arg(long)]
    json: bool,
}

/// Bytes written, counted and dropped.
struct Counter {
    bytes: u64,
}

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.bytes += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// How often, in rows, the anonymous resident set is sampled.
const SAMPLE_EVERY_ROWS: u64 = 10_000;

#[derive(Serialize)]
struct Figures {
    query: String,
    format: String,
    level: String,
    rows: u64,
    index_passages: u64,
    bytes: u64,
    seconds: f64,
    rows_per_second: f64,
    mib_per_second: f64,
    peak_rss_mib: f64,
    rss_anon_before_mib: f64,
    peak_rss_anon_mib: f64,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let format = ExportFormat::parse(&args.format).map_err(|error| anyhow!("{error}"))?;
    let level = ExportLevel::parse(&args.level)?;
    let vocabulary = Vocabulary::bundled()?;
    let search = SearchRequest::new(args.query.clone()).validate(&vocabulary)?;
    let engine = SearchEngine::open(&args.index, vocabulary)
        .with_context(|| format!("open {}", args.index.display()))?;
    let index_passages = engine.stats().passages;
    let rss_anon_before = rss_anon_bytes();
    let started = Instant::now();
    let export = engine.export(&search, level)?;
    let mut writer = RowWriter::new(Counter { bytes: 0 }, format, level, false)?;
    let mut failed = None;
    let mut peak_anon = rss_anon_before;
    let mut written = 0u64;
    let summary = export.run(|row| {
        if let Err(error) = writer.write(row) {
            failed = Some(error);
            return ControlFlow::Break(());
        }
        written += 1;
        if written.is_multiple_of(SAMPLE_EVERY_ROWS) {
            peak_anon = peak_anon.max(rss_anon_bytes());
        }
        ControlFlow::Continue(())
    })?;
    if let Some(error) = failed {
        return Err(error.into());
    }
    let bytes = writer.finish()?.bytes;
    let seconds = started.elapsed().as_secs_f64();
    peak_anon = peak_anon.max(rss_anon_bytes());
    let mib = |bytes: u64| bytes as f64 / 1_048_576.0;
    let figures = Figures {
        query: args.query,
        format: args.format,
        level: args.level,
        rows: summary.rows,
        index_passages,
        bytes,
        seconds,
        rows_per_second: summary.rows as f64 / seconds,
        mib_per_second: mib(bytes) / seconds,
        peak_rss_mib: mib(peak_rss_bytes()),
        rss_anon_before_mib: mib(rss_anon_before),
        peak_rss_anon_mib: mib(peak_anon),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        println!(
            "{} rows ({} passages in the index), {:.1} MiB in {:.2} s: {:.0} rows/s, {:.1} MiB/s; peak RSS {:.1} MiB, anonymous RSS {:.1} MiB before, {:.1} MiB at most",
            figures.rows,
            figures.index_passages,
            mib(figures.bytes),
            figures.seconds,
            figures.rows_per_second,
            figures.mib_per_second,
            figures.peak_rss_mib,
            figures.rss_anon_before_mib,
            figures.peak_rss_anon_mib
        );
    }
    Ok(())
}

/// The process' anonymous resident set now, in bytes (0 where unknown).
fn rss_anon_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find(|line| line.starts_with("RssAnon:"))
                .and_then(|line| line.split_whitespace().nth(1))
                .and_then(|value| value.parse::<u64>().ok())
        })
        .map_or(0, |kib| kib * 1024)
}
