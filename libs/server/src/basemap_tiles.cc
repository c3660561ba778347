#include "caravan/server/basemap_tiles.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>
#include <protozero/pbf_writer.hpp>
#include <stdexcept>

namespace caravan::server {

namespace {

using json = nlohmann::json;

// A position in tile coordinates (integers after rounding), as MVT encodes them.
struct tile_point {
  std::int32_t x_, y_;
  bool operator==(tile_point const&) const = default;
};

// Sutherland-Hodgman against one edge of the (buffered) tile square: keeps the side where inside() holds.
template <typename Inside, typename Cut>
std::vector<std::pair<double, double>> clip_edge(std::vector<std::pair<double, double>> const& in, Inside inside,
                                                 Cut cut) {
  std::vector<std::pair<double, double>> out;
  if (in.empty()) {
    return out;
  }
  out.reserve(in.size() + 4);
  auto prev = in.back();
  for (auto const& cur : in) {
    bool const c = inside(cur);
    bool const p = inside(prev);
    if (c) {
      if (!p) {
        out.push_back(cut(prev, cur));
      }
      out.push_back(cur);
    } else if (p) {
      out.push_back(cut(prev, cur));
    }
    prev = cur;
  }
  return out;
}

std::vector<std::pair<double, double>> clip(std::vector<std::pair<double, double>> r, double lo, double hi) {
  auto const at_x = [](double x) {
    return [x](auto const& a, auto const& b) {
      auto const t = (x - a.first) / (b.first - a.first);
      return std::pair{x, a.second + t * (b.second - a.second)};
    };
  };
  auto const at_y = [](double y) {
    return [y](auto const& a, auto const& b) {
      auto const t = (y - a.second) / (b.second - a.second);
      return std::pair{a.first + t * (b.first - a.first), y};
    };
  };
  r = clip_edge(r, [lo](auto const& p) { return p.first >= lo; }, at_x(lo));
  r = clip_edge(r, [hi](auto const& p) { return p.first <= hi; }, at_x(hi));
  r = clip_edge(r, [lo](auto const& p) { return p.second >= lo; }, at_y(lo));
  r = clip_edge(r, [hi](auto const& p) { return p.second <= hi; }, at_y(hi));
  return r;
}

// Twice the signed area in tile coordinates (y down): positive for a ring MVT calls clockwise (an outline).
double area2(std::vector<tile_point> const& r) {
  double a = 0;
  for (std::size_t i = 0, j = r.size() - 1; i != r.size(); j = i++) {
    a += static_cast<double>(r[j].x_) * r[i].y_ - static_cast<double>(r[i].x_) * r[j].y_;
  }
  return a;
}

std::uint32_t zigzag(std::int32_t v) {
  return (static_cast<std::uint32_t>(v) << 1U) ^ static_cast<std::uint32_t>(v >> 31);
}

// MVT geometry commands for rings (each closed by ClosePath), the cursor carried across rings.
void encode_ring(std::vector<tile_point> const& r, std::vector<std::uint32_t>& out, tile_point& cursor) {
  out.push_back((1U & 0x7U) | (1U << 3U));  // MoveTo, 1 point
  out.push_back(zigzag(r[0].x_ - cursor.x_));
  out.push_back(zigzag(r[0].y_ - cursor.y_));
  cursor = r[0];
  out.push_back((2U & 0x7U) | (static_cast<std::uint32_t>(r.size() - 1) << 3U));  // LineTo, the rest
  for (std::size_t i = 1; i != r.size(); ++i) {
    out.push_back(zigzag(r[i].x_ - cursor.x_));
    out.push_back(zigzag(r[i].y_ - cursor.y_));
    cursor = r[i];
  }
  out.push_back((7U & 0x7U) | (1U << 3U));  // ClosePath
}

// A ring as the tile sees it: clipped to the buffered square, rounded, repeated points dropped, oriented
// as an outline (`outline`) or a hole. Empty when nothing of it is left.
std::vector<tile_point> to_tile(std::vector<std::pair<double, double>> const& world_ring, double scale, double ox,
                                double oy, bool outline, double inset) {
  std::vector<std::pair<double, double>> r;
  r.reserve(world_ring.size());
  for (auto const& [x, y] : world_ring) {
    r.emplace_back((x - ox) * scale, (y - oy) * scale);
  }
  // `inset` units inside the sea's square: a hole that touches its outline confuses triangulation (earcut
  // bridges through the shared edge); the sliver of sea left lies in the buffer, outside the tile.
  auto const b = static_cast<double>(basemap_tiles::kBuffer) - inset;
  r = clip(std::move(r), -b, basemap_tiles::kExtent + b);
  std::vector<tile_point> out;
  out.reserve(r.size());
  for (auto const& [x, y] : r) {
    tile_point const p{static_cast<std::int32_t>(std::lround(x)), static_cast<std::int32_t>(std::lround(y))};
    if (out.empty() || !(out.back() == p)) {
      out.push_back(p);
    }
  }
  while (out.size() > 1 && out.front() == out.back()) {
    out.pop_back();
  }
  // Rounding closes narrow straits into spikes (a, b, a) and leaves points on straight lines: both confuse
  // triangulation (earcut), so they go, until none is left.
  auto const cross = [](tile_point a, tile_point m, tile_point c) {
    return static_cast<std::int64_t>(m.x_ - a.x_) * (c.y_ - a.y_) - static_cast<std::int64_t>(m.y_ - a.y_) * (c.x_ - a.x_);
  };
  for (bool changed = true; changed && out.size() >= 3;) {
    changed = false;
    std::vector<tile_point> kept;
    kept.reserve(out.size());
    for (std::size_t i = 0; i != out.size(); ++i) {
      auto const& prev = kept.empty() ? out.back() : kept.back();
      auto const& next = out[(i + 1) % out.size()];
      if (cross(prev, out[i], next) == 0) {
        changed = true;  // on the line from prev to next (a spike's tip is too: prev == next)
        continue;
      }
      kept.push_back(out[i]);
    }
    out = std::move(kept);
  }
  if (out.size() < 3) {
    return {};
  }
  auto const a = area2(out);
  if (a == 0) {
    return {};
  }
  if ((a > 0) != outline) {
    std::reverse(out.begin(), out.end());
  }
  return out;
}

}  // namespace

namespace {

template <typename Ring>
bool inside_ring(Ring const& r, double x, double y) {
  bool in = false;
  for (std::size_t i = 0, j = r.size() - 1; i != r.size(); j = i++) {
    if ((r[i].y_ > y) != (r[j].y_ > y) && x < (r[j].x_ - r[i].x_) * (y - r[i].y_) / (r[j].y_ - r[i].y_) + r[i].x_) {
      in = !in;
    }
  }
  return in;
}

}  // namespace

basemap_tiles basemap_tiles::from_geojson(std::string_view text, std::string const& name) {
  auto const fail = [&](std::string const& what) { return std::runtime_error{fmt::format("{}: {}", name, what)}; };
  json doc;
  try {
    doc = json::parse(text);
  } catch (json::parse_error const& e) {
    throw fail(fmt::format("not JSON: {}", e.what()));
  }
  basemap_tiles out;
  auto const to_world = [](double lon, double lat) {
    // Web Mercator, clamped to the latitudes it can show.
    lat = std::clamp(lat, -85.0511, 85.0511);
    auto const s = std::sin(lat * std::numbers::pi / 180.0);
    return point{(lon + 180.0) / 360.0, 0.5 - std::log((1 + s) / (1 - s)) / (4 * std::numbers::pi)};
  };
  auto const add_polygon = [&](json const& rings, std::string const& where) {
    if (!rings.is_array() || rings.empty()) {
      throw fail(where + ": a polygon needs at least one ring");
    }
    polygon p{{}, 1, 1, 0, 0};
    for (auto const& r : rings) {
      if (!r.is_array() || r.size() < 4) {
        throw fail(where + ": a ring needs at least 4 positions");
      }
      ring points;
      points.reserve(r.size());
      for (auto const& pos : r) {
        if (!pos.is_array() || pos.size() < 2 || !pos[0].is_number() || !pos[1].is_number()) {
          throw fail(where + ": a position must be [lon, lat]");
        }
        auto const w = to_world(pos[0].get<double>(), pos[1].get<double>());
        points.push_back(w);
        p.min_x_ = std::min(p.min_x_, w.x_);
        p.min_y_ = std::min(p.min_y_, w.y_);
        p.max_x_ = std::max(p.max_x_, w.x_);
        p.max_y_ = std::max(p.max_y_, w.y_);
      }
      p.rings_.push_back(std::move(points));
    }
    out.polygons_.push_back(std::move(p));
  };
  auto const add_geometry = [&](json const& g, std::string const& where) {
    if (!g.is_object() || !g.contains("type")) {
      throw fail(where + ": not a geometry");
    }
    auto const type = g["type"].get<std::string>();
    if (type == "Polygon") {
      add_polygon(g["coordinates"], where);
    } else if (type == "MultiPolygon") {
      for (auto const& p : g["coordinates"]) {
        add_polygon(p, where);
      }
    } else {
      throw fail(fmt::format("{}: a {} (only Polygon and MultiPolygon are land)", where, type));
    }
  };
  auto const type = doc.value("type", "");
  if (type == "FeatureCollection") {
    auto const& features = doc["features"];
    for (std::size_t i = 0; i != features.size(); ++i) {
      if (!features[i]["geometry"].is_null()) {
        add_geometry(features[i]["geometry"], fmt::format("features[{}].geometry", i));
      }
    }
  } else if (type == "Feature") {
    add_geometry(doc["geometry"], "geometry");
  } else {
    add_geometry(doc, "the document");
  }
  // Islands in inland seas (in the Caspian): found once, so a tile draws them as holes of their sea.
  for (std::size_t h = 0; h != out.polygons_.size(); ++h) {
    auto const& host = out.polygons_[h];
    for (std::size_t k = 1; k < host.rings_.size(); ++k) {
      auto const& sea = host.rings_[k];
      for (std::size_t i = 0; i != out.polygons_.size(); ++i) {
        auto& island = out.polygons_[i];
        if (i == h || island.max_x_ < host.min_x_ || island.min_x_ > host.max_x_ || island.max_y_ < host.min_y_ ||
            island.min_y_ > host.max_y_) {
          continue;
        }
        auto const& first = island.rings_[0][0];
        if (inside_ring(sea, first.x_, first.y_)) {
          island.in_polygon_ = h;
          island.in_hole_ = k;
        }
      }
    }
  }
  return out;
}

std::string basemap_tiles::tile(std::uint32_t z, std::uint32_t x, std::uint32_t y) const {
  auto const n = static_cast<double>(1U << z);
  auto const scale = n * kExtent;                    // world units -> tile coordinates
  auto const ox = x / n, oy = y / n;                 // the tile's corner in world units
  auto const pad = static_cast<double>(kBuffer) / scale;
  auto const lo_x = ox - pad, hi_x = ox + 1 / n + pad, lo_y = oy - pad, hi_y = oy + 1 / n + pad;
  std::vector<std::uint32_t> geometry;
  tile_point cursor{0, 0};
  if (z < kMinZoom) {
    // No sea below kMinZoom (basemap_tiles.h): the layer is there, empty.
    std::string out;
    protozero::pbf_writer tile_writer{out};
    protozero::pbf_writer layer{tile_writer, 3};
    layer.add_uint32(15, 2);
    layer.add_string(1, "coastline");
    layer.add_uint32(5, kExtent);
    layer.commit();
    return out;
  }
  // The sea: the buffered tile square as the outline with the land's outlines as holes; then each inland
  // sea (a hole of the land) as an outline with its islands as holes. Islands are drawn a unit inside their
  // sea's clipped edge, land a unit inside the square: rings that touch confuse triangulation (earcut).
  auto const b = static_cast<std::int32_t>(kBuffer);
  auto const e = static_cast<std::int32_t>(kExtent);
  std::vector<tile_point> const square{{-b, -b}, {e + b, -b}, {e + b, e + b}, {-b, e + b}};
  encode_ring(square, geometry, cursor);
  auto const in_tile = [&](polygon const& p) {
    return !(p.max_x_ < lo_x || p.min_x_ > hi_x || p.max_y_ < lo_y || p.min_y_ > hi_y);
  };
  auto const world = [](ring const& r) {
    std::vector<std::pair<double, double>> out;
    out.reserve(r.size());
    for (auto const& q : r) {
      out.emplace_back(q.x_, q.y_);
    }
    return out;
  };
  // Renderers triangulate a polygon with at most so many holes and drop the rest (MapLibre: 500 rings,
  // keeping an arbitrary few when there are more), so the tile keeps the largest land and leaves out the
  // smallest islands, which at such a zoom are a pixel or less.
  constexpr std::size_t kMaxHoles = 400;
  std::vector<std::pair<double, std::vector<tile_point>>> land;
  for (auto const& p : polygons_) {
    if (p.in_polygon_ != static_cast<std::size_t>(-1) || !in_tile(p)) {
      continue;
    }
    if (auto t = to_tile(world(p.rings_[0]), scale, ox, oy, false, 1); !t.empty()) {
      land.emplace_back(-area2(t), std::move(t));
    }
  }
  if (land.size() > kMaxHoles) {
    std::partial_sort(land.begin(), land.begin() + kMaxHoles, land.end(),
                      [](auto const& l, auto const& r) { return l.first > r.first; });
    land.resize(kMaxHoles);
  }
  for (auto const& [area, t] : land) {
    encode_ring(t, geometry, cursor);
  }
  for (std::size_t h = 0; h != polygons_.size(); ++h) {
    auto const& host = polygons_[h];
    if (!in_tile(host)) {
      continue;
    }
    for (std::size_t k = 1; k < host.rings_.size(); ++k) {
      auto sea = to_tile(world(host.rings_[k]), scale, ox, oy, true, 1);
      if (sea.empty()) {
        continue;
      }
      encode_ring(sea, geometry, cursor);
      for (auto const& island : polygons_) {
        if (island.in_polygon_ == h && island.in_hole_ == k && in_tile(island)) {
          if (auto t = to_tile(world(island.rings_[0]), scale, ox, oy, false, 2); !t.empty()) {
            encode_ring(t, geometry, cursor);
          }
        }
      }
    }
  }

  std::string out;
  protozero::pbf_writer tile_writer{out};
  {
    protozero::pbf_writer layer{tile_writer, 3};  // Tile.layers
    layer.add_uint32(15, 2);                     // version
    layer.add_string(1, "coastline");            // name
    {
      protozero::pbf_writer feature{layer, 2};  // features
      feature.add_uint64(1, 1);                 // id
      feature.add_enum(3, 3);                   // type: POLYGON
      feature.add_packed_uint32(4, geometry.begin(), geometry.end());
    }
    layer.add_uint32(5, kExtent);  // extent
  }
  return out;
}

}  // namespace caravan::server
