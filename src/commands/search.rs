//! `oversight search`: query the index and print documents with their best passages and facets.

use std::io::{IsTerminal, Write};

use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use oversight_search::{FacetCount, Filters, SearchEngine, SearchResponse};

use super::search_flags::valid_search;
use crate::cli::SearchArgs;
use crate::plural::counted;

pub fn run(args: &SearchArgs) -> anyhow::Result<()> {
    let vocabulary = Vocabulary::bundled()?;
    let search = valid_search(args, &vocabulary)?;
    let engine = SearchEngine::open(&args.location.index, vocabulary)?;
    let response = engine.search(&search)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&response)?)?;
    } else {
        let highlight = if std::io::stdout().is_terminal() {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("**", "**")
        };
        let labels = Labels {
            vocabulary: engine.vocabulary(),
        };
        let filters = &search.request().filters;
        print_response(&mut out, &response, filters, &labels, highlight)?;
    }
    Ok(())
}

/// What readers are shown for the slugs of an answer: names and labels.
struct Labels<'a> {
    vocabulary: &'a Vocabulary,
}

impl Labels<'_> {
    fn force(&self, slug: &str) -> String {
        self.vocabulary
            .force_label(slug)
            .map_or_else(|| slug.to_string(), str::to_string)
    }

    fn theme(&self, slug: &str) -> String {
        self.vocabulary
            .theme(slug)
            .map_or_else(|| slug.to_string(), |theme| theme.label.clone())
    }
}

/// The filters in use, by their names (`force: Warwickshire Police; years: 2014–2017`); empty
/// when there are none.
fn filter_summary(filters: &Filters, labels: &Labels<'_>) -> String {
    let mut parts = Vec::new();
    let mut name = |facet: &str, values: Vec<String>| {
        if !values.is_empty() {
            parts.push(format!("{facet}: {}", values.join(" or ")));
        }
    };
    name(
        "force",
        filters
            .forces
            .iter()
            .map(|slug| labels.force(slug))
            .collect(),
    );
    name(
        "type",
        filters
            .doc_types
            .iter()
            .map(|doc_type| DocType::label(*doc_type).to_string())
            .collect(),
    );
    name(
        "subtype",
        filters
            .subtypes
            .iter()
            .map(|subtype| Subtype::label(*subtype).to_string())
            .collect(),
    );
    name(
        "theme",
        filters
            .themes
            .iter()
            .map(|slug| labels.theme(slug))
            .collect(),
    );
    match (filters.year_from, filters.year_to) {
        (Some(from), Some(to)) if from == to => parts.push(format!("year: {from}")),
        (Some(from), Some(to)) => parts.push(format!("years: {from}–{to}")),
        (Some(from), None) => parts.push(format!("years: from {from}")),
        (None, Some(to)) => parts.push(format!("years: to {to}")),
        (None, None) => {}
    }
    parts.join("; ")
}

/// HTML snippet → terminal text: entities decoded, `<mark>` shown with the given markers.
fn terminal_snippet(html: &str, (open, close): (&str, &str)) -> String {
    let marked = html.replace("<mark>", open).replace("</mark>", close);
    html_escape::decode_html_entities(&marked).replace('\n', " ")
}

fn print_response(
    out: &mut impl Write,
    response: &SearchResponse,
    filters: &Filters,
    labels: &Labels<'_>,
    highlight: (&str, &str),
) -> std::io::Result<()> {
    let query = if response.query.is_empty() {
        "(all documents)".to_string()
    } else {
        format!("“{}”", response.query)
    };
    let filters = filter_summary(filters, labels);
    let filters = if filters.is_empty() {
        String::new()
    } else {
        format!(" ({filters})")
    };
    writeln!(
        out,
        "{query}{filters}: {}, {} ({} ms)",
        counted(response.total_documents, "document"),
        counted(response.total_passages, "passage"),
        response.took_ms
    )?;
    for expansion in &response.expansions {
        writeln!(
            out,
            "  also searched: {} → {}",
            expansion.term,
            expansion.expanded_to.join(" / ")
        )?;
    }
    if let Some(correction) = &response.did_you_mean {
        writeln!(
            out,
            "  did you mean: {} ({})",
            correction.query,
            counted(correction.total_documents, "document")
        )?;
    }
    let first_rank = (response.page - 1) * response.per_page + 1;
    for (offset, hit) in response.hits.iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "{}. {}", first_rank + offset, hit.title)?;
        let force = hit.force_name.as_deref().unwrap_or("national");
        let date = hit.date_text.as_deref().unwrap_or("undated");
        let themes: Vec<String> = hit.themes.iter().map(|slug| labels.theme(slug)).collect();
        writeln!(
            out,
            "   {force} · {date} · {} · {}",
            hit.subtype.label(),
            themes.join(", ")
        )?;
        writeln!(
            out,
            "   id {} · {} · {}",
            hit.doc_id,
            hit.sources.join(", "),
            counted(hit.matched_passages, "matching passage")
        )?;
        for passage in &hit.passages {
            let place = &passage.location;
            let location: Vec<&str> = [place.item.as_deref(), place.heading.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            writeln!(
                out,
                "   [passage {}] {}",
                place.ordinal,
                location.join(" › ")
            )?;
            writeln!(
                out,
                "      {}",
                terminal_snippet(&passage.snippet, highlight)
            )?;
        }
    }
    writeln!(out)?;
    let facets = &response.facets;
    for (name, counts) in [
        ("force", &facets.force),
        ("year", &facets.year),
        ("type", &facets.doc_type),
        ("subtype", &facets.subtype),
        ("theme", &facets.theme),
    ] {
        writeln!(out, "{name:>7}: {}", facet_line(counts))?;
    }
    Ok(())
}

/// A facet's values by their labels, with their counts; a selected value is starred.
fn facet_line(counts: &[FacetCount]) -> String {
    if counts.is_empty() {
        return "–".to_string();
    }
    counts
        .iter()
        .map(|count| {
            let mark = if count.selected { "*" } else { "" };
            format!("{mark}{} ({})", count.label, count.count)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_lose_their_html_in_the_terminal() {
        let html = "the <mark>PCC</mark>&#x27;s &lt;plan&gt;";
        assert_eq!(terminal_snippet(html, ("[", "]")), "the [PCC]'s <plan>");
    }
}
