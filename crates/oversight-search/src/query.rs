//! The query language: a user query, parsed by tantivy's query grammar, compiled into a tantivy
//! query over the passage fields with Oversight's rules.
//!
//! - Words must all match in one document ([`Scope::Document`], the default: a document matches when
//!   its passages hold every word between them, [`crate::document_match`]) or in one passage
//!   ([`Scope::Passage`]). A passage's words are its text, heading and agenda item, and its
//!   document's title and labels (force name and aliases, type and subtype labels).
//! - `"exact phrase"`, `"phrase"~3` (proximity), `OR`, `-exclude`, `(groups)`, `word^2` (boost).
//! - `prefix*` on the unstemmed text, with a bounded expansion.
//! - `field:value` for `title`, `heading`, `item`, `body`, `exact` (unstemmed), and the facets
//!   `force` (`force:national` for documents of no force), `mentions`, `type`, `subtype`
//!   (`subtype:report/decision`), `theme`, `year`; `year:[2014 TO 2017]`. Field names are read
//!   in any case. A word before a colon that is no field is a word (`Re: precept`), and the
//!   compiled query says so.
//! - Known acronyms expand to their long forms and long forms to the acronym; the compiled query
//!   lists the expansions it applied.
//!
//! Anything else (regular expressions, unknown facet values, absurd nesting) is a typed error that
//! says what is wrong and where.

use std::collections::HashMap;
use std::ops::Bound;
use std::sync::Arc;

use oversight_schema::Fields;
use oversight_schema::model::{DocType, Subtype};
use oversight_schema::vocab::Vocabulary;
use oversight_schema::{analyzer, common_grams, year};
use serde::Serialize;
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, RangeQuery,
    TermQuery,
};
use tantivy::query_grammar::{
    self, Delimiter, Occur as GrammarOccur, UserInputAst, UserInputBound, UserInputLeaf,
    UserInputLiteral,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;

use crate::document_match::DocumentMatchQuery;
use crate::document_wide::DocumentWideQuery;
use crate::error::{Error, Result};
use crate::mark_pattern::MarkPattern;
use crate::request::{Scope, unknown_value};
use crate::segment_cache::SegmentCache;

/// The most words and operators' operands a query may have.
pub const MAX_QUERY_TERMS: usize = 64;
/// The deepest nesting of parentheses accepted.
pub const MAX_NESTING: usize = 16;
/// How many index terms one `prefix*` may expand to.
pub(crate) const MAX_PREFIX_EXPANSIONS: u32 = 50;
/// The shortest prefix accepted before `*`, in characters.
pub(crate) const MIN_PREFIX_CHARS: usize = 2;

const TITLE_BOOST: f32 = 2.0;
const HEADING_BOOST: f32 = 1.5;
const ITEM_BOOST: f32 = 1.2;
/// The labels (force names, type and subtype) weigh less than the document's own words.
const LABELS_BOOST: f32 = 0.5;

/// The fields `field:value` names, lowercase.
const FIELD_NAMES: [&str; 11] = [
    "title", "heading", "item", "body", "exact", "force", "mentions", "type", "subtype", "theme",
    "year",
];
/// The fields whose values are the same on every passage of a document (or filter passages, as
/// `theme`): they filter a document-wide match rather than join it.
const FILTER_FIELDS: [&str; 6] = ["force", "mentions", "type", "subtype", "theme", "year"];

/// An acronym expansion that was applied to the query.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct Expansion {
    /// What the user wrote.
    pub term: String,
    /// What it was expanded to.
    pub expanded_to: Vec<String>,
}

/// A compiled query.
pub struct CompiledQuery {
    /// The tantivy query over passages.
    pub query: Box<dyn Query>,
    /// Whether the query matches every passage (an empty query browses).
    pub match_all: bool,
    /// The acronym expansions applied.
    pub expansions: Vec<Expansion>,
    /// Top-level `-exclusions`: a document with any passage matching one of them is excluded
    /// whole, not just the matching passage.
    pub excluded: Option<Box<dyn Query>>,
    /// Words written before a colon that names no field, read as words (`Re:`).
    pub colons_read_as_text: Vec<String>,
    /// What to mark in passage text: the words, phrases and proximity windows the query looks
    /// for in it, acronym expansions included, exclusions left out.
    pub marks: Vec<MarkPattern>,
}

/// Acronyms by the stem of the short form, and short forms by the normalised long form.
pub struct Acronyms {
    by_short: HashMap<String, (String, Vec<String>)>,
    by_long: HashMap<String, String>,
}

impl Acronyms {
    /// Indexes the acronyms of the vocabulary.
    pub fn new(vocabulary: &Vocabulary) -> Acronyms {
        let mut by_short = HashMap::new();
        let mut by_long = HashMap::new();
        for acronym in &vocabulary.acronyms {
            if let [stem] = analyzer::stems(&acronym.short).as_slice() {
                by_short.insert(stem.clone(), (acronym.short.clone(), acronym.long.clone()));
            }
            for long in &acronym.long {
                by_long.insert(analyzer::stems(long).join(" "), acronym.short.clone());
            }
        }
        Acronyms { by_short, by_long }
    }
}

/// Everything compiling a query needs; built once per engine.
pub struct QueryCompiler<'a> {
    fields: &'a Fields,
    vocabulary: &'a Vocabulary,
    acronyms: &'a Acronyms,
    segments: &'a Arc<SegmentCache>,
    scope: Scope,
}

struct Compilation {
    expansions: Vec<Expansion>,
    marks: Vec<MarkPattern>,
}

impl Compilation {
    /// Marks each alternative of a literal over the passage text: its stems, `slop` apart.
    fn mark(&mut self, alternatives: &[Vec<String>], slop: u32) {
        self.marks.extend(
            alternatives
                .iter()
                .map(|stems| MarkPattern::new(stems.clone(), slop)),
        );
    }
}

impl<'a> QueryCompiler<'a> {
    /// A compiler for an index with these fields, whose document-wide queries read passage runs
    /// from `segments`.
    pub fn new(
        fields: &'a Fields,
        vocabulary: &'a Vocabulary,
        acronyms: &'a Acronyms,
        segments: &'a Arc<SegmentCache>,
    ) -> Self {
        QueryCompiler {
            fields,
            vocabulary,
            acronyms,
            segments,
            scope: Scope::Document,
        }
    }

    /// The compiler with words required in one `scope`.
    pub fn with_scope(self, scope: Scope) -> Self {
        QueryCompiler { scope, ..self }
    }

    /// Compiles a user query. An empty (or all-blank) query matches every passage.
    pub fn compile(&self, text: &str) -> Result<CompiledQuery> {
        if text.trim().is_empty() {
            return Ok(CompiledQuery {
                query: Box::new(AllQuery),
                match_all: true,
                expansions: Vec::new(),
                excluded: None,
                colons_read_as_text: Vec::new(),
                marks: Vec::new(),
            });
        }
        if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            return Err(Error::UnsupportedQuery(
                "the query contains control characters; remove them".to_string(),
            ));
        }
        check_nesting(text)?;
        check_quotes(text)?;
        let (ast, errors) = query_grammar::parse_query_lenient(text);
        if let Some(error) = errors.first() {
            let position = text[..error.pos.min(text.len())].chars().count();
            return Err(Error::MalformedQuery {
                position,
                message: describe_grammar_error(&error.message),
            });
        }
        // Every word counts, repeated or inside a phrase, not only the grammar's leaves.
        let words = text
            .split(|c: char| !c.is_alphanumeric())
            .filter(|word| !word.is_empty())
            .count();
        let terms = count_leaves(&ast).max(words);
        if terms > MAX_QUERY_TERMS {
            return Err(Error::UnsupportedQuery(format!(
                "the query has {terms} terms; the limit is {MAX_QUERY_TERMS}"
            )));
        }
        let mut compilation = Compilation {
            expansions: Vec::new(),
            marks: Vec::new(),
        };
        let mut colons_read_as_text = Vec::new();
        let ast = read_colons(ast, &mut colons_read_as_text);
        let (included, excluded) = split_exclusions(ast);
        let excluded = self.ast(&excluded, &mut compilation)?;
        // No matching document holds an excluded word: there is nothing of it to mark.
        compilation.marks.clear();
        let query = match included {
            Some(included) => self.included(&included, &mut compilation)?,
            None => Some(Box::new(AllQuery) as Box<dyn Query>),
        };
        let query = query.ok_or_else(|| {
            Error::UnsupportedQuery("the query has no words to search for".to_string())
        })?;
        Ok(CompiledQuery {
            query,
            match_all: false,
            expansions: compilation.expansions,
            excluded,
            colons_read_as_text,
            marks: compilation.marks,
        })
    }

    /// What a query's top level must match. In [`Scope::Document`], its required clauses of text
    /// (two or more) must each match somewhere in a document; its filters and optional clauses
    /// apply passage by passage.
    fn included(
        &self,
        ast: &UserInputAst,
        compilation: &mut Compilation,
    ) -> Result<Option<Box<dyn Query>>> {
        let UserInputAst::Clause(clauses) = ast else {
            return self.ast(ast, compilation);
        };
        let is_text_requirement = |(occur, clause): &&(Option<GrammarOccur>, UserInputAst)| {
            to_occur(*occur) == Occur::Must && !is_filter(clause)
        };
        if self.scope == Scope::Passage || clauses.iter().filter(is_text_requirement).count() < 2 {
            return self.ast(ast, compilation);
        }
        let mut together: Vec<Box<dyn Query>> = Vec::new();
        let mut others: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for entry in clauses {
            let Some(query) = self.ast(&entry.1, compilation)? else {
                continue;
            };
            if is_text_requirement(&entry) {
                together.push(query);
            } else {
                others.push((to_occur(entry.0), query));
            }
        }
        let required = match together.len() {
            0 => return Ok(None),
            1 => together.remove(0),
            _ => Box::new(DocumentMatchQuery::new(together, Arc::clone(self.segments))),
        };
        if others.is_empty() {
            return Ok(Some(required));
        }
        others.push((Occur::Must, required));
        Ok(Some(Box::new(BooleanQuery::new(others))))
    }

    fn ast(
        &self,
        ast: &UserInputAst,
        compilation: &mut Compilation,
    ) -> Result<Option<Box<dyn Query>>> {
        match ast {
            UserInputAst::Clause(clauses) => {
                let mut compiled: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for (occur, clause) in clauses {
                    let marked = compilation.marks.len();
                    let occur = to_occur(*occur);
                    let query = self.ast(clause, compilation)?;
                    // A passage that matches holds none of an excluded clause's words: nothing
                    // of it is marked.
                    if occur == Occur::MustNot {
                        compilation.marks.truncate(marked);
                    }
                    if let Some(query) = query {
                        compiled.push((occur, query));
                    }
                }
                if compiled.is_empty() {
                    return Ok(None);
                }
                if compiled.iter().all(|(occur, _)| *occur == Occur::MustNot) {
                    compiled.push((Occur::Must, Box::new(AllQuery)));
                }
                if compiled.len() == 1 && compiled[0].0 != Occur::MustNot {
                    return Ok(compiled.pop().map(|(_, query)| query));
                }
                Ok(Some(Box::new(BooleanQuery::new(compiled))))
            }
            UserInputAst::Boost(inner, boost) => {
                let boost = boost.into_inner() as f32;
                if !(0.0..=100.0).contains(&boost) {
                    return Err(Error::UnsupportedQuery(format!(
                        "boost {boost} is out of range; use a value between 0 and 100"
                    )));
                }
                Ok(self
                    .ast(inner, compilation)?
                    .map(|query| Box::new(BoostQuery::new(query, boost)) as Box<dyn Query>))
            }
            UserInputAst::Leaf(leaf) => self.leaf(leaf, compilation),
        }
    }

    fn leaf(
        &self,
        leaf: &UserInputLeaf,
        compilation: &mut Compilation,
    ) -> Result<Option<Box<dyn Query>>> {
        match leaf {
            UserInputLeaf::Literal(literal) => self.literal(literal, compilation),
            UserInputLeaf::All => Ok(Some(Box::new(AllQuery))),
            UserInputLeaf::Range {
                field,
                lower,
                upper,
            } => self.range(field.as_deref(), lower, upper).map(Some),
            UserInputLeaf::Set { field, elements } => {
                let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
                for element in elements {
                    let literal = UserInputLiteral {
                        field_name: field.clone(),
                        phrase: element.clone(),
                        delimiter: Delimiter::None,
                        slop: 0,
                        prefix: false,
                    };
                    if let Some(query) = self.literal(&literal, compilation)? {
                        alternatives.push((Occur::Should, query));
                    }
                }
                Ok((!alternatives.is_empty())
                    .then(|| Box::new(BooleanQuery::new(alternatives)) as Box<dyn Query>))
            }
            UserInputLeaf::Regex { .. } => Err(Error::UnsupportedQuery(
                "regular expressions are not supported; use prefix* or \"phrases\"".to_string(),
            )),
            UserInputLeaf::Exists { field } => Err(Error::UnsupportedQuery(format!(
                "`{field}:*` is not supported; filter with force=, type=, subtype=, theme= instead"
            ))),
        }
    }

    fn literal(
        &self,
        literal: &UserInputLiteral,
        compilation: &mut Compilation,
    ) -> Result<Option<Box<dyn Query>>> {
        // The grammar marks only `"phrase"*` as a prefix; `word*` arrives with its star.
        if !literal.prefix
            && literal.delimiter == Delimiter::None
            && let Some(stem) = literal.phrase.strip_suffix('*')
        {
            let prefix = UserInputLiteral {
                phrase: stem.to_string(),
                prefix: true,
                ..literal.clone()
            };
            return self.literal(&prefix, compilation);
        }
        let fields = self.fields;
        let Some(field_name) = literal.field_name.as_deref() else {
            return self.text(literal, &self.default_fields(), compilation);
        };
        let lowercase = field_name.to_lowercase();
        let Some(field_name) = FIELD_NAMES.into_iter().find(|known| *known == lowercase) else {
            // `read_colons` made every other `word:` a word: a set (`word: IN [a b]`) is left.
            let as_text = UserInputLiteral {
                field_name: None,
                phrase: format!("{field_name} {}", literal.phrase),
                ..literal.clone()
            };
            return self.text(&as_text, &self.default_fields(), compilation);
        };
        match field_name {
            "title" => self.text(literal, &[(fields.title, 1.0)], compilation),
            "heading" => self.text(literal, &[(fields.heading, 1.0)], compilation),
            "item" => self.text(literal, &[(fields.item, 1.0)], compilation),
            "body" => self.text(literal, &[(fields.body, 1.0)], compilation),
            "exact" => self.exact(literal).map(Some),
            "force" | "mentions" => {
                let slug = literal.phrase.to_lowercase();
                let known = if field_name == "force" {
                    self.vocabulary.is_force_value(&slug)
                } else {
                    self.vocabulary.force(&slug).is_some()
                };
                if !known {
                    return Err(unknown_value(
                        field_name,
                        &literal.phrase,
                        self.vocabulary.force_values(),
                    ));
                }
                let field = if field_name == "force" {
                    fields.force
                } else {
                    fields.mentions
                };
                Ok(Some(facet_query(field, &Facet::from_path([slug.as_str()]))))
            }
            "type" => {
                let doc_type =
                    DocType::from_slug(&literal.phrase.to_lowercase()).ok_or_else(|| {
                        unknown_value(
                            "type",
                            &literal.phrase,
                            DocType::ALL.iter().map(|doc_type| doc_type.slug()),
                        )
                    })?;
                Ok(Some(facet_query(
                    fields.doc_type,
                    &Facet::from_path([doc_type.slug()]),
                )))
            }
            "subtype" => {
                let subtype =
                    Subtype::from_slug(&literal.phrase.to_lowercase()).ok_or_else(|| {
                        unknown_value(
                            "subtype",
                            &literal.phrase,
                            Subtype::ALL.iter().map(|subtype| subtype.slug()),
                        )
                    })?;
                Ok(Some(facet_query(
                    fields.subtype,
                    &Facet::from_path([subtype.slug()]),
                )))
            }
            "theme" => {
                let slug = literal.phrase.to_lowercase();
                let theme = self.vocabulary.theme(&slug).ok_or_else(|| {
                    unknown_value(
                        "theme",
                        &literal.phrase,
                        self.vocabulary
                            .themes
                            .iter()
                            .map(|theme| theme.slug.as_str()),
                    )
                })?;
                let facet = Facet::from_path(theme.path.split('/').filter(|part| !part.is_empty()));
                Ok(Some(facet_query(fields.theme, &facet)))
            }
            "year" => {
                let year = parse_year_term(&literal.phrase)?;
                Ok(Some(Box::new(TermQuery::new(
                    Term::from_field_u64(fields.year, year),
                    IndexRecordOption::Basic,
                ))))
            }
            _ => unreachable!("`{field_name}` is in FIELD_NAMES"),
        }
    }

    fn default_fields(&self) -> [(Field, f32); 5] {
        [
            (self.fields.body, 1.0),
            (self.fields.title, TITLE_BOOST),
            (self.fields.heading, HEADING_BOOST),
            (self.fields.item, ITEM_BOOST),
            (self.fields.labels, LABELS_BOOST),
        ]
    }

    /// A literal over stemmed text fields, with acronym expansion for unquoted words.
    fn text(
        &self,
        literal: &UserInputLiteral,
        fields: &[(Field, f32)],
        compilation: &mut Compilation,
    ) -> Result<Option<Box<dyn Query>>> {
        if literal.prefix {
            return self.prefix(literal).map(Some);
        }
        let tokens = analyzer::stems(&literal.phrase);
        if tokens.is_empty() {
            return Ok(None);
        }
        let mut alternatives = vec![tokens.clone()];
        if literal.delimiter == Delimiter::None
            && let [token] = tokens.as_slice()
            && let Some((_, longs)) = self.acronyms.by_short.get(token)
        {
            alternatives.extend(longs.iter().map(|long| analyzer::stems(long)));
            compilation.expansions.push(Expansion {
                term: literal.phrase.clone(),
                expanded_to: longs.clone(),
            });
        } else if let Some(short) = self.acronyms.by_long.get(&tokens.join(" ")) {
            alternatives.extend(analyzer::stems(short).into_iter().map(|stem| vec![stem]));
            compilation.expansions.push(Expansion {
                term: literal.phrase.clone(),
                expanded_to: vec![short.clone()],
            });
        }
        if fields.iter().any(|(field, _)| *field == self.fields.body) {
            compilation.mark(&alternatives, literal.slop);
        }
        let mut per_field: Vec<Box<dyn Query>> = Vec::new();
        // The title and the labels are on first passages: one document-wide query spreads both.
        let mut on_first_passages: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (field, boost) in fields {
            for tokens in &alternatives {
                let query = stemmed_tokens_query(*field, tokens, literal.slop);
                let query = if *boost == 1.0 {
                    query
                } else {
                    Box::new(BoostQuery::new(query, *boost))
                };
                if *field == self.fields.title || *field == self.fields.labels {
                    on_first_passages.push((Occur::Should, query));
                } else {
                    per_field.push(query);
                }
            }
        }
        if !on_first_passages.is_empty() {
            let inner: Box<dyn Query> = if on_first_passages.len() == 1 {
                on_first_passages.remove(0).1
            } else {
                Box::new(BooleanQuery::new(on_first_passages))
            };
            per_field.push(Box::new(DocumentWideQuery::new(
                inner,
                Arc::clone(self.segments),
            )));
        }
        // Scores add up across fields, so a passage whose text, heading and agenda item all match
        // outranks one that matches in its heading alone.
        Ok(Some(if per_field.len() == 1 {
            per_field.remove(0)
        } else {
            Box::new(BooleanQuery::new(
                per_field
                    .into_iter()
                    .map(|query| (Occur::Should, query))
                    .collect(),
            ))
        }))
    }

    /// A literal over the unstemmed text.
    fn exact(&self, literal: &UserInputLiteral) -> Result<Box<dyn Query>> {
        if literal.prefix {
            return self.prefix(literal);
        }
        let tokens = analyze(&mut analyzer::exact(), &literal.phrase);
        if tokens.is_empty() {
            return Err(Error::UnsupportedQuery(format!(
                "`exact:{}` has no words",
                literal.phrase
            )));
        }
        Ok(tokens_query(self.fields.body_exact, &tokens, literal.slop))
    }

    /// `word*` or `"some phrase*"`: the last word is a prefix of unstemmed words.
    fn prefix(&self, literal: &UserInputLiteral) -> Result<Box<dyn Query>> {
        let tokens = analyze(&mut analyzer::exact(), &literal.phrase);
        let too_short = tokens
            .last()
            .is_none_or(|last| last.chars().count() < MIN_PREFIX_CHARS);
        if too_short {
            return Err(Error::UnsupportedQuery(format!(
                "`{}*` is too short a prefix; give at least {MIN_PREFIX_CHARS} letters before *",
                literal.phrase
            )));
        }
        let terms: Vec<Term> = tokens
            .iter()
            .map(|token| Term::from_field_text(self.fields.body_exact, token))
            .collect();
        let mut query = PhrasePrefixQuery::new(terms);
        query.set_max_expansions(MAX_PREFIX_EXPANSIONS);
        Ok(Box::new(query))
    }

    fn range(
        &self,
        field: Option<&str>,
        lower: &UserInputBound,
        upper: &UserInputBound,
    ) -> Result<Box<dyn Query>> {
        if field != Some("year") {
            return Err(Error::UnsupportedQuery(
                "ranges work on years only, as year:[2014 TO 2017]".to_string(),
            ));
        }
        let bound = |bound: &UserInputBound| -> Result<Bound<Term>> {
            Ok(match bound {
                UserInputBound::Inclusive(text) => Bound::Included(Term::from_field_u64(
                    self.fields.year,
                    parse_year_term(text)?,
                )),
                UserInputBound::Exclusive(text) => Bound::Excluded(Term::from_field_u64(
                    self.fields.year,
                    parse_year_term(text)?,
                )),
                UserInputBound::Unbounded => Bound::Unbounded,
            })
        };
        Ok(Box::new(RangeQuery::new(bound(lower)?, bound(upper)?)))
    }
}

/// Whether a clause only filters: a facet field's value or range, or a group of them.
fn is_filter(ast: &UserInputAst) -> bool {
    let filter_field = |field: &Option<String>| {
        field
            .as_deref()
            .is_some_and(|field| FILTER_FIELDS.contains(&field.to_lowercase().as_str()))
    };
    match ast {
        UserInputAst::Clause(clauses) => {
            !clauses.is_empty() && clauses.iter().all(|(_, clause)| is_filter(clause))
        }
        UserInputAst::Boost(inner, _) => is_filter(inner),
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Literal(literal) => filter_field(&literal.field_name),
            UserInputLeaf::Range { field, .. } | UserInputLeaf::Set { field, .. } => {
                filter_field(field)
            }
            UserInputLeaf::All => true,
            UserInputLeaf::Regex { .. } | UserInputLeaf::Exists { .. } => false,
        },
    }
}

/// Reads `word:value` where `word` names no field as the word and the value, two required clauses
/// in place of one, and lists each such `word:` in `read`.
fn read_colons(ast: UserInputAst, read: &mut Vec<String>) -> UserInputAst {
    match ast {
        UserInputAst::Clause(clauses) => {
            let mut rewritten = Vec::with_capacity(clauses.len());
            for (occur, clause) in clauses {
                let required = matches!(occur, None | Some(GrammarOccur::Must));
                match clause {
                    UserInputAst::Leaf(leaf) if required => match text_colon(*leaf, read) {
                        Ok([word, value]) => {
                            rewritten.push((occur, word));
                            rewritten.push((occur, value));
                        }
                        Err(leaf) => rewritten.push((occur, UserInputAst::Leaf(Box::new(leaf)))),
                    },
                    clause => rewritten.push((occur, read_colons(clause, read))),
                }
            }
            UserInputAst::Clause(rewritten)
        }
        UserInputAst::Boost(inner, boost) => {
            UserInputAst::Boost(Box::new(read_colons(*inner, read)), boost)
        }
        UserInputAst::Leaf(leaf) => match text_colon(*leaf, read) {
            Ok([word, value]) => UserInputAst::Clause(vec![(None, word), (None, value)]),
            Err(leaf) => UserInputAst::Leaf(Box::new(leaf)),
        },
    }
}

/// `word:value` as the word and the value when `word` names no field; the leaf itself otherwise.
fn text_colon(
    leaf: UserInputLeaf,
    read: &mut Vec<String>,
) -> std::result::Result<[UserInputAst; 2], UserInputLeaf> {
    let UserInputLeaf::Literal(literal) = leaf else {
        return Err(leaf);
    };
    let Some(field) = literal
        .field_name
        .clone()
        .filter(|field| !FIELD_NAMES.contains(&field.to_lowercase().as_str()))
    else {
        return Err(UserInputLeaf::Literal(literal));
    };
    read.push(format!("{field}:"));
    let word = UserInputLiteral {
        field_name: None,
        phrase: field,
        delimiter: Delimiter::None,
        slop: 0,
        prefix: false,
    };
    let value = UserInputLiteral {
        field_name: None,
        ..literal
    };
    let leaf = |literal| UserInputAst::Leaf(Box::new(UserInputLeaf::Literal(literal)));
    Ok([leaf(word), leaf(value)])
}

/// Splits the top-level `-clauses` off a query: what to match, if anything is left, and what
/// excludes a document (as alternatives).
fn split_exclusions(ast: UserInputAst) -> (Option<UserInputAst>, UserInputAst) {
    let UserInputAst::Clause(clauses) = ast else {
        return (Some(ast), UserInputAst::empty_query());
    };
    let (excluded, included): (Vec<_>, Vec<_>) = clauses
        .into_iter()
        .partition(|(occur, _)| *occur == Some(GrammarOccur::MustNot));
    let excluded = excluded
        .into_iter()
        .map(|(_, clause)| (Some(GrammarOccur::Should), clause))
        .collect();
    let included = (!included.is_empty()).then_some(UserInputAst::Clause(included));
    (included, UserInputAst::Clause(excluded))
}

/// A term query on one token, a phrase query on several.
fn tokens_query(field: Field, tokens: &[String], slop: u32) -> Box<dyn Query> {
    let terms: Vec<Term> = tokens
        .iter()
        .map(|token| Term::from_field_text(field, token))
        .collect();
    if let [term] = terms.as_slice() {
        return Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs));
    }
    let mut phrase = PhraseQuery::new(terms);
    phrase.set_slop(slop);
    Box::new(phrase)
}

/// A term query on one token, a phrase query on several, in a field indexed with the pairs of
/// common words: an exact phrase looks its common words up as pairs.
fn stemmed_tokens_query(field: Field, tokens: &[String], slop: u32) -> Box<dyn Query> {
    if slop > 0 || tokens.len() < 2 {
        return tokens_query(field, tokens, slop);
    }
    let terms: Vec<(usize, Term)> = common_grams::phrase_terms(tokens)
        .into_iter()
        .map(|(offset, text)| (offset, Term::from_field_text(field, &text)))
        .collect();
    match terms.as_slice() {
        [(_, term)] => Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs)),
        _ => Box::new(PhraseQuery::new_with_offset(terms)),
    }
}

fn facet_query(field: Field, facet: &Facet) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, facet),
        IndexRecordOption::Basic,
    ))
}

/// A year of `year:2014` or `year:[2014 TO 2017]`, read as every year a person types is.
fn parse_year_term(text: &str) -> Result<u64> {
    year::parse_year(text)
        .map(u64::from)
        .map_err(|error| Error::UnsupportedQuery(error.to_string()))
}

fn analyze(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut tokens = Vec::new();
    while let Some(token) = stream.next() {
        tokens.push(token.text.clone());
    }
    tokens
}

fn to_occur(occur: Option<GrammarOccur>) -> Occur {
    match occur {
        Some(GrammarOccur::Should) => Occur::Should,
        Some(GrammarOccur::MustNot) => Occur::MustNot,
        Some(GrammarOccur::Must) | None => Occur::Must,
    }
}

fn count_leaves(ast: &UserInputAst) -> usize {
    match ast {
        UserInputAst::Clause(clauses) => {
            clauses.iter().map(|(_, clause)| count_leaves(clause)).sum()
        }
        UserInputAst::Boost(inner, _) => count_leaves(inner),
        UserInputAst::Leaf(leaf) => match leaf.as_ref() {
            UserInputLeaf::Set { elements, .. } => elements.len().max(1),
            _ => 1,
        },
    }
}

/// Refuses a quote that is never closed, which the lenient grammar would otherwise read as text.
fn check_quotes(text: &str) -> Result<()> {
    if text.matches('"').count().is_multiple_of(2) {
        return Ok(());
    }
    let last = text.rfind('"').unwrap_or(0);
    Err(Error::MalformedQuery {
        position: text[..last].chars().count(),
        message: "this quotation mark is never closed; close the phrase or remove it".to_string(),
    })
}

/// Refuses deeply nested parentheses before the recursive grammar sees them.
fn check_nesting(text: &str) -> Result<()> {
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let mut in_quotes = false;
    for c in text.chars() {
        match c {
            '"' => in_quotes = !in_quotes,
            '(' if !in_quotes => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' if !in_quotes => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if deepest > MAX_NESTING {
        return Err(Error::UnsupportedQuery(format!(
            "the query nests parentheses {deepest} deep; the limit is {MAX_NESTING}"
        )));
    }
    Ok(())
}

/// Rewords the grammar's messages for people.
fn describe_grammar_error(message: &str) -> String {
    let lower = message.to_lowercase();
    if lower.contains("quote") || lower.contains("delimiter") {
        "a quotation mark is not closed; close the phrase with \"".to_string()
    } else if lower.contains("parenthes") || lower.contains(')') {
        "a parenthesis is not closed or not opened; balance ( and )".to_string()
    } else {
        message.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixture {
        fields: Fields,
        vocabulary: Vocabulary,
        acronyms: Acronyms,
    }

    fn fixture() -> Fixture {
        let vocabulary = Vocabulary::bundled().expect("vocabulary");
        let acronyms = Acronyms::new(&vocabulary);
        Fixture {
            fields: Fields::build(),
            vocabulary,
            acronyms,
        }
    }

    fn compile(text: &str) -> Result<CompiledQuery> {
        let fixture = fixture();
        let segments = Arc::default();
        QueryCompiler::new(
            &fixture.fields,
            &fixture.vocabulary,
            &fixture.acronyms,
            &segments,
        )
        .compile(text)
    }

    /// The compiled query of `text`, printed: what a test checks the query's shape by.
    fn compiled_shape(text: &str) -> String {
        let compiled = compile(text).unwrap_or_else(|error| panic!("{text}: {error}"));
        assert!(!compiled.match_all, "{text} compiled to match everything");
        format!("{:?}", compiled.query)
    }

    fn error_message(text: &str) -> String {
        compile(text)
            .err()
            .map(|error| error.to_string())
            .unwrap_or_default()
    }

    #[test]
    fn empty_query_matches_everything() {
        assert!(compile("  ").map(|query| query.match_all).unwrap_or(false));
    }

    #[test]
    fn unbalanced_quote_is_reported_with_its_position() {
        let message = error_message("budget \"precept");
        assert!(
            message.starts_with("malformed query at character"),
            "{message}"
        );
        assert!(message.contains("quotation mark"), "{message}");
    }

    #[test]
    fn acronyms_expand_and_are_reported() {
        let compiled = compile("PCC").expect("compiles");
        assert_eq!(compiled.expansions.len(), 1);
        assert_eq!(compiled.expansions[0].term, "PCC");
        assert!(
            compiled.expansions[0]
                .expanded_to
                .iter()
                .any(|long| long.contains("Police and Crime Commissioner"))
        );
        let back = compile("\"anti-social behaviour\"").expect("compiles");
        assert_eq!(
            back.expansions.first().map(|e| e.expanded_to.clone()),
            Some(vec!["ASB".to_string()])
        );
    }

    #[test]
    fn regex_and_short_prefixes_and_deep_nesting_are_refused() {
        assert!(error_message("/ab.*/").contains("regular expressions"));
        assert!(error_message("a*").contains("too short a prefix"));
        let nested = format!("{}budget{}", "(".repeat(100), ")".repeat(100));
        assert!(error_message(&nested).contains("nests parentheses 100 deep"));
    }

    #[test]
    fn too_many_terms_are_refused() {
        let words: Vec<String> = (0..100).map(|number| format!("word{number}")).collect();
        let words = words.join(" ");
        assert_eq!(
            error_message(&words),
            "the query has 100 terms; the limit is 64"
        );
    }

    #[test]
    fn repeated_words_and_long_phrases_count_every_word() {
        let repeated = vec!["w"; 500].join(" ");
        assert!(
            error_message(&repeated).contains("the limit is 64"),
            "{repeated}"
        );
        let phrase = format!("\"{}\"", vec!["police"; 100].join(" "));
        assert!(error_message(&phrase).contains("the limit is 64"));
    }

    #[test]
    fn an_unclosed_quote_is_malformed() {
        assert!(error_message("budget\"").contains("never closed"));
        assert!(error_message("\"police and crime").contains("never closed"));
        let shape = compiled_shape("\"police and crime\" panel");
        assert!(shape.contains("panel"), "{shape}");
    }

    #[test]
    fn facet_fields_check_their_values() {
        let shape = compiled_shape("force:warwickshire");
        assert!(shape.contains("warwickshire"), "{shape}");
        assert_eq!(error_message("force:gotham"), "unknown force `gotham`");
        let shape = compiled_shape("type:minutes theme:victims year:[2014 TO 2017]");
        for part in ["minutes", "victims", "2014", "2017"] {
            assert!(shape.contains(part), "{part} missing from {shape}");
        }
        assert!(error_message("year:[abc TO 2017]").contains("not a year"));
        let shape = compiled_shape("subtype:report/decision OR subtype:\"minutes/agenda\"");
        for part in ["decision", "agenda"] {
            assert!(shape.contains(part), "{part} missing from {shape}");
        }
        assert_eq!(
            error_message("subtype:report/memo"),
            "unknown subtype `report/memo`; did you mean `report/plan`?"
        );
    }

    #[test]
    fn a_colon_in_text_is_not_a_field() {
        let shape = compiled_shape("Case study 7: Naloxone");
        assert!(shape.contains("nalox"), "{shape}");
        for (text, word, value) in [
            ("Re: precept", "re", "precept"),
            ("Summary: victims", "summari", "victim"),
            ("Note: custody", "note", "custodi"),
        ] {
            let compiled = compile(text).expect("compiles");
            assert_eq!(compiled.colons_read_as_text.len(), 1, "{text}");
            let shape = format!("{:?}", compiled.query);
            // Two words that must each be in the document, not a phrase of the two.
            assert!(shape.contains("DocumentMatchQuery"), "{text}: {shape}");
            assert!(!shape.contains("PhraseQuery"), "{text}: {shape}");
            for stem in [word, value] {
                assert!(
                    shape.contains(&format!("\"{stem}\"")),
                    "{text}: {stem} in {shape}"
                );
            }
        }
        assert!(
            compile("force:warwickshire")
                .expect("compiles")
                .colons_read_as_text
                .is_empty()
        );
    }

    #[test]
    fn field_names_are_read_in_any_case() {
        assert_eq!(
            compiled_shape("Force:Warwickshire"),
            compiled_shape("force:warwickshire")
        );
        assert_eq!(error_message("TYPE:memo"), error_message("type:memo"));
    }

    #[test]
    fn national_is_a_force_value() {
        let shape = compiled_shape("force:national");
        assert!(shape.contains("national"), "{shape}");
        assert!(error_message("mentions:national").contains("unknown mentions"));
    }

    #[test]
    fn document_scope_joins_the_required_words_and_keeps_filters_per_passage() {
        let shape = compiled_shape("victims custody force:warwickshire");
        let (before, inside) = shape.split_once("DocumentMatchQuery").expect(&shape);
        assert!(
            before.contains("warwickshire"),
            "the filter stays outside: {shape}"
        );
        assert!(
            inside.contains("victim") && inside.contains("custodi"),
            "{shape}"
        );
        for single in ["victims", "\"restorative justice\"", "victims OR custody"] {
            let shape = compiled_shape(single);
            assert!(!shape.contains("DocumentMatchQuery"), "{single}: {shape}");
        }
        let fixture = fixture();
        let segments = Arc::default();
        let passage = QueryCompiler::new(
            &fixture.fields,
            &fixture.vocabulary,
            &fixture.acronyms,
            &segments,
        )
        .with_scope(Scope::Passage)
        .compile("victims custody")
        .expect("compiles");
        assert!(!format!("{:?}", passage.query).contains("DocumentMatchQuery"));
    }

    #[test]
    fn control_characters_are_refused() {
        assert!(error_message("budget\u{0}precept").contains("control characters"));
    }
}
