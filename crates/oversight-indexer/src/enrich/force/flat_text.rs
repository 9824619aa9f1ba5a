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
        let mut text = String::with_capacity(original.len());
        let mut jumps = Vec::new();
        let mut run_start = None;
        let mut newlines = 0;
        let mut close_run = |text: &mut String, start: usize, end: usize, newlines: usize| {
            let replacement = if newlines > 1 { '\n' } else { ' ' };
            text.push(replacement);
            if end - start != 1 {
                jumps.push((text.len(), end));
            }
        };
        for (index, c) in original.char_indices() {
            if c.is_whitespace() {
                if run_start.is_none() {
                    run_start = Some(index);
                    newlines = 0;
                }
                newlines += usize::from(c == '\n');
                continue;
            }
            if let Some(start) = run_start.take() {
                close_run(&mut text, start, index, newlines);
            }
            text.push(c);
        }
        if let Some(start) = run_start {
            close_run(&mut text, start, original.len(), newlines);
        }
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
}
