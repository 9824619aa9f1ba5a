// Oversight's web page: search with facet filters, and a document view. The whole state lives in
// the URL; every piece of document text reaches the page as text nodes or as server-escaped HTML
// that is re-parsed here keeping only <mark> elements.
"use strict";

const PARAMS = ["q", "force", "type", "subtype", "theme", "year_from", "year_to", "sort", "page"];
const REPEATED = new Set(["force", "type", "subtype", "theme"]);
const PER_PAGE = 10;

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
    else if (value && !(name === "page" && value === "1") && !(name === "sort" && value === "relevance")) url.set(name, value);
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

function documentHref(docId, ordinal, query) {
  const search = query ? `?q=${encodeURIComponent(query)}` : "";
  return `/documents/${encodeURIComponent(docId)}${search}${ordinal === undefined ? "" : `#p-${ordinal}`}`;
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

function renderYearChart(counts, state) {
  const svg = $("year-chart");
  svg.replaceChildren();
  if (counts.length === 0) return;
  const width = svg.clientWidth || 260;
  const height = 60;
  const max = Math.max(...counts.map((count) => count.count));
  const barWidth = Math.min(28, width / counts.length);
  counts.forEach((count, index) => {
    const barHeight = Math.max(2, (count.count / max) * (height - 4));
    const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
    rect.setAttribute("x", String(index * barWidth + 1));
    rect.setAttribute("y", String(height - barHeight));
    rect.setAttribute("width", String(Math.max(1, barWidth - 2)));
    rect.setAttribute("height", String(barHeight));
    rect.setAttribute("data-year", count.value);
    if (count.selected) rect.setAttribute("class", "selected");
    const title = document.createElementNS("http://www.w3.org/2000/svg", "title");
    title.textContent = `${count.value}: ${count.count} documents`;
    rect.append(title);
    rect.addEventListener("click", () => navigate({ ...state, year_from: count.value, year_to: count.value, page: "1" }));
    svg.append(rect);
  });
}

function renderHit(hit, query) {
  const best = hit.passages[0];
  const title = element("h3", {}, element("a", { href: documentHref(hit.doc_id, best ? best.ordinal : undefined, query), text: hit.title }));
  const meta = [hit.force_name || "National", hit.date_text || "Undated", hit.subtype, hit.themes.slice(0, 4).join(", ")].filter(Boolean).join(" · ");
  const passages = element("ul", { className: "passages" });
  for (const passage of hit.passages) {
    const snippet = element("p", { className: "snippet" });
    appendMarked(snippet, passage.snippet);
    passages.append(element("li", {}, element("a", { className: "where", href: documentHref(hit.doc_id, passage.ordinal, query), text: where(passage) }), snippet));
  }
  const count = hit.matched_passages > hit.passages.length ? element("p", { className: "note", text: plural(hit.matched_passages, "matching passage") }) : null;
  return element("li", { className: "hit" }, title, element("p", { className: "meta", text: meta }), passages, count);
}

function renderPager(response, state) {
  const pager = $("pager");
  pager.replaceChildren();
  const pages = Math.max(1, Math.ceil(response.total_documents / PER_PAGE));
  const page = response.page;
  if (pages <= 1) return;
  if (page > 1) pager.append(element("a", { href: `/?${stateQuery({ ...state, page: String(page - 1) })}`, rel: "prev", text: "← Previous" }));
  pager.append(element("span", { text: `Page ${page} of ${pages}` }));
  if (page < pages) pager.append(element("a", { href: `/?${stateQuery({ ...state, page: String(page + 1) })}`, rel: "next", text: "Next →" }));
}

// Says which filter or word to drop, with the number of documents each change would give.
async function renderEmpty(state) {
  const empty = $("empty");
  empty.replaceChildren(element("p", { text: "No documents match." }));
  const suggestions = [];
  for (const name of ["force", "type", "subtype", "theme"]) {
    for (const value of state[name]) {
      suggestions.push({ label: `Remove the ${name} filter “${value}”`, state: { ...state, [name]: state[name].filter((item) => item !== value), page: "1" } });
    }
  }
  if (state.year_from || state.year_to) suggestions.push({ label: "Remove the year range", state: { ...state, year_from: "", year_to: "", page: "1" } });
  const words = state.q.split(/\s+/).filter(Boolean);
  if (words.length > 1) {
    for (const word of words) suggestions.push({ label: `Drop the word “${word}”`, state: { ...state, q: words.filter((other) => other !== word).join(" "), page: "1" } });
  }
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

async function showSearch() {
  const state = readState();
  $("document-view").hidden = true;
  $("search-view").hidden = false;
  $("q").value = state.q;
  $("sort").value = state.sort || "relevance";
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
    $("summary").textContent = "";
    return;
  }
  $("summary").textContent = `${plural(response.total_documents, "document")}, ${plural(response.total_passages, "passage")}`;
  const expansions = response.expansions.map((expansion) => `${expansion.term} → ${expansion.expanded_to.join(" / ")}`);
  $("expansions").textContent = expansions.length ? `Also searched: ${expansions.join("; ")}` : "";
  $("expansions").hidden = expansions.length === 0;
  renderFacetList("force-list", response.facets.force, state.force, "force");
  renderFacetList("type-list", response.facets.type, state.type, "type");
  renderFacetList("subtype-list", response.facets.subtype, state.subtype, "subtype");
  renderFacetList("theme-list", response.facets.theme, state.theme, "theme");
  filterForces();
  renderYearChart(response.facets.year, state);
  $("results").replaceChildren(...response.hits.map((hit) => renderHit(hit, state.q)));
  renderPager(response, state);
  if (response.total_documents === 0) await renderEmpty(state);
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

function showMatch(index) {
  if (matches.length === 0) return;
  if (currentMatch >= 0) matches[currentMatch].classList.remove("current");
  currentMatch = (index + matches.length) % matches.length;
  const mark = matches[currentMatch];
  mark.classList.add("current");
  mark.scrollIntoView({ block: "center" });
  $("match-count").textContent = `Match ${currentMatch + 1} of ${matches.length}`;
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

async function showDocument(docId) {
  $("search-view").hidden = true;
  $("document-view").hidden = false;
  const query = new URLSearchParams(location.search).get("q") || "";
  $("q").value = query;
  $("back-link").href = query ? `/?q=${encodeURIComponent(query)}` : "/";
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
  document.title = `${meta.title} — Oversight`;
  $("doc-title").textContent = meta.title;
  const list = $("doc-meta");
  list.replaceChildren();
  metaRow(list, "Force", meta.force || "None (national)", meta.evidence.force);
  metaRow(list, "Date", formatDate(meta.date), meta.evidence.date);
  metaRow(list, "Type", meta.doc_type, meta.evidence.doc_type);
  metaRow(list, "Subtype", meta.subtype, meta.evidence.subtype);
  metaRow(list, "Themes", meta.themes.map((theme) => theme.theme).join(", ") || "None");
  metaRow(list, "Forces named", meta.mentions.map((mention) => `${mention.force} (${mention.count})`).join(", ") || "None");
  const copies = new Set(meta.near_copies.flatMap((copy) => copy.sources));
  metaRow(list, "Files", meta.sources.filter((source) => !copies.has(source)).join(", "));
  for (const copy of meta.near_copies) {
    metaRow(list, "Also as", `${copy.sources.join(", ")} (${Math.round(copy.similarity * 100)}% the same text; not indexed again)`);
  }
  if (view.original_url) {
    list.append(element("dt", { text: "Original" }), element("dd", {}, element("a", { id: "original-link", href: view.original_url, text: "Open the file as downloaded" })));
  }
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
    passages.append(element("section", { className: "passage", id: `p-${passage.ordinal}` }, heading, body));
  }
  matches = Array.from(passages.querySelectorAll("mark"));
  currentMatch = -1;
  $("match-nav").hidden = matches.length === 0;
  $("match-count").textContent = matches.length ? `${matches.length} ${matches.length === 1 ? "match" : "matches"}` : "";
  const target = location.hash ? document.getElementById(location.hash.slice(1)) : null;
  if (target) target.scrollIntoView();
}

// ---------------------------------------------------------------- wiring

function route() {
  const documentPath = location.pathname.match(/^\/documents\/([^/]+)$/);
  if (documentPath) showDocument(decodeURIComponent(documentPath[1]));
  else showSearch();
}

document.addEventListener("DOMContentLoaded", () => {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    navigate({ ...readState(), q: $("q").value.trim(), page: "1" });
  });
  $("sort").addEventListener("change", () => navigate({ ...readState(), sort: $("sort").value, page: "1" }));
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
  $("prev-match").addEventListener("click", () => showMatch(currentMatch - 1));
  $("next-match").addEventListener("click", () => showMatch(currentMatch + 1));
  window.addEventListener("popstate", route);
  route();
});
