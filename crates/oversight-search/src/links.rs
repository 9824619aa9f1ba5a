//! The API addresses an answer links to, so that a client follows a hit to its document and
//! passage without building paths of its own.

/// The API's path prefix.
pub const API_PREFIX: &str = "/api/v1";

/// The address of a document's view: metadata with evidence and the outline of its passages.
pub fn document_url(doc_id: &str) -> String {
    format!("{API_PREFIX}/documents/{doc_id}")
}

/// The address of one passage of a document, in full.
pub fn passage_url(doc_id: &str, ordinal: u64) -> String {
    format!("{API_PREFIX}/documents/{doc_id}/passages/{ordinal}")
}

/// The address of the original file a document was indexed from.
pub fn original_url(doc_id: &str) -> String {
    format!("{API_PREFIX}/documents/{doc_id}/original")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_under_the_api_prefix() {
        assert_eq!(
            document_url("25322eb33bcda814"),
            "/api/v1/documents/25322eb33bcda814"
        );
        assert_eq!(
            passage_url("25322eb33bcda814", 7),
            "/api/v1/documents/25322eb33bcda814/passages/7"
        );
        assert_eq!(
            original_url("25322eb33bcda814"),
            "/api/v1/documents/25322eb33bcda814/original"
        );
    }
}
