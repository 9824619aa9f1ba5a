// The "Export CSV" and "Export NDJSON" links of a search: the same query, filters and scope as the
// results shown (never the page or the order: an export has every match), as /api/v1/export
// addresses the browser downloads under the file name the service gives.
"use strict";

const EXPORT_PARAMS = ["q", "force", "type", "subtype", "theme", "year_from", "year_to", "date_from", "date_to", "scope"];

// The export address of `state` in `format`.
function exportHref(state, format) {
  const url = new URLSearchParams();
  for (const name of EXPORT_PARAMS) {
    const value = state[name];
    if (Array.isArray(value)) for (const item of value) url.append(name, item);
    else if (value && !(name === "scope" && value === "document")) url.set(name, value);
  }
  url.set("format", format);
  return `/api/v1/export?${url}`;
}

// Points the export links at the search of `state`; hides them when there is none to export.
function showExportLinks(state) {
  const links = document.getElementById("export-links");
  if (!state) {
    links.hidden = true;
    return;
  }
  document.getElementById("export-csv").href = exportHref(state, "csv");
  document.getElementById("export-ndjson").href = exportHref(state, "ndjson");
  links.hidden = false;
}
