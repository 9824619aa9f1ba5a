//! The raw tantivy peer: tantivy used plainly, one tantivy document per corpus document, a minimal
//! schema (`body` with the stock `en_stem` tokenizer and positions, stored; a `force` facet; a
//! `year` fast field), the stock query parser with AND as the default, `TopDocs`, `Count`, a
//! `FacetCollector` and a `SnippetGenerator` over the whole stored body.

use std::ops::Bound;
use std::path::Path;

use tantivy::collector::{Count, FacetCollector, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    FAST, Facet, FacetOptions, Field, INDEXED, IndexRecordOption, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, TantivyDocument, Term, doc};

use crate::corpus::BenchCorpus;
use crate::engines::{Engine, QueryOutcome, TOP_DOCUMENTS};
use crate::queries::BenchQuery;
use crate::{Error, Result};

/// Indexing memory for all threads together, the same as Oversight's default.
const MEMORY_BUDGET_BYTES: usize = 256 * 1024 * 1024;
/// The longest snippet, in characters, as Oversight's.
const SNIPPET_CHARS: usize = 240;

/// An open raw tantivy index.
pub struct RawTantivyEngine {
    index: Index,
    reader: IndexReader,
    body: Field,
    force: Field,
    year: Field,
}

fn schema() -> Schema {
    let mut builder = Schema::builder();
    let body = TextOptions::default().set_stored().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("en_stem")
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    builder.add_text_field("body", body);
    builder.add_facet_field("force", FacetOptions::default());
    builder.add_u64_field("year", INDEXED | FAST);
    builder.build()
}

/// Builds the index in `dir` (emptied first) from every document of the corpus.
pub fn build(corpus: &BenchCorpus, dir: &Path) -> Result<RawTantivyEngine> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    std::fs::create_dir_all(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let index = Index::create_in_dir(dir, schema())?;
    let engine = from_index(index)?;
    let mut writer: tantivy::IndexWriter = engine.index.writer(MEMORY_BUDGET_BYTES)?;
    for entry in &corpus.entries {
        let body = corpus.read(entry)?;
        writer.add_document(doc!(
            engine.body => body,
            engine.force => Facet::from_path([entry.force.as_str()]),
            engine.year => u64::from(entry.year),
        ))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    engine.reader.reload()?;
    Ok(engine)
}

/// Opens an index built by [`build`].
pub fn open(dir: &Path) -> Result<RawTantivyEngine> {
    from_index(Index::open_in_dir(dir)?)
}

fn from_index(index: Index) -> Result<RawTantivyEngine> {
    let schema = index.schema();
    let reader = index.reader()?;
    Ok(RawTantivyEngine {
        body: schema.get_field("body")?,
        force: schema.get_field("force")?,
        year: schema.get_field("year")?,
        reader,
        index,
    })
}

impl Engine for RawTantivyEngine {
    fn name(&self) -> &'static str {
        "raw-tantivy"
    }

    fn run(&self, query: &BenchQuery) -> Result<QueryOutcome> {
        let mut parser = QueryParser::for_index(&self.index, vec![self.body]);
        parser.set_conjunction_by_default();
        let text_query = parser.parse_query(&query.text())?;
        let final_query: Box<dyn Query> = match &query.filter {
            Some(filter) => {
                let force_term =
                    Term::from_facet(self.force, &Facet::from_path([filter.force.as_str()]));
                let year = |value: u16| Term::from_field_u64(self.year, u64::from(value));
                Box::new(BooleanQuery::new(vec![
                    (Occur::Must, text_query.box_clone()),
                    (
                        Occur::Must,
                        Box::new(TermQuery::new(force_term, IndexRecordOption::Basic)),
                    ),
                    (
                        Occur::Must,
                        Box::new(RangeQuery::new(
                            Bound::Included(year(filter.year_from)),
                            Bound::Included(year(filter.year_to)),
                        )),
                    ),
                ]))
            }
            None => text_query.box_clone(),
        };
        let searcher = self.reader.searcher();
        let mut facets = FacetCollector::for_field("force");
        facets.add_facet("/");
        let (top, total, facet_counts) = searcher.search(
            &*final_query,
            &(
                TopDocs::with_limit(TOP_DOCUMENTS).order_by_score(),
                Count,
                facets,
            ),
        )?;
        let mut snippets = SnippetGenerator::create(&searcher, &*text_query, self.body)?;
        snippets.set_max_num_chars(SNIPPET_CHARS);
        let mut outcome = QueryOutcome {
            total_documents: total as u64,
            facet_values: facet_counts.get("/").count(),
            ..QueryOutcome::default()
        };
        for (_, address) in top {
            let stored: TantivyDocument = searcher.doc(address)?;
            let body = stored
                .get_first(self.body)
                .and_then(|value| value.as_str())
                .unwrap_or_default();
            let mut snippet = snippets.snippet(body);
            snippet.set_snippet_prefix_postfix("<mark>", "</mark>");
            outcome.hits += 1;
            outcome.snippet_bytes += snippet.to_html().len();
        }
        Ok(outcome)
    }
}
