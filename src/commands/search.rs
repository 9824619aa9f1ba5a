//! `oversight search`: query the index and print documents with their best passages and facets.

use std::io::{IsTerminal, Write};

use oversight_schema::vocab::Vocabulary;
use oversight_search::request::{parse_doc_types, parse_subtypes};
use oversight_search::{
    FacetCount, Filters, Scope, SearchEngine, SearchRequest, SearchResponse, Sort,
};

use crate::cli::SearchArgs;

pub fn run(args: &SearchArgs) -> anyhow::Result<()> {
    let vocabulary = Vocabulary::bundled()?;
    let request = request(args)?;
    let engine = SearchEngine::open(&args.location.index, vocabulary)?;
    let response = engine.search(&request.validate(engine.vocabulary())?)?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&response)?)?;
    } else {
        let highlight = if std::io::stdout().is_terminal() {
            ("\x1b[1m", "\x1b[0m")
        } else {
            ("**", "**")
        };
        print_response(&mut out, &response, highlight)?;
    }
    Ok(())
}

fn request(args: &SearchArgs) -> anyhow::Result<SearchRequest> {
    Ok(SearchRequest {
        query: args.query.clone(),
        filters: Filters {
            forces: args.forces.clone(),
            doc_types: parse_doc_types(&args.doc_types)?,
            subtypes: parse_subtypes(&args.subtypes)?,
            themes: args.themes.clone(),
            year_from: args.year_from,
            year_to: args.year_to,
            date_from: None,
            date_to: None,
        },
        sort: Sort::parse(&args.sort)?,
        scope: Scope::parse(&args.scope)?,
        page: args.page,
        per_page: args.limit,
        passages_per_hit: args.passages,
    })
}

/// HTML snippet → terminal text: entities decoded, `<mark>` shown with the given markers.
fn terminal_snippet(html: &str, (open, close): (&str, &str)) -> String {
    let marked = html.replace("<mark>", open).replace("</mark>", close);
    html_escape::decode_html_entities(&marked).replace('\n', " ")
}

fn print_response(
    out: &mut impl Write,
    response: &SearchResponse,
    highlight: (&str, &str),
) -> std::io::Result<()> {
    let query = if response.query.is_empty() {
        "(all documents)".to_string()
    } else {
        format!("“{}”", response.query)
    };
    writeln!(
        out,
        "{query}: {} documents, {} passages ({} ms)",
        response.total_documents, response.total_passages, response.took_ms
    )?;
    for expansion in &response.expansions {
        writeln!(
            out,
            "  also searched: {} → {}",
            expansion.term,
            expansion.expanded_to.join(" / ")
        )?;
    }
    let first_rank = (response.page - 1) * response.per_page + 1;
    for (offset, hit) in response.hits.iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "{}. {}", first_rank + offset, hit.title)?;
        let force = hit.force_name.as_deref().unwrap_or("national");
        let date = hit.date_text.as_deref().unwrap_or("undated");
        writeln!(
            out,
            "   {force} · {date} · {} · {}",
            hit.subtype,
            hit.themes.join(", ")
        )?;
        writeln!(
            out,
            "   id {} · {} · {} matching passages",
            hit.doc_id,
            hit.sources.join(", "),
            hit.matched_passages
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

fn facet_line(counts: &[FacetCount]) -> String {
    if counts.is_empty() {
        return "–".to_string();
    }
    counts
        .iter()
        .map(|count| {
            let mark = if count.selected { "*" } else { "" };
            format!("{mark}{} ({})", count.value, count.count)
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
