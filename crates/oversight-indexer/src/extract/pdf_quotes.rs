//! Spells out the `'` and `"` text operators of a content stream in its bytes, without decoding
//! the stream into operations and encoding it back (after which `pdf_extract` decodes it once
//! more): a scan that reads the tokens text is written with exactly as `lopdf`'s content parser
//! does, and gives up on any other, which [`super::pdf_repair`] then rewrites by decoding.
//!
//! `(text) '` becomes ` T* (text) Tj`, and `aw ac (text) "` becomes ` aw Tw ac Tc T* (text) Tj`,
//! the operands kept byte for byte, so that the stream decodes to the operations the decoded
//! rewrite gives.

use std::ops::Range;

/// How deeply strings and arrays may nest before the scan gives up (`lopdf` allows more; text
/// never needs this many).
const MAX_NESTING: usize = 8;

/// What the scan made of a content stream.
#[derive(Debug, PartialEq)]
pub(super) enum Scan {
    /// It holds no `'` or `"` operator with its operands.
    Unchanged,
    /// The stream with every such operator spelled out.
    Rewritten(Vec<u8>),
    /// It holds a token the scan does not read: a dictionary, an inline image, a comment, a
    /// keyword operand (`true`, `null`), a name with `#` escapes, or malformed content.
    Unreadable,
}

/// Scans `content` and spells out its `'` and `"` operators.
pub(super) fn spell_out(content: &[u8]) -> Scan {
    spelled_out(content).map_or(Scan::Unreadable, |rewritten| match rewritten {
        Some(rewritten) => Scan::Rewritten(rewritten),
        None => Scan::Unchanged,
    })
}

/// The rewritten stream (`None` inside when nothing needed rewriting), or `None` when a token
/// is not one the scan reads.
fn spelled_out(content: &[u8]) -> Option<Option<Vec<u8>>> {
    let mut out: Vec<u8> = Vec::new();
    let mut copied = 0;
    let mut operands: Vec<Range<usize>> = Vec::new();
    let mut at = skip_space(content, 0);
    while at < content.len() {
        let rest = &content[at..];
        if [&b"null"[..], b"true", b"false", b"BI"]
            .iter()
            .any(|keyword| rest.starts_with(keyword))
        {
            return None;
        }
        if is_operator_byte(content[at]) {
            let end = at
                + rest
                    .iter()
                    .take_while(|byte| is_operator_byte(**byte))
                    .count();
            let operator = &content[at..end];
            match (operator, operands.as_slice()) {
                (b"'", [text]) => {
                    out.extend_from_slice(&content[copied..text.start]);
                    out.extend_from_slice(b" T* ");
                    out.extend_from_slice(&content[text.clone()]);
                    out.extend_from_slice(b" Tj");
                    copied = end;
                }
                (b"\"", [word_spacing, character_spacing, text]) => {
                    out.extend_from_slice(&content[copied..word_spacing.start]);
                    out.push(b' ');
                    out.extend_from_slice(&content[word_spacing.clone()]);
                    out.extend_from_slice(b" Tw ");
                    out.extend_from_slice(&content[character_spacing.clone()]);
                    out.extend_from_slice(b" Tc T* ");
                    out.extend_from_slice(&content[text.clone()]);
                    out.extend_from_slice(b" Tj");
                    copied = end;
                }
                _ => {}
            }
            operands.clear();
            at = skip_space(content, end);
            continue;
        }
        let end = operand_end(content, at)?;
        operands.push(at..end);
        at = skip_space(content, end);
    }
    if !operands.is_empty() {
        return None;
    }
    if copied == 0 {
        return Some(None);
    }
    out.extend_from_slice(&content[copied..]);
    Some(Some(out))
}

/// The bytes of an operator, as `lopdf` reads one: letters, `*`, `'` and `"`.
fn is_operator_byte(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || matches!(byte, b'*' | b'\'' | b'"')
}

/// Past the spaces `lopdf` skips between the tokens of a content stream.
fn skip_space(content: &[u8], mut at: usize) -> usize {
    while content
        .get(at)
        .is_some_and(|byte| matches!(byte, b' ' | b'\t' | b'\r' | b'\n'))
    {
        at += 1;
    }
    at
}

/// The end of the operand at `at`: a number, a name, a string or an array of numbers and
/// strings.
fn operand_end(content: &[u8], at: usize) -> Option<usize> {
    match content[at] {
        b'/' => name_end(content, at),
        b'(' => string_end(content, at),
        b'<' => hex_string_end(content, at),
        b'[' => array_end(content, at),
        _ => number_end(content, at),
    }
}

/// The end of a number as `lopdf` reads one, a real before an integer: `[+-]` then digits with
/// an optional fraction, or a fraction alone (`.5`).
fn number_end(content: &[u8], at: usize) -> Option<usize> {
    let digits = |from: usize| {
        content.get(from..).map_or(0, |rest| {
            rest.iter().take_while(|byte| byte.is_ascii_digit()).count()
        })
    };
    let mut end = at + usize::from(matches!(content[at], b'+' | b'-'));
    let whole = digits(end);
    end += whole;
    if content.get(end) == Some(&b'.') {
        let fraction = digits(end + 1);
        if whole > 0 || fraction > 0 {
            return Some(end + 1 + fraction);
        }
    }
    (whole > 0).then_some(end)
}

/// The end of a name: `/` then regular bytes. A `#` escape ends the scan.
fn name_end(content: &[u8], at: usize) -> Option<usize> {
    let end = at
        + 1
        + content[at + 1..]
            .iter()
            .take_while(|byte| is_regular(**byte) && **byte != b'#')
            .count();
    (content.get(end) != Some(&b'#')).then_some(end)
}

/// Neither whitespace nor a delimiter, as `lopdf` has them.
fn is_regular(byte: u8) -> bool {
    !matches!(
        byte,
        b' ' | b'\t'
            | b'\n'
            | b'\r'
            | 0
            | 0x0C
            | b'('
            | b')'
            | b'<'
            | b'>'
            | b'['
            | b']'
            | b'{'
            | b'}'
            | b'/'
            | b'%'
    )
}

/// The end of a literal string: balanced parentheses, a backslash escaping the byte after it.
fn string_end(content: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0;
    let mut index = at;
    while let Some(&byte) = content.get(index) {
        match byte {
            b'\\' => index += 1,
            b'(' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return None;
                }
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index + 1);
                }
            }
            _ => {}
        }
        index += 1;
    }
    None
}

/// The end of a hexadecimal string: hex digits and whitespace between `<` and `>`.
fn hex_string_end(content: &[u8], at: usize) -> Option<usize> {
    let mut index = at + 1;
    while let Some(&byte) = content.get(index) {
        match byte {
            b'>' => return Some(index + 1),
            byte if byte.is_ascii_hexdigit()
                || matches!(byte, b' ' | b'\t' | b'\n' | b'\r' | 0 | 0x0C) => {}
            _ => return None,
        }
        index += 1;
    }
    None
}

/// The end of an array of numbers and strings (a `TJ` operand), possibly nested.
fn array_end(content: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0;
    let mut index = at;
    while let Some(&byte) = content.get(index) {
        index = match byte {
            b'[' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return None;
                }
                index + 1
            }
            b']' => {
                depth -= 1;
                if depth == 0 {
                    return Some(index + 1);
                }
                index + 1
            }
            b' ' | b'\t' | b'\n' | b'\r' => index + 1,
            b'(' => string_end(content, index)?,
            b'<' => hex_string_end(content, index)?,
            _ => number_end(content, index)?,
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use pdf_extract::content::{Content, Operation};

    use super::*;

    /// The operations a stream decodes to.
    fn operations(content: &[u8]) -> Vec<Operation> {
        Content::decode(content).expect("content").operations
    }

    /// What decoding, spelling out and encoding does, as the operations it gives.
    fn decoded_rewrite(content: &[u8]) -> Vec<Operation> {
        let operations = operations(content);
        let mut spelled = Vec::new();
        for operation in operations {
            match (operation.operator.as_str(), operation.operands.as_slice()) {
                ("'", [text]) => {
                    spelled.push(Operation::new("T*", vec![]));
                    spelled.push(Operation::new("Tj", vec![text.clone()]));
                }
                ("\"", [word, character, text]) => {
                    spelled.push(Operation::new("Tw", vec![word.clone()]));
                    spelled.push(Operation::new("Tc", vec![character.clone()]));
                    spelled.push(Operation::new("T*", vec![]));
                    spelled.push(Operation::new("Tj", vec![text.clone()]));
                }
                _ => spelled.push(operation),
            }
        }
        spelled
    }

    fn same_operations(left: &[Operation], right: &[Operation]) -> bool {
        left.len() == right.len()
            && left.iter().zip(right).all(|(left, right)| {
                left.operator == right.operator && left.operands == right.operands
            })
    }

    #[test]
    fn quotes_are_spelled_out_as_the_decoded_rewrite_spells_them() {
        let streams: &[&[u8]] = &[
            b"BT /F1 12 Tf 14 TL (one) Tj (two)' 1 0.5 (three)\" ET",
            b"BT\n(a)'(b)'\r\n[(x) -250 (y)] TJ (p\\)q(r)s)' <48 65 6c>' .5 -3. (z)\"T* ET",
            b"  BT 0 0 Td(it's) Tj (don't)' /Name'x 3 Tf ET  ",
            b"q 1 0 0 1 72 720 cm BT (no quotes) Tj ET Q",
            b"BT (one operand too many) (x)' 1 (two operands)\" ET",
        ];
        for content in streams {
            let expected = decoded_rewrite(content);
            let got = match spell_out(content) {
                Scan::Rewritten(rewritten) => operations(&rewritten),
                Scan::Unchanged => operations(content),
                Scan::Unreadable => panic!("{}", String::from_utf8_lossy(content)),
            };
            assert!(
                same_operations(&got, &expected),
                "{}:\n{got:?}\n{expected:?}",
                String::from_utf8_lossy(content)
            );
        }
        assert_eq!(spell_out(streams[3]), Scan::Unchanged);
        assert!(matches!(spell_out(streams[0]), Scan::Rewritten(_)));
    }

    #[test]
    fn tokens_it_does_not_read_leave_the_stream_to_the_decoder() {
        for content in [
            &b"/P <</MCID 0>> BDC (x)' EMC"[..],
            b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI (x)'",
            b"% a comment\n(x)'",
            b"true (x)'",
            b"/A#20B (x)'",
            b"(unbalanced (x)'",
            b"(x) 12",
        ] {
            assert_eq!(
                spell_out(content),
                Scan::Unreadable,
                "{}",
                String::from_utf8_lossy(content)
            );
        }
    }

    #[test]
    fn ghostscripts_lines_are_spelled_out_in_their_bytes() {
        let bytes = include_bytes!("../../../../tests/fixtures/pdf/ghostscript.pdf");
        let document = pdf_extract::Document::load_mem(bytes).expect("a PDF");
        let mut rewritten = 0;
        for page in document.get_pages().into_values() {
            let content = document.get_page_content(page).expect("page content");
            let expected = decoded_rewrite(&content);
            let Scan::Rewritten(spelled) = spell_out(&content) else {
                panic!("page {page:?} was not rewritten in its bytes");
            };
            assert!(same_operations(&operations(&spelled), &expected));
            rewritten += 1;
        }
        assert_eq!(rewritten, 3);
    }
}
