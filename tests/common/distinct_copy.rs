//! Makes an edited copy of a seed text a distinct document: the copy's marker word after every
//! fourth word gives it five-word sequences of its own, so that near-duplicate detection does not
//! fold it into its seed. Shared by the test targets that generate corpora (`#[path]` module).

/// `text` with `marker` woven in after every fourth word of each line.
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
