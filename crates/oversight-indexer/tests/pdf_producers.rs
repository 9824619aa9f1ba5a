//! Producer fidelity: the text read from PDFs that real producers wrote (Chromium's print to
//! PDF, LibreOffice's export, Ghostscript's `ps2pdf`) has the words poppler's `pdftotext` finds,
//! on the same pages, and the passages cut from it say the page their words are on.
//!
//! The fixtures and their reference texts are made by `tests/fixtures/pdf/producers/make.sh`;
//! the reference texts are committed so that this test needs no poppler.

use std::collections::HashMap;
use std::path::PathBuf;

use oversight_indexer::extract::pdf::pdf_to_text;
use oversight_indexer::extract::{PAGE_BREAK, parse_blocks};
use oversight_indexer::split::split;

/// Both recall and precision must reach this share of the reference's words.
const MIN_SHARE: f64 = 0.995;

const PRODUCERS: &[&str] = &["chromium", "libreoffice", "ghostscript"];

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/pdf")
        .join(name)
}

/// The words of a text: runs of letters and digits, lower-cased, counted.
fn words(text: &str) -> HashMap<String, usize> {
    let mut counts = HashMap::new();
    for word in text
        .split(|character: char| !character.is_alphanumeric())
        .filter(|word| !word.is_empty())
    {
        *counts.entry(word.to_lowercase()).or_default() += 1;
    }
    counts
}

fn total(counts: &HashMap<String, usize>) -> usize {
    counts.values().sum()
}

/// How many words two counts share.
fn shared(left: &HashMap<String, usize>, right: &HashMap<String, usize>) -> usize {
    left.iter()
        .map(|(word, count)| (*count).min(right.get(word).copied().unwrap_or(0)))
        .sum()
}

/// Words found, words expected and words read, summed over pages compared one to one.
#[derive(Debug, Default)]
struct Tally {
    shared: usize,
    reference: usize,
    read: usize,
}

impl Tally {
    fn add(&mut self, read: &HashMap<String, usize>, reference: &HashMap<String, usize>) {
        self.shared += shared(read, reference);
        self.reference += total(reference);
        self.read += total(read);
    }

    fn recall(&self) -> f64 {
        self.shared as f64 / self.reference.max(1) as f64
    }

    fn precision(&self) -> f64 {
        self.shared as f64 / self.read.max(1) as f64
    }
}

/// The reference pages: `pdftotext` ends every page, the last too, with a form feed.
fn reference_pages(producer: &str) -> Vec<String> {
    let path = fixture(&format!("{producer}.pdftotext.txt"));
    let text = std::fs::read_to_string(&path).expect("reference text");
    let mut pages: Vec<String> = text.split(PAGE_BREAK).map(str::to_string).collect();
    assert_eq!(
        pages.pop().as_deref(),
        Some(""),
        "{path:?} ends with a form feed"
    );
    pages
}

fn read_text(producer: &str) -> String {
    let bytes = std::fs::read(fixture(&format!("{producer}.pdf"))).expect("fixture");
    pdf_to_text(&bytes).expect("text")
}

#[test]
fn each_producer_reads_like_pdftotext_page_by_page() {
    let mut failures = Vec::new();
    for producer in PRODUCERS {
        let reference = reference_pages(producer);
        let text = read_text(producer);
        let pages: Vec<&str> = text.split(PAGE_BREAK).collect();
        assert_eq!(pages.len(), reference.len(), "{producer}: page count");
        let mut tally = Tally::default();
        for (page, expected) in pages.iter().zip(&reference) {
            tally.add(&words(page), &words(expected));
        }
        eprintln!(
            "{producer}: {} pages, {} reference words, recall {:.4}, precision {:.4}",
            pages.len(),
            tally.reference,
            tally.recall(),
            tally.precision()
        );
        if tally.recall() < MIN_SHARE || tally.precision() < MIN_SHARE {
            failures.push(format!("{producer}: {tally:?}"));
        }
    }
    assert!(failures.is_empty(), "below {MIN_SHARE}: {failures:?}");
}

#[test]
fn each_producers_passages_carry_the_page_their_words_are_on() {
    let mut failures = Vec::new();
    for producer in PRODUCERS {
        let reference: Vec<HashMap<String, usize>> = reference_pages(producer)
            .iter()
            .map(|page| words(page))
            .collect();
        let passages = split(&parse_blocks(&read_text(producer)));
        let mut read_by_page: Vec<HashMap<String, usize>> = vec![HashMap::new(); reference.len()];
        for passage in &passages {
            let page = passage.page.expect("a PDF's passages have pages") as usize;
            assert!(
                (1..=reference.len()).contains(&page),
                "{producer}: {passage:?}"
            );
            for (word, count) in words(&passage.text) {
                *read_by_page[page - 1].entry(word).or_default() += count;
            }
        }
        let mut tally = Tally::default();
        for (read, expected) in read_by_page.iter().zip(&reference) {
            tally.add(read, expected);
        }
        eprintln!(
            "{producer} passages: recall {:.4}, precision {:.4}",
            tally.recall(),
            tally.precision()
        );
        if tally.recall() < MIN_SHARE || tally.precision() < MIN_SHARE {
            failures.push(format!("{producer}: {tally:?}"));
        }
    }
    assert!(failures.is_empty(), "below {MIN_SHARE}: {failures:?}");
}
