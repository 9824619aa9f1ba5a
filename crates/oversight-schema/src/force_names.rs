//! Forces found by what a person types: a slug, the force's name, its area or an alias, in any
//! case, and the closest force to a name that is none of those.

use crate::vocab::{Force, Vocabulary};

impl Vocabulary {
    /// The force `text` names: its slug, name, area or one of its aliases, ignoring case and
    /// runs of spaces. A slug wins over a name, a name over an area, an area over an alias, so a
    /// name that two forces share in different roles goes to the one it names most directly.
    pub fn force_named(&self, text: &str) -> Option<&Force> {
        let wanted = normalise(text);
        if wanted.is_empty() {
            return None;
        }
        let by_slug = |force: &&Force| force.slug == wanted;
        let by_name = |force: &&Force| normalise(&force.name) == wanted;
        let by_area = |force: &&Force| force.areas.iter().any(|area| normalise(area) == wanted);
        let by_alias =
            |force: &&Force| force.aliases.iter().any(|alias| normalise(alias) == wanted);
        self.forces
            .iter()
            .find(by_slug)
            .or_else(|| self.forces.iter().find(by_name))
            .or_else(|| self.forces.iter().find(by_area))
            .or_else(|| self.forces.iter().find(by_alias))
    }

    /// The force whose slug, name or area is fewest edits away from `text`, when at most half
    /// of that name's letters need changing: a misspelling, not an unrelated word.
    pub fn closest_force(&self, text: &str) -> Option<&Force> {
        let wanted = normalise(text);
        let wanted = wanted.as_str();
        self.forces
            .iter()
            .flat_map(|force| {
                let names = [force.slug.as_str(), force.name.as_str()]
                    .into_iter()
                    .chain(force.areas.iter().map(String::as_str));
                names.map(move |name| {
                    let name = normalise(name);
                    let distance = strsim::levenshtein(wanted, &name);
                    (distance, name.chars().count(), force)
                })
            })
            .filter(|(distance, letters, _)| distance * 2 <= *letters)
            .min_by_key(|(distance, _, _)| *distance)
            .map(|(_, _, force)| force)
    }
}

/// Lower case, with runs of white space as one space and none at the ends.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        Vocabulary::bundled().expect("vocabulary")
    }

    fn slug_named(text: &str) -> Option<String> {
        vocabulary()
            .force_named(text)
            .map(|force| force.slug.clone())
    }

    #[test]
    fn a_force_is_found_by_slug_name_area_or_alias_in_any_case() {
        let warwickshire = Some("warwickshire".to_string());
        for text in [
            "warwickshire",
            "Warwickshire",
            "WARWICKSHIRE",
            "warwickshire police",
            "  Warwickshire   Police ",
            "Warwickshire Police and Crime Panel",
        ] {
            assert_eq!(slug_named(text), warwickshire, "{text}");
        }
        assert_eq!(
            slug_named("Devon & Cornwall").as_deref(),
            Some("devon-and-cornwall")
        );
        assert_eq!(slug_named("Gotham"), None);
        assert_eq!(slug_named(""), None);
    }

    #[test]
    fn the_closest_force_is_a_misspelling_of_it() {
        let vocabulary = vocabulary();
        let closest = |text: &str| {
            vocabulary
                .closest_force(text)
                .map(|force| force.slug.as_str())
        };
        assert_eq!(closest("warwickshir"), Some("warwickshire"));
        assert_eq!(closest("Warwick-shire"), Some("warwickshire"));
        assert_eq!(closest("devon-and-cornwal"), Some("devon-and-cornwall"));
        assert_eq!(closest("../../etc/passwd"), None);
    }
}
