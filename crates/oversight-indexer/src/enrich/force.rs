//! Forces: every force a document names, and the one it belongs to.
//!
//! The owner is read from governance phrases around an area name ("Warwickshire Police and Crime
//! Panel", "Police and Crime Commissioner for Devon and Cornwall", "Dorset OPCC", the Welsh
//! "Comisiynydd Heddlu a Throseddu Gwent"), a body alias, or the office's own web address or
//! handle (`cambridgeshire-pcc.gov.uk`, `@LancashirePCC`), weighted by where they stand (cover,
//! sign-off, body). A thematic paper belongs to no force through such a phrase unless its cover
//! names one. With no such phrase, a force that dominates the mentions owns the document, and so
//! does the only force a short document names; a paper naming many forces stays national. Names
//! are matched across layout whitespace, so that "South\nWales" is South Wales.

use std::collections::HashMap;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use oversight_schema::model::{DocType, ForceMention};
use oversight_schema::vocab::Vocabulary;

use super::evidence_line;
mod flat_text;

use self::flat_text::FlatText;

/// Characters at the start and end of a document whose governance phrases weigh more.
const EDGE_CHARS: usize = 1500;
/// A text at most this long that names one force and no other belongs to it: a decision notice
/// or a web page names its force once or twice, near its top or more than once.
const SHORT_TEXT_BYTES: usize = 20_000;
/// Characters at the very start of a text, where even an abbreviation names its own body
/// ("MOPAC decision PCD 1234").
const TITLE_CHARS: usize = 200;
/// A force named by this many documents' worth of rivals is one of many: the paper is national.
const MAX_RIVALS_OF_A_DOMINANT_FORCE: usize = 2;

/// Governance words that, right after an area name, make it a statement of ownership.
const OWNER_SUFFIXES: &[&str] = &[
    " police and crime panel",
    " police and crime commissioner",
    " police fire and crime commissioner",
    " police, fire and crime commissioner",
    " police, fire and crime panel",
    " police and crime plan",
    " governance board",
    " pcc",
    " opcc",
    " pfcc",
];
/// Words that, right before an area name, make it a statement of ownership.
const OWNER_PREFIXES: &[&str] = &[
    "commissioner for ",
    "commissioner for the ",
    "opcc for ",
    "heddlu a throseddu ",
];
/// Words after a bare area name that show it is the police force area, not the place.
const POLICING_SUFFIXES: &[&str] = &[
    " police",
    " constabulary",
    " force",
    " pcc",
    " opcc",
    ".police.uk",
];
/// Words before a bare area name that show it is the police force area: the Welsh "Heddlu".
const POLICING_PREFIXES: &[&str] = &["heddlu "];
/// Words in an alias that make it a governance body rather than the force itself.
const BODY_WORDS: &[&str] = &[
    "panel",
    "commissioner",
    "comisiynydd",
    "office",
    "mayor",
    "opcc",
    "combined authority",
    "assembly",
    "committee",
    "board",
];
/// Words just before a name that make it a credit ("Cover image © West Midlands Police"), which
/// says nothing of whose document it is.
const CREDIT_WORDS: &[&str] = &["©", "image", "photo", "courtesy of"];
/// Titles that several forces' governance bodies use: they own the document for whichever of
/// those forces it names most (the first listed when it names none).
const SHARED_TITLES: &[(&str, &[&str])] = &[(
    "deputy mayor for policing and crime",
    &["metropolitan", "west-yorkshire", "greater-manchester"],
)];
/// What follows an area name, written without spaces, in a PCC office's web address or handle:
/// `cambridgeshire-pcc.gov.uk`, `@LancashirePCC`, `northyorkshire-pfcc.gov.uk`.
const WEB_SUFFIXES: &[&str] = &[
    "pcc", "-pcc", "opcc", "-opcc", "pfcc", "-pfcc", "pcp", "-pcp",
];
/// What follows an area name of several words, written without spaces, in a force's own web
/// address (`northwales.police.uk`): a mention of the force. (Names of one word are matched as
/// names, with the address's suffix as a policing word.)
const WEB_FORCE_SUFFIX: &str = ".police.uk";

#[derive(Debug, Clone, Copy)]
struct NameInfo {
    force: usize,
    is_area: bool,
    is_body: bool,
    /// A name of one word that is no area: an abbreviation (`MOPAC`, `GMP`).
    is_abbreviation: bool,
    /// For a shared title: its index in [`SHARED_TITLES`].
    shared: Option<usize>,
}

/// Finds forces in text.
#[derive(Debug)]
pub struct ForceMatcher {
    /// Every spelling of every name: `&` and `and`, hyphens and spaces interchanged.
    spellings: AhoCorasick,
    /// The name each spelling stands for.
    spelling_names: Vec<NameInfo>,
    /// Area names written as in web addresses and handles, with an office's suffix.
    web: AhoCorasick,
    /// The force of each web spelling, and whether it is the force's own address rather than
    /// its commissioner's.
    web_forces: Vec<(usize, bool)>,
    slugs: Vec<String>,
    /// The forces' names, for the explanations people read (`runner_up`).
    names: Vec<String>,
    areas: Vec<Vec<String>>,
    ambiguous: Vec<bool>,
    /// For each shared title, the forces it may belong to.
    shared: Vec<Vec<usize>>,
}

/// What the text says about forces.
#[derive(Debug, Clone, PartialEq)]
pub struct ForceFindings {
    /// The force the document belongs to, with the text that says so.
    pub owner: Option<(String, String)>,
    /// Every force named, most named first.
    pub mentions: Vec<ForceMention>,
    /// Why the owner (or no force) won over the strongest rival.
    pub runner_up: Option<String>,
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

/// What one scan of the text found for each force.
struct Tally {
    counts: Vec<u32>,
    /// Mentions that are no owner cue: the force or its area named, not its governance body,
    /// and not by an abbreviation past the title, as lists of bodies use them ("all 41 OPCCs,
    /// plus MOPAC").
    plain_counts: Vec<u32>,
    first_seen: Vec<usize>,
    /// The first mention of each force, for evidence when mentions decide.
    first_range: Vec<Option<std::ops::Range<usize>>>,
    signals: Vec<f32>,
    head_signal: Vec<bool>,
    evidence: Vec<Option<(f32, std::ops::Range<usize>)>>,
}

impl Tally {
    fn new(forces: usize) -> Tally {
        Tally {
            counts: vec![0; forces],
            plain_counts: vec![0; forces],
            first_seen: vec![usize::MAX; forces],
            first_range: vec![None; forces],
            signals: vec![0.0; forces],
            head_signal: vec![false; forces],
            evidence: vec![None; forces],
        }
    }

    fn mention(&mut self, force: usize, range: std::ops::Range<usize>) {
        self.counts[force] += 1;
        if range.start < self.first_seen[force] {
            self.first_seen[force] = range.start;
            self.first_range[force] = Some(range);
        }
    }

    /// An owner cue for `force` at `range` of a text `len` bytes long.
    fn owner_cue(&mut self, force: usize, range: std::ops::Range<usize>, len: usize) {
        let in_head = range.start < EDGE_CHARS;
        let weight = if in_head {
            3.0
        } else if len - range.end < EDGE_CHARS {
            2.0
        } else {
            1.0
        };
        self.head_signal[force] |= in_head;
        self.signals[force] += weight;
        let stronger = self.evidence[force]
            .as_ref()
            .is_none_or(|(best, _)| weight > *best);
        if stronger {
            self.evidence[force] = Some((weight, range));
        }
    }
}

impl ForceMatcher {
    /// Compiles the names of every force of the vocabulary into one pattern.
    pub fn new(vocabulary: &Vocabulary) -> ForceMatcher {
        let slugs: Vec<String> = vocabulary
            .forces
            .iter()
            .map(|force| force.slug.clone())
            .collect();
        let mut names = HashMap::new();
        let mut web_patterns = Vec::new();
        let mut web_forces = Vec::new();
        for (force, entry) in vocabulary.forces.iter().enumerate() {
            for area in &entry.areas {
                let normalised = normalise(area);
                let compact: String = normalised.split(' ').collect();
                for suffix in WEB_SUFFIXES {
                    web_patterns.push(format!("{compact}{suffix}"));
                    web_forces.push((force, false));
                }
                if compact != normalised {
                    web_patterns.push(format!("{compact}{WEB_FORCE_SUFFIX}"));
                    web_forces.push((force, true));
                }
                names.insert(
                    normalised,
                    NameInfo {
                        force,
                        is_area: true,
                        is_body: false,
                        is_abbreviation: false,
                        shared: None,
                    },
                );
            }
            for alias in &entry.aliases {
                let normalised = normalise(alias);
                let is_body = BODY_WORDS.iter().any(|word| normalised.contains(word));
                let is_abbreviation = !normalised.contains(' ');
                names.entry(normalised).or_insert(NameInfo {
                    force,
                    is_area: false,
                    is_body,
                    is_abbreviation,
                    shared: None,
                });
            }
        }
        let shared: Vec<Vec<usize>> = SHARED_TITLES
            .iter()
            .map(|(_, forces)| {
                forces
                    .iter()
                    .filter_map(|slug| slugs.iter().position(|known| known == slug))
                    .collect()
            })
            .collect();
        for (index, (title, _)) in SHARED_TITLES.iter().enumerate() {
            if let Some(&force) = shared[index].first() {
                names.insert(
                    normalise(title),
                    NameInfo {
                        force,
                        is_area: false,
                        is_body: true,
                        is_abbreviation: false,
                        shared: Some(index),
                    },
                );
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
        let build = |patterns: &[String]| {
            AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns)
                .unwrap_or_else(|error| unreachable!("force names fit an automaton: {error}"))
        };
        ForceMatcher {
            spellings: build(&patterns),
            spelling_names,
            web: build(&web_patterns),
            web_forces,
            slugs,
            names: vocabulary
                .forces
                .iter()
                .map(|force| force.name.clone())
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
            shared,
        }
    }

    /// Finds the forces `text` names and the one it belongs to.
    pub fn find(&self, original: &str, doc_type: DocType) -> ForceFindings {
        let flat = FlatText::new(original);
        let text = flat.text.as_str();
        let mut tally = Tally::new(self.slugs.len());
        let mut shared_cues: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
        for found in self.spellings.find_iter(text) {
            if !is_whole_word(text, found.start(), found.end()) {
                continue;
            }
            let info = &self.spelling_names[found.pattern().as_usize()];
            let range = found.start()..found.end();
            if let Some(title) = info.shared {
                shared_cues.push((title, range));
                continue;
            }
            let matched = &text[range.clone()];
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
                    .any(|suffix| after.starts_with(suffix))
                || POLICING_PREFIXES
                    .iter()
                    .any(|prefix| before.ends_with(prefix));
            if self.ambiguous[info.force] && !policing
                || CREDIT_WORDS.iter().any(|word| before.contains(word))
            {
                continue;
            }
            tally.mention(info.force, range.clone());
            if owner_phrase {
                tally.owner_cue(info.force, range, text.len());
            } else if !info.is_abbreviation || found.start() < TITLE_CHARS {
                tally.plain_counts[info.force] += 1;
            }
        }
        for found in self.web.find_iter(text) {
            let before = text[..found.start()].chars().next_back();
            let after = text[found.end()..].chars().next();
            if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric)
            {
                continue;
            }
            let (force, own_site) = self.web_forces[found.pattern().as_usize()];
            if own_site {
                tally.mention(force, found.start()..found.end());
                tally.plain_counts[force] += 1;
            } else {
                tally.owner_cue(force, found.start()..found.end(), text.len());
            }
        }
        for (title, range) in shared_cues {
            let forces = &self.shared[title];
            let named_most = forces
                .iter()
                .copied()
                .max_by_key(|force| (tally.counts[*force], std::cmp::Reverse(*force)));
            if let Some(force) = named_most {
                tally.owner_cue(force, range, text.len());
            }
        }
        let mut mentions: Vec<(usize, u32)> = tally
            .counts
            .iter()
            .enumerate()
            .filter(|(_, count)| **count > 0)
            .map(|(force, count)| (force, *count))
            .collect();
        mentions
            .sort_by_key(|(force, count)| (std::cmp::Reverse(*count), tally.first_seen[*force]));
        let (owner, runner_up) = self.owner(&flat, original, doc_type, &tally, &mentions);
        ForceFindings {
            owner,
            runner_up,
            mentions: mentions
                .into_iter()
                .map(|(force, count)| ForceMention {
                    force: self.slugs[force].clone(),
                    count,
                })
                .collect(),
        }
    }

    /// The evidence line in the original text of a range of the flattened one.
    fn evidence(flat: &FlatText, original: &str, range: &std::ops::Range<usize>) -> String {
        let start = flat.original(range.start);
        let end = flat.original(range.end).clamp(start, original.len());
        // A name broken over lines is shown by the line it starts on.
        let end = original[start..end]
            .find('\n')
            .map_or(end, |offset| start + offset);
        evidence_line(original, start..end)
    }

    fn owner(
        &self,
        flat: &FlatText,
        original: &str,
        doc_type: DocType,
        tally: &Tally,
        mentions: &[(usize, u32)],
    ) -> (Option<(String, String)>, Option<String>) {
        let mut cued: Vec<usize> = (0..tally.signals.len())
            .filter(|force| tally.signals[*force] > 0.0)
            .filter(|force| doc_type != DocType::Thematic || tally.head_signal[*force])
            .collect();
        // The strongest cues win; between equal ones, the force named first.
        cued.sort_by(|left, right| {
            tally.signals[*right]
                .total_cmp(&tally.signals[*left])
                .then(tally.first_seen[*left].cmp(&tally.first_seen[*right]))
        });
        if let Some(&force) = cued.first()
            && let Some((_, range)) = &tally.evidence[force]
        {
            let slug = self.slugs[force].clone();
            let name = &self.names[force];
            let against = match cued.get(1) {
                Some(&rival) => format!(
                    "{} owner cues {:.1}",
                    self.names[rival], tally.signals[rival]
                ),
                None => match mentions.iter().find(|(other, _)| *other != force) {
                    Some((rival, count)) => {
                        format!(
                            "{} named {}, no owner cue",
                            self.names[*rival],
                            times(*count)
                        )
                    }
                    None => "no other force".to_string(),
                },
            };
            let why = format!(
                "{name}: owner cues {:.1} against {against}",
                tally.signals[force]
            );
            return (
                Some((slug, Self::evidence(flat, original, range))),
                Some(why),
            );
        }
        let total: u32 = mentions.iter().map(|(_, count)| count).sum();
        let Some(&(force, count)) = mentions.first() else {
            return (None, None);
        };
        let slug = self.slugs[force].clone();
        let name = &self.names[force];
        let rival = mentions.get(1).map_or_else(
            || "no other force".to_string(),
            |(rival, rival_count)| format!("{} named {}", self.names[*rival], times(*rival_count)),
        );
        let dominant = count >= 3
            && count * 2 > total
            && (mentions.len() <= MAX_RIVALS_OF_A_DOMINANT_FORCE + 1 || count * 4 > total * 3);
        if dominant {
            let reason = format!("named {count} of the {total} times a force is named");
            let why = format!("{name}: named {} against {rival}", times(count));
            return (Some((slug, reason)), Some(why));
        }
        // One mention in passing deep in a text is no claim; one near the top of a short text is.
        // A governance body's name that did not own the document, or an abbreviation in a list
        // of bodies, does not own it as a mention either.
        let unopposed = count == total
            && tally.plain_counts[force] > 0
            && original.len() <= SHORT_TEXT_BYTES
            && (count >= 2 || tally.first_seen[force] < EDGE_CHARS);
        if unopposed && let Some(range) = &tally.first_range[force] {
            let why = format!("{name}: named {}, no other force named", times(count));
            return (
                Some((slug, Self::evidence(flat, original, range))),
                Some(why),
            );
        }
        let why = format!(
            "none: {name} named {count} of the {total} times a force is named, against {rival}"
        );
        (None, Some(why))
    }
}

/// How many times, as people write it: `1 time`, `3 times`.
fn times(count: u32) -> String {
    if count == 1 {
        "1 time".to_string()
    } else {
        format!("{count} times")
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

    fn owner_of(text: &str, doc_type: DocType) -> Option<String> {
        matcher().find(text, doc_type).owner.map(|(slug, _)| slug)
    }

    #[test]
    fn a_police_fire_and_crime_commissioner_owns_the_document() {
        for text in [
            "Decision record\n\nThe Police, Fire and Crime Commissioner for Northamptonshire approved the grant.",
            "Northamptonshire Police, Fire and Crime Commissioner\n\nDecision record",
        ] {
            assert_eq!(
                owner_of(text, DocType::Report).as_deref(),
                Some("northamptonshire"),
                "{text}"
            );
        }
    }

    #[test]
    fn the_deputy_mayor_for_policing_belongs_to_the_mayoralty_the_text_names() {
        let text = "Decision of the Deputy Mayor for Policing and Crime\n\nFunding for West Yorkshire Police and partners across West Yorkshire.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("west-yorkshire")
        );
        let text = "Decision of the Deputy Mayor for Policing and Crime\n\nThe grant to the Metropolitan Police Service.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("metropolitan")
        );
        let text =
            "Greater Manchester Combined Authority\n\nPCC DN - Grant funding for youth provision";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("greater-manchester")
        );
    }

    #[test]
    fn london_bodies_are_the_metropolitan_force_and_the_city_board_is_the_city() {
        let text = "Mayor of London logo London Assembly logo\n\nPolice and Crime Committee - Thursday 29 September 2022 10.00 am";
        assert_eq!(
            owner_of(text, DocType::Minutes).as_deref(),
            Some("metropolitan")
        );
        let text = "MOPAC decision PCD 1234\n\nThe Deputy Mayor approves the contract.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("metropolitan")
        );
        let text = "The Board considered the public minutes of the Police Authority Board meeting.";
        assert_eq!(
            owner_of(text, DocType::Minutes).as_deref(),
            Some("city-of-london")
        );
    }

    #[test]
    fn a_pcc_office_web_address_or_handle_is_an_owner_cue() {
        let text = "Accessibility options\n\nwww.cambridgeshire-pcc.gov.uk\n\nJoint work with Bedfordshire Police and Bedfordshire Police.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("cambridgeshire")
        );
        let text = "Follow @LancashirePCC for updates.\n\nCumbria Constabulary and Cumbria Constabulary shared a unit.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("lancashire")
        );
        let text = "Write to OPCC@northwales.police.uk with questions.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("north-wales")
        );
    }

    #[test]
    fn one_unopposed_mention_in_a_short_text_wins_with_its_evidence() {
        let text = "Agenda item\n\nThe Commissioner and his team were working alongside Hampshire Constabulary on recruitment.";
        let findings = matcher().find(text, DocType::Minutes);
        assert_eq!(
            findings.owner,
            Some((
                "hampshire".to_string(),
                "The Commissioner and his team were working alongside Hampshire Constabulary on recruitment.".to_string()
            ))
        );
    }

    #[test]
    fn a_paper_naming_many_forces_stays_national() {
        let mut text = String::from("A review of five forces.\n\n");
        text.push_str(&"Kent Police ".repeat(5));
        text.push_str("Essex Police, Surrey Police, Sussex Police and Norfolk Constabulary.");
        assert_eq!(owner_of(&text, DocType::Report), None);
        let text = "Kent Police and Essex Police were inspected.";
        assert_eq!(owner_of(text, DocType::Thematic), None);
    }

    #[test]
    fn an_abbreviation_in_a_list_of_bodies_claims_nothing() {
        let mut text = "A national review of how commissioners innovate.\n\n".repeat(5);
        text.push_str("We invited all 41 OPCCs, plus MOPAC, to contribute; MOPAC replied.");
        assert_eq!(owner_of(&text, DocType::Thematic), None);
    }

    #[test]
    fn a_plan_typed_thematic_keeps_the_force_it_names_throughout() {
        let mut text = "Our plan for safer communities.\n\n".repeat(80);
        text.push_str(&"North Wales Police will work with partners. ".repeat(6));
        assert_eq!(
            owner_of(&text, DocType::Thematic).as_deref(),
            Some("north-wales")
        );
    }

    #[test]
    fn names_broken_by_layout_are_read_whole() {
        let text = "The unit is run by South\nWales Police and South\n   Wales Police.";
        let findings = matcher().find(text, DocType::Report);
        assert_eq!(
            findings.mentions.first().map(|m| m.force.as_str()),
            Some("south-wales")
        );
        let text = "Warwickshire Police and\n  Crime Panel\n\nNotice of meeting";
        let findings = matcher().find(text, DocType::Minutes);
        let (slug, evidence) = findings.owner.expect("an owner");
        assert_eq!(slug, "warwickshire");
        assert_eq!(evidence, "Warwickshire Police and");
    }

    #[test]
    fn places_holding_another_force_name_are_their_own_force() {
        let text = "Northern Lincolnshire and North East Lincolnshire councils sit on the panel.";
        let findings = matcher().find(text, DocType::Minutes);
        let slugs: Vec<&str> = findings.mentions.iter().map(|m| m.force.as_str()).collect();
        assert_eq!(slugs, ["humberside"]);
        let text = "Redcar and Cleveland Borough Council set the precept.";
        assert_eq!(
            owner_of(text, DocType::Report).as_deref(),
            Some("cleveland")
        );
    }

    #[test]
    fn welsh_names_of_the_bodies_read_like_english() {
        for (text, slug) in [
            (
                "Panel Heddlu a Throseddu Dyfed Powys - Dydd Gwener",
                "dyfed-powys",
            ),
            ("Comisiynydd Heddlu a Throseddu Gwent\n\nCynllun", "gwent"),
            (
                "Asesodd ein harolygiad pa mor dda mae Heddlu Dyfed-Powys yn gweithio.",
                "dyfed-powys",
            ),
            (
                "Gwybodaeth a gedwir gan Heddlu Gogledd Cymru.",
                "north-wales",
            ),
            ("Adroddiad gan Heddlu De Cymru.", "south-wales"),
        ] {
            assert_eq!(
                owner_of(text, DocType::Report).as_deref(),
                Some(slug),
                "{text}"
            );
        }
    }

    #[test]
    fn a_picture_credit_claims_nothing() {
        let text = "Cover image © West Midlands Police\n\nState of Policing: the annual assessment";
        let findings = matcher().find(text, DocType::Report);
        assert_eq!(findings.owner, None);
        assert!(findings.mentions.is_empty(), "{:?}", findings.mentions);
    }

    #[test]
    fn the_runner_up_is_explained() {
        let text = "Warwickshire Police and Crime Panel\n\nA report on West Midlands Police.";
        let why = matcher()
            .find(text, DocType::Minutes)
            .runner_up
            .expect("a reason");
        assert_eq!(
            why,
            "Warwickshire Police: owner cues 3.0 against West Midlands Police named 1 time, no owner cue"
        );
    }

    #[test]
    fn thousands_of_names_on_one_line_are_each_counted_once() {
        let text = "Kent Police, Surrey PCC, MOPAC, 2019/20, ".repeat(20_000);
        let findings = matcher().find(&text, DocType::Report);
        let count = |slug: &str| {
            findings
                .mentions
                .iter()
                .find(|m| m.force == slug)
                .map(|m| m.count)
        };
        assert_eq!(count("kent"), Some(20_000));
        assert_eq!(count("surrey"), Some(20_000));
        assert_eq!(count("metropolitan"), Some(20_000));
        let (_, evidence) = findings.owner.expect("an owner");
        assert!(evidence.chars().count() <= 202, "{evidence}");
    }
}
