// Reads a query's top-level terms as a person wrote them, so that the page can move a filter typed
// in the query (force:warwickshire) into the filter boxes, and suggest dropping one term of a query
// with no results without ever splitting a quoted phrase, a range or a bracketed group.
"use strict";

const BINARY_OPERATORS = new Set(["OR", "AND", "||", "&&"]);
const PREFIX_OPERATORS = new Set(["NOT", "!"]);

// The top-level terms of `query`: a quoted phrase (with its ~N), a range or a group stays whole,
// and NOT stays with the term it negates.
function queryTerms(query) {
  const terms = [];
  let current = "";
  let depth = 0;
  let quoted = false;
  for (const char of query) {
    if (quoted) {
      current += char;
      if (char === '"') quoted = false;
    } else if (char === '"') {
      quoted = true;
      current += char;
    } else if (/\s/.test(char) && depth === 0) {
      if (current) terms.push(current);
      current = "";
    } else {
      if ("([{".includes(char)) depth += 1;
      if (")]}".includes(char) && depth > 0) depth -= 1;
      current += char;
    }
  }
  if (current) terms.push(current);
  const joined = [];
  for (const term of terms) {
    const previous = joined[joined.length - 1];
    if (previous !== undefined && PREFIX_OPERATORS.has(previous)) joined[joined.length - 1] = `${previous} ${term}`;
    else joined.push(term);
  }
  return joined;
}

// The query without its term at `index`, and without the OR or AND that joined it to its neighbour.
function withoutTerm(terms, index) {
  const kept = terms.slice();
  const before = index > 0 && BINARY_OPERATORS.has(kept[index - 1]);
  const after = index + 1 < kept.length && BINARY_OPERATORS.has(kept[index + 1]);
  if (before) kept.splice(index - 1, 2);
  else if (after) kept.splice(index, 2);
  else kept.splice(index, 1);
  return kept.join(" ");
}

// The query's terms a person could drop, each with the query that dropping it leaves.
function droppableTerms(query) {
  const terms = queryTerms(query);
  const words = terms.filter((term) => !BINARY_OPERATORS.has(term));
  if (words.length < 2) return [];
  return terms
    .map((term, index) => ({ term, index }))
    .filter(({ term }) => !BINARY_OPERATORS.has(term))
    .map(({ term, index }) => ({ term, query: withoutTerm(terms, index) }));
}

const FILTER_TERM = /^(force|type|subtype|theme):([a-z0-9][a-z0-9/-]*)$/i;
const YEAR_TERM = /^year:(\d{4})$/i;
const YEAR_RANGE_TERM = /^year:\[(\d{4}) TO (\d{4})\]$/;

// `state` with the filters typed in its query (force:warwickshire, year:2014,
// year:[2014 TO 2017]) moved into its filters, where that finds the same documents: every
// top-level term must match (no OR or AND), and a field's filter takes one value from the query
// only when the state has no other value for it (filters of one field accept any of their values).
function liftQueryFilters(state) {
  const terms = queryTerms(state.q);
  if (terms.some((term) => BINARY_OPERATORS.has(term))) return state;
  const fieldOf = (term) => {
    const filter = term.match(FILTER_TERM);
    if (filter) return filter[1].toLowerCase();
    return YEAR_TERM.test(term) || YEAR_RANGE_TERM.test(term) ? "year" : null;
  };
  const perField = new Map();
  for (const term of terms) {
    const field = fieldOf(term);
    if (field) perField.set(field, (perField.get(field) || 0) + 1);
  }
  const lifted = { ...state };
  const kept = [];
  for (const term of terms) {
    const field = fieldOf(term);
    if (!field || perField.get(field) > 1) {
      kept.push(term);
    } else if (field === "year") {
      if (state.year_from || state.year_to) {
        kept.push(term);
        continue;
      }
      const single = term.match(YEAR_TERM);
      const range = term.match(YEAR_RANGE_TERM);
      lifted.year_from = single ? single[1] : range[1];
      lifted.year_to = single ? single[1] : range[2];
    } else {
      const value = term.match(FILTER_TERM)[2].toLowerCase();
      const others = state[field].filter((other) => other !== value);
      if (others.length) kept.push(term);
      else lifted[field] = [value];
    }
  }
  if (kept.length === terms.length) return state;
  lifted.q = kept.join(" ");
  return lifted;
}
