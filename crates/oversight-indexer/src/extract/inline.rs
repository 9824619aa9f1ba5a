//! Inline clean-up of one line: Markdown emphasis, inline HTML tags, entities, list markers.

use std::sync::LazyLock;

use regex::Regex;

static INLINE_TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)</?(?:sup|sub|u|b|i|em|strong|span|a|p|div|br|small|font)(?-u:\b)[^>]{0,200}>")
        .expect("valid regex")
});
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<((?:https?|mailto):[^>\s]+)>").expect("valid regex"));
static LATEX_SUPERSCRIPT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\^\{([^}]{0,20})\}").expect("valid regex"));
static EMPHASIS_OPEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(^|[\s(\[])[*_]{1,3}(\S)").expect("valid regex"));
static EMPHASIS_CLOSE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\S)[*_]{1,3}($|[\s).,;:!?\]])").expect("valid regex"));
static LIST_MARKER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:[-•·▪◦●*>]\s*)+").expect("valid regex"));
/// Runs of spaces that are not already one plain space.
static SPACES: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[ \u{a0}\u{2007}\u{202f}]{2,}|[\u{a0}\u{2007}\u{202f}]").expect("valid regex")
});
static TABS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*\t[\t ]*").expect("valid regex"));

/// A line after inline clean-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CleanLine {
    /// The visible text.
    pub text: String,
    /// The Markdown heading level (`#` count), if the line was a Markdown heading.
    pub markdown_level: Option<u8>,
    /// Whether the whole line was wrapped in `**`/`__` emphasis.
    pub emphasised: bool,
    /// Whether the line started with a list marker (`-`, `•`).
    pub listed: bool,
    /// Whether the line held tab-separated cells.
    pub tabular: bool,
}

/// Cleans one raw line.
pub fn clean(raw: &str) -> CleanLine {
    let mut text = raw.trim();
    let mut markdown_level = None;
    let hashes = text.bytes().take_while(|byte| *byte == b'#').count();
    if (1..=6).contains(&hashes) && text[hashes..].starts_with([' ', '\t']) {
        markdown_level = u8::try_from(hashes).ok();
        text = text[hashes..].trim();
    }
    let listed = LIST_MARKER.is_match(text) && !text.starts_with("**");
    let text = if listed {
        LIST_MARKER.replace(text, "").into_owned()
    } else {
        text.to_string()
    };
    let emphasised = is_emphasised(&text);
    let tabular = text.contains('\t');
    // Most lines are plain prose: none of the clean-ups below can change them.
    let has_markup = text
        .bytes()
        .any(|byte| matches!(byte, b'<' | b'^' | b'*' | b'_' | b'\t' | b'&'));
    let text = if has_markup {
        strip_markup(&text)
    } else {
        text
    };
    let text = SPACES.replace_all(text.trim(), " ");
    CleanLine {
        text: text.trim().to_string(),
        markdown_level,
        emphasised,
        listed,
        tabular,
    }
}

/// Decodes character references and removes inline tags, superscript and emphasis markers;
/// tab-separated cells are joined with ` | `.
fn strip_markup(text: &str) -> String {
    let text = html_escape::decode_html_entities(text);
    let text = AUTOLINK.replace_all(&text, "$1");
    let text = INLINE_TAG.replace_all(&text, "");
    let text = LATEX_SUPERSCRIPT.replace_all(&text, "$1");
    let text = text.replace("**", "");
    let text = EMPHASIS_OPEN.replace_all(&text, "$1$2");
    let text = EMPHASIS_CLOSE.replace_all(&text, "$1$2");
    TABS.replace_all(text.trim(), " | ").into_owned()
}

fn is_emphasised(text: &str) -> bool {
    let inner = text
        .strip_prefix("**")
        .and_then(|rest| rest.strip_suffix("**"))
        .or_else(|| {
            text.strip_prefix("__")
                .and_then(|rest| rest.strip_suffix("__"))
        });
    inner.is_some_and(|inner| !inner.trim().is_empty() && !inner.contains("**"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_heading_with_bold_is_cleaned() {
        let line = clean("### **Report of the Police and Crime Commissioner**");
        assert_eq!(line.text, "Report of the Police and Crime Commissioner");
        assert_eq!(line.markdown_level, Some(3));
        assert!(line.emphasised);
    }

    #[test]
    fn inline_tags_and_superscripts_are_removed() {
        let line = clean("on the 1<sup>st</sup> of <u>October</u> and 30^{th} September");
        assert_eq!(line.text, "on the 1st of October and 30th September");
    }

    #[test]
    fn italics_markers_go_but_asterisks_and_underscores_in_words_stay() {
        assert_eq!(clean("##### *Complaints pilot*").text, "Complaints pilot");
        assert_eq!(clean("__Bold__ words").text, "Bold words");
        assert_eq!(
            clean("a*b and window.__pwned").text,
            "a*b and window.__pwned"
        );
    }

    #[test]
    fn list_markers_are_noted_and_dropped() {
        let line = clean(" - 2. That only 6% of reported rapes");
        assert!(line.listed);
        assert_eq!(line.text, "2. That only 6% of reported rapes");
    }

    #[test]
    fn tabs_become_cell_separators_and_entities_decode() {
        let line = clean("Ron Ball\tPolice &amp; Crime Commissioner\t");
        assert_eq!(line.text, "Ron Ball | Police & Crime Commissioner");
        assert!(line.tabular);
    }

    #[test]
    fn autolinks_keep_their_address() {
        assert_eq!(
            clean("see <http://www.operationencompass.org/>").text,
            "see http://www.operationencompass.org/"
        );
    }
}
