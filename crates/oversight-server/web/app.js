// Oversight's web page: search with facet filters, and a document view. The whole state lives in
// the URL (a document's URL carries the search it was opened from); every piece of document text
// reaches the page as text nodes or as server-escaped HTML that is re-parsed here keeping only
// <mark> elements. Readers see names and labels, never slugs. query.js reads a query's terms;
// trends.js is the Trends view of a search.
// concordance.js shows every mention of a search in context (/concordance); suggest.js completes
// the search box.
"use strict";

const PARAMS = ["q", "force", "type", "subtype", "theme", "year_from", "year_to", "sort", "scope", "page"];
const REPEATED = new Set(["force", "type", "subtype", "theme"]);
const PER_PAGE = 10;
const FACETS = { force: "Force", type: "Document type", subtype: "Kind of document", theme: "Theme" };

const $ = (id) => document.getElementById(id);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "className") node.className = value;
    else node.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// Appends server HTML that may only contain text and <mark>: anything else becomes its text.
function appendMarked(container, html) {
  const parsed = new DOMParser().parseFromString(`<div>${html}</div>`, "text/html").body.firstChild;
  for (const child of parsed.childNodes) {
    if (child.nodeType === Node.ELEMENT_NODE && child.tagName === "MARK") {
      container.append(element("mark", { text: child.textContent }));
    } else {
      container.append(document.createTextNode(child.textContent));
    }
  }
}

function readState() {
  const url = new URLSearchParams(location.search);
  const state = {};
  for (const name of PARAMS) {
    state[name] = REPEATED.has(name) ? url.getAll(name).filter(Boolean) : url.get(name) || "";
  }
  return state;
}

function stateQuery(state) {
  const url = new URLSearchParams();
  for (const name of PARAMS) {
    const value = state[name];
    if (REPEATED.has(name)) for (const item of value) url.append(name, item);
    else if (value && !(name === "page" && value === "1") && !(name === "sort" && value === "relevance") && !(name === "scope" && value === "document")) url.set(name, value);
  }
  return url.toString();
}

function navigate(state) {
  const query = stateQuery(state);
  history.pushState(null, "", query ? `/?${query}` : "/");
  route();
}

async function api(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => ({ error: { message: `HTTP ${response.status}` } }));
  if (!response.ok) throw new Error(body.error ? body.error.message : `HTTP ${response.status}`);
  return body;
}

// A document's URL, at a passage, carrying the whole search it is opened from.
function documentHref(docId, ordinal, state) {
  const query = stateQuery(state);
  return `/documents/${encodeURIComponent(docId)}${query ? `?${query}` : ""}${ordinal === undefined ? "" : `#p-${ordinal}`}`;
}

// The label of every facet value in a response, per facet: slug → name.
function facetLabels(facets) {
  const labels = {};
  for (const [name, counts] of Object.entries(facets)) labels[name] = new Map(counts.map((count) => [count.value, count.label]));
  return labels;
}

function labelOf(labels, facet, value) {
  return (labels[facet] && labels[facet].get(value)) || value;
}

function plural(count, noun) {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

function where(passage) {
  const label = [passage.item, passage.heading].filter((part, index, parts) => part && parts.indexOf(part) === index).join(" › ") || "Opening";
  return passage.page ? `${label} · p. ${passage.page}` : label;
}

// ---------------------------------------------------------------- search view

function renderFacetList(listId, counts, selected, name) {
  const list = $(listId);
  list.replaceChildren();
  for (const count of counts) {
    const id = `${name}-${count.value}`;
    const checkbox = element("input", { type: "checkbox", id, value: count.value, "data-facet": name, checked: selected.includes(count.value) });
    const label = element("label", { for: id }, checkbox, document.createTextNode(count.label));
    const item = element("li", { className: count.count === 0 ? "zero" : "", "data-label": count.label.toLowerCase() }, label, element("span", { className: "count", text: String(count.count) }));
    list.append(item);
  }
  if (counts.length === 0) list.append(element("li", { className: "zero", text: "None" }));
}

// One bar per year from the first to the last year with documents, each a button named with its
// count; a year without documents between them is an empty slot, so gaps in time show.
function renderYearChart(counts, state) {
  const chart = $("year-chart");
  chart.replaceChildren();
  const known = counts.filter((count) => /^\d{4}$/.test(count.value));
  if (known.length === 0) return;
  const byYear = new Map(known.map((count) => [Number(count.value), count]));
  const years = Array.from(byYear.keys());
  const first = Math.min(...years);
  const last = Math.max(...years);
  const max = Math.max(...known.map((count) => count.count), 1);
  const slots = last - first + 1;
  // Every year is named in its bar's accessible name; on screen only every step-th fits.
  const step = slots <= 8 ? 1 : Math.ceil(slots / 6);
  chart.classList.toggle("dense", slots > 12);
  for (let year = first; year <= last; year += 1) {
    const count = byYear.get(year);
    const documents = count ? count.count : 0;
    const bar = element("span", { className: "bar" });
    bar.style.height = `${documents === 0 ? 0 : Math.max(4, Math.round((documents / max) * 75))}%`;
    const shown = (year - first) % step === 0 || year === last;
    const yearLabel = element("span", { className: shown ? "year" : "year unlabelled", text: String(year), "aria-hidden": "true" });
    const number = element("span", { className: "count", text: documents ? String(documents) : "", "aria-hidden": "true" });
    const name = documents ? `${year}: ${plural(documents, "document")}` : `${year}: no documents`;
    let slot;
    if (documents) {
      slot = element("button", { type: "button", className: "year-bar", "data-year": String(year), "aria-label": name, title: name, "aria-pressed": count.selected ? "true" : "false" }, element("span", { className: "plot" }, number, bar), yearLabel);
      slot.addEventListener("click", () => navigate({ ...state, year_from: String(year), year_to: String(year), page: "1" }));
    } else {
      slot = element("span", { className: "year-bar no-documents", "data-year": String(year), title: name }, element("span", { className: "plot" }, number, bar), yearLabel, element("span", { className: "visually-hidden", text: name }));
    }
    chart.append(element("li", {}, slot));
  }
}

function renderHit(hit, state, labels) {
  const best = hit.passages[0];
  const title = element("h3", {}, element("a", { href: documentHref(hit.doc_id, best ? best.ordinal : undefined, state), text: hit.title }));
  const themes = hit.themes.slice(0, 4).map((theme) => labelOf(labels, "theme", theme));
  const meta = [hit.force_name || "National", hit.date_text || "Undated", labelOf(labels, "subtype", hit.subtype), themes.join(", ")].filter(Boolean).join(" · ");
  const passages = element("ul", { className: "passages" });
  for (const passage of hit.passages) {
    const snippet = element("p", { className: "snippet" });
    appendMarked(snippet, passage.snippet);
    passages.append(element("li", {}, element("a", { className: "where", href: documentHref(hit.doc_id, passage.ordinal, state), text: where(passage) }), snippet));
  }
  const count = hit.matched_passages > hit.passages.length ? element("p", { className: "note", text: plural(hit.matched_passages, "matching passage") }) : null;
  return element("li", { className: "hit" }, title, element("p", { className: "meta", text: meta }), passages, count);
}

function pageCount(response) {
  return Math.max(1, Math.ceil(response.total_documents / PER_PAGE));
}

function renderPager(response, state) {
  const pager = $("pager");
  pager.replaceChildren();
  const pages = pageCount(response);
  const page = response.page;
  if (pages <= 1 || page > pages) return;
  if (page > 1) pager.append(element("a", { href: `/?${stateQuery({ ...state, page: String(page - 1) })}`, rel: "prev", text: "← Previous" }));
  pager.append(element("span", { text: `Page ${page} of ${pages}` }));
  if (page < pages) pager.append(element("a", { href: `/?${stateQuery({ ...state, page: String(page + 1) })}`, rel: "next", text: "Next →" }));
}

// A page number past the last page of results: says so and links to the last page.
function renderPastTheEnd(response, state) {
  const pages = pageCount(response);
  const last = element("a", { href: `/?${stateQuery({ ...state, page: String(pages) })}`, id: "last-page", text: `Go to page ${pages}, the last` });
  $("empty").replaceChildren(element("p", { text: `Page ${response.page} is past the end: these results have ${plural(pages, "page")}.` }), element("p", {}, last));
  $("empty").hidden = false;
}

// How dropping a term of the query is offered: a phrase or a group is dropped whole.
function dropLabel(term) {
  if (/^"[^"]*"$/.test(term)) return `Drop the phrase “${term.slice(1, -1)}”`;
  if (/^[\p{L}\p{N}'’-]+$/u.test(term)) return `Drop the word “${term}”`;
  return `Drop “${term}”`;
}

// Says which filter or term to drop, with the number of documents each change would give.
async function renderEmpty(state, labels) {
  const empty = $("empty");
  empty.replaceChildren(element("p", { text: "No documents match." }));
  const suggestions = [];
  for (const [name, heading] of Object.entries(FACETS)) {
    for (const value of state[name]) {
      const label = `Remove the ${heading.toLowerCase()} filter “${labelOf(labels, name, value)}”`;
      suggestions.push({ label, state: { ...state, [name]: state[name].filter((item) => item !== value), page: "1" } });
    }
  }
  if (state.year_from || state.year_to) suggestions.push({ label: `Remove the years ${yearRange(state)}`, state: { ...state, year_from: "", year_to: "", page: "1" } });
  for (const drop of droppableTerms(state.q)) suggestions.push({ label: dropLabel(drop.term), state: { ...state, q: drop.query, page: "1" } });
  const counted = await Promise.all(
    suggestions.slice(0, 8).map(async (suggestion) => {
      try {
        const facets = await api(`/api/v1/facets?${stateQuery({ ...suggestion.state, page: "" })}`);
        return { ...suggestion, total: facets.total_documents };
      } catch (error) {
        return { ...suggestion, total: 0 };
      }
    }),
  );
  counted.sort((left, right) => right.total - left.total);
  const list = element("ul");
  for (const suggestion of counted) {
    const label = `${suggestion.label} (${plural(suggestion.total, "document")})`;
    list.append(element("li", {}, element("a", { href: `/?${stateQuery(suggestion.state)}`, text: label })));
  }
  if (suggestions.length) empty.append(element("p", { text: "Try:" }), list);
  else empty.append(element("p", { text: "Try other words, or fewer of them." }));
  empty.hidden = false;
}

function yearRange(state) {
  if (state.year_from === state.year_to) return state.year_from;
  return `${state.year_from || "…"}–${state.year_to || "…"}`;
}

// The filters in force, each with a button that removes it, and one that clears them all.
function renderActiveFilters(state, labels) {
  const list = $("active-list");
  list.replaceChildren();
  const remove = (label, without) => {
    const button = element("button", { type: "button", className: "chip", "aria-label": `Remove ${label}`, text: `${label} ×` });
    button.addEventListener("click", () => navigate({ ...state, ...without, page: "1" }));
    list.append(element("li", {}, button));
  };
  for (const [name, heading] of Object.entries(FACETS)) {
    for (const value of state[name]) remove(`${heading}: ${labelOf(labels, name, value)}`, { [name]: state[name].filter((item) => item !== value) });
  }
  if (state.year_from || state.year_to) remove(`Years: ${yearRange(state)}`, { year_from: "", year_to: "" });
  $("active-filters").hidden = list.children.length === 0;
}

// The sort control says the order the engine used: a search without words browses newest first,
// so "Best match" means nothing there and is not offered.
function showSort(used, state) {
  const relevance = $("sort").querySelector('option[value="relevance"]');
  relevance.disabled = !state.q;
  $("sort").value = used;
}

async function showSearch() {
  const read = readState();
  const state = liftQueryFilters(read);
  if (state !== read) history.replaceState(null, "", `/?${stateQuery(state)}`);
  $("document-view").hidden = true;
  $("search-view").hidden = false;
  $("q").value = state.q;
  showSort(state.sort || (state.q ? "relevance" : "-date"), state);
  $("one-passage").checked = state.scope === "passage";
  $("trends-link").href = trendsHref(state);
  $("year-from").value = state.year_from;
  $("year-to").value = state.year_to;
  document.title = state.q ? `${state.q} — Oversight` : "Oversight — search police governance documents";
  $("error").hidden = true;
  $("empty").hidden = true;
  const query = stateQuery({ ...state, page: state.page || "1" });
  let response;
  try {
    response = await api(`/api/v1/search?${query}${query ? "&" : ""}per_page=${PER_PAGE}`);
  } catch (error) {
    $("error").textContent = error.message;
    $("error").hidden = false;
    $("results").replaceChildren();
    $("pager").replaceChildren();
    $("summary").textContent = "";
    showExportLinks(null);
    renderActiveFilters(state, {});
    return;
  }
  const labels = facetLabels(response.facets);
  showSort(response.sort, state);
  renderActiveFilters(state, labels);
  $("summary").textContent = `${plural(response.total_documents, "document")}, ${plural(response.total_passages, "passage")}`;
  showExportLinks(response.total_passages > 0 ? state : null);
  $("concordance-link").href = concordanceHref(state);
  $("concordance-link").hidden = !state.q || response.total_documents === 0;
  const expansions = response.expansions.map((expansion) => `${expansion.term} → ${expansion.expanded_to.join(" / ")}`);
  $("expansions").textContent = expansions.length ? `Also searched: ${expansions.join("; ")}` : "";
  $("expansions").hidden = expansions.length === 0;
  showDidYouMean(response.did_you_mean, state);
  renderFacetList("force-list", response.facets.force, state.force, "force");
  renderFacetList("type-list", response.facets.type, state.type, "type");
  renderFacetList("subtype-list", response.facets.subtype, state.subtype, "subtype");
  renderFacetList("theme-list", response.facets.theme, state.theme, "theme");
  filterForces();
  renderYearChart(response.facets.year, state);
  $("results").replaceChildren(...response.hits.map((hit) => renderHit(hit, state, labels)));
  renderPager(response, state);
  if (response.total_documents === 0) await renderEmpty(state, labels);
  else if (response.hits.length === 0) renderPastTheEnd(response, state);
}

// A query with a misspelt word: the corrected query as a link, with the documents it finds.
function showDidYouMean(correction, state) {
  const note = $("did-you-mean");
  note.replaceChildren();
  note.hidden = !correction;
  if (!correction) return;
  const link = element("a", { href: `/?${stateQuery({ ...state, q: correction.query, page: "1" })}`, id: "did-you-mean-link", text: correction.query });
  note.append("Did you mean ", link, ` (${plural(correction.total_documents, "document")})?`);
}

function filterForces() {
  const wanted = $("force-filter").value.trim().toLowerCase();
  for (const item of $("force-list").children) {
    const label = item.getAttribute("data-label") || "";
    item.hidden = wanted !== "" && !label.includes(wanted);
  }
}

// ---------------------------------------------------------------- document view

let matches = [];
let currentMatch = -1;
// Where Next goes before any match is shown: the first match at or after the passage arrived at.
let nextMatch = 0;
let shownDocument = "";

function showMatch(index) {
  if (matches.length === 0) return;
  if (currentMatch >= 0) matches[currentMatch].classList.remove("current");
  currentMatch = (index + matches.length) % matches.length;
  const mark = matches[currentMatch];
  mark.classList.add("current");
  mark.scrollIntoView({ block: "center" });
  $("match-count").textContent = `Match ${currentMatch + 1} of ${matches.length}`;
}

function stepMatch(step) {
  if (currentMatch >= 0) showMatch(currentMatch + step);
  else showMatch(step > 0 ? nextMatch : nextMatch - 1);
}

// Scrolls to the passage of the URL's #p-N and starts match navigation there.
function arriveAtPassage() {
  if (currentMatch >= 0) matches[currentMatch].classList.remove("current");
  currentMatch = -1;
  const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  const following = target ? matches.findIndex((mark) => target.compareDocumentPosition(mark) & Node.DOCUMENT_POSITION_FOLLOWING) : 0;
  nextMatch = following < 0 ? matches.length : following;
  if (target) target.scrollIntoView();
}

function formatDate(date) {
  if (!date) return "Undated";
  if (!date.month) return String(date.year);
  const day = new Date(Date.UTC(date.year, date.month - 1, date.day || 1));
  const options = date.day ? { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" } : { month: "long", year: "numeric", timeZone: "UTC" };
  return day.toLocaleDateString("en-GB", options);
}

function metaRow(list, term, value, evidence) {
  const description = element("dd", {}, document.createTextNode(value));
  if (evidence) description.append(element("div", { className: "evidence", text: `from the ${evidence.origin}: “${evidence.text}”` }));
  list.append(element("dt", { text: term }), description);
}

// A "Cite" button that shows the citation with its permanent link and copies both; where the
// browser refuses the clipboard the shown citation is there to copy by hand. What it shows is
// made on the first click, so a page of passages holds no links until one is cited.
function citeControl(citation) {
  const link = new URL(citation.permalink, location.origin).href;
  const button = element("button", { type: "button", className: "cite", text: "Cite" });
  const control = element("div", { className: "cite-control" }, button);
  button.addEventListener("click", async () => {
    if (!control.querySelector(".citation")) {
      control.append(" ", element("span", { className: "citation" },
        element("span", { className: "citation-text", text: citation.text }), " ",
        element("a", { className: "citation-link", href: citation.permalink, text: link })));
    }
    try {
      await navigator.clipboard.writeText(`${citation.text}. ${link}`);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Cite";
    }
  });
  return control;
}

async function showDocument(docId) {
  $("search-view").hidden = true;
  $("document-view").hidden = false;
  const search = readState();
  const query = search.q;
  $("q").value = query;
  const back = stateQuery(search);
  $("back-link").href = back ? `/?${back}` : "/";
  $("doc-title").textContent = "Loading…";
  let view;
  let text;
  try {
    [view, text] = await Promise.all([
      api(`/api/v1/documents/${encodeURIComponent(docId)}`),
      api(`/api/v1/documents/${encodeURIComponent(docId)}/text${query ? `?q=${encodeURIComponent(query)}` : ""}`),
    ]);
  } catch (error) {
    $("doc-title").textContent = error.message;
    return;
  }
  const meta = view.document;
  const names = view.labels;
  const forceName = (slug) => names.forces[slug] || slug;
  document.title = `${meta.title} — Oversight`;
  $("doc-title").textContent = meta.title;
  const list = $("doc-meta");
  list.replaceChildren();
  metaRow(list, "Force", meta.force ? forceName(meta.force) : "None (national)", meta.evidence.force);
  metaRow(list, "Date", formatDate(meta.date), meta.evidence.date);
  metaRow(list, "Type", names.doc_type, meta.evidence.doc_type);
  metaRow(list, "Kind of document", names.subtype, meta.evidence.subtype);
  metaRow(list, "Themes", meta.themes.map((theme) => names.themes[theme.theme] || theme.theme).join(", ") || "None");
  metaRow(list, "Forces named", meta.mentions.map((mention) => `${forceName(mention.force)} (${mention.count})`).join(", ") || "None");
  const copies = new Set(meta.near_copies.flatMap((copy) => copy.sources));
  metaRow(list, "Files", meta.sources.filter((source) => !copies.has(source)).join(", "));
  for (const copy of meta.near_copies) {
    metaRow(list, "Also as", `${copy.sources.join(", ")} (${Math.round(copy.similarity * 100)}% the same text; not indexed again)`);
  }
  if (view.original_url) {
    list.append(element("dt", { text: "Original" }), element("dd", {}, element("a", { id: "original-link", href: view.original_url, text: "Open the file as downloaded" })));
  }
  list.append(element("dt", { text: "Cite" }), element("dd", { id: "doc-cite" }, citeControl(view.citation)));
  if (meta.source_url && /^https?:\/\//.test(meta.source_url)) {
    list.append(element("dt", { text: "Published at" }), element("dd", {}, element("a", { href: meta.source_url, rel: "noopener noreferrer", text: meta.source_url })));
  }
  const outline = $("outline");
  outline.replaceChildren();
  let lastWhere = "";
  for (const entry of view.outline) {
    const label = where(entry);
    if (label === lastWhere) continue;
    lastWhere = label;
    outline.append(element("li", {}, element("a", { href: `#p-${entry.ordinal}`, text: label })));
  }
  const passages = $("passages");
  passages.replaceChildren();
  for (const passage of text.passages) {
    const body = element("div", { className: "text" });
    appendMarked(body, passage.html);
    const heading = element("h3", { text: where({ ...passage, page: null }) });
    if (passage.page && view.original_url) heading.append(" · ", element("a", { className: "page-link", href: `${view.original_url}#page=${passage.page}`, text: `p. ${passage.page}` }));
    else if (passage.page) heading.append(` · p. ${passage.page}`);
    passages.append(element("section", { className: "passage", id: `p-${passage.ordinal}` }, heading, citeControl(passage.citation), body));
  }
  matches = Array.from(passages.querySelectorAll("mark"));
  currentMatch = -1;
  $("match-nav").hidden = matches.length === 0;
  $("match-count").textContent = matches.length ? `${matches.length} ${matches.length === 1 ? "match" : "matches"}` : "";
  shownDocument = location.pathname + location.search;
  arriveAtPassage();
}

// ---------------------------------------------------------------- wiring

function route() {
  $("trends-view").hidden = location.pathname !== "/trends";
  $("concordance-view").hidden = location.pathname !== "/concordance";
  if (location.pathname === "/trends") return showTrends();
  if (location.pathname === "/concordance") return void showConcordance();
  const documentPath = location.pathname.match(/^\/documents\/([^/]+)$/);
  if (documentPath && shownDocument === location.pathname + location.search && !$("document-view").hidden) arriveAtPassage();
  else if (documentPath) showDocument(decodeURIComponent(documentPath[1]));
  else showSearch();
}

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...readState(), q: $("q").value.trim(), page: "1" });
  });
  setUpSuggestions($("q"), $("q-suggestions"), (suggestion, q) => {
    const state = readState();
    const name = suggestion.kind === "type" ? (suggestion.slug.includes("/") ? "subtype" : "type") : suggestion.kind;
    const values = state[name].includes(suggestion.slug) ? state[name] : [...state[name], suggestion.slug];
    navigate({ ...state, q, [name]: values, page: "1" });
  });
  $("sort").addEventListener("change", () => navigate({ ...readState(), sort: $("sort").value, page: "1" }));
  // Words anywhere in a document (the default) or all in one passage.
  $("one-passage").addEventListener("change", () => navigate({ ...readState(), scope: $("one-passage").checked ? "passage" : "", page: "1" }));
  $("year-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...readState(), year_from: $("year-from").value.trim(), year_to: $("year-to").value.trim(), page: "1" });
  });
  $("force-filter").addEventListener("input", filterForces);
  document.querySelector(".filters").addEventListener("change", (event) => {
    const name = event.target.getAttribute("data-facet");
    if (!name) return;
    const state = readState();
    const values = new Set(state[name]);
    if (event.target.checked) values.add(event.target.value);
    else values.delete(event.target.value);
    navigate({ ...state, [name]: Array.from(values), page: "1" });
  });
  $("pager").addEventListener("click", (event) => {
    if (event.target.tagName !== "A") return;
    event.preventDefault();
    history.pushState(null, "", event.target.getAttribute("href"));
    route();
    window.scrollTo(0, 0);
  });
  $("prev-match").addEventListener("click", () => stepMatch(-1));
  $("next-match").addEventListener("click", () => stepMatch(1));
  $("clear-filters").addEventListener("click", () => {
    const state = readState();
    navigate({ ...state, force: [], type: [], subtype: [], theme: [], year_from: "", year_to: "", page: "1" });
  });
  window.addEventListener("popstate", route);
  window.addEventListener("hashchange", () => {
    if (!$("document-view").hidden) arriveAtPassage();
  });
  route();
});
