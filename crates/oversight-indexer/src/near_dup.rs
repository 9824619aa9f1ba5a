//! Near-duplicate detection: a MinHash signature of each text's word shingles, and the grouping of
//! contents whose signatures say they hold nearly the same text (the PDF and the HTML page of one
//! report, or a re-saved copy).
//!
//! Signatures use one-permutation hashing: every five-word shingle is hashed once, the hash picks
//! one of [`SIGNATURE_LEN`] buckets, and each bucket keeps its smallest value. The share of equal
//! buckets estimates the Jaccard similarity of the two shingle sets. Candidates come from
//! locality-sensitive hashing over bands of buckets, so a run compares only likely pairs.

use std::collections::HashMap;

/// Buckets per signature.
pub const SIGNATURE_LEN: usize = 128;
/// Estimated Jaccard similarity of shingles from which two contents are one document.
pub const SAME_DOCUMENT_SIMILARITY: f32 = 0.8;
/// Words per shingle.
const SHINGLE_WORDS: usize = 5;
/// Texts with fewer shingles are only ever matched byte for byte: a few lines say too little.
const MIN_SHINGLES: usize = 40;
/// Buckets per LSH band; `SIGNATURE_LEN / BAND_ROWS` bands. Four rows make a pair at 0.8 a
/// candidate in all but one case in 10^5, and a pair at 0.3 in about one case in four.
const BAND_ROWS: usize = 4;
/// The value of a bucket no shingle fell into.
const EMPTY: u32 = u32::MAX;

/// The MinHash signature of a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature(Box<[u32; SIGNATURE_LEN]>);

impl Signature {
    /// The signature of a text, or `None` when it is too short to compare other than exactly.
    pub fn of_text(text: &str) -> Option<Signature> {
        let mut buckets = Box::new([EMPTY; SIGNATURE_LEN]);
        let mut window = [0u64; SHINGLE_WORDS];
        let mut words = 0usize;
        let mut shingles = 0usize;
        for word in text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
        {
            window[words % SHINGLE_WORDS] = word_hash(word);
            words += 1;
            if words < SHINGLE_WORDS {
                continue;
            }
            let mut hash = 0u64;
            for offset in 0..SHINGLE_WORDS {
                let word = window[(words + offset) % SHINGLE_WORDS];
                hash = (hash.rotate_left(23) ^ word).wrapping_mul(0x9e37_79b9_7f4a_7c15);
            }
            let hash = mix(hash);
            let bucket = (hash >> 57) as usize % SIGNATURE_LEN;
            let value = (hash as u32).min(EMPTY - 1);
            buckets[bucket] = buckets[bucket].min(value);
            shingles += 1;
        }
        (shingles >= MIN_SHINGLES).then_some(Signature(buckets))
    }

    /// The estimated Jaccard similarity of the two texts' shingle sets, from 0 to 1.
    pub fn similarity(&self, other: &Signature) -> f32 {
        let mut compared = 0u32;
        let mut equal = 0u32;
        for (mine, theirs) in self.0.iter().zip(other.0.iter()) {
            if *mine == EMPTY && *theirs == EMPTY {
                continue;
            }
            compared += 1;
            if mine == theirs {
                equal += 1;
            }
        }
        if compared == 0 {
            0.0
        } else {
            equal as f32 / compared as f32
        }
    }

    /// The signature as bytes, for storing.
    pub fn to_bytes(&self) -> Vec<u8> {
        self.0
            .iter()
            .flat_map(|value| value.to_le_bytes())
            .collect()
    }

    /// A signature read back from [`Signature::to_bytes`]; `None` when the bytes are not one.
    pub fn from_bytes(bytes: &[u8]) -> Option<Signature> {
        if bytes.len() != SIGNATURE_LEN * 4 {
            return None;
        }
        let mut buckets = Box::new([EMPTY; SIGNATURE_LEN]);
        for (bucket, chunk) in buckets.iter_mut().zip(bytes.chunks_exact(4)) {
            *bucket = u32::from_le_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
        }
        Some(Signature(buckets))
    }
}

/// The contents a document was built from, each with its signature, as stored in the index so
/// that the next run compares new files without reading the old ones again: per content, its id
/// (16 hex digits) as 8 bytes, then 1 and the signature, or 0 for none.
pub fn encode_contents(contents: &[(String, Option<Signature>)]) -> crate::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    for (content_id, signature) in contents {
        let id = u64::from_str_radix(content_id, 16)
            .map_err(|_| crate::Error::InvalidContentId(content_id.clone()))?;
        bytes.extend_from_slice(&id.to_be_bytes());
        match signature {
            Some(signature) => {
                bytes.push(1);
                bytes.extend(signature.to_bytes());
            }
            None => bytes.push(0),
        }
    }
    Ok(bytes)
}

/// Reads back [`encode_contents`]; `None` when the bytes are damaged.
pub fn decode_contents(mut bytes: &[u8]) -> Option<Vec<(String, Option<Signature>)>> {
    let mut contents = Vec::new();
    while !bytes.is_empty() {
        let (id, rest) = bytes.split_first_chunk::<8>()?;
        let (flag, rest) = rest.split_first()?;
        let content_id = format!("{:016x}", u64::from_be_bytes(*id));
        bytes = match flag {
            0 => {
                contents.push((content_id, None));
                rest
            }
            1 => {
                let (signature, rest) = rest.split_at_checked(SIGNATURE_LEN * 4)?;
                contents.push((content_id, Some(Signature::from_bytes(signature)?)));
                rest
            }
            _ => return None,
        };
    }
    Some(contents)
}

/// FNV-1a over the lowercased word.
fn word_hash(word: &str) -> u64 {
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let mut feed = |byte: u8| {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    };
    for c in word.chars() {
        if c.is_ascii() {
            feed(c.to_ascii_lowercase() as u8);
        } else {
            for lower in c.to_lowercase() {
                let mut buffer = [0u8; 4];
                for byte in lower.encode_utf8(&mut buffer).bytes() {
                    feed(byte);
                }
            }
        }
    }
    hash
}

/// The SplitMix64 finaliser: spreads every input bit over the whole hash.
fn mix(mut hash: u64) -> u64 {
    hash = (hash ^ (hash >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    hash = (hash ^ (hash >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    hash ^ (hash >> 31)
}

/// Groups the signatures that are nearly the same text. Returns groups of indices into
/// `signatures`, each in ascending order, groups ordered by their first index; every index is in
/// exactly one group, contents without a signature alone.
pub fn group(signatures: &[Option<&Signature>]) -> Vec<Vec<usize>> {
    let mut parents: Vec<usize> = (0..signatures.len()).collect();
    let mut bands: HashMap<(usize, [u32; BAND_ROWS]), usize> = HashMap::new();
    for (index, signature) in signatures.iter().enumerate() {
        let Some(signature) = signature else {
            continue;
        };
        for (band, rows) in signature.0.chunks_exact(BAND_ROWS).enumerate() {
            if rows.iter().all(|value| *value == EMPTY) {
                continue;
            }
            let mut key = [EMPTY; BAND_ROWS];
            key.copy_from_slice(rows);
            // Each band bucket is compared with its first member only: a star instead of every
            // pair keeps a thousand near-identical pages linear, and the groups transitive.
            let first = *bands.entry((band, key)).or_insert(index);
            if first == index || root(&mut parents, first) == root(&mut parents, index) {
                continue;
            }
            let same = signatures[first].is_some_and(|first_signature| {
                first_signature.similarity(signature) >= SAME_DOCUMENT_SIMILARITY
            });
            if same {
                let (a, b) = (root(&mut parents, first), root(&mut parents, index));
                parents[a.max(b)] = a.min(b);
            }
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut group_of_root: HashMap<usize, usize> = HashMap::new();
    for index in 0..signatures.len() {
        let top = root(&mut parents, index);
        let slot = *group_of_root.entry(top).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[slot].push(index);
    }
    groups
}

/// The root of `index` in the union-find forest, halving the path on the way.
fn root(parents: &mut [usize], mut index: usize) -> usize {
    while parents[index] != index {
        parents[index] = parents[parents[index]];
        index = parents[index];
    }
    index
}

#[cfg(test)]
mod tests {
    use super::*;

    const WARWICKSHIRE: &str = include_str!("../../../corpus/003_4c84c7b52ec6327e.txt");
    const DEVON: &str = include_str!("../../../corpus/001_b94eff86617be555.txt");

    /// The text with every line wrapped and re-cased the way a PDF's text layer differs from the
    /// HTML page of the same report: other line breaks, other white space, a header line added.
    fn as_if_from_another_format(text: &str) -> String {
        let words: Vec<&str> = text.split_whitespace().collect();
        let mut out = String::from("WARWICKSHIRE COUNTY COUNCIL\n");
        for (position, chunk) in words.chunks(11).enumerate() {
            out.push_str(&chunk.join("  "));
            out.push_str(if position % 7 == 0 { "\n\n" } else { "\n" });
        }
        out
    }

    #[test]
    fn the_same_text_in_another_layout_is_nearly_identical() {
        let html = Signature::of_text(WARWICKSHIRE).expect("long enough");
        let pdf = Signature::of_text(&as_if_from_another_format(WARWICKSHIRE)).expect("long");
        assert!(html.similarity(&pdf) > 0.95, "{}", html.similarity(&pdf));
        assert_eq!(group(&[Some(&html), Some(&pdf)]), vec![vec![0, 1]]);
    }

    #[test]
    fn different_documents_stay_apart() {
        let pack = Signature::of_text(WARWICKSHIRE).expect("long enough");
        let report = Signature::of_text(DEVON).expect("long enough");
        assert!(pack.similarity(&report) < 0.1);
        assert_eq!(group(&[Some(&pack), Some(&report)]), vec![vec![0], vec![1]]);
    }

    #[test]
    fn a_document_quoted_inside_a_larger_one_is_not_its_duplicate() {
        let report = DEVON;
        let pack = format!("{WARWICKSHIRE}\n{report}");
        let alone = Signature::of_text(report).expect("long enough");
        let within = Signature::of_text(&pack).expect("long enough");
        assert!(alone.similarity(&within) < SAME_DOCUMENT_SIMILARITY);
    }

    #[test]
    fn a_revised_copy_with_a_paragraph_changed_is_the_same_document() {
        let revised = WARWICKSHIRE.replacen(
            "Operation Devonport",
            "Operation Devonport (as amended at the meeting)",
            1,
        );
        let original = Signature::of_text(WARWICKSHIRE).expect("long enough");
        let copy = Signature::of_text(&revised).expect("long enough");
        let unrelated = Signature::of_text(DEVON).expect("long enough");
        assert_eq!(
            group(&[Some(&original), None, Some(&unrelated), Some(&copy)]),
            vec![vec![0, 3], vec![1], vec![2]]
        );
    }

    #[test]
    fn short_texts_have_no_signature() {
        assert!(Signature::of_text("Apologies for absence were received.").is_none());
        assert!(Signature::of_text("").is_none());
    }

    #[test]
    fn case_and_punctuation_do_not_matter() {
        let upper = Signature::of_text(&DEVON.to_uppercase()).expect("long enough");
        let plain = Signature::of_text(&DEVON.replace(',', " ")).expect("long enough");
        assert_eq!(upper.similarity(&plain), 1.0);
    }

    #[test]
    fn stored_contents_round_trip_and_damage_is_detected() {
        let contents = vec![
            ("00ff00ff00ff00ff".to_string(), Signature::of_text(DEVON)),
            ("0123456789abcdef".to_string(), None),
        ];
        let bytes = encode_contents(&contents).expect("hex ids");
        assert_eq!(decode_contents(&bytes), Some(contents));
        assert_eq!(decode_contents(&bytes[..20]), None);
        assert_eq!(decode_contents(&[]), Some(Vec::new()));
    }

    #[test]
    fn a_content_id_that_is_not_hex_is_an_error_not_key_zero() {
        let error = encode_contents(&[("not-hex-at-all!!".to_string(), None)]).err();
        assert!(
            matches!(&error, Some(crate::Error::InvalidContentId(id)) if id == "not-hex-at-all!!"),
            "{error:?}"
        );
    }

    #[test]
    fn signatures_round_trip_through_bytes() {
        let signature = Signature::of_text(DEVON).expect("long enough");
        assert_eq!(
            Signature::from_bytes(&signature.to_bytes()),
            Some(signature)
        );
        assert_eq!(Signature::from_bytes(&[1, 2, 3]), None);
    }
}
