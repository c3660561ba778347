-- wrk script for bench/serve.sh: plan requests rotating over a few Silk Road journeys (road links over
-- crossings, flights and trains, a coordinate origin, a search window, arrive-by).
local queries = {
  "/api/v1/plan?fromPlace=Almaty&toPlace=Tashkent&time=2026-06-05T06:00",
  "/api/v1/plan?fromPlace=Kashgar&toPlace=Osh&time=2026-06-05T15:00",
  "/api/v1/plan?fromPlace=Tashkent&toPlace=Samarkand&time=2026-06-05T00:00&searchWindow=86400",
  "/api/v1/plan?fromPlace=Urumqi&toPlace=Samarkand&time=2026-06-01T08:00",
  "/api/v1/plan?fromPlace=43.25249,76.9115&toPlace=Bishkek&time=2026-06-03T08:00",
  "/api/v1/plan?fromPlace=Bukhara&toPlace=Khiva&time=2026-06-06T20:00&arriveBy=true",
}
local i = 0
request = function()
  i = i % #queries + 1
  return wrk.format("GET", queries[i])
end
