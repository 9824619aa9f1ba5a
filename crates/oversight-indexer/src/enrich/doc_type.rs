//! The document type: phrase rules of `schema/doc_types.toml`, matches in the head counting more.

use oversight_schema::model::DocType;
use oversight_schema::vocab::Vocabulary;
use regex::Regex;

/// Scores document types by rule matches.
#[derive(Debug)]
pub struct DocTypeMatcher {
    rules: Vec<(DocType, String, Regex, f32)>,
    head_chars: usize,
    head_multiplier: f32,
    default: DocType,
}

impl DocTypeMatcher {
    /// Compiles the document-type rules of the vocabulary.
    pub fn new(vocabulary: &Vocabulary) -> DocTypeMatcher {
        let mut rules = Vec::new();
        for doc_type_rules in &vocabulary.doc_types {
            let Some(doc_type) = DocType::from_slug(&doc_type_rules.slug) else {
                continue;
            };
            for rule in &doc_type_rules.rules {
                let phrase = rule.phrase.to_lowercase();
                let ends_in_word = phrase.chars().last().is_some_and(char::is_alphanumeric);
                let boundary = if ends_in_word { r"(?-u:\b)" } else { "" };
                let pattern = format!(r"(?i)(?-u:\b){}{boundary}", regex::escape(&phrase));
                let regex = Regex::new(&pattern)
                    .unwrap_or_else(|error| unreachable!("escaped phrase is valid: {error}"));
                rules.push((doc_type, rule.phrase.clone(), regex, rule.weight));
            }
        }
        let scoring = &vocabulary.doc_type_scoring;
        DocTypeMatcher {
            rules,
            head_chars: scoring.head_chars,
            head_multiplier: scoring.head_multiplier,
            default: DocType::from_slug(&scoring.default).unwrap_or(DocType::Report),
        }
    }

    /// The type of the document with this text, and the phrases that decided it.
    pub fn classify(&self, text: &str) -> (DocType, String) {
        let mut scores = [0.0f32; DocType::ALL.len()];
        let mut matched: Vec<Vec<(f32, &str)>> = vec![Vec::new(); DocType::ALL.len()];
        for (doc_type, phrase, regex, weight) in &self.rules {
            let slot = DocType::ALL
                .iter()
                .position(|candidate| candidate == doc_type)
                .unwrap_or(0);
            let mut total = 0.0;
            for found in regex.find_iter(text) {
                let multiplier = if found.start() < self.head_chars {
                    self.head_multiplier
                } else {
                    1.0
                };
                total += weight * multiplier;
            }
            if total > 0.0 {
                scores[slot] += total;
                matched[slot].push((total, phrase));
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
    fn text_without_any_rule_gets_the_default_and_says_so() {
        let matcher = DocTypeMatcher::new(&Vocabulary::bundled().expect("vocabulary"));
        let (doc_type, evidence) = matcher.classify("Nothing to see.");
        assert_eq!(doc_type, DocType::Report);
        assert_eq!(evidence, "no type rule matched; the default type");
    }
}
