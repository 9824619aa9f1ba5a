//! `ToUnicode` CMaps that `pdf_extract` cannot read, rewritten in the one form it reads.
//!
//! A `ToUnicode` CMap maps glyph codes to UTF-16 text, with single entries (`bfchar`) or ranges
//! (`bfrange`), and a ligature glyph maps to several characters (`<0102> <006600660069>`).
//! `pdf_extract`'s CMap parser panics on a range whose start is three or more UTF-16 units
//! long (`ffi`, `ffl`), on text of an odd number of bytes and on lone surrogates; the panic
//! loses every page that uses the font. Such a CMap is read here, leniently, and written back
//! as plain `bfchar` entries of valid UTF-16.

/// No range maps more codes than a two-byte code space holds.
const MAX_RANGE_CODES: u32 = 65_536;

/// One token of a CMap: the parts of the syntax that mappings are made of.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Hex(Vec<u8>),
    Open,
    Close,
    Operator(Vec<u8>),
    Other,
}

/// One code and the UTF-16 text it maps to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Mapping {
    code: Vec<u8>,
    text: Vec<u16>,
}

/// The CMap rewritten as `bfchar` entries, when `pdf_extract` would not read it as it is.
pub(super) fn rewritten(cmap: &[u8]) -> Option<Vec<u8>> {
    let (mappings, readable) = read(&tokens(cmap));
    if readable {
        return None;
    }
    let mut out = b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n".to_vec();
    for chunk in mappings.chunks(100) {
        out.extend_from_slice(format!("{} beginbfchar\n", chunk.len()).as_bytes());
        for mapping in chunk {
            out.push(b'<');
            out.extend(mapping.code.iter().flat_map(|byte| hex_digits(*byte)));
            out.extend_from_slice(b"> <");
            for unit in &mapping.text {
                out.extend(unit.to_be_bytes().iter().flat_map(|byte| hex_digits(*byte)));
            }
            out.extend_from_slice(b">\n");
        }
        out.extend_from_slice(b"endbfchar\n");
    }
    out.extend_from_slice(b"endcmap CMapName currentdict /CMap defineresource pop end end\n");
    Some(out)
}

fn hex_digits(byte: u8) -> [u8; 2] {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    [
        DIGITS[usize::from(byte >> 4)],
        DIGITS[usize::from(byte & 15)],
    ]
}

/// The tokens of a CMap. Names, numbers, literal strings and dictionaries are not needed to
/// read mappings and come as [`Token::Other`].
fn tokens(cmap: &[u8]) -> Vec<Token> {
    let mut tokens = Vec::new();
    let mut index = 0;
    while let Some(&byte) = cmap.get(index) {
        index += 1;
        match byte {
            b'%' => {
                while cmap
                    .get(index)
                    .is_some_and(|byte| !matches!(byte, b'\n' | b'\r'))
                {
                    index += 1;
                }
            }
            b'<' if cmap.get(index) == Some(&b'<') => {
                index += 1;
                tokens.push(Token::Other);
            }
            b'<' => {
                let digits: Vec<u8> = cmap[index..]
                    .iter()
                    .take_while(|byte| **byte != b'>')
                    .filter_map(|byte| (*byte as char).to_digit(16))
                    .map(|digit| digit as u8)
                    .collect();
                index += cmap[index..]
                    .iter()
                    .position(|byte| *byte == b'>')
                    .map_or(cmap.len() - index, |end| end + 1);
                let bytes = digits
                    .chunks(2)
                    .map(|pair| (pair[0] << 4) | pair.get(1).copied().unwrap_or(0))
                    .collect();
                tokens.push(Token::Hex(bytes));
            }
            b'[' => tokens.push(Token::Open),
            b']' => tokens.push(Token::Close),
            byte if byte.is_ascii_alphabetic() => {
                let start = index - 1;
                while cmap.get(index).is_some_and(u8::is_ascii_alphabetic) {
                    index += 1;
                }
                tokens.push(Token::Operator(cmap[start..index].to_vec()));
            }
            byte if byte.is_ascii_whitespace() => {}
            _ => {
                while cmap
                    .get(index)
                    .is_some_and(|byte| !byte.is_ascii_whitespace() && !b"<[]%".contains(byte))
                {
                    index += 1;
                }
                tokens.push(Token::Other);
            }
        }
    }
    tokens
}

/// The mappings of a CMap's `bfchar` and `bfrange` sections, and whether `pdf_extract` reads
/// them as they are written.
fn read(tokens: &[Token]) -> (Vec<Mapping>, bool) {
    let mut mappings = Vec::new();
    let mut readable = true;
    let mut index = 0;
    while let Some(token) = tokens.get(index) {
        index += 1;
        match token {
            Token::Operator(name) if name == b"beginbfchar" => {
                while let [Token::Hex(code), Token::Hex(text), ..] = &tokens[index..] {
                    index += 2;
                    readable &= reads_as_text(text);
                    mappings.extend(utf16(text).map(|text| Mapping {
                        code: code.clone(),
                        text,
                    }));
                }
            }
            Token::Operator(name) if name == b"beginbfrange" => {
                while let [Token::Hex(low), Token::Hex(high), rest @ ..] = &tokens[index..] {
                    index += 2;
                    let codes = code_range(low, high);
                    match rest {
                        [Token::Hex(start), ..] => {
                            index += 1;
                            readable &= matches!(start.len(), 2 | 4) && reads_as_text(start);
                            let Some(start) = utf16(start) else { continue };
                            for (offset, code) in codes.enumerate() {
                                let mut text = start.clone();
                                if let Some(last) = text.last_mut() {
                                    *last = last.wrapping_add(offset as u16);
                                }
                                if decodes(&text) {
                                    mappings.push(Mapping { code, text });
                                } else {
                                    readable = false;
                                }
                            }
                        }
                        [Token::Open, ..] => {
                            index += 1;
                            let mut texts = Vec::new();
                            while let Some(token) = tokens.get(index) {
                                index += 1;
                                match token {
                                    Token::Hex(text) => texts.push(text),
                                    Token::Close => break,
                                    _ => readable = false,
                                }
                            }
                            let codes: Vec<Vec<u8>> = codes.collect();
                            readable &= codes.len() == texts.len();
                            for (code, text) in codes.into_iter().zip(texts) {
                                readable &= reads_as_text(text);
                                mappings.extend(utf16(text).map(|text| Mapping { code, text }));
                            }
                        }
                        _ => break,
                    }
                }
            }
            _ => {}
        }
    }
    (mappings, readable)
}

/// Whether `pdf_extract` turns these bytes into text without panicking: whole UTF-16 units
/// that decode.
fn reads_as_text(bytes: &[u8]) -> bool {
    utf16(bytes).is_some()
}

/// The UTF-16 units of the text, when they are whole and decode.
fn utf16(bytes: &[u8]) -> Option<Vec<u16>> {
    if bytes.is_empty() || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let units: Vec<u16> = bytes
        .chunks(2)
        .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
        .collect();
    decodes(&units).then_some(units)
}

fn decodes(units: &[u16]) -> bool {
    char::decode_utf16(units.iter().copied()).all(|decoded| decoded.is_ok())
}

/// The codes from `low` to `high`, each as many bytes long as `low`, at most
/// [`MAX_RANGE_CODES`] of them.
fn code_range(low: &[u8], high: &[u8]) -> impl Iterator<Item = Vec<u8>> {
    let value = |bytes: &[u8]| {
        bytes
            .iter()
            .take(4)
            .fold(0_u32, |code, byte| (code << 8) | u32::from(*byte))
    };
    let width = low.len().clamp(1, 4);
    let (first, last) = (value(low), value(high));
    let last = last.min(first.saturating_add(MAX_RANGE_CODES - 1));
    (first..=last).map(move |code| code.to_be_bytes()[4 - width..].to_vec())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mappings(cmap: &str) -> Vec<(Vec<u8>, String)> {
        read(&tokens(cmap.as_bytes()))
            .0
            .into_iter()
            .map(|mapping| {
                let text = String::from_utf16(&mapping.text).expect("utf-16");
                (mapping.code, text)
            })
            .collect()
    }

    #[test]
    fn single_entries_and_ranges_map_codes_to_text() {
        let cmap = "2 beginbfchar\n<0003> <0020>\n<0102> <006600660069>\nendbfchar\n\
                    2 beginbfrange\n<0044> <0046> <0061>\n<0050> <0051> [<0066006C> <FB01>]\n\
                    endbfrange";
        assert_eq!(
            mappings(cmap),
            vec![
                (vec![0, 3], " ".to_string()),
                (vec![1, 2], "ffi".to_string()),
                (vec![0, 0x44], "a".to_string()),
                (vec![0, 0x45], "b".to_string()),
                (vec![0, 0x46], "c".to_string()),
                (vec![0, 0x50], "fl".to_string()),
                (vec![0, 0x51], "\u{FB01}".to_string()),
            ]
        );
    }

    #[test]
    fn a_cmap_that_reads_as_it_is_is_left_alone() {
        let cmap = b"/CMapName /Adobe-Identity-UCS def % comment <zz>\n\
                     1 beginbfchar <0102> <006600660069> endbfchar\n\
                     1 beginbfrange <0044> <0046> <0061> endbfrange";
        assert_eq!(rewritten(cmap), None);
    }

    #[test]
    fn a_range_starting_with_three_letters_is_written_out() {
        let cmap = b"1 beginbfrange <0102> <0103> <006600660069> endbfrange";
        let rewritten = rewritten(cmap).expect("rewritten");
        let text = String::from_utf8(rewritten.clone()).expect("ascii");
        assert!(
            text.contains("2 beginbfchar\n<0102> <006600660069>\n<0103> <00660066006A>\n"),
            "{text}"
        );
        let (again, readable) = read(&tokens(&rewritten));
        assert!(readable);
        assert_eq!(again.len(), 2);
    }

    #[test]
    fn odd_bytes_and_lone_surrogates_are_dropped() {
        let cmap = "3 beginbfchar <01> <20> <02> <D800> <03> <0041> endbfchar";
        assert_eq!(mappings(cmap), vec![(vec![3], "A".to_string())]);
        assert!(rewritten(cmap.as_bytes()).is_some());
    }

    #[test]
    fn a_range_array_of_the_wrong_length_is_written_out() {
        let cmap = b"1 beginbfrange <0001> <0003> [<0041> <0042>] endbfrange";
        let rewritten = rewritten(cmap).expect("rewritten");
        assert_eq!(read(&tokens(&rewritten)).0.len(), 2);
    }

    #[test]
    fn huge_ranges_are_capped_and_skip_surrogates() {
        let cmap = "1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange";
        let surrogates = 0xE000 - 0xD800;
        assert_eq!(
            mappings(cmap).len(),
            usize::try_from(MAX_RANGE_CODES - surrogates).expect("fits")
        );
    }
}
