#pragma once
// A small Silk Road network in three time zones, shared by the planner tests:
//
//   URC Ürümqi Diwopu (Asia/Urumqi, +06)
//    |  F1 air, 10:00-12:00 Beijing time = 08:00+06:00 -> 09:00+05:00
//   TAS Toshkent Xalqaro (Asia/Tashkent, +05) ~~walk 30 min (transfers.txt)~~ TASR_1
//   TASR station "Toshkent": platforms TASR_1, TASR_2
//    |  T1 rail 11:00 TASR_1 -> 12:30/12:35 GUL Guliston -> 14:00 SKD Samarqand (no headsign)
//   SKD Samarqand ==taxi 1:30, crossing J (Jartepa - Sarazm, 09:00-18:00, 30 min) after 45 min, estimated==>
//   PJK Panjakent (Asia/Dushanbe, +05)
//   GUL --B1 bus every 30 min 06:00-22:00, not exact--> GULA Guliston Avtovokzal (15 min)
//   C1 and C2 are both called "Central", 300 km apart.
// Daily in June 2026.
#include <map>
#include <string>

#include <date/date.h>

#include "caravan/base/progress.h"
#include "caravan/gtfs/load.h"
#include "caravan/timetable/timetable.h"

namespace caravan::planner::test {

inline std::map<std::string, std::string> silk_files() {
  return {
      {"agency.txt", "agency_id,agency_name,agency_url,agency_timezone\n"
                     "CZ,China Southern,http://cz.example,Asia/Shanghai\n"
                     "UTY,Oʻzbekiston temir yoʻllari,http://uty.example,Asia/Tashkent\n"},
      {"stops.txt", "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,stop_timezone\n"
                    "URC,Ürümqi Diwopu,43.907,87.474,0,,Asia/Urumqi\n"
                    "TAS,Toshkent Xalqaro,41.258,69.281,0,,Asia/Tashkent\n"
                    "TASR,Toshkent,41.290,69.287,1,,Asia/Tashkent\n"
                    "TASR_1,Toshkent,41.2901,69.2871,0,TASR,Asia/Tashkent\n"
                    "TASR_2,Toshkent,41.2902,69.2872,0,TASR,Asia/Tashkent\n"
                    "GUL,Guliston,40.49,68.78,0,,Asia/Tashkent\n"
                    "GULA,Guliston Avtovokzal,40.50,68.80,0,,Asia/Tashkent\n"
                    "SKD,Samarqand,39.67,66.93,0,,Asia/Tashkent\n"
                    "PJK,Panjakent,39.49,67.61,0,,Asia/Dushanbe\n"
                    "C1,Central,41.0,69.0,0,,Asia/Tashkent\n"
                    "C2,Central,39.0,66.0,0,,Asia/Tashkent\n"},
      {"routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type,source,confidence\n"
                     "CZ6007,CZ,CZ6007,Ürümqi - Tashkent,1100,,\n"
                     "AFR,UTY,Afrosiyob,Toshkent - Samarqand,2,https://railway.example/afrosiyob,estimated\n"
                     "BUS,UTY,12,,3,,\n"},
      {"trips.txt", "route_id,service_id,trip_id,trip_headsign\nCZ6007,S,F1,Tashkent\nAFR,S,T1,\nBUS,S,B1,Avtovokzal\n"},
      {"calendar.txt", "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n"
                       "S,1,1,1,1,1,1,1,20260601,20260630\n"},
      {"stop_times.txt", "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n"
                         "F1,10:00:00,10:00:00,URC,1\nF1,12:00:00,12:00:00,TAS,2\n"
                         "T1,11:00:00,11:00:00,TASR_1,1\nT1,12:30:00,12:35:00,GUL,2\nT1,14:00:00,14:00:00,SKD,3\n"
                         "B1,00:00:00,00:00:00,GUL,1\nB1,00:15:00,00:15:00,GULA,2\n"},
      {"frequencies.txt", "trip_id,start_time,end_time,headway_secs,exact_times\nB1,06:00:00,22:00:00,1800,0\n"},
      {"transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nTAS,TASR_1,2,1800\n"},
      {"caravan_border_crossings.txt",
       "crossing_id,crossing_name,crossing_timezone,monday,tuesday,wednesday,thursday,friday,saturday,sunday,formalities_time,source\n"
       "J,Jartepa - Sarazm,Asia/Tashkent,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,09:00-18:00,"
       "0:30:00,test\n"},
      {"caravan_road_links.txt",
       "link_id,from_stop_id,to_stop_id,road_mode,travel_time,crossing_id,time_to_crossing,estimated,source\n"
       "SKD-PJK,SKD,PJK,taxi,1:30:00,J,0:45:00,1,test\n"},
  };
}

inline tt::timetable load_files(std::map<std::string, std::string> files) {
  progress quiet{false};
  auto r = gtfs::load(*gtfs::memory_feed(std::move(files)), {}, quiet);
  return tt::timetable::from_data(std::move(r.data_));
}

inline tt::timetable const& silk() {
  static tt::timetable const t = load_files(silk_files());
  return t;
}

// Unix seconds of a UTC wall clock.
inline std::int64_t utc(int y, unsigned m, unsigned d, int hh, int mm, int ss = 0) {
  return std::int64_t{date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count()} * 86400 +
         hh * 3600 + mm * 60 + ss;
}

inline std::int32_t day(int y, unsigned m, unsigned d) {
  return static_cast<std::int32_t>(date::sys_days{date::year{y} / date::month{m} / date::day{d}}.time_since_epoch().count());
}

}  // namespace caravan::planner::test
