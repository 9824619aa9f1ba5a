//! Measures how fast PDFs are read: pages per second of `pdf_to_text` on each file given.
//!
//! `cargo run --release -p oversight-indexer --example pdf_speed -- tests/fixtures/pdf/*.pdf`
//! reads each file repeatedly for about a second and prints its pages, bytes and pages/s; a
//! file that gives no text (scanned, encrypted, damaged) is skipped with its reason.
//! With `--runs N` first, each file is read exactly N times instead, so that the process's
//! CPU time (from `time`) compares two builds on a busy machine.

use std::error::Error;
use std::time::{Duration, Instant};

use oversight_indexer::extract::PAGE_BREAK;
use oversight_indexer::extract::pdf::pdf_to_text;

/// How long each file is read over and over.
const MEASURE_FOR: Duration = Duration::from_secs(1);

fn main() -> Result<(), Box<dyn Error>> {
    let mut paths: Vec<String> = std::env::args().skip(1).collect();
    let runs: Option<u32> = match paths.first().map(String::as_str) {
        Some("--runs") if paths.len() > 1 => {
            let runs = paths[1].parse()?;
            paths.drain(..2);
            Some(runs)
        }
        _ => None,
    };
    if paths.is_empty() {
        return Err("usage: pdf_speed [--runs N] FILE.pdf...".into());
    }
    let mut total_pages = 0;
    let mut total_seconds = 0.0;
    for path in &paths {
        let bytes = std::fs::read(path)?;
        let pages = match pdf_to_text(&bytes) {
            Ok(text) => text.matches(PAGE_BREAK).count() + 1,
            Err(error) => {
                println!("{path}: skipped, {error}");
                continue;
            }
        };
        let started = Instant::now();
        let mut runs_done = 0;
        while runs.map_or(started.elapsed() < MEASURE_FOR, |total| runs_done < total) {
            std::hint::black_box(pdf_to_text(std::hint::black_box(&bytes))?);
            runs_done += 1;
        }
        let seconds = started.elapsed().as_secs_f64() / f64::from(runs_done);
        total_pages += pages;
        total_seconds += seconds;
        println!(
            "{path}: {pages} pages, {} bytes, {:.0} pages/s",
            bytes.len(),
            pages as f64 / seconds
        );
    }
    println!(
        "all: {total_pages} pages, {:.0} pages/s",
        total_pages as f64 / total_seconds
    );
    Ok(())
}
