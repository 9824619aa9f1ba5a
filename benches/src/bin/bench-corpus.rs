//! `bench-corpus`: writes a deterministic generated corpus of about `--mb` MiB to `--out`, with the
//! query mix beside it (`.bench-queries.tsv` and `.bench-urls.txt`, hidden so the indexer skips them).

use std::path::PathBuf;
use std::time::Instant;

use anyhow::Context;
use clap::Parser;
use oversight_benches::corpus::write_corpus;
use oversight_benches::{DEFAULT_SEED, seed_corpus_dir, standard_mix, trained_generator};

/// Generate a benchmark corpus.
#[derive(Parser)]
struct Args {
    /// Size of the corpus in MiB.
    #[arg(long, default_value_t = 100)]
    mb: u64,
    /// Output folder (created).
    #[arg(long)]
    out: PathBuf,
    /// Seed: the same seed and size give the same corpus.
    #[arg(long, default_value_t = DEFAULT_SEED)]
    seed: u64,
    /// The seed corpus to train on.
    #[arg(long)]
    train: Option<PathBuf>,
    /// Skip counting distinct terms (faster).
    #[arg(long)]
    no_heaps: bool,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let train = args.train.unwrap_or_else(seed_corpus_dir);
    let started = Instant::now();
    let generator = trained_generator(&train, args.seed)
        .with_context(|| format!("training on {}", train.display()))?;
    let summary = write_corpus(&generator, args.mb << 20, &args.out, !args.no_heaps)?;
    let elapsed = started.elapsed().as_secs_f64();
    let mix = standard_mix(&generator)?;
    let mut tsv = String::from("# class\tquery\tforce\tyear_from\tyear_to\n");
    let mut urls = String::new();
    for query in &mix {
        let (force, from, to) = query.filter.as_ref().map_or_else(
            || (String::new(), String::new(), String::new()),
            |filter| {
                (
                    filter.force.clone(),
                    filter.year_from.to_string(),
                    filter.year_to.to_string(),
                )
            },
        );
        tsv.push_str(&format!(
            "{}\t{}\t{force}\t{from}\t{to}\n",
            query.class.name(),
            query.text()
        ));
        urls.push_str(&query.api_path());
        urls.push('\n');
    }
    std::fs::write(args.out.join(".bench-queries.tsv"), tsv)?;
    std::fs::write(args.out.join(".bench-urls.txt"), urls)?;
    let mib = summary.bytes as f64 / 1_048_576.0;
    println!(
        "wrote {} documents, {mib:.1} MiB ({} meeting packs, {} reports, {} short pages) to {} in {elapsed:.1}s ({:.0} MiB/s); trained vocabulary {} words",
        summary.documents,
        summary.kinds[0],
        summary.kinds[1],
        summary.kinds[2],
        args.out.display(),
        mib / elapsed,
        generator.model().vocabulary_size()
    );
    for (bytes, distinct) in &summary.heaps {
        println!(
            "distinct terms at {:.1} MiB: {distinct}",
            *bytes as f64 / 1_048_576.0
        );
    }
    Ok(())
}
