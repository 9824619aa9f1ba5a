//! Repairs, in a loaded PDF, what real producers write and `pdf_extract` misreads, before it
//! reads the pages.
//!
//! - A CID font's `/W` array gives widths in two forms, `c [w1 w2 …]` and `c_first c_last w`;
//!   `pdf_extract` reads the first and skips every range of the second, so those glyphs get
//!   the default width. Chromium writes ranges for runs of glyphs of equal width, so each
//!   piece of text ran on too far and overlapped the next one, and the layout reordered or
//!   dropped its letters ("officers" read as "oficers", "staff" as "stfa f"). The ranges are
//!   rewritten in the first form.
//! - The `'` and `"` operators (go to the next line, then show a string; `"` also sets word and
//!   character spacing) are not interpreted at all, and Ghostscript writes most lines with
//!   them, so those lines were lost. They are spelled out as `Tw`, `Tc`, `T*` and `Tj`, in the
//!   stream's bytes where [`super::pdf_quotes`] reads all of it.
//! - `ToUnicode` CMaps whose ligature ranges or odd entries would make it panic are rewritten
//!   by [`super::pdf_cmap`].

use super::pdf_cmap;
use super::pdf_quotes::{self, Scan};
use pdf_extract::content::{Content, Operation};
use pdf_extract::{Dictionary, Document, Object, ObjectId};

/// CIDs run from 0 to 65535: no font has more widths than this.
const MAX_CID_WIDTHS: usize = 65_536;

/// Applies the repairs to every font and content stream of the document.
pub(super) fn repair(document: &mut Document) {
    repair_cid_widths(document);
    repair_to_unicode(document);
    spell_out_quote_operators(document);
}

/// Rewrites the `ToUnicode` CMaps that `pdf_extract` would not read, of every dictionary that
/// has one (fonts, whether or not they say `/Type /Font`).
fn repair_to_unicode(document: &mut Document) {
    let cmaps: Vec<ObjectId> = document
        .objects
        .values()
        .filter_map(|object| object.as_dict().ok())
        .filter_map(|font| font.get(b"ToUnicode").and_then(Object::as_reference).ok())
        .collect();
    for id in cmaps {
        let Ok(stream) = document.get_object_mut(id).and_then(Object::as_stream_mut) else {
            continue;
        };
        let Ok(cmap) = stream.decompressed_content() else {
            continue;
        };
        if let Some(cmap) = pdf_cmap::rewritten(&cmap) {
            stream.set_plain_content(cmap);
        }
    }
}

/// Rewrites the `/W` array of every CID font in the `c [w1 w2 …]` form only.
fn repair_cid_widths(document: &mut Document) {
    let fonts: Vec<ObjectId> = document
        .objects
        .iter()
        .filter(|(_, object)| object.as_dict().is_ok_and(is_cid_font))
        .map(|(id, _)| *id)
        .collect();
    for id in fonts {
        let Some(widths) = document
            .get_object(id)
            .and_then(Object::as_dict)
            .and_then(|font| font.get_deref(b"W", document))
            .and_then(Object::as_array)
            .ok()
            .map(|entries| explicit_widths(document, entries))
        else {
            continue;
        };
        if let Ok(font) = document.get_object_mut(id).and_then(Object::as_dict_mut) {
            font.set("W", Object::Array(widths));
        }
    }
}

fn is_cid_font(dictionary: &Dictionary) -> bool {
    dictionary
        .get(b"Subtype")
        .and_then(Object::as_name)
        .is_ok_and(|subtype| subtype == b"CIDFontType0" || subtype == b"CIDFontType2")
}

/// A `/W` array with every `c_first c_last w` range written out as `c_first [w w …]`, and
/// every element a direct number. Reading stops at the first entry that is neither form.
fn explicit_widths(document: &Document, entries: &[Object]) -> Vec<Object> {
    let number = |object: &Object| -> Option<f64> {
        let object = match object {
            Object::Reference(id) => document.get_object(*id).ok()?,
            direct => direct,
        };
        object.as_float().ok().map(f64::from)
    };
    let array = |object: &Object| -> Option<Vec<f64>> {
        let object = match object {
            Object::Reference(id) => document.get_object(*id).ok()?,
            direct => direct,
        };
        object.as_array().ok()?.iter().map(number).collect()
    };
    let mut widths = Vec::new();
    let mut budget = MAX_CID_WIDTHS;
    let mut index = 0;
    while let Some(first) = entries.get(index).and_then(number) {
        let run: Vec<f64> = if let Some(run) = entries.get(index + 1).and_then(array) {
            index += 2;
            run
        } else if let (Some(last), Some(width)) = (
            entries.get(index + 1).and_then(number),
            entries.get(index + 2).and_then(number),
        ) {
            index += 3;
            let count = (last - first + 1.0).clamp(0.0, budget as f64) as usize;
            vec![width; count]
        } else {
            break;
        };
        if run.len() > budget || first < 0.0 {
            break;
        }
        budget -= run.len();
        widths.push(Object::Integer(first as i64));
        widths.push(Object::Array(
            run.into_iter()
                .map(|width| Object::Real(width as f32))
                .collect(),
        ));
    }
    widths
}

/// Rewrites the content streams of pages and form XObjects that use `'` or `"`: in their bytes
/// where [`pdf_quotes`] reads every token, else by decoding and encoding them. Each is
/// decompressed in place, which `pdf_extract` would otherwise do when it reads the page.
fn spell_out_quote_operators(document: &mut Document) {
    let pages: Vec<ObjectId> = document.get_pages().into_values().collect();
    let mut streams: Vec<ObjectId> = pages
        .into_iter()
        .flat_map(|page| document.get_page_contents(page))
        .collect();
    streams.extend(
        document
            .objects
            .iter()
            .filter(|(_, object)| {
                object.as_stream().is_ok_and(|stream| {
                    stream
                        .dict
                        .get(b"Subtype")
                        .and_then(Object::as_name)
                        .is_ok_and(|subtype| subtype == b"Form")
                })
            })
            .map(|(id, _)| *id),
    );
    for id in streams {
        let Ok(stream) = document.get_object_mut(id).and_then(Object::as_stream_mut) else {
            continue;
        };
        if stream.decompress().is_err() || !may_use_quote_operators(&stream.content) {
            continue;
        }
        match pdf_quotes::spell_out(&stream.content) {
            Scan::Unchanged => continue,
            Scan::Rewritten(content) => {
                stream.set_content(content);
                continue;
            }
            Scan::Unreadable => {}
        }
        let Ok(content) = Content::decode(&stream.content) else {
            continue;
        };
        let operations = spelled_out(content.operations);
        if let Ok(encoded) = (Content { operations }).encode() {
            stream.set_content(encoded);
        }
    }
}

/// Whether a `'` or `"` stands right after the end of a string, as the operators do. A quote
/// inside a string may match too; the stream is then only parsed for nothing.
fn may_use_quote_operators(content: &[u8]) -> bool {
    let mut last_filled = None;
    content.iter().any(|&byte| {
        let hit = matches!(byte, b'\'' | b'"') && matches!(last_filled, Some(b')' | b'>'));
        if !byte.is_ascii_whitespace() {
            last_filled = Some(byte);
        }
        hit
    })
}

/// The operations with `'` and `"` replaced by the operators they stand for.
fn spelled_out(operations: Vec<Operation>) -> Vec<Operation> {
    let mut result = Vec::with_capacity(operations.len());
    for operation in operations {
        match (operation.operator.as_str(), operation.operands.as_slice()) {
            ("'", [text]) => {
                result.push(Operation::new("T*", vec![]));
                result.push(Operation::new("Tj", vec![text.clone()]));
            }
            ("\"", [word_spacing, character_spacing, text]) => {
                result.push(Operation::new("Tw", vec![word_spacing.clone()]));
                result.push(Operation::new("Tc", vec![character_spacing.clone()]));
                result.push(Operation::new("T*", vec![]));
                result.push(Operation::new("Tj", vec![text.clone()]));
            }
            _ => result.push(operation),
        }
    }
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn width_ranges_are_written_out() {
        let document = Document::with_version("1.7");
        let entries = vec![
            Object::Integer(3),
            Object::Integer(5),
            Object::Integer(250),
            Object::Integer(7),
            Object::Array(vec![Object::Integer(500), Object::Real(333.5)]),
        ];
        let widths = explicit_widths(&document, &entries);
        assert_eq!(
            widths,
            vec![
                Object::Integer(3),
                Object::Array(vec![Object::Real(250.0); 3]),
                Object::Integer(7),
                Object::Array(vec![Object::Real(500.0), Object::Real(333.5)]),
            ]
        );
    }

    #[test]
    fn huge_or_broken_width_ranges_stop_the_reading() {
        let document = Document::with_version("1.7");
        let huge = vec![
            Object::Integer(0),
            Object::Integer(1 << 40),
            Object::Integer(1),
        ];
        let widths = explicit_widths(&document, &huge);
        let count: usize = widths
            .iter()
            .filter_map(|object| object.as_array().ok())
            .map(Vec::len)
            .sum();
        assert_eq!(count, MAX_CID_WIDTHS);
        let broken = vec![
            Object::Integer(1),
            Object::Array(vec![Object::Integer(600)]),
            Object::Name(b"x".to_vec()),
            Object::Integer(9),
        ];
        assert_eq!(explicit_widths(&document, &broken).len(), 2);
    }

    #[test]
    fn quote_operators_become_next_line_and_show() {
        let content = b"BT 14 TL (one) Tj (two)' 1 0.5 (three)\" ET";
        assert!(may_use_quote_operators(content));
        let operations = Content::decode(content).expect("content").operations;
        let operators: Vec<String> = spelled_out(operations)
            .into_iter()
            .map(|operation| operation.operator)
            .collect();
        assert_eq!(
            operators,
            ["BT", "TL", "Tj", "T*", "Tj", "Tw", "Tc", "T*", "Tj", "ET"]
        );
    }

    #[test]
    fn quotes_inside_strings_alone_need_no_rewrite() {
        assert!(!may_use_quote_operators(b"BT (the officers' report) Tj ET"));
        assert!(!may_use_quote_operators(b"BT <00660066> Tj ET"));
    }
}
