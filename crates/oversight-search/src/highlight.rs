//! Highlighting whole passages: the text HTML-escaped, every word whose stem the query searches
//! for (alone or in a pair of common words) wrapped in `<mark>`, for reading a document with its
//! matches.

use std::collections::HashSet;
use std::ops::Range;

use oversight_schema::analyzer;
use tantivy::query::Query;
use tantivy::schema::Field;

/// The stems a query looks for in `field`.
pub fn query_stems(query: &dyn Query, field: Field) -> HashSet<String> {
    let mut stems = HashSet::new();
    query.query_terms(&mut |term, _| {
        if term.field() == field
            && let Some(text) = term.value().as_str()
        {
            stems.insert(text.to_string());
        }
    });
    stems
}

/// `text`, escaped, with the words whose stems are in `stems` marked; a pair of common words in
/// `stems` ([`oversight_schema::common_grams`]) marks both words, and overlapping marks join.
pub fn highlight(text: &str, stems: &HashSet<String>) -> String {
    let mut marks: Vec<Range<usize>> = Vec::new();
    if !stems.is_empty() {
        let mut stemmer = analyzer::stemmed();
        let mut stream = stemmer.token_stream(text);
        while let Some(token) = stream.next() {
            if !stems.contains(&token.text) {
                continue;
            }
            match marks.last_mut() {
                Some(last) if token.offset_from < last.end => {
                    last.end = last.end.max(token.offset_to);
                }
                _ => marks.push(token.offset_from..token.offset_to),
            }
        }
    }
    let mut html = String::with_capacity(text.len() + text.len() / 8);
    let mut written = 0;
    for mark in marks {
        html.push_str(&html_escape::encode_text(&text[written..mark.start]));
        html.push_str("<mark>");
        html.push_str(&html_escape::encode_text(&text[mark.clone()]));
        html.push_str("</mark>");
        written = mark.end;
    }
    html.push_str(&html_escape::encode_text(&text[written..]));
    html
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stemmed_forms_are_marked_and_markup_is_escaped() {
        let stems: HashSet<String> = ["victim".to_string()].into_iter().collect();
        let html = highlight("<b>Victims</b> & a victim's code", &stems);
        assert_eq!(
            html,
            "&lt;b&gt;<mark>Victims</mark>&lt;/b&gt; &amp; a <mark>victim</mark>'s code"
        );
    }

    #[test]
    fn a_phrase_of_common_words_is_one_mark() {
        let stems: HashSet<String> = ["of the", "the polic"]
            .into_iter()
            .map(String::from)
            .collect();
        let html = highlight("Report of the Police; one of them", &stems);
        assert_eq!(html, "Report <mark>of the Police</mark>; one of them");
    }

    #[test]
    fn without_stems_the_text_is_only_escaped() {
        assert_eq!(
            highlight("<script>x</script>", &HashSet::new()),
            "&lt;script&gt;x&lt;/script&gt;"
        );
    }
}
