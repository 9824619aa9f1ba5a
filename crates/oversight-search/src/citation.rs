//! How a document or one of its passages is cited: the body that published it as the document
//! names it, its date in words, the passage's item and page, its permanent link and the
//! original's address.

use oversight_schema::model::DocumentMeta;
use oversight_schema::vocab::Vocabulary;
use serde::Serialize;

use crate::response::PassageLocation;

/// A citation to copy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Citation {
    /// The citation in words: `Warwickshire Police and Crime Panel, 26 September 2014, item 8,
    /// p. 12`. The publisher is the force's body as the document names it (or the force's name;
    /// the title for a document of no force), then the date, item and page when known.
    pub text: String,
    /// The page's address of the document, or of the passage in it (`/documents/{id}#p-{n}`).
    /// It holds while the document's content is unchanged: the id is the content's and the
    /// ordinal the passage's place in it.
    pub permalink: String,
    /// Where the original was published, when the corpus manifest says.
    pub source_url: Option<String>,
}

impl Citation {
    /// The citation of a document, or of its passage at `location`.
    pub(crate) fn of(
        meta: &DocumentMeta,
        vocabulary: &Vocabulary,
        location: Option<&PassageLocation>,
    ) -> Citation {
        let mut parts = vec![publisher(meta, vocabulary)];
        if let Some(date) = &meta.date {
            parts.push(date.to_string());
        }
        let mut permalink = format!("/documents/{}", meta.doc_id);
        if let Some(location) = location {
            if let Some(item) = location.item.as_deref().and_then(item_words) {
                parts.push(item);
            }
            if let Some(page) = location.page {
                parts.push(format!("p. {page}"));
            }
            permalink.push_str(&format!("#p-{}", location.ordinal));
        }
        Citation {
            text: parts.join(", "),
            permalink,
            source_url: meta.source_url.clone(),
        }
    }
}

/// Who published the document: the longest of its force's names found where the indexer read
/// the force, spelt as the document spells it; the force's name when none is there; the title
/// for a document of no force.
fn publisher(meta: &DocumentMeta, vocabulary: &Vocabulary) -> String {
    let Some(force) = meta
        .force
        .as_deref()
        .and_then(|slug| vocabulary.force(slug))
    else {
        return meta.title.trim().to_string();
    };
    let Some(evidence) = &meta.evidence.force else {
        return force.name.clone();
    };
    let written = evidence.text.to_ascii_lowercase();
    force
        .aliases
        .iter()
        .chain(std::iter::once(&force.name))
        .filter_map(|name| {
            let start = written.find(&name.to_ascii_lowercase())?;
            evidence.text.get(start..start + name.len())
        })
        .max_by_key(|found| found.len())
        .map_or_else(|| force.name.clone(), str::to_string)
}

/// An agenda item as a citation says it: `item 8` for an item numbered `8` or `8. Budget`,
/// the item's own words otherwise; nothing for an empty one.
fn item_words(item: &str) -> Option<String> {
    let item = item.trim();
    if item.is_empty() {
        return None;
    }
    let rest = match item.get(..4) {
        Some(word) if word.eq_ignore_ascii_case("item") => item[4..].trim_start(),
        _ => item,
    };
    let number: String = rest
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    let number = number.trim_end_matches('.');
    if number.is_empty() {
        Some(item.to_string())
    } else {
        Some(format!("item {number}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbered_items_read_as_item_and_number() {
        assert_eq!(item_words("8").as_deref(), Some("item 8"));
        assert_eq!(item_words("8. Budget").as_deref(), Some("item 8"));
        assert_eq!(item_words("Item 12").as_deref(), Some("item 12"));
        assert_eq!(item_words("4.2 Estates").as_deref(), Some("item 4.2"));
        assert_eq!(item_words("Introduction").as_deref(), Some("Introduction"));
        assert_eq!(item_words("  ").as_deref(), None);
    }
}
