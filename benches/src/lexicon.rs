//! The open-ended lexicon: synthetic names, places, reference numbers and rare words drawn with a
//! Zipf law over an unbounded list, so that the number of distinct terms keeps growing with the
//! size of the corpus (Heaps' law) instead of stopping at the seed corpus' vocabulary.

use crate::rng::{Rng, mix};

/// The Zipf exponent of the lexicon: distinct terms grow roughly as `n^(1/ZIPF_EXPONENT)`.
const ZIPF_EXPONENT: f64 = 1.3;
/// Ranks are capped here (far beyond what any corpus reaches).
const MAX_RANK: f64 = 1.0e12;

const ONSETS: &[&str] = &[
    "b", "br", "c", "ch", "cl", "d", "dr", "f", "g", "gr", "h", "k", "l", "m", "n", "p", "pr", "r",
    "s", "sh", "st", "t", "th", "tr", "v", "w", "wh", "y", "bl", "sc", "sp", "fr",
];
const NUCLEI: &[&str] = &[
    "a", "e", "i", "o", "u", "ai", "ea", "ou", "oo", "ie", "y", "au",
];
const CODAS: &[&str] = &[
    "", "n", "r", "l", "m", "s", "t", "ck", "nd", "rn", "st", "th", "ll", "ng", "rk", "x",
];
const PLACE_SUFFIXES: &[&str] = &[
    "Road", "Street", "Lane", "Close", "Park", "Green", "Court", "House", "Estate", "Way",
];
const NAME_TITLES: &[&str] = &[
    "Councillor",
    "Mr",
    "Mrs",
    "Ms",
    "Dr",
    "Inspector",
    "Sergeant",
];
const GIVEN_NAMES: &[&str] = &[
    "John", "Sarah", "David", "Helen", "Mark", "Claire", "Paul", "Emma", "Richard", "Julie",
    "Andrew", "Karen", "Peter", "Rachel", "Simon", "Louise", "Martin", "Alison", "Gareth", "Nia",
];
const REFERENCE_PREFIXES: &[&str] = &["PCP", "OPCC", "DN", "FOI", "HMICFRS", "CSP", "JAC"];

/// Draws a lexicon rank: rank `r` comes with probability roughly proportional to `r^-s`.
pub fn zipf_rank(rng: &mut Rng) -> u64 {
    let uniform = 1.0 - rng.unit();
    let rank = uniform.powf(-1.0 / (ZIPF_EXPONENT - 1.0));
    rank.min(MAX_RANK) as u64
}

/// Appends the lexicon entry of `rank` to `out`: always the same text for the same rank.
pub fn write_entry(rank: u64, rng: &mut Rng, out: &mut String) {
    let hash = mix(rank.wrapping_mul(0x2545_F491_4F6C_DD1D));
    match hash % 10 {
        0..=2 => {
            out.push_str(NAME_TITLES[rng.below(NAME_TITLES.len())]);
            out.push(' ');
            if rng.chance(0.5) {
                out.push_str(GIVEN_NAMES[(hash >> 8) as usize % GIVEN_NAMES.len()]);
                out.push(' ');
            }
            push_word(hash >> 16, true, out);
        }
        3..=4 => {
            push_word(hash >> 8, true, out);
            out.push(' ');
            out.push_str(PLACE_SUFFIXES[(hash >> 40) as usize % PLACE_SUFFIXES.len()]);
        }
        5..=6 => {
            out.push_str(REFERENCE_PREFIXES[(hash >> 8) as usize % REFERENCE_PREFIXES.len()]);
            out.push('/');
            out.push_str(&format!("{:05}", (hash >> 16) % 100_000));
        }
        _ => push_word(hash >> 8, false, out),
    }
}

/// The capitalised name of `rank` (a surname or place name).
pub fn proper_name(rank: u64) -> String {
    let mut name = String::new();
    push_word(mix(rank ^ 0x0A11_CE55), true, &mut name);
    name
}

/// A pronounceable word of two to four syllables chosen by the bits of `bits`.
fn push_word(bits: u64, capitalised: bool, out: &mut String) {
    let mut bits = bits;
    let syllables = 2 + (bits % 3) as usize;
    bits >>= 2;
    let start = out.len();
    for _ in 0..syllables {
        out.push_str(ONSETS[(bits % ONSETS.len() as u64) as usize]);
        bits /= ONSETS.len() as u64;
        out.push_str(NUCLEI[(bits % NUCLEI.len() as u64) as usize]);
        bits /= NUCLEI.len() as u64;
        out.push_str(CODAS[(bits % CODAS.len() as u64) as usize]);
        bits /= CODAS.len() as u64;
    }
    if capitalised && let Some(first) = out.get_mut(start..start + 1) {
        first.make_ascii_uppercase();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_are_mostly_small_but_unbounded() {
        let mut rng = Rng::new(9);
        let ranks: Vec<u64> = (0..10_000).map(|_| zipf_rank(&mut rng)).collect();
        let small = ranks.iter().filter(|rank| **rank < 10).count();
        assert!(small > 4000, "{small}");
        assert!(ranks.iter().any(|rank| *rank > 10_000));
    }

    #[test]
    fn an_entry_is_stable_apart_from_its_title() {
        let mut first = String::new();
        let mut second = String::new();
        write_entry(42, &mut Rng::new(1), &mut first);
        write_entry(42, &mut Rng::new(1), &mut second);
        assert_eq!(first, second);
        assert!(!first.is_empty());
    }
}
