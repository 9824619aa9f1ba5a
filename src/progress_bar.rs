//! Indexing progress as an `indicatif` bar on standard error (drawn only on a terminal).

use indicatif::{ProgressBar, ProgressStyle};
use oversight_indexer::Progress;

/// A progress bar that follows the phases of an indexing run.
pub struct IndexingBar {
    bar: ProgressBar,
}

impl IndexingBar {
    /// A bar on standard error; indicatif hides it when standard error is not a terminal.
    pub fn new() -> IndexingBar {
        let bar = ProgressBar::new(0);
        let style = ProgressStyle::with_template("{prefix:>10} [{bar:40}] {pos}/{len} {elapsed}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        IndexingBar { bar }
    }
}

impl Progress for IndexingBar {
    fn phase(&self, name: &str, total: u64) {
        self.bar.set_prefix(name.to_string());
        self.bar.set_length(total);
        self.bar.set_position(0);
    }

    fn step(&self) {
        self.bar.inc(1);
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
