//! The document type and subtype: phrase rules and structures of `schema/doc_types.toml`, found in
//! one pass over the text, matches in the head counting more.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::{Placement, Vocabulary};
use rustc_hash::FxHashMap;

/// How far back from a phrase the start of its line is looked for: numbering, bullets and markup
/// are short, and a bounded look keeps a text that is one huge line linear.
const LINE_PREFIX_BYTES: usize = 16;
/// How far past a phrase the end of its line is looked for, for phrases alone on their line.
const LINE_SUFFIX_BYTES: usize = 8;

/// Scores document types and subtypes by rule matches and structures.
#[derive(Debug)]
pub struct DocTypeMatcher {
    /// Every distinct phrase (with its placement), found in one pass over a text (ASCII
    /// case-insensitively, overlapping, so that "agenda" and "agenda item" both count).
    phrases: AhoCorasick,
    /// What each pattern of `phrases` counts for.
    patterns: Vec<Pattern>,
    rules: Vec<Rule>,
    features: Vec<Feature>,
    structures: Vec<StructureRule>,
    /// Per subtype slot (as in [`Subtype::ALL`]), what its cues are called.
    cues: [String; Subtype::ALL.len()],
    /// Per type slot (as in [`DocType::ALL`]), its default subtype.
    default_subtypes: [Subtype; DocType::ALL.len()],
    head_chars: usize,
    cover_chars: usize,
    head_multiplier: f32,
    default: DocType,
}

#[derive(Debug)]
struct Pattern {
    at: Placement,
    /// Whether the phrase ends in a letter or digit, and so must end on a word boundary.
    ends_in_word: bool,
    /// The rules and structure features this phrase counts for.
    counts: Vec<Counted>,
}

#[derive(Debug, Clone, Copy)]
enum Counted {
    Rule(usize),
    Feature(usize),
}

#[derive(Debug)]
struct Rule {
    /// Where the rule's subtype is in [`Subtype::ALL`].
    slot: usize,
    /// How many matches count: one for a phrase of the cover (a title is given once), else the
    /// scoring's `max_matches`.
    max_matches: u32,
    phrase: String,
    weight: f32,
}

#[derive(Debug)]
struct Feature {
    structure: usize,
    name: String,
}

#[derive(Debug)]
struct StructureRule {
    name: String,
    target: Target,
    min_features: usize,
    weight: f32,
}

#[derive(Debug, Clone, Copy)]
enum Target {
    Type(usize),
    Subtype(usize),
}

/// What classification found: the type and subtype with the evidence for each.
#[derive(Debug, Clone, PartialEq)]
pub struct Classification {
    /// The document's type.
    pub doc_type: DocType,
    /// Why: the winner's score and cues against the runner-up's.
    pub doc_type_evidence: String,
    /// The document's subtype, one of its type's.
    pub subtype: Subtype,
    /// Why: the subtype's score and cues against the runner-up's within the type.
    pub subtype_evidence: String,
}

/// One contribution to a score, as evidence names it.
#[derive(Debug, Clone)]
enum Cue<'a> {
    Phrase(&'a str),
    Structure(&'a str, Vec<&'a str>),
}

/// The scores of one text.
struct Scores<'a> {
    subtypes: [f32; Subtype::ALL.len()],
    types: [f32; DocType::ALL.len()],
    /// Per subtype slot, its cues with what each added.
    subtype_cues: Vec<Vec<(f32, Cue<'a>)>>,
    /// Per type slot, the structures that voted for the type itself.
    type_cues: Vec<Vec<(f32, Cue<'a>)>>,
}

fn subtype_slot(subtype: Subtype) -> usize {
    Subtype::ALL
        .iter()
        .position(|candidate| *candidate == subtype)
        .unwrap_or(0)
}

fn type_slot(doc_type: DocType) -> usize {
    DocType::ALL
        .iter()
        .position(|candidate| *candidate == doc_type)
        .unwrap_or(0)
}

impl DocTypeMatcher {
    /// Compiles the document-type rules of the vocabulary.
    pub fn new(vocabulary: &Vocabulary) -> DocTypeMatcher {
        let mut patterns: Vec<Pattern> = Vec::new();
        let mut pattern_texts: Vec<String> = Vec::new();
        let mut by_phrase: FxHashMap<(String, Placement), usize> = FxHashMap::default();
        let mut add_pattern = |phrase: &str, at: Placement, counted: Counted| {
            let lower = phrase.to_lowercase();
            let index = *by_phrase.entry((lower.clone(), at)).or_insert_with(|| {
                patterns.push(Pattern {
                    at,
                    ends_in_word: lower.chars().last().is_some_and(char::is_alphanumeric),
                    counts: Vec::new(),
                });
                pattern_texts.push(lower);
                patterns.len() - 1
            });
            patterns[index].counts.push(counted);
        };
        let mut rules = Vec::new();
        let mut cues: [String; Subtype::ALL.len()] = Default::default();
        let mut default_subtypes = [Subtype::Agenda, Subtype::Update, Subtype::Research];
        for subtype_rules in &vocabulary.subtypes {
            let Some(subtype) = Subtype::from_slug(&subtype_rules.slug) else {
                continue;
            };
            let slot = subtype_slot(subtype);
            cues[slot].clone_from(&subtype_rules.cues);
            if subtype_rules.default {
                default_subtypes[type_slot(subtype.doc_type())] = subtype;
            }
            for rule in &subtype_rules.rules {
                add_pattern(&rule.phrase, rule.at, Counted::Rule(rules.len()));
                rules.push(Rule {
                    slot,
                    max_matches: if rule.at == Placement::Cover {
                        1
                    } else {
                        vocabulary.doc_type_scoring.max_matches
                    },
                    phrase: rule.phrase.clone(),
                    weight: rule.weight,
                });
            }
        }
        let mut features = Vec::new();
        let mut structures = Vec::new();
        for structure in &vocabulary.structures {
            let target = match (
                DocType::from_slug(&structure.target),
                Subtype::from_slug(&structure.target),
            ) {
                (Some(doc_type), _) => Target::Type(type_slot(doc_type)),
                (None, Some(subtype)) => Target::Subtype(subtype_slot(subtype)),
                (None, None) => continue,
            };
            for feature in &structure.features {
                for phrase in &feature.phrases {
                    add_pattern(phrase, feature.at, Counted::Feature(features.len()));
                }
                features.push(Feature {
                    structure: structures.len(),
                    name: feature.name.clone(),
                });
            }
            structures.push(StructureRule {
                name: structure.name.clone(),
                target,
                min_features: structure.min_features,
                weight: structure.weight,
            });
        }
        let phrases = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&pattern_texts)
            .unwrap_or_else(|error| unreachable!("a few hundred short phrases: {error}"));
        let scoring = &vocabulary.doc_type_scoring;
        DocTypeMatcher {
            phrases,
            patterns,
            rules,
            features,
            structures,
            cues,
            default_subtypes,
            head_chars: scoring.head_chars,
            cover_chars: scoring.cover_chars,
            head_multiplier: scoring.head_multiplier,
            default: DocType::from_slug(&scoring.default).unwrap_or(DocType::Report),
        }
    }

    /// The type and subtype of the document with this text, and the cues that decided them.
    pub fn classify(&self, text: &str) -> Classification {
        let scores = self.scores(text);
        let best = |candidates: &mut dyn Iterator<Item = usize>, of: &[f32]| {
            let mut ranked: Vec<usize> = candidates.filter(|slot| of[*slot] > 0.0).collect();
            ranked.sort_by(|left, right| of[*right].total_cmp(&of[*left]).then(left.cmp(right)));
            ranked
        };
        let ranked_types = best(&mut (0..DocType::ALL.len()), &scores.types);
        let Some(&type_slot_won) = ranked_types.first() else {
            let subtype = self.default_subtypes[type_slot(self.default)];
            return Classification {
                doc_type: self.default,
                doc_type_evidence: "no type rule matched; the default type".to_string(),
                subtype,
                subtype_evidence: "no subtype rule matched; the default subtype".to_string(),
            };
        };
        let doc_type = DocType::ALL[type_slot_won];
        let runner_up = ranked_types.get(1).map(|slot| {
            let score = scores.types[*slot];
            format!("{} {score:.1}", DocType::ALL[*slot])
        });
        let mut type_cues: Vec<(f32, Cue<'_>)> = scores.type_cues[type_slot_won].clone();
        for (slot, subtype) in Subtype::ALL.iter().enumerate() {
            if subtype.doc_type() == doc_type {
                type_cues.extend(scores.subtype_cues[slot].iter().cloned());
            }
        }
        let doc_type_evidence = format!(
            "{doc_type} {:.1} against {}: {}",
            scores.types[type_slot_won],
            runner_up.as_deref().unwrap_or("nothing"),
            describe(type_cues)
        );

        let ranked_subtypes = best(
            &mut (0..Subtype::ALL.len()).filter(|slot| Subtype::ALL[*slot].doc_type() == doc_type),
            &scores.subtypes,
        );
        let Some(&subtype_slot_won) = ranked_subtypes.first() else {
            let subtype = self.default_subtypes[type_slot_won];
            return Classification {
                doc_type,
                doc_type_evidence,
                subtype,
                subtype_evidence: format!(
                    "no cue of a {doc_type} subtype matched; the default subtype"
                ),
            };
        };
        let runner_up = ranked_subtypes
            .get(1)
            .map(|slot| format!("{} cues {:.1}", self.cues[*slot], scores.subtypes[*slot]));
        let subtype_evidence = format!(
            "{} cues {:.1} against {}: {}",
            self.cues[subtype_slot_won],
            scores.subtypes[subtype_slot_won],
            runner_up.as_deref().unwrap_or("nothing"),
            describe(scores.subtype_cues[subtype_slot_won].clone())
        );
        Classification {
            doc_type,
            doc_type_evidence,
            subtype: Subtype::ALL[subtype_slot_won],
            subtype_evidence,
        }
    }

    /// The default subtype of `doc_type`.
    pub fn default_subtype(&self, doc_type: DocType) -> Subtype {
        self.default_subtypes[type_slot(doc_type)]
    }

    fn scores(&self, text: &str) -> Scores<'_> {
        let bytes = text.as_bytes();
        let mut head_matches = vec![0u32; self.rules.len()];
        let mut body_matches = vec![0u32; self.rules.len()];
        let mut present = vec![false; self.features.len()];
        for found in self.phrases.find_overlapping_iter(text) {
            let pattern = &self.patterns[found.pattern().as_usize()];
            if !placed(bytes, found.start(), found.end(), pattern) {
                continue;
            }
            let in_head = found.start() < self.head_chars;
            if pattern.at == Placement::Cover && found.start() >= self.cover_chars {
                continue;
            }
            for counted in &pattern.counts {
                match *counted {
                    Counted::Rule(rule) if in_head => head_matches[rule] += 1,
                    Counted::Rule(rule) => body_matches[rule] += 1,
                    Counted::Feature(feature) => present[feature] = true,
                }
            }
        }
        let mut scores = Scores {
            subtypes: [0.0; Subtype::ALL.len()],
            types: [0.0; DocType::ALL.len()],
            subtype_cues: vec![Vec::new(); Subtype::ALL.len()],
            type_cues: vec![Vec::new(); DocType::ALL.len()],
        };
        for (index, rule) in self.rules.iter().enumerate() {
            let head = head_matches[index].min(rule.max_matches) as f32;
            let body = body_matches[index].min(rule.max_matches) as f32;
            let added = rule.weight * (head * self.head_multiplier + body);
            if added > 0.0 {
                scores.subtypes[rule.slot] += added;
                scores.subtype_cues[rule.slot].push((added, Cue::Phrase(&rule.phrase)));
            }
        }
        for (index, structure) in self.structures.iter().enumerate() {
            let names: Vec<&str> = self
                .features
                .iter()
                .zip(&present)
                .filter(|(feature, present)| feature.structure == index && **present)
                .map(|(feature, _)| feature.name.as_str())
                .collect();
            if names.len() < structure.min_features {
                continue;
            }
            let added = structure.weight * names.len() as f32;
            let cue = (added, Cue::Structure(&structure.name, names));
            match structure.target {
                Target::Type(slot) => {
                    scores.types[slot] += added;
                    scores.type_cues[slot].push(cue);
                }
                Target::Subtype(slot) => {
                    scores.subtypes[slot] += added;
                    scores.subtype_cues[slot].push(cue);
                }
            }
        }
        for (slot, subtype) in Subtype::ALL.iter().enumerate() {
            scores.types[type_slot(subtype.doc_type())] += scores.subtypes[slot];
        }
        scores
    }
}

/// The weightiest cues, structures first: `meeting layout (venue, apologies); “agenda”, “minutes”`.
fn describe(mut cues: Vec<(f32, Cue<'_>)>) -> String {
    cues.sort_by(|left, right| right.0.total_cmp(&left.0));
    let structures: Vec<String> = cues
        .iter()
        .filter_map(|(_, cue)| match cue {
            Cue::Structure(name, features) => Some(format!("{name} ({})", features.join(", "))),
            Cue::Phrase(_) => None,
        })
        .collect();
    let mut phrases: Vec<String> = Vec::new();
    for (_, cue) in &cues {
        if let Cue::Phrase(phrase) = cue {
            // A phrase may count twice, on the cover and anywhere; it is named once.
            let quoted = format!("“{phrase}”");
            if phrases.len() < 5 && !phrases.contains(&quoted) {
                phrases.push(quoted);
            }
        }
    }
    [structures.join("; "), phrases.join(", ")]
        .into_iter()
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// Whether a match of `pattern` at `start..end` stands where the pattern must.
fn placed(text: &[u8], start: usize, end: usize, pattern: &Pattern) -> bool {
    if pattern.at == Placement::Code {
        let letter_before = start
            .checked_sub(1)
            .and_then(|before| text.get(before))
            .is_some_and(u8::is_ascii_alphabetic);
        return letter_before && text.get(end).is_some_and(u8::is_ascii_digit);
    }
    if !ascii_word_boundary(text, start)
        || (pattern.ends_in_word && !ascii_word_boundary(text, end))
    {
        return false;
    }
    match pattern.at {
        Placement::Anywhere | Placement::Cover | Placement::Code => true,
        Placement::LineStart => starts_line(text, start),
        Placement::Line => starts_line(text, start) && ends_line(text, end),
    }
}

/// Whether only numbering, bullets, markup or spaces stand between the line's start and `at`, or
/// an item number (`3.`, `12)`) does: text extracted from a PDF often runs a whole agenda into one
/// line, `AGENDA 1. Apologies 2. Declarations of interest`.
fn starts_line(text: &[u8], at: usize) -> bool {
    let from = at.saturating_sub(LINE_PREFIX_BYTES);
    let mut item_number = false;
    for index in (from..at).rev() {
        match text[index] {
            b'\n' | b'\r' => return true,
            b'.' | b')' | b' ' if short_number_before(text, index) => item_number = true,
            byte if is_line_prefix(byte) => {}
            // A letter numbering an item: the `a` of `(a)` or `a.`.
            byte if byte.is_ascii_alphabetic()
                && matches!(text.get(index + 1), Some(b')' | b'.'))
                && !index
                    .checked_sub(1)
                    .is_some_and(|before| text[before].is_ascii_alphabetic()) => {}
            _ => return item_number,
        }
    }
    from == 0 || item_number
}

/// Whether one or two digits, after a space or the line's start, end right before `at`.
fn short_number_before(text: &[u8], at: usize) -> bool {
    let digits = text[..at]
        .iter()
        .rev()
        .take(3)
        .take_while(|byte| byte.is_ascii_digit())
        .count();
    (1..=2).contains(&digits)
        && at
            .checked_sub(digits + 1)
            .is_none_or(|before| matches!(text[before], b' ' | b'\t' | b'\n' | b'\r' | b'('))
}

/// Numbering (`1.`, `(2)`, `12/21`), bullets (`-`, `*`, `•` in UTF-8), Markdown and table markup.
fn is_line_prefix(byte: u8) -> bool {
    byte.is_ascii_digit()
        || byte >= 0x80
        || matches!(
            byte,
            b' ' | b'\t' | b'.' | b'(' | b')' | b'-' | b'*' | b'#' | b'|' | b'/' | b':'
        )
}

/// Whether only a colon, full stop or spaces stand between `at` and the line's end.
fn ends_line(text: &[u8], at: usize) -> bool {
    let to = (at + LINE_SUFFIX_BYTES).min(text.len());
    for &byte in &text[at..to] {
        match byte {
            b'\n' | b'\r' => return true,
            b' ' | b'\t' | b':' | b'.' | b'*' | b'|' => {}
            _ => return false,
        }
    }
    to == text.len()
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
mod tests;
