#pragma once
// Basemap vector tiles (Mapbox Vector Tile 2.1) for MOTIS's web UI (/tiles/{z}/{x}/{y}.mvt, issue 14),
// made from the same Natural Earth land polygons as the web app's offline basemap (world-atlas, written by
// the web build to web/dist/basemap/land.geojson). MOTIS's style draws land as its background and fills
// the source-layer `coastline` with the water colour, so the one layer here is `coastline`: the sea, the
// tile square less the land (the land's own holes, the Caspian and Aral seas, water again).
//
// Thread safety: immutable after from_geojson(); tile() from any number of threads.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace caravan::server {

class basemap_tiles {
 public:
  static constexpr std::uint32_t kExtent = 4096;  // tile coordinates per side
  static constexpr std::uint32_t kBuffer = 64;    // drawn past each edge, so fills meet without seams
  static constexpr std::uint32_t kMaxZoom = 14;   // deeper tiles would only magnify 1:50m data
  // Below this the tiles hold no sea (the layer is empty, so a renderer draws land everywhere): at zoom 0
  // and 1 the continents' outlines, rounded to a 4096-unit tile, touch themselves, and MapLibre's
  // triangulation then drops them (the world drawn as sea). Zoom 2 on shows the region right.
  static constexpr std::uint32_t kMinZoom = 2;

  // A GeoJSON FeatureCollection (or Feature, or geometry) of Polygons and MultiPolygons, lon/lat degrees.
  // Throws std::runtime_error naming `name` and what is wrong when it is not.
  static basemap_tiles from_geojson(std::string_view text, std::string const& name);

  // The tile's MVT bytes (protobuf, not compressed). z in [0, kMaxZoom], x and y in [0, 2^z).
  std::string tile(std::uint32_t z, std::uint32_t x, std::uint32_t y) const;

  std::size_t polygons() const { return polygons_.size(); }

 private:
  struct point {
    double x_, y_;  // Web Mercator, the world as [0, 1] x [0, 1], y down
  };
  using ring = std::vector<point>;
  struct polygon {
    std::vector<ring> rings_;  // the first is the outline, the others holes (inland seas)
    double min_x_, min_y_, max_x_, max_y_;
    // An island in another polygon's hole (in the Caspian): that polygon and hole; else npos.
    std::size_t in_polygon_{static_cast<std::size_t>(-1)}, in_hole_{0};
  };
  std::vector<polygon> polygons_;
};

}  // namespace caravan::server
