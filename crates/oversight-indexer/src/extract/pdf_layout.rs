//! Page layout: from the glyphs a PDF page places to its lines of text in reading order.
//!
//! PDF content streams say where each glyph goes, not which words, lines or columns they make,
//! and writers emit them in any order (row by row across two columns, headers after the body,
//! words placed one by one without space characters). So the glyphs are regrouped by position:
//! into rows by baseline, rows into segments at wide gaps, and runs of rows split by a common
//! gutter into columns read one after the other. Table rows keep their cells on one line,
//! separated by tabs, which the line parser turns into ` | ` cells. A blank line marks a wider
//! gap or a change of type size, which is how paragraphs and headings show in print.

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

/// A gap wider than this (in ems of the larger glyph) between two glyphs of a row is a space.
const SPACE_GAP_EMS: f64 = 0.15;
/// A gap wider than this splits a row into segments: table cells, or the two sides of a gutter.
const SEGMENT_GAP_EMS: f64 = 2.0;
/// Glyphs whose baselines are closer than this (in ems of the smaller glyph) share a row.
const SAME_ROW_EMS: f64 = 0.4;
/// A drop between baselines larger than this (in ems of the larger line) ends a paragraph.
const PARAGRAPH_GAP_EMS: f64 = 1.5;
/// Consecutive lines whose type sizes differ by more than this ratio are set apart (headings).
const SIZE_CHANGE_RATIO: f64 = 1.08;
/// A column gutter is at least this many ems of body text wide ...
const MIN_GUTTER_EMS: f64 = 1.2;
/// ... lies in the middle half of the text's width ...
const GUTTER_BAND: (f64, f64) = (0.25, 0.75);
/// ... and has at least this many rows of text on each side ...
const MIN_COLUMN_ROWS: usize = 3;
/// ... whose segments are, on average, at least this fraction of the text's width (prose, not
/// the cells of a table).
const MIN_COLUMN_FILL: f64 = 0.3;

/// One glyph as placed on the page, in points from the page's lower left corner.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    /// Its advance: where the next glyph would start.
    width: f64,
    size: f64,
    text: String,
}

impl Glyph {
    fn is_space(&self) -> bool {
        self.text.chars().all(char::is_whitespace)
    }
}

/// Collects the glyphs of one page from `pdf_extract`'s content-stream interpreter.
#[derive(Debug, Default)]
pub(super) struct PageGlyphs {
    glyphs: Vec<Glyph>,
}

impl OutputDev for PageGlyphs {
    fn begin_page(
        &mut self,
        _page_num: u32,
        _media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.glyphs.clear();
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        // The text rendering matrix maps text space to the page: its translation is the
        // glyph's origin, the lengths of its rows the horizontal and vertical scale.
        let scale_x = trm.m11.hypot(trm.m12);
        let scale_y = trm.m21.hypot(trm.m22);
        let glyph = Glyph {
            x: trm.m31,
            y: trm.m32,
            width: width * font_size * scale_x,
            size: (font_size * scale_y).abs(),
            text: typed_text(char),
        };
        let finite = [glyph.x, glyph.y, glyph.width, glyph.size]
            .iter()
            .all(|value| value.is_finite());
        if finite && glyph.size > 0.0 && !glyph.text.is_empty() {
            self.glyphs.push(glyph);
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

/// A glyph's text as a reader would type it: without control characters, and with the Latin
/// ligatures of Unicode's presentation forms spelled out letter by letter, as `pdftotext`
/// does. Fonts that have those characters in their character map (Carlito, DejaVu, the URW
/// fonts) make Chromium and Ghostscript map ligature glyphs to them, and a search for
/// "officers" must find "oﬃcers". Glyphs mapped to several letters (`ffi` for one glyph, as
/// LibreOffice writes) come as those letters already.
fn typed_text(decoded: &str) -> String {
    let mut text = String::with_capacity(decoded.len());
    for character in decoded.chars() {
        match character {
            '\u{FB00}' => text.push_str("ff"),
            '\u{FB01}' => text.push_str("fi"),
            '\u{FB02}' => text.push_str("fl"),
            '\u{FB03}' => text.push_str("ffi"),
            '\u{FB04}' => text.push_str("ffl"),
            '\u{FB05}' | '\u{FB06}' => text.push_str("st"),
            control if control.is_control() => {}
            other => text.push(other),
        }
    }
    text
}

/// A run of glyphs of a row with no wide gap inside.
#[derive(Debug, Clone)]
struct Segment {
    left: f64,
    right: f64,
    text: String,
}

/// The glyphs that share a baseline.
#[derive(Debug, Clone)]
struct Row {
    y: f64,
    size: f64,
    segments: Vec<Segment>,
}

/// A line of output text with where it stood.
#[derive(Debug)]
struct Line {
    y: f64,
    size: f64,
    text: String,
    /// Whether it starts a new flow of text (a column), so that it is set apart.
    starts_flow: bool,
}

impl PageGlyphs {
    /// The page's text: lines in reading order, paragraphs separated by blank lines.
    pub(super) fn into_text(self) -> String {
        let rows = rows(self.glyphs);
        let lines = reading_order(&rows);
        let mut text = String::new();
        let mut previous: Option<&Line> = None;
        for line in &lines {
            if let Some(previous) = previous {
                text.push('\n');
                if line.starts_flow || sets_apart(previous, line) {
                    text.push('\n');
                }
            }
            text.push_str(&line.text);
            previous = Some(line);
        }
        text
    }
}

/// Whether a blank line belongs between two consecutive lines of one flow.
fn sets_apart(previous: &Line, line: &Line) -> bool {
    let drop = previous.y - line.y;
    let larger = previous.size.max(line.size);
    let smaller = previous.size.min(line.size);
    drop < 0.0 || drop > PARAGRAPH_GAP_EMS * larger || larger > SIZE_CHANGE_RATIO * smaller
}

/// Groups glyphs into rows by baseline, top to bottom, each cut into segments at wide gaps.
fn rows(mut glyphs: Vec<Glyph>) -> Vec<Row> {
    glyphs.sort_by(|left, right| right.y.total_cmp(&left.y).then(left.x.total_cmp(&right.x)));
    let mut rows = Vec::new();
    let mut current: Vec<Glyph> = Vec::new();
    for glyph in glyphs {
        let joins = current.first().is_some_and(|first| {
            (first.y - glyph.y).abs() <= SAME_ROW_EMS * first.size.min(glyph.size)
        });
        if !joins && !current.is_empty() {
            rows.extend(row(std::mem::take(&mut current)));
        }
        current.push(glyph);
    }
    rows.extend(row(current));
    rows
}

/// Orders one row's glyphs left to right and cuts them into segments.
fn row(mut glyphs: Vec<Glyph>) -> Option<Row> {
    glyphs.sort_by(|left, right| left.x.total_cmp(&right.x));
    let mut segments: Vec<Segment> = Vec::new();
    let mut size: f64 = 0.0;
    let mut y = 0.0;
    let mut pending_space = false;
    let mut last: Option<&Glyph> = None;
    for glyph in &glyphs {
        if glyph.is_space() {
            pending_space = true;
            continue;
        }
        if last.is_some_and(|last| is_overprint(last, glyph)) {
            continue;
        }
        match (segments.last_mut(), last) {
            (Some(segment), Some(last)) => {
                let em = last.size.max(glyph.size);
                let gap = glyph.x - segment.right;
                if gap > SEGMENT_GAP_EMS * em {
                    segments.push(segment_of(glyph));
                } else {
                    if pending_space || gap > SPACE_GAP_EMS * em {
                        segment.text.push(' ');
                    }
                    segment.text.push_str(&glyph.text);
                    segment.right = segment.right.max(glyph.x + glyph.width);
                }
            }
            _ => segments.push(segment_of(glyph)),
        }
        if glyph.size > size {
            size = glyph.size;
            y = glyph.y;
        }
        pending_space = false;
        last = Some(glyph);
    }
    (!segments.is_empty()).then_some(Row { y, size, segments })
}

fn segment_of(glyph: &Glyph) -> Segment {
    Segment {
        left: glyph.x,
        right: glyph.x + glyph.width,
        text: glyph.text.clone(),
    }
}

/// The same glyph drawn again almost on top of the last one: fake bold, or a shadow.
fn is_overprint(last: &Glyph, glyph: &Glyph) -> bool {
    last.text == glyph.text && (glyph.x - last.x).abs() < 0.2 * glyph.size
}

/// Lines in reading order: rows top to bottom, except that a run of rows split by a column
/// gutter is read left column first, then right column.
fn reading_order(rows: &[Row]) -> Vec<Line> {
    let Some((left, right)) = text_extent(rows) else {
        return Vec::new();
    };
    let width = right - left;
    let band = (left + GUTTER_BAND.0 * width, left + GUTTER_BAND.1 * width);
    let mut lines = Vec::new();
    let mut index = 0;
    let mut new_flow = false;
    while index < rows.len() {
        if let Some((end, gutter)) = column_run(rows, index, band, width) {
            for side in [Side::Left, Side::Right] {
                let mut starts_flow = true;
                for row in &rows[index..end] {
                    if let Some(line) = line_of(row, Some((gutter, side)), starts_flow) {
                        lines.push(line);
                        starts_flow = false;
                    }
                }
            }
            index = end;
            new_flow = true;
        } else {
            lines.extend(line_of(&rows[index], None, new_flow));
            index += 1;
            new_flow = false;
        }
    }
    lines
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Left,
    Right,
}

fn side_of(segment: &Segment, gutter: f64) -> Side {
    if segment.right <= gutter {
        Side::Left
    } else {
        Side::Right
    }
}

/// The row's segments (those on one side of a gutter, when given) as one line, tab-separated.
fn line_of(row: &Row, column: Option<(f64, Side)>, starts_flow: bool) -> Option<Line> {
    let cells: Vec<&str> = row
        .segments
        .iter()
        .filter(|segment| column.is_none_or(|(gutter, side)| side_of(segment, gutter) == side))
        .map(|segment| segment.text.as_str())
        .collect();
    (!cells.is_empty()).then(|| Line {
        y: row.y,
        size: row.size,
        text: cells.join("\t"),
        starts_flow,
    })
}

fn text_extent(rows: &[Row]) -> Option<(f64, f64)> {
    let segments = rows.iter().flat_map(|row| &row.segments);
    let left = segments
        .clone()
        .map(|segment| segment.left)
        .reduce(f64::min)?;
    let right = segments.map(|segment| segment.right).reduce(f64::max)?;
    (right > left).then_some((left, right))
}

/// The rows from `start` on that a common gutter splits into two columns of prose: the end of
/// the run and the gutter's position. The first row must have text on both sides.
fn column_run(rows: &[Row], start: usize, band: (f64, f64), width: f64) -> Option<(usize, f64)> {
    let first = &rows[start];
    if first.segments.len() < 2 {
        return None;
    }
    let min_gutter = MIN_GUTTER_EMS * first.size;
    let mut free = free_intervals(first, band, min_gutter);
    let mut end = start + 1;
    while let Some(next) = rows.get(end) {
        let narrowed = intersect(&free, &free_intervals(next, band, min_gutter), min_gutter);
        if narrowed.is_empty() {
            break;
        }
        free = narrowed;
        end += 1;
    }
    let (gap_left, gap_right) = free
        .iter()
        .copied()
        .max_by(|left, right| (left.1 - left.0).total_cmp(&(right.1 - right.0)))?;
    let gutter = (gap_left + gap_right) / 2.0;
    let run = &rows[start..end];
    let both_sides = [Side::Left, Side::Right].iter().all(|side| {
        first
            .segments
            .iter()
            .any(|segment| side_of(segment, gutter) == *side)
    });
    let prose = [Side::Left, Side::Right]
        .iter()
        .all(|side| is_prose_column(run, gutter, *side, width));
    (both_sides && prose).then_some((end, gutter))
}

/// Whether one side of a run holds enough rows of wide segments to be a column of text.
fn is_prose_column(run: &[Row], gutter: f64, side: Side, width: f64) -> bool {
    let widths: Vec<f64> = run
        .iter()
        .flat_map(|row| &row.segments)
        .filter(|segment| side_of(segment, gutter) == side)
        .map(|segment| segment.right - segment.left)
        .collect();
    let rows_with_text = run
        .iter()
        .filter(|row| {
            row.segments
                .iter()
                .any(|segment| side_of(segment, gutter) == side)
        })
        .count();
    let mean = widths.iter().sum::<f64>() / widths.len().max(1) as f64;
    rows_with_text >= MIN_COLUMN_ROWS && mean >= MIN_COLUMN_FILL * width
}

/// The parts of `band` that none of the row's segments cover, at least `min_width` wide.
fn free_intervals(row: &Row, band: (f64, f64), min_width: f64) -> Vec<(f64, f64)> {
    let mut free = vec![band];
    for segment in &row.segments {
        free = free
            .into_iter()
            .flat_map(|(from, to)| [(from, segment.left.min(to)), (segment.right.max(from), to)])
            .filter(|(from, to)| to - from >= min_width)
            .collect();
    }
    free
}

fn intersect(left: &[(f64, f64)], right: &[(f64, f64)], min_width: f64) -> Vec<(f64, f64)> {
    left.iter()
        .flat_map(|a| right.iter().map(move |b| (a.0.max(b.0), a.1.min(b.1))))
        .filter(|(from, to)| to - from >= min_width)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Glyphs of `text` set from (`x`, `y`) at `size` points, half an em per character.
    fn word(x: f64, y: f64, size: f64, text: &str) -> Vec<Glyph> {
        text.chars()
            .enumerate()
            .map(|(index, character)| Glyph {
                x: x + index as f64 * size * 0.5,
                y,
                width: size * 0.5,
                size,
                text: character.to_string(),
            })
            .collect()
    }

    fn page(glyphs: Vec<Vec<Glyph>>) -> String {
        PageGlyphs {
            glyphs: glyphs.into_iter().flatten().collect(),
        }
        .into_text()
    }

    #[test]
    fn words_placed_apart_get_spaces_and_rows_come_top_down() {
        let text = page(vec![
            word(70.0, 700.0, 10.0, "second"),
            word(50.0, 713.0, 10.0, "first"),
            word(78.0, 713.0, 10.0, "line"),
            word(50.0, 700.0, 10.0, "the"),
        ]);
        assert_eq!(text, "first line\nthe second");
    }

    #[test]
    fn wide_gaps_make_cells_and_larger_drops_make_paragraphs() {
        let text = page(vec![
            word(50.0, 700.0, 10.0, "Role"),
            word(250.0, 700.0, 10.0, "FTE"),
            word(50.0, 650.0, 10.0, "After"),
        ]);
        assert_eq!(text, "Role\tFTE\n\nAfter");
    }

    #[test]
    fn ligature_characters_are_spelled_out_and_controls_dropped() {
        assert_eq!(typed_text("o\u{FB03}cers"), "officers");
        assert_eq!(typed_text("sta\u{FB00}\u{0}"), "staff");
        assert_eq!(
            typed_text("\u{FB02}ow \u{FB01}nancial e\u{FB04}uent \u{FB06}"),
            "flow financial effluent st"
        );
        assert_eq!(typed_text("ffi"), "ffi");
    }

    #[test]
    fn overprinted_glyphs_count_once() {
        let mut glyphs = word(50.0, 700.0, 10.0, "Bold");
        glyphs.extend(word(50.4, 700.0, 10.0, "Bold"));
        assert_eq!(page(vec![glyphs]), "Bold");
    }
}
