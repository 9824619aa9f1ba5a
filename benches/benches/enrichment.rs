//! Per-MiB cost of reading one document's metadata and passages (`analyze`: extract, enrich,
//! split) on ordinary text against adversarial text, to show the rules stay linear: a text dense
//! with force names, dates and acronyms, and one 20 MiB line with no line break at all.

use std::time::Duration;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use oversight_indexer::analyze::analyze;
use oversight_indexer::enrich::Enricher;
use oversight_schema::vocab::Vocabulary;

/// The size of each text, in bytes: 20 MiB, or 256 KiB under `--test`.
fn text_bytes() -> usize {
    if std::env::args().any(|arg| arg == "--test") {
        256 * 1024
    } else {
        20 * 1024 * 1024
    }
}

/// `unit` repeated up to `bytes`, cut at a character boundary.
fn repeated(unit: &str, bytes: usize) -> String {
    let mut text = unit.repeat(bytes / unit.len() + 1);
    let mut end = bytes.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text
}

/// Ordinary report text: the bundled seeds, one after another.
fn ordinary(bytes: usize) -> String {
    let seeds = concat!(env!("CARGO_MANIFEST_DIR"), "/../corpus");
    let mut text = String::new();
    let mut paths: Vec<_> = std::fs::read_dir(seeds)
        .unwrap_or_else(|error| panic!("{seeds}: {error}"))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    paths.sort();
    for path in paths {
        let seed = std::fs::read_to_string(&path)
            .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
        text.push_str(&seed);
        text.push('\n');
    }
    repeated(&text, bytes)
}

/// Force names, governance phrases, dates, financial years and acronyms, with line breaks.
const DENSE: &str = "Warwickshire Police and Crime Panel, Kent Police, Surrey PCC, MOPAC, \
    South\nWales Police, Office of the Police and Crime Commissioner for Devon and Cornwall, \
    HMICFRS, IOPC, NAO, 14 March 2019, 2019/20, 2017-2021, 26/09/14, 17eg Ebrill 2023, \
    Heddlu Gwent, Decision Record PCC/D/083, Agenda item 7, minutes of the meeting held on 29 \
    November 2022.\n";

fn enrichment(criterion: &mut Criterion) {
    let vocabulary = Vocabulary::bundled().unwrap_or_else(|error| panic!("vocabulary: {error}"));
    let enricher = Enricher::new(&vocabulary);
    let bytes = text_bytes();
    let sources = ["bench.txt".to_string()];
    let texts = [
        ("ordinary", ordinary(bytes)),
        ("dense-names-and-dates", repeated(DENSE, bytes)),
        ("one-line", repeated(&DENSE.replace('\n', " "), bytes)),
    ];
    let mut group = criterion.benchmark_group("enrichment");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for (name, text) in &texts {
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.bench_function(*name, |bencher| {
            bencher.iter(|| analyze(&enricher, "0000000000000000", &sources, text));
        });
    }
    group.finish();
}

criterion_group!(benches, enrichment);
criterion_main!(benches);
