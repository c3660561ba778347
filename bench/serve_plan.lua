-- wrk script for bench/serve.sh: plan requests rotating over a few journeys of the feed served
-- (CARAVAN_BENCH_FEED): on the Silk Road data road links over crossings, flights and trains, a coordinate
-- origin, a search window, arrive-by; on nyc-mta-subway station ids standing for their platforms at New
-- York times, a coordinate origin, a 1-hour window, arrive-by.
local feeds = {
  ["silkroad"] = {
    "/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T06:00",
    "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00",
    "/api/v1/plan?fromPlace=Tashkent&toPlace=Samarkand&time=2026-06-05T00:00&searchWindow=86400",
    "/api/v1/plan?fromPlace=Urumqi&toPlace=Samarkand&time=2026-06-01T08:00",
    "/api/v1/plan?fromPlace=43.25249,76.9115&toPlace=Bishkek&time=2026-06-03T08:00",
    "/api/v1/plan?fromPlace=Bukhara&toPlace=Khiva&time=2026-06-06T20:00&arriveBy=true",
  },
  ["nyc-mta-subway"] = {
    "/api/v1/plan?fromPlace=127&toPlace=235&time=2026-06-02T08:00-04:00",
    "/api/v1/plan?fromPlace=101&toPlace=635&time=2026-06-02T17:30-04:00",
    "/api/v1/plan?fromPlace=631&toPlace=229&time=2026-06-02T12:00-04:00&searchWindow=3600",
    "/api/v1/plan?fromPlace=40.7553,-73.9875&toPlace=418&time=2026-06-02T09:15-04:00",
    "/api/v1/plan?fromPlace=235&toPlace=101&time=2026-06-02T19:00-04:00&arriveBy=true",
  },
}
local queries = feeds[os.getenv("CARAVAN_BENCH_FEED") or "silkroad"]
-- CARAVAN_BENCH_TRAVELLERS (e.g. CN or CN,DE): every request checks entries for them and searches the
-- journeys that need no visa (what that costs beside the plain plan).
local travellers = os.getenv("CARAVAN_BENCH_TRAVELLERS") or ""
-- CARAVAN_BENCH_API=v6 asks MOTIS's /api/v6/plan for the same journeys (one search each, as
-- /api/v1/plan: timetableView=false, or numItineraries=1 with the query's window), what MOTIS's shape
-- costs beside Caravan's own;
-- CARAVAN_BENCH_API=v6-default asks it as the Transitous web UI does (its defaults: a 900 s window and 5
-- itineraries, found in several searches).
local api = os.getenv("CARAVAN_BENCH_API") or "v1"
if api ~= "v1" then
  for k, q in ipairs(queries) do
    q = q:gsub("^/api/v1/plan", "/api/v6/plan")
    if api == "v6" then
      if q:find("searchWindow=") then
        q = q .. "&numItineraries=1"
      else
        q = q .. "&timetableView=false"
      end
    end
    queries[k] = q
  end
end
local i = 0
request = function()
  i = i % #queries + 1
  if travellers ~= "" then
    return wrk.format("GET", queries[i] .. "&travellers=" .. travellers)
  end
  return wrk.format("GET", queries[i])
end
