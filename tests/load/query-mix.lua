-- A realistic query mix for wrk: searches (words, phrases, acronyms, prefixes, exclusions,
-- filters, sorts, pages), facet counts and health checks, picked at random per request.
local paths = {
  "/api/v1/search?q=budget",
  "/api/v1/search?q=police+and+crime+panel",
  "/api/v1/search?q=%22Operation+Devonport%22",
  "/api/v1/search?q=PCC",
  "/api/v1/search?q=commission*",
  "/api/v1/search?q=innovation+-naloxone",
  "/api/v1/search?q=custody+OR+detention",
  "/api/v1/search?q=victims&sort=-date",
  "/api/v1/search?q=precept&force=warwickshire",
  "/api/v1/search?q=complaints&year_from=2014&year_to=2018",
  "/api/v1/search?q=crime&page=3&per_page=20",
  "/api/v1/search?q=",
  "/api/v1/facets?q=police",
  "/api/v1/facets?type=minutes",
  "/healthz",
}
math.randomseed(os.time())
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
