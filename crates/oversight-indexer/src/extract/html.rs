//! HTML to Markdown-ish text with `lol_html`: scripts, styles, navigation, forms and cookie banners
//! dropped; headings, paragraphs, list items and table rows kept as the line structure the rest of
//! extraction reads. Streaming, so deeply nested or huge pages cost no recursion.

use std::borrow::Cow;
use std::sync::LazyLock;

use lol_html::html_content::ContentType;
use lol_html::{RewriteStrSettings, doc_comments, doctype, element, rewrite_str};
use regex::Regex;

/// Elements whose content is never document text.
const DROPPED: &[&str] = &[
    "script", "style", "noscript", "template", "nav", "header", "footer", "form", "button",
    "select", "iframe", "svg", "canvas", "object", "embed", "link", "meta", "base",
];
/// Elements that start and end a block of text.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "main",
    "aside",
    "blockquote",
    "pre",
    "table",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "figure",
    "figcaption",
    "address",
    "hr",
    "caption",
];
/// Words in an `id` or `class` that mark cookie and consent banners.
const BANNER_WORDS: &[&str] = &[
    "cookie",
    "consent",
    "gdpr",
    "skip-link",
    "skiplink",
    "breadcrumb",
];

static BLANK_RUNS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\n[ \t]*(?:\n[ \t]*){2,}").expect("valid regex"));
static INLINE_SPACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \r\f\u{a0}]*\n[ \r\f\u{a0}]*").expect("valid regex"));

/// Why an HTML page could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HtmlError(pub String);

/// The declared character set of an HTML page's first bytes (`<meta charset=...>`).
pub fn declared_charset(head: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    static CHARSET: LazyLock<regex::bytes::Regex> = LazyLock::new(|| {
        regex::bytes::Regex::new(r#"(?i)<meta[^>]{0,200}charset\s*=\s*["']?([A-Za-z0-9_\-:.]+)"#)
            .expect("valid regex")
    });
    let head = &head[..head.len().min(4096)];
    let label = CHARSET.captures(head)?.get(1)?.as_bytes();
    encoding_rs::Encoding::for_label(label)
}

/// The text of an HTML page, with its structure as Markdown-ish lines.
pub fn html_to_text(html: &str) -> Result<String, HtmlError> {
    let element_handler = element!("*", |el| {
        let tag = el.tag_name();
        let marker = [el.get_attribute("id"), el.get_attribute("class")]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        if DROPPED.contains(&tag.as_str()) || BANNER_WORDS.iter().any(|word| marker.contains(word))
        {
            el.remove();
            return Ok(());
        }
        let level = tag
            .strip_prefix('h')
            .and_then(|digit| digit.parse::<usize>().ok())
            .filter(|level| (1..=6).contains(level));
        let (before, after): (Cow<str>, &str) = match tag.as_str() {
            _ if level.is_some() => (
                Cow::Owned(format!("\n\n{} ", "#".repeat(level.unwrap_or(1)))),
                "\n\n",
            ),
            "title" => ("\n".into(), "\n\n"),
            "br" => ("\n".into(), ""),
            "li" => ("\n- ".into(), "\n"),
            "tr" => ("\n".into(), "\n"),
            "td" | "th" => ("\t".into(), ""),
            _ if BLOCKS.contains(&tag.as_str()) => ("\n\n".into(), "\n\n"),
            _ => ("".into(), ""),
        };
        if !before.is_empty() {
            el.before(&before, ContentType::Text);
        }
        if !after.is_empty() && el.can_have_content() {
            el.after(after, ContentType::Text);
        }
        el.remove_and_keep_content();
        Ok(())
    });
    let settings = RewriteStrSettings::new()
        .append_element_content_handler(element_handler)
        .append_document_content_handler(doctype!(|doctype| {
            doctype.remove();
            Ok(())
        }))
        .append_document_content_handler(doc_comments!(|comment| {
            comment.remove();
            Ok(())
        }));
    let rewritten = rewrite_str(html, settings).map_err(|error| HtmlError(error.to_string()))?;
    let decoded = html_escape::decode_html_entities(&rewritten);
    let tidy = INLINE_SPACE.replace_all(&decoded, "\n");
    let tidy = BLANK_RUNS.replace_all(&tidy, "\n\n");
    Ok(tidy.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committee_page_keeps_headings_items_and_text_and_drops_chrome() {
        let html = r#"<!DOCTYPE html><html><head><title>Agenda and minutes</title>
            <style>p{color:red}</style><script>var tracking = 1;</script></head>
            <body><div id="cookieBanner">We use cookies <button>Accept</button></div>
            <nav><a href="/">Home</a></nav>
            <h1>Agenda and minutes</h1><h2>Devon and Cornwall Police and Crime Panel</h2>
            <p>Friday, 4th February, 2022 10.30 am</p>
            <ol><li>12/21 APOLOGIES FOR ABSENCE</li><li>13/21 MINUTES</li></ol>
            <table><tr><th>Member</th><th>Council</th></tr><tr><td>Cllr Smith</td><td>Plymouth</td></tr></table>
            <!-- a comment --><footer>Copyright</footer></body></html>"#;
        let text = html_to_text(html).expect("converts");
        assert!(text.starts_with("Agenda and minutes"), "{text}");
        assert!(text.contains("# Agenda and minutes"));
        assert!(text.contains("## Devon and Cornwall Police and Crime Panel"));
        assert!(text.contains("- 12/21 APOLOGIES FOR ABSENCE"));
        assert!(text.contains("\tCllr Smith\tPlymouth"));
        for gone in [
            "tracking",
            "cookies",
            "Home",
            "Copyright",
            "comment",
            "color:red",
            "DOCTYPE",
        ] {
            assert!(!text.contains(gone), "{gone} in {text}");
        }
    }

    #[test]
    fn character_references_are_decoded_once() {
        let text =
            html_to_text("<p>Police &amp; Crime &pound;6.2m &#8211; &lt;script&gt; &amp;lt;</p>")
                .expect("converts");
        assert_eq!(text, "Police & Crime £6.2m – <script> &lt;");
    }

    #[test]
    fn deep_nesting_is_no_problem() {
        let html = format!(
            "{}deep text{}",
            "<div>".repeat(20_000),
            "</div>".repeat(20_000)
        );
        assert_eq!(html_to_text(&html).expect("converts"), "deep text");
    }

    #[test]
    fn declared_charsets_are_found() {
        let charset = declared_charset(br#"<html><head><meta charset="windows-1252">"#);
        assert_eq!(
            charset.map(|encoding| encoding.name()),
            Some("windows-1252")
        );
        assert_eq!(declared_charset(b"<html><body>"), None);
    }
}
