// The concordance view (/concordance?q=...&filters&order=): every mention of the search's query in
// a key-word-in-context table (one line a mention: the left context right-aligned against the
// match and cut at its start, the right context after it, cut at its end), sorted by clicking a column's header, each mention linking to its passage in the
// document view. The search's own state (query, filters, scope) is the URL's, read as app.js reads
// it; the concordance's order is `order`, so that a search typed here goes back to the results.
"use strict";

const CONCORDANCE_LIMIT = 100;
const CONCORDANCE_ORDERS = ["date", "document", "left", "right"];
const CONCORDANCE_COLUMNS = [
  { order: "date", label: "Date", className: "when" },
  { order: "document", label: "Document", className: "source" },
  { order: "left", label: "Before", className: "left" },
  { order: null, label: "Match", className: "match" },
  { order: "right", label: "After", className: "right" },
];

let concordanceCursor = null;
let concordanceShown = 0;

// The search whose mentions a concordance lists: the state without the search's order and page.
function concordanceSearch(state) {
  return { ...state, sort: "", page: "" };
}

// The page of the concordance of the search in `state`.
function concordanceHref(state) {
  const query = stateQuery(concordanceSearch(state));
  return `/concordance${query ? `?${query}` : ""}`;
}

function concordanceOrder() {
  const order = new URLSearchParams(location.search).get("order");
  return CONCORDANCE_ORDERS.includes(order) ? order : "date";
}

function concordanceApi(search, order, extra) {
  const query = stateQuery(search);
  return `/api/v1/concordance?${query}${query ? "&" : ""}sort=${order}${extra}`;
}

function concordanceSkeleton(view) {
  if (view.childElementCount) return;
  const head = element("tr");
  for (const column of CONCORDANCE_COLUMNS) {
    const cell = element("th", { scope: "col", className: column.className });
    if (column.order) {
      const button = element("button", { type: "button", "data-order": column.order, text: column.label });
      button.addEventListener("click", () => sortConcordance(column.order));
      cell.append(button);
    } else {
      cell.textContent = column.label;
    }
    head.append(cell);
  }
  const more = element("button", { type: "button", id: "concordance-more", text: "More mentions" });
  more.addEventListener("click", moreMentions);
  view.append(
    element("p", {}, element("a", { id: "concordance-back", href: "/", text: "← Back to results" })),
    element("h1", { id: "concordance-title" }),
    element("p", { id: "concordance-summary", "aria-live": "polite" }),
    element("p", { id: "concordance-expansions", className: "note", hidden: true }),
    element("p", {}, element("a", { id: "concordance-csv", href: "/", text: "Download every mention (CSV)" })),
    element("div", { id: "concordance-error", className: "error", role: "alert", hidden: true }),
    element("table", { id: "kwic", className: "kwic" },
      element("caption", { className: "visually-hidden", text: "Every mention, with the words before and after it" }),
      element("thead", {}, head),
      element("tbody", { id: "kwic-rows" })),
    more);
}

function renderMention(row, search) {
  const href = documentHref(row.doc_id, row.ordinal, search);
  const title = row.expansion ? "an expansion of the query (an acronym or its long form)" : undefined;
  return element("tr", { className: row.expansion ? "expansion" : undefined },
    element("td", { className: "when", text: row.date || "undated" }),
    element("td", { className: "source" },
      element("a", { href, title: row.title, text: row.title }),
      element("span", { className: "where", title: where(row), text: where(row) })),
    element("td", { className: "left", title: row.left }, element("span", { text: row.left })),
    element("td", { className: "match" }, element("a", { href, title }, element("mark", { text: row.match }))),
    element("td", { className: "right", title: row.right, text: row.right }));
}

function sortConcordance(order) {
  const url = new URLSearchParams(location.search);
  url.set("order", order);
  history.pushState(null, "", `/concordance?${url}`);
  route();
}

async function showConcordance() {
  const shown = ++concordanceShown;
  const state = readState();
  const search = concordanceSearch(state);
  const order = concordanceOrder();
  const view = $("concordance-view");
  concordanceSkeleton(view);
  $("search-view").hidden = true;
  $("document-view").hidden = true;
  view.hidden = false;
  $("q").value = state.q;
  document.title = `${state.q || "Mentions"} in context — Oversight`;
  $("concordance-title").textContent = state.q ? `Every mention of “${state.q}”` : "Every mention";
  const searchQuery = stateQuery(search);
  $("concordance-back").href = searchQuery ? `/?${searchQuery}` : "/";
  $("concordance-csv").href = concordanceApi(search, order, "&format=csv");
  for (const cell of view.querySelectorAll("thead th")) {
    const button = cell.querySelector("button");
    if (button && button.getAttribute("data-order") === order) cell.setAttribute("aria-sort", "ascending");
    else cell.removeAttribute("aria-sort");
  }
  $("concordance-error").hidden = true;
  $("concordance-more").hidden = true;
  let response;
  try {
    response = await api(concordanceApi(search, order, `&limit=${CONCORDANCE_LIMIT}`));
  } catch (error) {
    if (shown !== concordanceShown) return;
    $("concordance-error").textContent = error.message;
    $("concordance-error").hidden = false;
    $("kwic-rows").replaceChildren();
    $("concordance-summary").textContent = "";
    return;
  }
  if (shown !== concordanceShown) return;
  $("concordance-summary").textContent = `${plural(response.total_mentions, "mention")} in ${plural(response.total_documents, "document")}`;
  const expansions = response.expansions.map((expansion) => `${expansion.term} → ${expansion.expanded_to.join(" / ")}`);
  $("concordance-expansions").textContent = expansions.length ? `Also listed: ${expansions.join("; ")}` : "";
  $("concordance-expansions").hidden = expansions.length === 0;
  $("kwic-rows").replaceChildren(...response.mentions.map((row) => renderMention(row, search)));
  concordanceCursor = response.next_cursor;
  $("concordance-more").hidden = !concordanceCursor;
}

async function moreMentions() {
  if (!concordanceCursor) return;
  const shown = concordanceShown;
  const search = concordanceSearch(readState());
  const cursor = encodeURIComponent(concordanceCursor);
  let response;
  try {
    response = await api(concordanceApi(search, concordanceOrder(), `&limit=${CONCORDANCE_LIMIT}&cursor=${cursor}`));
  } catch (error) {
    $("concordance-error").textContent = error.message;
    $("concordance-error").hidden = false;
    return;
  }
  if (shown !== concordanceShown) return;
  $("kwic-rows").append(...response.mentions.map((row) => renderMention(row, search)));
  concordanceCursor = response.next_cursor;
  $("concordance-more").hidden = !concordanceCursor;
}
