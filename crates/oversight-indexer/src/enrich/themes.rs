//! Themes: weighted phrase rules of `schema/themes.toml`, matched on analysed tokens so that
//! "victim" also matches "victims" and "organisation" matches "organisations".
//!
//! A passage has the themes its own matches earn. A document has the themes its whole text earns
//! (enough weight, dense enough), strongest first and capped, and always the themes of its whole
//! agenda items or sections: a pack of a hundred pages with one item on independent custody
//! visiting is filtered as a document on custody, even though custody is rare in the rest.

use std::cell::RefCell;

use oversight_schema::analyzer;
use oversight_schema::model::{Passage, ThemeScore};
use oversight_schema::vocab::{ThemeScoring, Vocabulary};
use rustc_hash::FxHashMap;

struct CompiledRule {
    theme: usize,
    /// The rule's number, where its phrase is in [`ThemeMatcher::phrases`].
    phrase: usize,
    stems: Vec<String>,
    weight: f32,
}

/// Scores text against the theme rules.
pub struct ThemeMatcher {
    rules_by_first_stem: FxHashMap<String, Vec<CompiledRule>>,
    /// Each rule's phrase as written, by rule number.
    phrases: Vec<String>,
    slugs: Vec<String>,
    paths: Vec<String>,
    scoring: ThemeScoring,
}

/// The rule matches of one piece of text, per theme: its score and the weight each rule (by
/// number) gave it.
#[derive(Debug, Clone, Default)]
pub struct ThemeTally {
    scores: FxHashMap<usize, (f32, FxHashMap<usize, f32>)>,
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
                *entry.1.entry(*phrase).or_default() += weight;
            }
        }
    }
}

impl ThemeMatcher {
    /// Compiles the theme rules of the vocabulary.
    pub fn new(vocabulary: &Vocabulary) -> ThemeMatcher {
        let mut rules_by_first_stem: FxHashMap<String, Vec<CompiledRule>> = FxHashMap::default();
        let mut phrases = Vec::new();
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
                        phrase: phrases.len(),
                        stems,
                        weight: rule.weight,
                    });
                phrases.push(rule.phrase.clone());
            }
        }
        ThemeMatcher {
            rules_by_first_stem,
            phrases,
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
        STEM_RUN.with_borrow_mut(|stems| {
            stems.fill(text);
            let mut tally = ThemeTally {
                words: stems.len(),
                ..ThemeTally::default()
            };
            for index in 0..stems.len() {
                let Some(rules) = self.rules_by_first_stem.get(stems.get(index)) else {
                    continue;
                };
                for rule in rules {
                    if stems.holds_at(index, &rule.stems) {
                        let entry = tally.scores.entry(rule.theme).or_default();
                        entry.0 += rule.weight;
                        *entry.1.entry(rule.phrase).or_default() += rule.weight;
                    }
                }
            }
            tally
        })
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

    /// The themes of a document with this (whole-document) tally, strongest first: those the
    /// tally earns, at most the scoring's cap of them, and every theme in `whole_items` (slugs
    /// of the themes of whole items, [`themes_of_whole_items`]) that any match supports, whatever
    /// the cap.
    pub fn document_themes(&self, tally: &ThemeTally, whole_items: &[String]) -> Vec<ThemeScore> {
        let words = tally.words.max(1) as f32;
        let holds_an_item = |theme: usize| whole_items.contains(&self.slugs[theme]);
        let mut themes: Vec<ThemeScore> = tally
            .scores
            .iter()
            .filter(|(theme, (score, _))| {
                holds_an_item(**theme)
                    || (*score >= self.scoring.document_min
                        && score * 10_000.0 / words >= self.scoring.document_min_per_10k_words)
            })
            .map(|(theme, (score, phrases))| {
                let mut phrases: Vec<(&String, &f32)> = phrases
                    .iter()
                    .map(|(rule, weight)| (&self.phrases[*rule], weight))
                    .collect();
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
        let mut kept = 0;
        themes.retain(|theme| {
            if whole_items.contains(&theme.theme) {
                return true;
            }
            kept += 1;
            kept <= self.scoring.max_per_document
        });
        themes
    }
}

/// The slugs of the themes that whole agenda items or sections are on: themes that at least two
/// passages, and at least half, of an item's passages have (one passage touching a theme in a
/// short item makes no item on it). Passages outside any item count for none.
pub fn themes_of_whole_items(passages: &[Passage]) -> Vec<String> {
    let mut themes: Vec<String> = Vec::new();
    for item in passages.chunk_by(|left, right| left.item == right.item) {
        if item[0].item.is_none() {
            continue;
        }
        let mut counts: FxHashMap<&str, usize> = FxHashMap::default();
        for passage in item {
            for theme in &passage.themes {
                *counts.entry(theme.as_str()).or_default() += 1;
            }
        }
        for (theme, count) in counts {
            if count >= 2 && count * 2 >= item.len() && !themes.iter().any(|known| known == theme) {
                themes.push(theme.to_string());
            }
        }
    }
    themes.sort_unstable();
    themes
}

thread_local! {
    /// The stems of the text being tallied on this thread, kept between texts for its memory.
    static STEM_RUN: RefCell<StemRun> = RefCell::new(StemRun::default());
}

/// The stemmed words of one text, end to end in one string.
#[derive(Default)]
struct StemRun {
    text: String,
    ends: Vec<usize>,
}

impl StemRun {
    /// Replaces the stems held by those of `text`.
    fn fill(&mut self, text: &str) {
        self.text.clear();
        self.ends.clear();
        analyzer::for_each_stem(text, |stem| {
            self.text.push_str(stem);
            self.ends.push(self.text.len());
        });
    }

    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The stem at `index` (below [`StemRun::len`]).
    fn get(&self, index: usize) -> &str {
        let start = index.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[index]]
    }

    /// Whether `stems` follow one another from `index` on.
    fn holds_at(&self, index: usize, stems: &[String]) -> bool {
        index + stems.len() <= self.len()
            && stems
                .iter()
                .enumerate()
                .all(|(offset, stem)| self.get(index + offset) == stem)
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
        let themes = matcher.document_themes(&matcher.tally(text), &[]);
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
        assert!(matcher.document_themes(&tally, &[]).is_empty());
    }

    fn passage(item: Option<&str>, themes: &[&str]) -> Passage {
        Passage {
            ordinal: 0,
            item: item.map(str::to_string),
            heading: None,
            text: String::new(),
            page: None,
            themes: themes.iter().map(|theme| theme.to_string()).collect(),
        }
    }

    #[test]
    fn an_item_whose_passages_are_mostly_on_a_theme_is_on_it() {
        let passages = [
            passage(None, &["custody"]),
            passage(Some("Item 3: Visiting"), &["custody"]),
            passage(Some("Item 3: Visiting"), &["custody", "victims"]),
            passage(Some("Item 3: Visiting"), &[]),
            passage(Some("Item 4: Budget"), &["budget-and-precept"]),
            passage(Some("Item 4: Budget"), &[]),
            passage(Some("Item 4: Budget"), &[]),
        ];
        assert_eq!(themes_of_whole_items(&passages), ["custody"]);
        assert!(themes_of_whole_items(&passages[..1]).is_empty());
        let short_item = [passage(Some("Item 5: Any other business"), &["custody"])];
        assert!(themes_of_whole_items(&short_item).is_empty());
    }

    #[test]
    fn a_theme_of_a_whole_item_survives_the_density_test_and_the_cap() {
        let matcher = matcher();
        // A long text where custody is rare and eight other themes are strong.
        let mut text = String::from("An item on independent custody visiting and custody suites. ");
        for _ in 0..40 {
            text.push_str(
                "Victims of crime and victim support. Drugs and naloxone. Knife crime and violence                  reduction. Domestic abuse. Mental health. Anti-social behaviour. Modern slavery.                  Road safety and speeding. Cybercrime and online fraud. Stop and search. ",
            );
        }
        let tally = matcher.tally(&text);
        let without = matcher.document_themes(&tally, &[]);
        assert!(
            !without.iter().any(|theme| theme.theme == "custody"),
            "{without:?}"
        );
        let with = matcher.document_themes(&tally, &["custody".to_string()]);
        assert!(
            with.iter().any(|theme| theme.theme == "custody"),
            "{with:?}"
        );
        let others = with.iter().filter(|theme| theme.theme != "custody").count();
        assert_eq!(others, without.len().min(8));
    }
}
