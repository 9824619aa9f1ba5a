//! Text with its layout whitespace flattened, so that a name broken by a PDF's layout or a line
//! break ("South\nWales", "Police and  Crime Panel") reads as one phrase, and offsets back to the
//! original text for evidence.

/// A text whose runs of whitespace are one space, or one line break where the run held more than
/// one (a paragraph break stays a break).
pub struct FlatText {
    /// The flattened text.
    pub text: String,
    /// `(flat offset, original offset)` after every run whose length changed, in order.
    jumps: Vec<(usize, usize)>,
}

impl FlatText {
    /// Flattens `original`.
    pub fn new(original: &str) -> FlatText {
        let bytes = original.as_bytes();
        let mut text = String::with_capacity(original.len());
        let mut jumps = Vec::new();
        // The text between runs is copied a span at a time, and a lone space, which stays as it
        // is, is not even looked at: only where a run may need rewriting.
        let mut copied = 0;
        let mut index = 0;
        while let Some(found) = next_to_rewrite(bytes, index) {
            index = found;
            let mut width = whitespace_width(original, index);
            if width == 0 {
                index += 1;
                continue;
            }
            text.push_str(&original[copied..index]);
            let start = index;
            let mut newlines = 0;
            while width > 0 {
                newlines += usize::from(bytes[index] == b'\n');
                index += width;
                width = whitespace_width(original, index);
            }
            text.push(if newlines > 1 { '\n' } else { ' ' });
            if index - start != 1 {
                jumps.push((text.len(), index));
            }
            copied = index;
        }
        text.push_str(&original[copied..]);
        FlatText { text, jumps }
    }

    /// The offset in the original text of `flat`, an offset of the flattened one.
    pub fn original(&self, flat: usize) -> usize {
        let index = self.jumps.partition_point(|(jump, _)| *jump <= flat);
        match index.checked_sub(1).and_then(|index| self.jumps.get(index)) {
            Some((jump, original)) => original + (flat - jump),
            None => flat,
        }
    }
}

/// How many bytes are tested at once for one that needs a closer look.
const CHUNK: usize = 32;

/// The first position from `from` on where a run of whitespace other than one space may start:
/// ASCII whitespace but a space, a lead byte of other whitespace (U+0085, U+00A0, U+1680, U+2000
/// to U+205F, U+3000, all led by `0xC2` or more), or a space before any of these or another space.
/// Every such run starts at the first position this gives past the previous one.
fn next_to_rewrite(bytes: &[u8], mut from: usize) -> Option<usize> {
    while let Some(window) = bytes
        .get(from..from + CHUNK + 1)
        .and_then(|window| <&[u8; CHUNK + 1]>::try_from(window).ok())
    {
        // Without an early exit, so that the test compiles to vector instructions.
        let mut any = false;
        for index in 0..CHUNK {
            any |= may_start_run(window[index], window[index + 1]);
        }
        if any {
            break;
        }
        from += CHUNK;
    }
    (from..bytes.len())
        .find(|&index| may_start_run(bytes[index], bytes.get(index + 1).copied().unwrap_or(0)))
}

/// Whether a run of whitespace that needs rewriting may start at a byte followed by `next`.
#[inline]
fn may_start_run(byte: u8, next: u8) -> bool {
    let other_whitespace = |byte: u8| byte.wrapping_sub(0x09) < 5 || byte >= 0xC2;
    other_whitespace(byte) || (byte == b' ' && (next == b' ' || other_whitespace(next)))
}

/// The length in bytes of the whitespace character at `index` of `text`, or 0 when none starts
/// there (past the end, or any other byte). Whitespace is what `char::is_whitespace` says; outside
/// ASCII only a few lead bytes can begin it.
#[inline]
fn whitespace_width(text: &str, index: usize) -> usize {
    let Some(&byte) = text.as_bytes().get(index) else {
        return 0;
    };
    match byte {
        0x09..=0x0D | b' ' => 1,
        0xC2 | 0xE1 | 0xE2 | 0xE3 => text
            .get(index..)
            .and_then(|rest| rest.chars().next())
            .filter(|c| c.is_whitespace())
            .map_or(0, char::len_utf8),
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_whitespace_is_one_space_and_offsets_map_back() {
        let original = "A South\n  Wales\u{a0}Police\n\n\nnext";
        let flat = FlatText::new(original);
        assert_eq!(flat.text, "A South Wales Police\nnext");
        let wales = flat.text.find("Wales").expect("Wales");
        assert_eq!(
            &original[flat.original(wales)..flat.original(wales) + 5],
            "Wales"
        );
        let next = flat.text.find("next").expect("next");
        assert_eq!(&original[flat.original(next)..], "next");
        assert_eq!(flat.original(0), 0);
    }

    /// The flattening as its definition states it, one character at a time.
    fn flattened_by_chars(original: &str) -> (String, Vec<(usize, usize)>) {
        let mut text = String::new();
        let mut jumps = Vec::new();
        let mut chars = original.char_indices().peekable();
        while let Some((start, c)) = chars.next() {
            if !c.is_whitespace() {
                text.push(c);
                continue;
            }
            let mut newlines = usize::from(c == '\n');
            let mut end = start + c.len_utf8();
            while let Some(&(index, next)) = chars.peek() {
                if !next.is_whitespace() {
                    break;
                }
                newlines += usize::from(next == '\n');
                end = index + next.len_utf8();
                chars.next();
            }
            text.push(if newlines > 1 { '\n' } else { ' ' });
            if end - start != 1 {
                jumps.push((text.len(), end));
            }
        }
        (text, jumps)
    }

    #[test]
    fn every_kind_of_whitespace_flattens_as_char_is_whitespace_says() {
        let texts = [
            "",
            " ",
            "\n\n",
            "plain",
            "  leading and trailing  ",
            "tab\tvertical\u{b}feed\u{c}return\r\nline",
            "one\nbreak, two\n\nbreaks, three\r\n\r\n\r\nbreaks",
            "non\u{a0}breaking\u{85}next\u{1680}ogham\u{2003}em\u{2028}line\u{202f}narrow\u{3000}wide",
            "not whitespace: \u{1c}\u{1f}\u{200b}\u{feff} café – “quoted” 香港",
            "South\u{a0}\n Wales\u{2009}\u{2009}Police\n",
        ];
        // Runs at every offset of the blocks the scan tests at once, and across their edges.
        let mut shifted = Vec::new();
        for run in ["  ", " \n", "\t", "\u{a0}", " \u{2003}", " é", "\n\n"] {
            for offset in 0..2 * CHUNK + 2 {
                shifted.push(format!("{}{run}y z{run}", "x".repeat(offset)));
            }
        }
        for original in texts.into_iter().chain(shifted.iter().map(String::as_str)) {
            let flat = FlatText::new(original);
            let (text, jumps) = flattened_by_chars(original);
            assert_eq!(flat.text, text, "{original:?}");
            assert_eq!(flat.jumps, jumps, "{original:?}");
        }
    }
}
