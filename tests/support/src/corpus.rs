//! The bundled corpus and the fixtures: where they are, copies of them, and a way of making an
//! edited copy of a seed a document of its own.

use std::fs;
use std::path::{Path, PathBuf};

/// The CoPaCC thematic "PCCs and Innovation" (June 2014, no force).
pub const COPACC_THEMATIC: &str = "000_3fc32869c408f4b7.txt";
/// The Devon and Cornwall PCC update report (1 December 2017).
pub const DEVON_UPDATE_REPORT: &str = "001_b94eff86617be555.txt";
/// The CoPaCC web page on PCCs and innovation (28 June 2014, no force).
pub const COPACC_WEB_PAGE: &str = "002_6125446d20b6392b.txt";
/// The Warwickshire Police and Crime Panel meeting pack (26 September 2014).
pub const WARWICKSHIRE_PACK: &str = "003_4c84c7b52ec6327e.txt";
/// "Public Safety, Public Trust: Innovative Ideas for Police and Crime Commissioners in 2020".
pub const IDEAS_2020: &str = "004_72a7f22e1c4e9d82.txt";
/// Every file of the bundled corpus.
pub const SEEDS: [&str; 5] = [
    COPACC_THEMATIC,
    DEVON_UPDATE_REPORT,
    COPACC_WEB_PAGE,
    WARWICKSHIRE_PACK,
    IDEAS_2020,
];

/// The repository's root folder.
pub fn repository() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("this crate sits in tests/support")
}

/// The corpus shipped with the repository.
pub fn bundled_corpus() -> PathBuf {
    repository().join("corpus")
}

/// The text of a file of the bundled corpus.
pub fn seed_text(name: &str) -> String {
    let path = bundled_corpus().join(name);
    fs::read_to_string(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// The bytes of a test fixture, `relative` to `tests/fixtures` (e.g. `pdf/agenda-pack.pdf`).
pub fn fixture(relative: &str) -> Vec<u8> {
    let path = repository().join("tests/fixtures").join(relative);
    fs::read(&path).unwrap_or_else(|error| panic!("read {}: {error}", path.display()))
}

/// The bundled corpus, copied into `target` (created when missing).
pub fn copy_corpus(target: &Path) {
    fs::create_dir_all(target)
        .unwrap_or_else(|error| panic!("create {}: {error}", target.display()));
    for entry in fs::read_dir(bundled_corpus()).expect("list corpus/") {
        let entry = entry.expect("read a corpus/ entry");
        let copy = target.join(entry.file_name());
        fs::copy(entry.path(), &copy)
            .unwrap_or_else(|error| panic!("copy to {}: {error}", copy.display()));
    }
}

/// `text` with `marker` woven in after every fourth word of each line: an edited copy of a seed
/// then has five-word sequences of its own, so that near-duplicate detection does not fold it
/// into its seed.
pub fn weave_marker(text: &str, marker: &str) -> String {
    text.lines()
        .map(|line| {
            let words: Vec<&str> = line.split(' ').collect();
            words
                .chunks(4)
                .map(|chunk| format!("{} {marker}", chunk.join(" ")))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect::<Vec<_>>()
        .join("\n")
}
