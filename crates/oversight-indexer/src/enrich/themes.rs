//! Themes: weighted phrase rules of `schema/themes.toml`, matched on analysed tokens so that
//! "victim" also matches "victims" and "organisation" matches "organisations".

use std::collections::HashMap;

use oversight_schema::analyzer;
use oversight_schema::model::ThemeScore;
use oversight_schema::vocab::{ThemeScoring, Vocabulary};

struct CompiledRule {
    theme: usize,
    phrase: String,
    stems: Vec<String>,
    weight: f32,
}

/// Scores text against the theme rules.
pub struct ThemeMatcher {
    rules_by_first_stem: HashMap<String, Vec<CompiledRule>>,
    slugs: Vec<String>,
    paths: Vec<String>,
    scoring: ThemeScoring,
}

/// The rule matches of one piece of text, per theme.
#[derive(Debug, Clone, Default)]
pub struct ThemeTally {
    scores: HashMap<usize, (f32, HashMap<String, f32>)>,
    /// How many words the text had.
    pub words: usize,
}

impl ThemeTally {
    /// Adds another tally into this one.
    pub fn absorb(&mut self, other: &ThemeTally) {
        self.words += other.words;
        for (theme, (score, phrases)) in &other.scores {
            let entry = self.scores.entry(*theme).or_default();
            entry.0 += score;
            for (phrase, weight) in phrases {
                *entry.1.entry(phrase.clone()).or_default() += weight;
            }
        }
    }
}

impl ThemeMatcher {
    /// Compiles the theme rules of the vocabulary.
    pub fn new(vocabulary: &Vocabulary) -> ThemeMatcher {
        let mut rules_by_first_stem: HashMap<String, Vec<CompiledRule>> = HashMap::new();
        for (theme, entry) in vocabulary.themes.iter().enumerate() {
            for rule in &entry.rules {
                let stems = analyzer::stems(&rule.phrase);
                let Some(first) = stems.first().cloned() else {
                    continue;
                };
                rules_by_first_stem
                    .entry(first)
                    .or_default()
                    .push(CompiledRule {
                        theme,
                        phrase: rule.phrase.clone(),
                        stems,
                        weight: rule.weight,
                    });
            }
        }
        ThemeMatcher {
            rules_by_first_stem,
            slugs: vocabulary
                .themes
                .iter()
                .map(|theme| theme.slug.clone())
                .collect(),
            paths: vocabulary
                .themes
                .iter()
                .map(|theme| theme.path.clone())
                .collect(),
            scoring: vocabulary.theme_scoring.clone(),
        }
    }

    /// Tallies the rule matches in `text`.
    pub fn tally(&self, text: &str) -> ThemeTally {
        let stems = analyzer::stems(text);
        let mut tally = ThemeTally {
            words: stems.len(),
            ..ThemeTally::default()
        };
        for (index, stem) in stems.iter().enumerate() {
            let Some(rules) = self.rules_by_first_stem.get(stem) else {
                continue;
            };
            for rule in rules {
                if stems[index..].starts_with(&rule.stems) {
                    let entry = tally.scores.entry(rule.theme).or_default();
                    entry.0 += rule.weight;
                    *entry.1.entry(rule.phrase.clone()).or_default() += rule.weight;
                }
            }
        }
        tally
    }

    /// The slugs of the themes a passage with this tally has.
    pub fn passage_themes(&self, tally: &ThemeTally) -> Vec<String> {
        let mut themes: Vec<(f32, usize)> = tally
            .scores
            .iter()
            .filter(|(_, (score, _))| *score >= self.scoring.passage_min)
            .map(|(theme, (score, _))| (*score, *theme))
            .collect();
        themes.sort_by(|left, right| right.0.total_cmp(&left.0).then(left.1.cmp(&right.1)));
        themes
            .into_iter()
            .map(|(_, theme)| self.slugs[theme].clone())
            .collect()
    }

    /// The themes of a document with this (whole-document) tally, strongest first.
    pub fn document_themes(&self, tally: &ThemeTally) -> Vec<ThemeScore> {
        let words = tally.words.max(1) as f32;
        let mut themes: Vec<ThemeScore> = tally
            .scores
            .iter()
            .filter(|(_, (score, _))| {
                *score >= self.scoring.document_min
                    && score * 10_000.0 / words >= self.scoring.document_min_per_10k_words
            })
            .map(|(theme, (score, phrases))| {
                let mut phrases: Vec<(&String, &f32)> = phrases.iter().collect();
                phrases.sort_by(|left, right| right.1.total_cmp(left.1).then(left.0.cmp(right.0)));
                ThemeScore {
                    theme: self.slugs[*theme].clone(),
                    path: self.paths[*theme].clone(),
                    score: *score,
                    matched: phrases
                        .into_iter()
                        .take(5)
                        .map(|(phrase, _)| phrase.clone())
                        .collect(),
                }
            })
            .collect();
        themes.sort_by(|left, right| {
            right
                .score
                .total_cmp(&left.score)
                .then(left.theme.cmp(&right.theme))
        });
        themes.truncate(self.scoring.max_per_document);
        themes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> ThemeMatcher {
        ThemeMatcher::new(&Vocabulary::bundled().expect("vocabulary"))
    }

    #[test]
    fn plural_and_phrase_forms_match_rules() {
        let matcher = matcher();
        let tally = matcher
            .tally("Victims of crime need support. The Victims' Code applies to all victims.");
        assert!(
            matcher
                .passage_themes(&tally)
                .contains(&"victims".to_string())
        );
    }

    #[test]
    fn a_document_theme_says_which_phrases_earned_it() {
        let matcher = matcher();
        let text = "Naloxone saves lives. Drug-related deaths and opiate overdoses. Drugs policy and naloxone kits.";
        let themes = matcher.document_themes(&matcher.tally(text));
        let drugs = themes.iter().find(|theme| theme.theme == "drugs");
        assert!(
            drugs.is_some_and(|theme| theme
                .matched
                .iter()
                .any(|phrase| phrase.to_lowercase().contains("naloxone"))),
            "{themes:?}"
        );
    }

    #[test]
    fn text_without_rule_phrases_has_no_themes() {
        let matcher = matcher();
        let tally = matcher.tally("The weather was pleasant and the tea was hot.");
        assert!(matcher.passage_themes(&tally).is_empty());
        assert!(matcher.document_themes(&tally).is_empty());
    }
}
