//! `suggest-bench`: times suggestions as the search box asks for them, one request per keystroke,
//! and misspelt searches answered with "did you mean", over an Oversight index.
//!
//! The prefixes are every prefix of every word of the corpus' query mix (`.bench-queries.tsv`,
//! written by `bench-corpus`) and of every force name, as a user types them. The misspelt searches
//! are the mix's single terms with two inner letters swapped.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use anyhow::Context;
use clap::Parser;
use oversight_benches::measure::Percentiles;
use oversight_schema::vocab::Vocabulary;
use oversight_search::{SearchEngine, SearchRequest, SuggestRequest};
use serde::Serialize;

/// Time suggestions and misspelt searches.
#[derive(Parser)]
struct Args {
    /// The index folder (for a `compare` work folder, its `oversight` folder).
    #[arg(long)]
    index: PathBuf,
    /// The generated corpus whose `.bench-queries.tsv` gives the words typed.
    #[arg(long)]
    corpus: PathBuf,
    /// Passes over every prefix; the first is reported apart, as the one a fresh service sees.
    #[arg(long, default_value_t = 3)]
    rounds: usize,
    /// Print JSON instead of lines.
    #[arg(long)]
    json: bool,
}

/// The longest prefix typed of one word or name.
const MOST_KEYSTROKES: usize = 12;

#[derive(Serialize)]
struct Figures {
    prefixes: usize,
    suggest_first_round: Percentiles,
    suggest_later_rounds: Percentiles,
    misspelt_searches: usize,
    corrected_to_the_word: usize,
    misspelt_search: Percentiles,
}

fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let vocabulary = Vocabulary::bundled()?;
    let queries = std::fs::read_to_string(args.corpus.join(".bench-queries.tsv"))
        .with_context(|| format!("read the query mix of {}", args.corpus.display()))?;
    let mut words = BTreeSet::new();
    let mut single_terms = Vec::new();
    for line in queries.lines().filter(|line| !line.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some(class), Some(query)) = (columns.next(), columns.next()) else {
            continue;
        };
        let query = query.replace('"', "");
        words.extend(query.split_whitespace().map(str::to_string));
        if class == "term" {
            single_terms.push(query);
        }
    }
    let mut prefixes = Vec::new();
    let typed = words
        .iter()
        .cloned()
        .chain(vocabulary.forces.iter().map(|force| force.name.clone()));
    let mut seen = BTreeSet::new();
    for text in typed {
        let ends = text
            .char_indices()
            .skip(1)
            .map(|(end, _)| end)
            .chain(std::iter::once(text.len()));
        for end in ends.take(MOST_KEYSTROKES) {
            if seen.insert(text[..end].to_string()) {
                prefixes.push(text[..end].to_string());
            }
        }
    }
    let requests = prefixes
        .iter()
        .map(|prefix| SuggestRequest::new(prefix, None))
        .collect::<Result<Vec<_>, _>>()?;
    let misspelt: Vec<(String, String)> = single_terms
        .iter()
        .filter(|word| word.chars().count() >= 5 && word.is_ascii())
        .map(|word| {
            let mut letters: Vec<char> = word.chars().collect();
            letters.swap(2, 3);
            (word.clone(), letters.into_iter().collect())
        })
        .filter(|(word, misspelt)| word != misspelt)
        .collect();

    let engine = SearchEngine::open(&args.index, vocabulary.clone())
        .with_context(|| format!("open {}", args.index.display()))?;
    let mut first_round = Vec::new();
    let mut later_rounds = Vec::new();
    for round in 0..args.rounds.max(1) {
        for request in &requests {
            let started = Instant::now();
            let answer = engine.suggest(request)?;
            let elapsed = started.elapsed();
            std::hint::black_box(answer);
            if round == 0 {
                first_round.push(elapsed);
            } else {
                later_rounds.push(elapsed);
            }
        }
    }
    let mut misspelt_times: Vec<Duration> = Vec::new();
    let mut corrected = 0;
    for (word, typo) in &misspelt {
        let search = SearchRequest::new(typo.clone()).validate(&vocabulary)?;
        let started = Instant::now();
        let answer = engine.search(&search)?;
        misspelt_times.push(started.elapsed());
        if answer
            .did_you_mean
            .is_some_and(|correction| &correction.query == word)
        {
            corrected += 1;
        }
    }
    let figures = Figures {
        prefixes: requests.len(),
        suggest_first_round: Percentiles::of(&first_round),
        suggest_later_rounds: Percentiles::of(&later_rounds),
        misspelt_searches: misspelt.len(),
        corrected_to_the_word: corrected,
        misspelt_search: Percentiles::of(&misspelt_times),
    };
    if args.json {
        println!("{}", serde_json::to_string_pretty(&figures)?);
    } else {
        let line = |name: &str, figures: &Percentiles| {
            println!(
                "{name}: {} requests, p50 {:.2} ms, p95 {:.2} ms, p99 {:.2} ms, max {:.2} ms",
                figures.count, figures.p50_ms, figures.p95_ms, figures.p99_ms, figures.max_ms
            );
        };
        println!("{} prefixes", figures.prefixes);
        line("suggest, first round", &figures.suggest_first_round);
        line("suggest, later rounds", &figures.suggest_later_rounds);
        line("misspelt searches", &figures.misspelt_search);
        println!(
            "{} of {} misspelt words corrected to the word",
            figures.corrected_to_the_word, figures.misspelt_searches
        );
    }
    Ok(())
}
