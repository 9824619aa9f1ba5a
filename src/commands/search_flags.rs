//! The flags of `oversight search` as a checked request: a force given by its name, area or an
//! alias as well as its slug, types in any case, and every refusal said in the words of the
//! flags (`--limit`, `--year-from`) rather than of the API parameters the search crate names
//! (`per_page`, `year_from`).

use anyhow::anyhow;
use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use oversight_search::request::{parse_doc_types, parse_subtypes};
use oversight_search::{Error, Filters, Scope, SearchRequest, Sort, ValidSearch};

use crate::cli::{FilterFlags, SearchArgs};

/// Each API parameter the search crate may name, and the flag (or argument) that sets it.
const FLAGS: [(&str, &str); 12] = [
    ("q", "QUERY"),
    ("force", "--force"),
    ("type", "--type"),
    ("subtype", "--subtype"),
    ("theme", "--theme"),
    ("year_from", "--year-from"),
    ("year_to", "--year-to"),
    ("sort", "--sort"),
    ("scope", "--scope"),
    ("page", "--page"),
    ("per_page", "--limit"),
    ("passages", "--passages"),
];

/// The parameters a message may name inside its text (`page × per_page may not exceed …`); the
/// others are also ordinary words there.
const NAMED_IN_MESSAGES: [&str; 5] = ["page", "per_page", "passages", "year_from", "year_to"];

/// The request the flags ask for, checked against the limits and the vocabularies.
pub fn valid_search(args: &SearchArgs, vocabulary: &Vocabulary) -> anyhow::Result<ValidSearch> {
    let words = |error| in_flag_words(error, vocabulary);
    let request = SearchRequest {
        query: args.query.clone(),
        filters: filters(&args.filters, vocabulary)?,
        sort: Sort::parse(&args.sort).map_err(words)?,
        scope: Scope::parse(&args.filters.scope).map_err(words)?,
        page: args.page,
        per_page: args.limit,
        passages_per_hit: args.passages,
    };
    request.validate(vocabulary).map_err(words)
}

/// A search of `query` under the filter flags, in the search's default order and paging: what
/// the commands that read every match (export, trends, concordance) start from, read and refused
/// exactly as `oversight search` reads and refuses them.
pub fn valid_filtered_search(
    query: &str,
    flags: &FilterFlags,
    vocabulary: &Vocabulary,
) -> anyhow::Result<ValidSearch> {
    let words = |error| in_flag_words(error, vocabulary);
    let request = SearchRequest {
        query: query.to_string(),
        filters: filters(flags, vocabulary)?,
        scope: Scope::parse(&flags.scope).map_err(words)?,
        ..SearchRequest::default()
    };
    request.validate(vocabulary).map_err(words)
}

/// The filters the flags name, a force given by any of its names.
fn filters(flags: &FilterFlags, vocabulary: &Vocabulary) -> anyhow::Result<Filters> {
    let words = |error| in_flag_words(error, vocabulary);
    let forces = flags
        .forces
        .iter()
        .map(|force| {
            vocabulary
                .force_named(force)
                .map_or_else(|| force.clone(), |known| known.slug.clone())
        })
        .collect();
    Ok(Filters {
        forces,
        doc_types: parse_doc_types(&lower_case(&flags.doc_types)).map_err(words)?,
        subtypes: parse_subtypes(&lower_case(&flags.subtypes)).map_err(words)?,
        themes: flags.themes.clone(),
        year_from: flags.year_from,
        year_to: flags.year_to,
        date_from: None,
        date_to: None,
    })
}

fn lower_case(values: &[String]) -> Vec<String> {
    values.iter().map(|value| value.to_lowercase()).collect()
}

/// A refusal of the flags, naming the flags. Errors that are not about a parameter (a query the
/// crate could not read, say) are kept as they are.
fn in_flag_words(error: Error, vocabulary: &Vocabulary) -> anyhow::Error {
    match error {
        Error::InvalidParameter { name, message } => {
            anyhow!("invalid `{}`: {}", flag(name), rename_parameters(&message))
        }
        Error::UnknownValue { facet, value, hint } => {
            let advice = match facet {
                "force" => vocabulary.closest_force(&value).map_or_else(
                    || {
                        "; give a force's slug or name, e.g. `warwickshire` or `Warwickshire`"
                            .to_string()
                    },
                    |force| format!("; did you mean `{}` ({})?", force.slug, force.name),
                ),
                "type" => format!(
                    "; the types are {}",
                    DocType::ALL.map(DocType::slug).join(", ")
                ),
                "subtype" => format!(
                    "; the subtypes are {}",
                    Subtype::ALL.map(Subtype::slug).join(", ")
                ),
                "theme" if hint.is_empty() => format!(
                    "; the themes are {}",
                    vocabulary
                        .themes
                        .iter()
                        .map(|theme| theme.slug.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => hint,
            };
            anyhow!("unknown {} `{value}`{advice}", flag(facet))
        }
        other => other.into(),
    }
}

/// The flag that sets API parameter `name`.
fn flag(name: &str) -> String {
    FLAGS
        .iter()
        .find(|(parameter, _)| *parameter == name)
        .map_or_else(|| name.to_string(), |(_, flag)| (*flag).to_string())
}

/// `message` with every parameter it names (a whole word) replaced by its flag.
fn rename_parameters(message: &str) -> String {
    let mut renamed = String::with_capacity(message.len());
    let mut word = String::new();
    for character in message.chars() {
        if character.is_ascii_alphanumeric() || character == '_' {
            word.push(character);
        } else {
            renamed.push_str(&renamed_word(&std::mem::take(&mut word)));
            renamed.push(character);
        }
    }
    renamed.push_str(&renamed_word(&word));
    renamed
}

/// A word of a message: its flag when it is a parameter named in messages, else itself.
fn renamed_word(word: &str) -> String {
    if NAMED_IN_MESSAGES.contains(&word) {
        flag(word)
    } else {
        word.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_named_in_a_message_become_flags() {
        assert_eq!(
            rename_parameters("page × per_page may not exceed 10000; narrow the search instead"),
            "--page × --limit may not exceed 10000; narrow the search instead"
        );
        assert_eq!(
            rename_parameters("2018 is after year_to 2014"),
            "2018 is after --year-to 2014"
        );
        assert_eq!(
            rename_parameters("pages count from 1"),
            "pages count from 1"
        );
    }

    #[test]
    fn refusals_name_the_flag() {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let said = |error| in_flag_words(error, &vocabulary).to_string();
        assert_eq!(
            said(Error::InvalidParameter {
                name: "per_page",
                message: "must be between 1 and 100".to_string(),
            }),
            "invalid `--limit`: must be between 1 and 100"
        );
        assert_eq!(
            said(Error::UnknownValue {
                facet: "type",
                value: "memo".to_string(),
                hint: String::new(),
            }),
            "unknown --type `memo`; the types are minutes, report, thematic"
        );
        assert_eq!(
            said(Error::UnknownValue {
                facet: "force",
                value: "warwickshir".to_string(),
                hint: String::new(),
            }),
            "unknown --force `warwickshir`; did you mean `warwickshire` (Warwickshire Police)?"
        );
    }
}
