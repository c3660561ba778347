-- wrk script for bench/serve.sh nyc-mta-subway: plan requests rotating over a few New York subway
-- journeys (station ids stand for their platforms; a coordinate origin; arrive-by; a search window).
local queries = {
  "/api/v1/plan?fromPlace=127&toPlace=235&time=2026-06-02T08:00-04:00",
  "/api/v1/plan?fromPlace=101&toPlace=635&time=2026-06-02T17:30-04:00",
  "/api/v1/plan?fromPlace=631&toPlace=229&time=2026-06-02T12:00-04:00&searchWindow=3600",
  "/api/v1/plan?fromPlace=40.7553,-73.9875&toPlace=418&time=2026-06-02T09:15-04:00",
  "/api/v1/plan?fromPlace=235&toPlace=101&time=2026-06-02T19:00-04:00&arriveBy=true",
}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", queries[i])
end
