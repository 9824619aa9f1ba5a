//! The document type: phrase rules of `schema/doc_types.toml`, matches in the head counting more.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use oversight_schema::model::DocType;
use oversight_schema::vocab::Vocabulary;

/// Scores document types by rule matches.
#[derive(Debug)]
pub struct DocTypeMatcher {
    /// Every rule's phrase, found in one pass over a text (ASCII case-insensitively, overlapping,
    /// so that "agenda" and "agenda item" both count).
    phrases: AhoCorasick,
    /// The rules, by pattern number.
    rules: Vec<Rule>,
    head_chars: usize,
    head_multiplier: f32,
    default: DocType,
}

#[derive(Debug)]
struct Rule {
    /// Where the rule's type is in [`DocType::ALL`].
    slot: usize,
    phrase: String,
    weight: f32,
    /// Whether the phrase ends in a letter or digit, and so must end on a word boundary.
    ends_in_word: bool,
}

impl DocTypeMatcher {
    /// Compiles the document-type rules of the vocabulary.
    pub fn new(vocabulary: &Vocabulary) -> DocTypeMatcher {
        let mut rules = Vec::new();
        for doc_type_rules in &vocabulary.doc_types {
            let Some(doc_type) = DocType::from_slug(&doc_type_rules.slug) else {
                continue;
            };
            let slot = DocType::ALL
                .iter()
                .position(|candidate| *candidate == doc_type)
                .unwrap_or(0);
            for rule in &doc_type_rules.rules {
                rules.push(Rule {
                    slot,
                    phrase: rule.phrase.clone(),
                    weight: rule.weight,
                    ends_in_word: rule
                        .phrase
                        .chars()
                        .last()
                        .is_some_and(char::is_alphanumeric),
                });
            }
        }
        let phrases = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(rules.iter().map(|rule| rule.phrase.to_lowercase()))
            .unwrap_or_else(|error| unreachable!("a few dozen short phrases: {error}"));
        let scoring = &vocabulary.doc_type_scoring;
        DocTypeMatcher {
            phrases,
            rules,
            head_chars: scoring.head_chars,
            head_multiplier: scoring.head_multiplier,
            default: DocType::from_slug(&scoring.default).unwrap_or(DocType::Report),
        }
    }

    /// The type of the document with this text, and the phrases that decided it.
    pub fn classify(&self, text: &str) -> (DocType, String) {
        let mut totals = vec![0.0f32; self.rules.len()];
        for found in self.phrases.find_overlapping_iter(text) {
            let rule = &self.rules[found.pattern().as_usize()];
            let bytes = text.as_bytes();
            if !ascii_word_boundary(bytes, found.start())
                || (rule.ends_in_word && !ascii_word_boundary(bytes, found.end()))
            {
                continue;
            }
            let multiplier = if found.start() < self.head_chars {
                self.head_multiplier
            } else {
                1.0
            };
            totals[found.pattern().as_usize()] += rule.weight * multiplier;
        }
        let mut scores = [0.0f32; DocType::ALL.len()];
        let mut matched: Vec<Vec<(f32, &str)>> = vec![Vec::new(); DocType::ALL.len()];
        for (rule, total) in self.rules.iter().zip(totals) {
            if total > 0.0 {
                scores[rule.slot] += total;
                matched[rule.slot].push((total, &rule.phrase));
            }
        }
        let best = (0..scores.len())
            .filter(|slot| scores[*slot] > 0.0)
            .max_by(|left, right| scores[*left].total_cmp(&scores[*right]));
        let Some(slot) = best else {
            return (
                self.default,
                "no type rule matched; the default type".to_string(),
            );
        };
        let mut phrases = std::mem::take(&mut matched[slot]);
        phrases.sort_by(|left, right| right.0.total_cmp(&left.0));
        let evidence = phrases
            .iter()
            .take(5)
            .map(|(_, phrase)| format!("“{phrase}”"))
            .collect::<Vec<_>>()
            .join(", ");
        (
            DocType::ALL[slot],
            format!("matched {evidence} (score {:.1})", scores[slot]),
        )
    }
}

/// Whether `at` is an ASCII word boundary of `text`, as the regex `(?-u:\b)`: a word byte
/// (ASCII letter, digit or `_`) on exactly one side.
fn ascii_word_boundary(text: &[u8], at: usize) -> bool {
    let is_word =
        |byte: Option<&u8>| byte.is_some_and(|byte| byte.is_ascii_alphanumeric() || *byte == b'_');
    let before = at.checked_sub(1).and_then(|before| text.get(before));
    is_word(before) != is_word(text.get(at))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classify(text: &str) -> DocType {
        DocTypeMatcher::new(&Vocabulary::bundled().expect("vocabulary"))
            .classify(text)
            .0
    }

    #[test]
    fn an_agenda_is_minutes() {
        let text = "A meeting of the Panel will be held on 1 May 2015.\n\n1. Apologies for absence\n2. Public Question Time";
        assert_eq!(classify(text), DocType::Minutes);
    }

    #[test]
    fn a_commissioners_report_is_a_report() {
        let text = "Police and Crime Panel\n\nReport of the Police and Crime Commissioner\n\nThis report draws the Panel's attention to matters.";
        assert_eq!(classify(text), DocType::Report);
    }

    #[test]
    fn a_think_tank_briefing_is_thematic() {
        let text = "Ideas for PCCs\n\nCase study 1: a thing.\n\nCase study 2: another.\n\nEndnotes\n\nWritten by: A. Author";
        assert_eq!(classify(text), DocType::Thematic);
    }

    #[test]
    fn phrases_count_on_word_boundaries_in_any_case_and_overlapping() {
        let matcher = DocTypeMatcher::new(&Vocabulary::bundled().expect("vocabulary"));
        let (_, evidence) = matcher.classify("AGENDA ITEM 4. Agendas are not agenda_items.");
        assert!(
            evidence.contains("“agenda”") && evidence.contains("“agenda item”"),
            "{evidence}"
        );
        let (doc_type, _) = matcher.classify("Subagenda and agendas");
        assert_eq!(doc_type, DocType::Report, "no whole phrase: the default");
    }

    #[test]
    fn one_pass_scores_the_bundled_documents_as_one_regex_per_rule_did() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let matcher = DocTypeMatcher::new(&vocabulary);
        let mut read = 0;
        for entry in std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/../../corpus"))
            .expect("the bundled corpus")
        {
            let Ok(text) = std::fs::read_to_string(entry.expect("an entry").path()) else {
                continue;
            };
            let mut expected = [0.0f32; DocType::ALL.len()];
            for rules in &vocabulary.doc_types {
                let Some(doc_type) = DocType::from_slug(&rules.slug) else {
                    continue;
                };
                let slot = DocType::ALL
                    .iter()
                    .position(|t| *t == doc_type)
                    .unwrap_or(0);
                for rule in &rules.rules {
                    let phrase = rule.phrase.to_lowercase();
                    let end = if phrase.ends_with(char::is_alphanumeric) {
                        r"(?-u:\b)"
                    } else {
                        ""
                    };
                    let pattern = format!(r"(?i)(?-u:\b){}{end}", regex::escape(&phrase));
                    let regex = regex::Regex::new(&pattern).expect("a valid pattern");
                    for found in regex.find_iter(&text) {
                        let multiplier = if found.start() < vocabulary.doc_type_scoring.head_chars {
                            vocabulary.doc_type_scoring.head_multiplier
                        } else {
                            1.0
                        };
                        expected[slot] += rule.weight * multiplier;
                    }
                }
            }
            let best = (0..expected.len())
                .filter(|slot| expected[*slot] > 0.0)
                .max_by(|left, right| expected[*left].total_cmp(&expected[*right]))
                .map_or(matcher.default, |slot| DocType::ALL[slot]);
            let (doc_type, evidence) = matcher.classify(&text);
            assert_eq!(doc_type, best, "{evidence}");
            if let Some(score) = evidence.rsplit("(score ").next() {
                let expected_best = expected.iter().copied().fold(0.0f32, f32::max);
                assert_eq!(score.trim_end_matches(')'), format!("{expected_best:.1}"));
            }
            read += 1;
        }
        assert!(read >= 4, "only {read} documents read");
    }

    #[test]
    fn text_without_any_rule_gets_the_default_and_says_so() {
        let matcher = DocTypeMatcher::new(&Vocabulary::bundled().expect("vocabulary"));
        let (doc_type, evidence) = matcher.classify("Nothing to see.");
        assert_eq!(doc_type, DocType::Report);
        assert_eq!(evidence, "no type rule matched; the default type");
    }
}
