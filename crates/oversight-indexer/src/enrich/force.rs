//! Forces: every force a document names, and the one it belongs to.
//!
//! The owner is read from governance phrases around an area name ("Warwickshire Police and Crime
//! Panel", "Police and Crime Commissioner for Devon and Cornwall", "Dorset OPCC") or a body alias,
//! weighted by where they stand (cover, sign-off, body). A thematic paper belongs to no force unless
//! its cover names one; other documents fall back to a force that dominates the mentions.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, MatchKind};
use oversight_schema::model::{DocType, ForceMention};
use oversight_schema::vocab::Vocabulary;

use super::evidence_line;

/// Characters at the start and end of a document whose governance phrases weigh more.
const EDGE_CHARS: usize = 1500;

/// Governance words that, right after an area name, make it a statement of ownership.
const OWNER_SUFFIXES: &[&str] = &[
    " police and crime panel",
    " police and crime commissioner",
    " police fire and crime commissioner",
    " police, fire and crime commissioner",
    " pcc",
    " opcc",
    " pfcc",
];
/// Words that, right before an area name, make it a statement of ownership.
const OWNER_PREFIXES: &[&str] = &["commissioner for ", "commissioner for the ", "opcc for "];
/// Words after a bare area name that show it is the police force area, not the place.
const POLICING_SUFFIXES: &[&str] = &[" police", " constabulary", " force", " pcc", " opcc"];
/// Words in an alias that make it a governance body rather than the force itself.
const BODY_WORDS: &[&str] = &[
    "panel",
    "commissioner",
    "office",
    "mayor",
    "opcc",
    "combined authority",
];

#[derive(Debug, Clone, Copy)]
struct NameInfo {
    force: usize,
    is_area: bool,
    is_body: bool,
}

/// Finds forces in text.
#[derive(Debug)]
pub struct ForceMatcher {
    /// Every spelling of every name: `&` and `and`, hyphens and spaces interchanged.
    spellings: AhoCorasick,
    /// The name each spelling stands for.
    spelling_names: Vec<NameInfo>,
    slugs: Vec<String>,
    areas: Vec<Vec<String>>,
    ambiguous: Vec<bool>,
}

/// What the text says about forces.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceFindings {
    /// The force the document belongs to, with the text that says so.
    pub owner: Option<(String, String)>,
    /// Every force named, most named first.
    pub mentions: Vec<ForceMention>,
}

fn normalise(name: &str) -> String {
    name.to_lowercase()
        .replace('&', " and ")
        .replace(['-', '’'], " ")
        .replace('\'', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Names of at most this many words are also matched with hyphens between words (`Dyfed-Powys`);
/// longer ones would multiply into too many spellings.
const MAX_HYPHENATED_WORDS: usize = 3;

/// The ways documents write a name: `and` or `&`, and for short names hyphen or space.
fn spellings(name: &str) -> Vec<String> {
    let words: Vec<&str> = name.split(' ').collect();
    let hyphenated = words.len() <= MAX_HYPHENATED_WORDS;
    let mut variants = vec![String::new()];
    for (index, word) in words.iter().enumerate() {
        let forms: &[&str] = if *word == "and" {
            &["and", "&"]
        } else {
            std::slice::from_ref(word)
        };
        let separators: &[&str] = match (index, hyphenated) {
            (0, _) => &[""],
            (_, true) => &[" ", "-"],
            (_, false) => &[" "],
        };
        let mut next = Vec::new();
        for variant in &variants {
            for separator in separators {
                for form in forms {
                    next.push(format!("{variant}{separator}{form}"));
                }
            }
        }
        variants = next;
    }
    variants
}

impl ForceMatcher {
    /// Compiles the names of every force of the vocabulary into one pattern.
    pub fn new(vocabulary: &Vocabulary) -> ForceMatcher {
        let mut names = HashMap::new();
        for (force, entry) in vocabulary.forces.iter().enumerate() {
            for area in &entry.areas {
                names.insert(
                    normalise(area),
                    NameInfo {
                        force,
                        is_area: true,
                        is_body: false,
                    },
                );
            }
            for alias in &entry.aliases {
                let normalised = normalise(alias);
                let is_body = BODY_WORDS.iter().any(|word| normalised.contains(word));
                names.entry(normalised).or_insert(NameInfo {
                    force,
                    is_area: false,
                    is_body,
                });
            }
        }
        let mut patterns = Vec::new();
        let mut spelling_names = Vec::new();
        for (name, info) in &names {
            for spelling in spellings(name) {
                patterns.push(spelling);
                spelling_names.push(*info);
            }
        }
        let spellings = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .unwrap_or_else(|error| unreachable!("force names fit an automaton: {error}"));
        ForceMatcher {
            spellings,
            spelling_names,
            slugs: vocabulary
                .forces
                .iter()
                .map(|force| force.slug.clone())
                .collect(),
            areas: vocabulary
                .forces
                .iter()
                .map(|force| force.areas.iter().map(|area| normalise(area)).collect())
                .collect(),
            ambiguous: vocabulary
                .forces
                .iter()
                .map(|force| force.ambiguous)
                .collect(),
        }
    }

    /// Finds the forces `text` names and the one it belongs to.
    pub fn find(&self, text: &str, doc_type: DocType) -> ForceFindings {
        let mut counts = vec![0u32; self.slugs.len()];
        let mut first_seen = vec![usize::MAX; self.slugs.len()];
        let mut signals = vec![0.0f32; self.slugs.len()];
        let mut head_signal = vec![false; self.slugs.len()];
        let mut evidence: Vec<Option<(f32, std::ops::Range<usize>)>> = vec![None; self.slugs.len()];
        for found in self.spellings.find_iter(text) {
            if !is_whole_word(text, found.start(), found.end()) {
                continue;
            }
            let info = &self.spelling_names[found.pattern().as_usize()];
            let matched = &text[found.start()..found.end()];
            let after = following(text, found.end());
            let before = preceding(text, found.start());
            let named_with_after = format!("{}{after}", normalise(matched));
            let owner_phrase = info.is_body
                || self.areas[info.force].iter().any(|area| {
                    OWNER_SUFFIXES
                        .iter()
                        .any(|suffix| named_with_after.starts_with(&format!("{area}{suffix}")))
                })
                || (info.is_area && OWNER_PREFIXES.iter().any(|prefix| before.ends_with(prefix)));
            let policing = owner_phrase
                || !info.is_area
                || POLICING_SUFFIXES
                    .iter()
                    .any(|suffix| after.starts_with(suffix));
            if self.ambiguous[info.force] && !policing {
                continue;
            }
            counts[info.force] += 1;
            first_seen[info.force] = first_seen[info.force].min(found.start());
            if owner_phrase {
                let in_head = found.start() < EDGE_CHARS;
                let weight = if in_head {
                    3.0
                } else if text.len() - found.end() < EDGE_CHARS {
                    2.0
                } else {
                    1.0
                };
                head_signal[info.force] |= in_head;
                signals[info.force] += weight;
                let stronger = evidence[info.force]
                    .as_ref()
                    .is_none_or(|(best, _)| weight > *best);
                if stronger {
                    evidence[info.force] = Some((weight, found.start()..found.end()));
                }
            }
        }
        let mut mentions: Vec<(usize, u32)> = counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(force, count)| (force, *count))
            .collect();
        mentions.sort_by_key(|(force, count)| (std::cmp::Reverse(*count), first_seen[*force]));
        let owner = self.owner(text, doc_type, &signals, &head_signal, &evidence, &mentions);
        ForceFindings {
            owner,
            mentions: mentions
                .into_iter()
                .map(|(force, count)| ForceMention {
                    force: self.slugs[force].clone(),
                    count,
                })
                .collect(),
        }
    }

    fn owner(
        &self,
        text: &str,
        doc_type: DocType,
        signals: &[f32],
        head_signal: &[bool],
        evidence: &[Option<(f32, std::ops::Range<usize>)>],
        mentions: &[(usize, u32)],
    ) -> Option<(String, String)> {
        let candidates = (0..signals.len())
            .filter(|force| signals[*force] > 0.0)
            .filter(|force| doc_type != DocType::Thematic || head_signal[*force]);
        let best = candidates.max_by(|left, right| signals[*left].total_cmp(&signals[*right]));
        if let Some(force) = best
            && let Some((_, range)) = &evidence[force]
        {
            return Some((
                self.slugs[force].clone(),
                evidence_line(text, range.clone()),
            ));
        }
        if doc_type == DocType::Thematic {
            return None;
        }
        let total: u32 = mentions.iter().map(|(_, count)| count).sum();
        let (force, count) = *mentions.first()?;
        (count >= 3 && count * 2 > total).then(|| {
            let slug = self.slugs[force].clone();
            let reason = format!("named {count} of the {total} times a force is named");
            (slug, reason)
        })
    }
}

/// Whether `start..end` of `text` is not part of a longer word.
fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
}

/// The 45 characters after `index`, lower-cased with `&` read as `and`.
fn following(text: &str, index: usize) -> String {
    let end = text[index..]
        .char_indices()
        .nth(45)
        .map_or(text.len(), |(offset, _)| index + offset);
    text[index..end]
        .to_lowercase()
        .replace('&', "and")
        .replace(['\n', '\t'], " ")
}

/// The 30 characters before `index`, lower-cased.
fn preceding(text: &str, index: usize) -> String {
    let start = text[..index]
        .char_indices()
        .rev()
        .nth(29)
        .map_or(0, |(offset, _)| offset);
    text[start..index].to_lowercase().replace(['\n', '\t'], " ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> ForceMatcher {
        ForceMatcher::new(&Vocabulary::bundled().expect("bundled vocabulary"))
    }

    #[test]
    fn a_panel_on_the_cover_owns_the_document() {
        let text = "Warwickshire Police and Crime Panel\n\nThe alliance with West Mercia Police and West Mercia again.";
        let findings = matcher().find(text, DocType::Minutes);
        let owner = findings.owner.map(|(slug, _)| slug);
        assert_eq!(owner.as_deref(), Some("warwickshire"));
        assert_eq!(findings.mentions.len(), 2);
    }

    #[test]
    fn ampersand_and_hyphen_variants_match() {
        let text = "Avon & Somerset, Dyfed Powys and Dyfed-Powys OPCCs.";
        let findings = matcher().find(text, DocType::Thematic);
        let slugs: Vec<&str> = findings.mentions.iter().map(|m| m.force.as_str()).collect();
        assert!(slugs.contains(&"avon-and-somerset"), "{slugs:?}");
        assert_eq!(
            findings
                .mentions
                .iter()
                .find(|m| m.force == "dyfed-powys")
                .map(|m| m.count),
            Some(2)
        );
    }

    #[test]
    fn a_thematic_paper_naming_a_commissioner_in_its_body_belongs_to_no_force() {
        let mut text = "A national review of innovation.\n\n".repeat(60);
        text.push_str("The Police and Crime Commissioner for Surrey discharges his duty.");
        let findings = matcher().find(&text, DocType::Thematic);
        assert_eq!(findings.owner, None);
    }

    #[test]
    fn a_sign_off_names_the_owner_of_a_report() {
        let mut text = "Police and Crime Panel\n\n1 December 2017\n\n".to_string();
        text.push_str(&"Devon and Cornwall and Dorset are exploring a merger. ".repeat(50));
        text.push_str("\n\nOffice of the Police and Crime Commissioner for Devon and Cornwall\n");
        let findings = matcher().find(&text, DocType::Report);
        let owner = findings.owner;
        assert_eq!(
            owner,
            Some((
                "devon-and-cornwall".to_string(),
                "Office of the Police and Crime Commissioner for Devon and Cornwall".to_string()
            ))
        );
    }

    #[test]
    fn an_ambiguous_place_name_needs_a_policing_word() {
        let text = "Durham Street, London SE11. Checkpoint is run by Durham Constabulary.";
        let findings = matcher().find(text, DocType::Thematic);
        let durham = findings.mentions.iter().find(|m| m.force == "durham");
        assert_eq!(durham.map(|m| m.count), Some(1));
    }
}
