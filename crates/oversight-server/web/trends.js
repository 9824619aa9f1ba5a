// The Trends view of a search (/trends?q=…&q=…&filters): for each query a bar chart of its
// documents per year (every year of the range, empty ones included, undated last), shown as
// counts or per 100 documents, a table of every number under the charts, and a link to the same
// data as CSV. It reads /api/v1/trends; app.js routes /trends here and links to it from a search.
"use strict";

const TREND_FILTERS = ["force", "type", "subtype", "theme", "year_from", "year_to", "scope"];
const MAX_TREND_QUERIES = 5;
let trendMeasure = "documents";
let shownTrends = null;

// The trends of the search `state` (app.js's state: one query and the filters).
function trendsHref(state) {
  const url = new URLSearchParams();
  url.append("q", state.q || "");
  for (const name of TREND_FILTERS) {
    const value = state[name];
    if (Array.isArray(value)) for (const item of value) url.append(name, item);
    else if (value && !(name === "scope" && value === "document")) url.set(name, value);
  }
  return `/trends?${url.toString()}`;
}

// The trends URL's queries and filters, as the API takes them.
function trendsQuery() {
  const read = new URLSearchParams(location.search);
  const url = new URLSearchParams();
  const queries = read.getAll("q");
  for (const query of queries.length ? queries : [""]) url.append("q", query);
  for (const name of TREND_FILTERS) for (const value of read.getAll(name)) if (value) url.append(name, value);
  return url;
}

// The search a trends URL was opened from: its first query with the same filters.
function searchHrefOf(url) {
  const search = new URLSearchParams();
  const first = url.getAll("q")[0];
  if (first) search.set("q", first);
  for (const name of TREND_FILTERS) for (const value of url.getAll(name)) search.append(name, value);
  const text = search.toString();
  return text ? `/?${text}` : "/";
}

function queryName(query) {
  return query.trim() ? `“${query}”` : "All documents";
}

function shown(bucket) {
  return trendMeasure === "per_100" ? bucket.per_100_documents : bucket.documents;
}

function shownText(bucket) {
  return trendMeasure === "per_100" ? bucket.per_100_documents.toFixed(1) : String(bucket.documents);
}

function bucketName(bucket) {
  const amount = trendMeasure === "per_100"
    ? `${bucket.per_100_documents.toFixed(1)} per 100 documents (${bucket.documents} of ${bucket.all_documents})`
    : `${plural(bucket.documents, "document")} of ${bucket.all_documents}`;
  return `${bucket.value}: ${amount}`;
}

// One chart: a bar per bucket, its height the measure shown, labelled with its year and value.
function renderTrendChart(series, index) {
  const headingId = `trend-heading-${index}`;
  const max = Math.max(...series.buckets.map(shown), trendMeasure === "per_100" ? 100 : 1);
  const chart = element("ol", { className: "trend-chart", "aria-labelledby": headingId });
  const slots = series.buckets.length;
  const step = slots <= 12 ? 1 : Math.ceil(slots / 10);
  series.buckets.forEach((bucket, position) => {
    const bar = element("span", { className: "bar" });
    const value = shown(bucket);
    bar.style.height = `${value === 0 ? 0 : Math.max(3, Math.round((value / max) * 85))}%`;
    const labelled = position % step === 0 || position === slots - 1;
    const name = bucketName(bucket);
    chart.append(element("li", { "data-year": bucket.value, "data-value": shownText(bucket), title: name },
      element("span", { className: "plot" }, element("span", { className: "count", text: value ? shownText(bucket) : "", "aria-hidden": "true" }), bar),
      element("span", { className: labelled ? "year" : "year unlabelled", text: bucket.value, "aria-hidden": "true" }),
      element("span", { className: "visually-hidden", text: name })));
  });
  return element("section", { className: "trend" },
    element("h2", { id: headingId, text: queryName(series.query) }),
    chart);
}

// The table: a row per year, all documents once, then each query's numbers.
function renderTrendTable(response) {
  const head = element("tr", {}, element("th", { scope: "col", text: "Year" }), element("th", { scope: "col", text: "All documents" }));
  for (const series of response.series) {
    for (const column of ["documents", "per 100", "passages", "mentions"]) {
      head.append(element("th", { scope: "col", text: `${queryName(series.query)}: ${column}` }));
    }
  }
  const body = element("tbody");
  const first = response.series[0];
  first.buckets.forEach((bucket, row) => {
    const line = element("tr", { "data-year": bucket.value }, element("th", { scope: "row", text: bucket.value }), element("td", { text: String(bucket.all_documents) }));
    for (const series of response.series) {
      const cell = series.buckets[row];
      for (const value of [cell.documents, cell.per_100_documents.toFixed(1), cell.passages, cell.mentions]) {
        line.append(element("td", { text: String(value) }));
      }
    }
    body.append(line);
  });
  return element("table", { id: "trend-table", className: "trend-table" },
    element("caption", { text: "Documents, share per 100 documents, passages and mentions per year" }),
    element("thead", {}, head), body);
}

function renderTrends() {
  if (!shownTrends) return;
  $("trend-charts").replaceChildren(...shownTrends.series.map(renderTrendChart));
  $("trend-table-wrap").replaceChildren(renderTrendTable(shownTrends));
}

async function showTrends() {
  $("search-view").hidden = true;
  $("document-view").hidden = true;
  $("trends-view").hidden = false;
  const url = trendsQuery();
  const queries = url.getAll("q");
  $("q").value = queries[0] || "";
  document.title = `Trends: ${queries.filter(Boolean).join(", ") || "all documents"} — Oversight`;
  $("trends-back").href = searchHrefOf(url);
  $("trends-csv").href = `/api/v1/trends?${url.toString()}&format=csv`;
  $("trend-add").hidden = queries.length >= MAX_TREND_QUERIES;
  $("trends-error").hidden = true;
  shownTrends = null;
  $("trend-charts").replaceChildren();
  $("trend-table-wrap").replaceChildren();
  try {
    shownTrends = await api(`/api/v1/trends?${url.toString()}`);
  } catch (error) {
    $("trends-error").textContent = error.message;
    $("trends-error").hidden = false;
    return;
  }
  renderTrends();
}

document.addEventListener("DOMContentLoaded", () => {
  for (const input of document.querySelectorAll('input[name="trend-measure"]')) {
    input.addEventListener("change", () => {
      trendMeasure = input.value;
      renderTrends();
    });
  }
  $("trend-add").addEventListener("submit", (event) => {
    event.preventDefault();
    const added = $("trend-query").value.trim();
    if (!added) return;
    const url = trendsQuery();
    url.append("q", added);
    $("trend-query").value = "";
    history.pushState(null, "", `/trends?${url.toString()}`);
    route();
  });
});
