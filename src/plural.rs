//! Counts as people write them: "1 document", "2 documents".

/// `count` and `noun`, the noun in the plural unless the count is one. Every noun the command
/// line counts takes an `s`.
pub fn counted(count: impl Into<u64>, noun: &str) -> String {
    match count.into() {
        1 => format!("1 {noun}"),
        count => format!("{count} {noun}s"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1u64, "document"), "1 document");
        assert_eq!(counted(0u64, "document"), "0 documents");
        assert_eq!(counted(2u64, "matching passage"), "2 matching passages");
    }
}
