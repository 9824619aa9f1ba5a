//! `oversight trends`: compare up to five queries across years or forces and print a table per
//! query (or the API's JSON).

use std::io::Write;

use anyhow::anyhow;
use oversight_schema::vocab::Vocabulary;
use oversight_search::{Error, SearchEngine, TrendBucket, TrendsBy, TrendsRequest, TrendsResponse};

use super::search_flags::valid_filtered_search;
use crate::cli::TrendsArgs;

pub fn run(args: &TrendsArgs) -> anyhow::Result<()> {
    let vocabulary = Vocabulary::bundled()?;
    let search = valid_filtered_search("", &args.filters, &vocabulary)?;
    let by = TrendsBy::parse(&args.by).map_err(in_flag_words)?;
    let request =
        TrendsRequest::new(&search, &args.queries, by, &vocabulary).map_err(in_flag_words)?;
    let engine = SearchEngine::open(&args.location.index, vocabulary)?;
    let response = engine.trends(&request)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&response)?)?;
    } else {
        print_tables(&mut out, &response, engine.vocabulary())?;
    }
    Ok(())
}

/// A refusal of the trends request in the words of the command line.
fn in_flag_words(error: Error) -> anyhow::Error {
    match error {
        Error::InvalidParameter {
            name: "by",
            message,
        } => anyhow!("invalid `--by`: {message}"),
        Error::InvalidParameter { name: "q", message } => anyhow!("invalid QUERY: {message}"),
        other => other.into(),
    }
}

/// One table per query: a row per bucket with its documents, all documents, the share, passages
/// and mentions.
fn print_tables(
    out: &mut impl Write,
    response: &TrendsResponse,
    vocabulary: &Vocabulary,
) -> std::io::Result<()> {
    let name = |bucket: &TrendBucket| match response.by {
        TrendsBy::Year => bucket.value.clone(),
        TrendsBy::Force => force_name(vocabulary, &bucket.value),
        TrendsBy::YearForce => format!(
            "{} {}",
            bucket.year.as_deref().unwrap_or(""),
            force_name(vocabulary, bucket.force.as_deref().unwrap_or(""))
        ),
    };
    for (index, series) in response.series.iter().enumerate() {
        if index > 0 {
            writeln!(out)?;
        }
        let query = if series.query.trim().is_empty() {
            "(all documents)".to_string()
        } else {
            format!("“{}”", series.query)
        };
        writeln!(out, "{query} by {}", response.by.name())?;
        let names: Vec<String> = series.buckets.iter().map(name).collect();
        let width = names
            .iter()
            .map(|name| name.chars().count())
            .chain([response.by.name().len()])
            .max()
            .unwrap_or(0);
        writeln!(
            out,
            "  {:<width$}  {:>9}  {:>7}  {:>7}  {:>8}  {:>8}",
            response.by.name(),
            "documents",
            "of all",
            "per 100",
            "passages",
            "mentions"
        )?;
        for (name, bucket) in names.iter().zip(&series.buckets) {
            let padding = width.saturating_sub(name.chars().count());
            writeln!(
                out,
                "  {name}{:padding$}  {:>9}  {:>7}  {:>7.1}  {:>8}  {:>8}",
                "",
                bucket.documents,
                bucket.all_documents,
                bucket.per_100_documents,
                bucket.passages,
                bucket.mentions
            )?;
        }
    }
    Ok(())
}

/// A force's name for a slug (`national` for documents of no force), the slug when unknown.
fn force_name(vocabulary: &Vocabulary, slug: &str) -> String {
    vocabulary
        .force_label(slug)
        .map_or_else(|| slug.to_string(), str::to_string)
}
