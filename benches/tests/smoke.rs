//! CI smoke test of the measuring instruments: a small generated corpus, attributed correctly by
//! Oversight's extraction, indexed by all three engines, which then agree on what they find. It
//! checks properties only, never timings.

use std::collections::BTreeMap;

use oversight_benches::compare::{CompareOptions, ENGINE_NAMES, compare};
use oversight_benches::corpus::{BenchCorpus, write_corpus};
use oversight_benches::engines::Engine;
use oversight_benches::engines::{oversight, raw_tantivy, sqlite};
use oversight_benches::queries::{BenchQuery, QueryClass, QueryFilter};
use oversight_benches::{mix_of, seed_corpus_dir, trained_generator};
use oversight_indexer::analyze::analyze;
use oversight_indexer::enrich::Enricher;
use oversight_schema::vocab::Vocabulary;

const SMOKE_BYTES: u64 = 2 << 20;
const SEED: u64 = 7;

fn term(word: &str, filter: Option<QueryFilter>) -> BenchQuery {
    BenchQuery {
        class: QueryClass::Term,
        words: vec![word.to_string()],
        phrase: false,
        filter,
    }
}

#[test]
fn generated_corpus_is_deterministic_and_attributed_as_intended() -> anyhow::Result<()> {
    let generator = trained_generator(&seed_corpus_dir(), SEED)?;
    let plans = generator.plan(SMOKE_BYTES);
    assert_eq!(generator.write(&plans[3]), generator.write(&plans[3]));
    let vocabulary = Vocabulary::bundled()?;
    let enricher = Enricher::new(&vocabulary);
    let mut wrong = Vec::new();
    for plan in plans.iter().take(40) {
        let text = generator.write(plan);
        let meta = analyze(&enricher, "smoke", &[plan.file_name()], &text).meta;
        let found = (
            meta.force.clone().unwrap_or_default(),
            meta.doc_type.slug().to_string(),
            meta.date.map(|date| date.iso()).unwrap_or_default(),
        );
        let intended = (
            plan.force.clone(),
            plan.kind.doc_type().to_string(),
            plan.date.iso(),
        );
        if found != intended {
            wrong.push(format!(
                "{}: found {found:?}, meant {intended:?}",
                plan.file_name()
            ));
        }
    }
    assert!(wrong.is_empty(), "misattributed:\n{}", wrong.join("\n"));
    Ok(())
}

#[test]
fn all_three_engines_index_the_same_corpus_and_agree() -> anyhow::Result<()> {
    let folder = tempfile::tempdir()?;
    let corpus_dir = folder.path().join("corpus");
    let generator = trained_generator(&seed_corpus_dir(), SEED)?;
    let summary = write_corpus(&generator, SMOKE_BYTES, &corpus_dir, true)?;
    assert!(summary.bytes >= SMOKE_BYTES);
    assert!(
        summary.kinds.iter().all(|count| *count > 0),
        "{:?}",
        summary.kinds
    );
    let distinct = summary.heaps.iter().map(|(_, distinct)| *distinct);
    assert!(distinct.clone().zip(distinct.skip(1)).all(|(a, b)| a < b));
    let corpus = BenchCorpus::load(&corpus_dir)?;
    assert_eq!(corpus.entries.len(), summary.documents);

    let mix = mix_of(&generator, 2)?;
    assert_eq!(mix.len(), 10);
    let options = CompareOptions {
        engines: ENGINE_NAMES.map(String::from).to_vec(),
        rebuild: true,
        threads: 1,
        rounds: 1,
    };
    let work = folder.path().join("work");
    let comparison = compare(&corpus, &work, &mix, &options)?;
    assert_eq!(comparison.engines.len(), 3);
    for engine in &comparison.engines {
        let indexing = engine.indexing.as_ref().expect("built in this run");
        assert!(indexing.index_bytes > 0, "{}", engine.engine);
        assert_eq!(engine.outcomes.len(), mix.len());
        assert!(engine.latency.contains_key("all"));
    }

    let engines: Vec<Box<dyn Engine>> = vec![
        Box::new(oversight::open(&work.join("oversight"))?),
        Box::new(raw_tantivy::open(&work.join("raw-tantivy"))?),
        Box::new(sqlite::open(&work.join("sqlite-fts5").join("fts5.db"))?),
    ];
    // Every document names its Police and Crime Commissioner.
    let everywhere = term("commissioner", None);
    let mut per_force: BTreeMap<&str, u64> = BTreeMap::new();
    for entry in &corpus.entries {
        *per_force.entry(entry.force.as_str()).or_default() += 1;
    }
    let (force, documents) = per_force
        .iter()
        .max_by_key(|(_, count)| **count)
        .expect("documents");
    let filtered = term(
        "commissioner",
        Some(QueryFilter {
            force: force.to_string(),
            year_from: 2012,
            year_to: 2026,
        }),
    );
    for engine in &engines {
        let outcome = engine.run(&everywhere)?;
        assert_eq!(
            outcome.total_documents,
            corpus.entries.len() as u64,
            "{}",
            engine.name()
        );
        assert_eq!(outcome.hits, 10, "{}", engine.name());
        assert!(outcome.snippet_bytes > 0, "{}", engine.name());
        assert!(outcome.facet_values > 0, "{}", engine.name());
        let outcome = engine.run(&filtered)?;
        assert_eq!(outcome.total_documents, *documents, "{}", engine.name());
    }
    // On single words the engines find about the same documents (stemmers and fields differ a
    // little: Porter in SQLite, Snowball with title, heading and item fields in Oversight).
    let term_queries = mix
        .iter()
        .enumerate()
        .filter(|(_, query)| query.class == QueryClass::Term);
    for (position, query) in term_queries {
        let ours = comparison.engines[0].outcomes[position].total_documents;
        assert!(ours > 0, "{query:?}");
        for peer in &comparison.engines[1..] {
            let theirs = peer.outcomes[position].total_documents;
            assert!(theirs > 0, "{}: {query:?}", peer.engine);
            assert!(
                ours.abs_diff(theirs) * 10 <= ours.max(theirs),
                "{}: {query:?}: {ours} vs {theirs}",
                peer.engine
            );
        }
    }
    Ok(())
}
