#include "caravan/timetable/types.h"

namespace caravan::tt {

// GTFS route_type: the basic types 0-12 and the extended (HVT) types in hundreds.
mode mode_of_route_type(std::int32_t t) {
  switch (t) {
    case 0: return mode::kTram;
    case 1: return mode::kSubway;
    case 2: return mode::kRail;
    case 3: return mode::kBus;
    case 4: return mode::kFerry;
    case 5: return mode::kCableCar;
    case 6: return mode::kAerialLift;
    case 7: return mode::kFunicular;
    case 11: return mode::kTrolleybus;
    case 12: return mode::kMonorail;
    default: break;
  }
  if (t >= 100 && t < 200) return mode::kRail;
  if (t >= 200 && t < 300) return mode::kCoach;
  if (t >= 400 && t < 500) return t == 405 ? mode::kMonorail : mode::kSubway;
  if (t >= 700 && t < 800) return mode::kBus;
  if (t >= 800 && t < 900) return mode::kTrolleybus;
  if (t >= 900 && t < 1000) return mode::kTram;
  if (t >= 1000 && t < 1100) return mode::kFerry;
  if (t >= 1100 && t < 1200) return mode::kAir;
  if (t >= 1200 && t < 1300) return mode::kFerry;
  if (t >= 1300 && t < 1400) return mode::kAerialLift;
  if (t >= 1400 && t < 1500) return mode::kFunicular;
  if (t >= 1500 && t < 1600) return mode::kTaxi;
  return mode::kOther;
}

std::string_view to_string(mode m) {
  switch (m) {
    case mode::kTram: return "tram";
    case mode::kSubway: return "subway";
    case mode::kRail: return "rail";
    case mode::kBus: return "bus";
    case mode::kCoach: return "coach";
    case mode::kFerry: return "ferry";
    case mode::kCableCar: return "cable-car";
    case mode::kAerialLift: return "aerial-lift";
    case mode::kFunicular: return "funicular";
    case mode::kTrolleybus: return "trolleybus";
    case mode::kMonorail: return "monorail";
    case mode::kAir: return "air";
    case mode::kTaxi: return "taxi";
    case mode::kRoad: return "road";
    case mode::kOther: return "other";
  }
  return "other";
}

}  // namespace caravan::tt

namespace caravan::tt {

std::string_view to_string(confidence c) {
  switch (c) {
    case confidence::kExact: return "exact";
    case confidence::kEstimated: return "estimated";
    case confidence::kUnstated: break;
  }
  return "";
}

}  // namespace caravan::tt
