//! A generated corpus: the seed documents copied many times with varied edits (paragraphs
//! dropped or swapped, the copy's marker word woven into every line, a changed date), so that no
//! two copies are the same document, not even nearly (the indexer folds near-duplicates into one
//! document), and an indexing run lasts long enough to be interrupted.

use std::path::Path;

use oversight_test_support::{bundled_corpus, weave_marker};

use crate::random::Random;

/// The bundled seed documents, read once.
pub fn seeds() -> Vec<String> {
    let mut names: Vec<_> = std::fs::read_dir(bundled_corpus())
        .expect("corpus/ exists")
        .map(|entry| entry.expect("corpus entry").path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "txt"))
        .collect();
    names.sort();
    names
        .iter()
        .map(|path| std::fs::read_to_string(path).expect("a seed is UTF-8 text"))
        .collect()
}

/// The word only copy `number` contains.
pub fn marker(number: usize) -> String {
    format!("zqgen{number:05}")
}

/// The name of copy `number`.
pub fn file_name(number: usize) -> String {
    format!("gen-{number:05}.txt")
}

/// Copy `number` of a seed, edited.
pub fn variant(seeds: &[String], number: usize, random: &mut Random) -> String {
    let seed = &seeds[number % seeds.len()];
    let mut paragraphs: Vec<&str> = seed.split("\n\n").collect();
    if paragraphs.len() > 4 {
        let drop = random.below(paragraphs.len());
        paragraphs.remove(drop);
        let (first, second) = (
            random.below(paragraphs.len()),
            random.below(paragraphs.len()),
        );
        paragraphs.swap(first, second);
    }
    let marker = marker(number);
    let mut text = weave_marker(&paragraphs.join("\n\n"), &marker);
    let year = 2012 + random.below(12);
    text.push_str(&format!(
        "\n\nGenerated copy {number}, marked {marker}, reviewed on 1 March {year}.\n"
    ));
    text
}

/// Writes `count` edited copies into `corpus`, numbered from `first`.
pub fn write(corpus: &Path, first: usize, count: usize, random: &mut Random) {
    let seeds = seeds();
    std::fs::create_dir_all(corpus).expect("corpus folder");
    for number in first..first + count {
        std::fs::write(
            corpus.join(file_name(number)),
            variant(&seeds, number, random),
        )
        .expect("write a generated document");
    }
}
