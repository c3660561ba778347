// caravan serve: the HTTP API (docs/server.md) over a timetable snapshot and the heritage sites.
#include <fmt/format.h>
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>

#include "caravan/base/text.h"
#include "caravan/base/error.h"
#include "caravan/rules/rule_set.h"
#include "caravan/cases/service.h"
#include "caravan/server/api.h"
#include "caravan/server/case_notifier.h"
#include "caravan/server/cases_api.h"
#include "caravan/server/http_server.h"
#include "caravan/server/register_api.h"
#include "caravan/server/reloader.h"
#include "caravan/server/static_files.h"
#include "caravan/server/stats_api.h"
#include "caravan/sites/sites.h"
#include "caravan/stats/published.h"
#include "caravan/tours/visits.h"
#include "commands.h"
#include "register_store.h"

namespace caravan::cli {

namespace {

std::string env_or(char const* name, std::string fallback) {
  char const* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? std::string{v} : fallback;
}

template <typename T>
T number_from_env(char const* name, T fallback, T lo, T hi) {
  char const* v = std::getenv(name);
  if (v == nullptr || *v == '\0') {
    return fallback;
  }
  char* end = nullptr;
  auto const n = std::strtoll(v, &end, 10);
  if (*end != '\0' || n < static_cast<long long>(lo) || n > static_cast<long long>(hi)) {
    throw data_error{{}, fmt::format("{}=`{}` is not a whole number between {} and {}", name, v, lo, hi)};
  }
  return static_cast<T>(n);
}

}  // namespace

command add_serve_command(CLI::App& app) {
  struct options {
    std::string timetable, bind, sites, site_visits, published, rules_dir, web, register_at, register_keys, replica_at;
    std::string case_calendars, case_webhook, case_webhook_secret;
    unsigned port = 8080;
    unsigned threads = 0;
    std::vector<std::string> cors;
    std::vector<std::string> trusted_proxies;
    bool quiet = false;
  };
  auto o = std::make_shared<options>();
  auto* cmd = app.add_subcommand("serve", "The HTTP API (docs/server.md) over a timetable snapshot");
  auto* timetable = cmd->add_option(
      "--timetable", o->timetable,
      "Snapshot written by `caravan import` (env CARAVAN_TIMETABLE; default var/timetable.bin)");
  auto* port =
      cmd->add_option("--port", o->port, "TCP port, 0 for any free one (env CARAVAN_PORT; default 8080)")
          ->check(CLI::Range(0U, 65535U));
  auto* bind =
      cmd->add_option("--bind", o->bind, "Address to listen on (env CARAVAN_BIND; default 127.0.0.1)");
  auto* threads =
      cmd->add_option("--threads", o->threads, "Worker threads (env CARAVAN_THREADS; default: the cores)")
          ->check(CLI::Range(1U, 256U));
  cmd->add_option("--cors", o->cors, "Origins allowed to call the API from a browser (* for any)");
  cmd->add_option("--trusted-proxy", o->trusted_proxies,
                  "A reverse proxy's address whose X-Forwarded-For names the client, for the register's per-client "
                  "limits (repeatable; env CARAVAN_TRUSTED_PROXIES, comma-separated; docs/deployment.md)");
  auto* sites = cmd->add_option("--sites", o->sites,
                                "Heritage sites file (env CARAVAN_SITES; default "
                                "data/silkroad/caravan_heritage_sites.txt when present)");
  cmd->add_option("--site-visits", o->site_visits,
                  "Visit lengths and opening hours of heritage sites for tours (docs/tours.md; env CARAVAN_SITE_VISITS; "
                  "default data/tours/site_visits.csv when present)");
  cmd->add_option("--published", o->published,
                  "Published figures with their sources for the statistics (docs/stats.md; env CARAVAN_PUBLISHED; "
                  "default data/stats/published.csv when present)");
  cmd->add_option(
      "--rules", o->rules_dir,
      "Entry rules folder for plan's travellers and /api/v1/entry/check (env CARAVAN_RULES; default "
      "data/rules)");
  auto* web = cmd->add_option("--web", o->web,
                              "The web app's built files, served at / (env CARAVAN_WEB; default web/dist when "
                              "it has an index.html; `none` for the API alone)");
  cmd->add_option("--register", o->register_at,
                  "The register of operators and accounts (docs/register.md): a SQLite file (created when missing) "
                  "or a PostgreSQL URI (env CARAVAN_REGISTER; default none: its endpoints answer 503 register_off)");
  cmd->add_option("--register-keys", o->register_keys,
                  "The key file sealing manifests' passport numbers and birth dates (env CARAVAN_REGISTER_KEYS; "
                  "default <register>.keys beside a SQLite register, made when missing; none for PostgreSQL: "
                  "manifests are then refused). Every server of one register needs the same file");
  cmd->add_option("--register-replica", o->replica_at,
                  "A read-only PostgreSQL replica of the register for the public lookup (GET /api/v1/operators) "
                  "alone; everything else uses --register (env CARAVAN_REGISTER_REPLICA; docs/deployment.md)");
  cmd->add_option("--case-calendars", o->case_calendars,
                  "Business calendars the cases' deadlines count in, stored in the register when it has none by "
                  "their id (docs/cases.md; env CARAVAN_CASE_CALENDARS; default data/cases/calendars.json when present)");
  cmd->add_option("--case-webhook", o->case_webhook,
                  "http://host[:port]/path that receives the cases' notifications, signed (env CARAVAN_CASE_WEBHOOK; "
                  "default none: they wait in the register's outbox)");
  cmd->add_option("--case-webhook-secret-file", o->case_webhook_secret,
                  "A file holding the secret that signs the webhook's bodies (env CARAVAN_CASE_WEBHOOK_SECRET_FILE; "
                  "required with --case-webhook)");
  cmd->add_flag("-q,--quiet", o->quiet, "No access log");

  return [o, timetable, port, bind, threads, sites, web] {
    server::server_config cfg;
    auto const timetable_path =
        timetable->count() > 0 ? o->timetable : env_or("CARAVAN_TIMETABLE", kDefaultTimetable);
    cfg.bind_ = bind->count() > 0 ? o->bind : env_or("CARAVAN_BIND", "127.0.0.1");
    cfg.port_ = static_cast<std::uint16_t>(
        port->count() > 0 ? o->port : number_from_env<unsigned>("CARAVAN_PORT", 8080U, 0U, 65535U));
    auto const cores = std::max(1U, std::thread::hardware_concurrency());
    cfg.threads_ =
        threads->count() > 0 ? o->threads : number_from_env<unsigned>("CARAVAN_THREADS", cores, 1U, 256U);
    cfg.cors_origins_ = o->cors;
    cfg.trusted_proxies_ = o->trusted_proxies;
    if (cfg.trusted_proxies_.empty()) {
      auto const env = env_or("CARAVAN_TRUSTED_PROXIES", "");
      for (std::size_t from = 0; from < env.size();) {
        auto const comma = std::min(env.find(',', from), env.size());
        if (auto const p = std::string{trim(std::string_view{env}.substr(from, comma - from))}; !p.empty()) {
          cfg.trusted_proxies_.push_back(p);
        }
        from = comma + 1;
      }
    }
    for (auto const& p : cfg.trusted_proxies_) {
      if (!server::is_ip_address(p)) {
        throw data_error{{}, fmt::format("--trusted-proxy `{}` is not an IP address", shorten(p, 60))};
      }
    }
    if (!o->quiet) {
      cfg.access_log_ = [](std::string const& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
    }
    std::string sites_path = sites->count() > 0 ? o->sites : env_or("CARAVAN_SITES", "");
    if (sites_path.empty() && std::filesystem::exists("data/silkroad/caravan_heritage_sites.txt")) {
      sites_path = "data/silkroad/caravan_heritage_sites.txt";
    }
    // The tours' visit estimates, read with the sites (a broken file stops the start, as broken sites do).
    auto site_visits_path = o->site_visits.empty() ? env_or("CARAVAN_SITE_VISITS", "") : o->site_visits;
    if (site_visits_path.empty() && std::filesystem::exists("data/tours/site_visits.csv")) {
      site_visits_path = "data/tours/site_visits.csv";
    }
    auto const site_visits = [site_visits_path] {
      return site_visits_path.empty() ? std::vector<tours::visit_override>{} : tours::load_visit_overrides(site_visits_path);
    };

    // The published figures: a broken file stops the start, as broken sites do.
    auto published_path = o->published.empty() ? env_or("CARAVAN_PUBLISHED", "") : o->published;
    if (published_path.empty() && std::filesystem::exists("data/stats/published.csv")) {
      published_path = "data/stats/published.csv";
    }
    auto published = published_path.empty() ? std::vector<stats::published_figure>{} : stats::load_published(published_path);

    // The rules are small and checked whole: a missing or broken folder stops the start before listening.
    auto const rules_dir = rules_directory(o->rules_dir);
    auto rule_set = rules::rule_set::load_directory(rules_dir);

    // SIGINT, SIGTERM and SIGHUP are taken by this thread alone (sigtimedwait below); the workers never
    // see them.
    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    sigaddset(&signals, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    // Every connection takes a file descriptor: use what the hard limit allows.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0 && files.rlim_cur < files.rlim_max) {
      files.rlim_cur = files.rlim_max;
      ::setrlimit(RLIMIT_NOFILE, &files);
    }

    // The web app is read whole before listening (a few hundred KB): a bad folder stops the start.
    std::string web_dir = web->count() > 0 ? o->web : env_or("CARAVAN_WEB", "");
    if (web_dir.empty() && std::filesystem::exists("web/dist/index.html")) {
      web_dir = "web/dist";
    }
    std::shared_ptr<server::static_files const> web_files;
    if (!web_dir.empty() && web_dir != "none") {
      web_files = std::make_shared<server::static_files const>(server::static_files::load(web_dir));
    }

    // The register is opened (and migrated) before listening: a bad file or an unreachable database
    // stops the start with its reason.
    auto const register_at = register_location(o->register_at);
    std::unique_ptr<registry::store> register_store;
    std::shared_ptr<registry::register_service> register_service;
    std::shared_ptr<cases::case_service> case_service;
    if (!register_at.empty()) {
      register_store = open_register(register_at);
      registry::service_options options;
      if (auto const keys = keys_location(o->register_keys, register_at); !keys.empty()) {
        // Made beside a SQLite register when missing; a given file must exist.
        options.keys_ = load_keys(keys, o->register_keys.empty() && std::getenv("CARAVAN_REGISTER_KEYS") == nullptr);
      }
      auto case_keys = options.keys_;
      register_service = std::make_shared<registry::register_service>(*register_store, std::move(options));
      // Cases live in the register's database (cases/store.h): the same store, its case tables.
      auto* case_store = dynamic_cast<cases::case_store*>(register_store.get());
      if (case_store != nullptr) {
        case_service = std::make_shared<cases::case_service>(*case_store, cases::case_options{.keys_ = std::move(case_keys)});
        auto calendars_path = o->case_calendars.empty() ? env_or("CARAVAN_CASE_CALENDARS", "") : o->case_calendars;
        if (calendars_path.empty() && std::filesystem::exists("data/cases/calendars.json")) {
          calendars_path = "data/cases/calendars.json";
        }
        if (!calendars_path.empty()) {
          case_service->seed_calendars(cases::load_calendars(calendars_path));
        }
      }
    }
    // The replica after the primary, which migrates: the replica must be at the same schema version.
    auto const replica_at = o->replica_at.empty() ? env_or("CARAVAN_REGISTER_REPLICA", "") : o->replica_at;
    std::unique_ptr<registry::store> replica_store;
    std::shared_ptr<registry::register_service> lookup_service;
    if (!replica_at.empty()) {
      if (!register_service) {
        throw data_error{{}, "--register-replica serves the lookup of a register: give --register too"};
      }
      replica_store = open_register_replica(replica_at);
      lookup_service = std::make_shared<registry::register_service>(*replica_store, registry::service_options{});
    }

    // Listen first, so /health answers 503 while the data loads.
    server::service svc;
    server::caravan_api api{svc};
    server::register_api register_endpoints{svc};
    register_endpoints.set_register(register_service, lookup_service);
    register_endpoints.set_data_source([&api] { return api.data(); });
    server::cases_api case_endpoints{svc};
    case_endpoints.set_services(register_service, case_service);
    case_endpoints.set_data_source([&api] { return api.data(); });
    cfg.is_upload_ = server::cases_api::upload_gate(register_service);
    server::stats_api stats_endpoints{svc};
    stats_endpoints.set_data_source([&api] { return api.data(); });
    stats_endpoints.set_published(std::move(published));
    if (register_store) {
      stats_endpoints.set_stores(register_store.get(), dynamic_cast<cases::case_store*>(register_store.get()));
    }
    // Deadlines escalate and notifications go out in the background, every 30 seconds.
    std::optional<server::webhook_target> hook;
    auto const hook_url = o->case_webhook.empty() ? env_or("CARAVAN_CASE_WEBHOOK", "") : o->case_webhook;
    if (!hook_url.empty()) {
      hook = server::parse_webhook_url(hook_url);
      if (!hook) {
        throw data_error{{}, fmt::format("--case-webhook `{}` is not http://host[:port]/path", shorten(hook_url, 80))};
      }
      auto const secret_file =
          o->case_webhook_secret.empty() ? env_or("CARAVAN_CASE_WEBHOOK_SECRET_FILE", "") : o->case_webhook_secret;
      if (secret_file.empty()) {
        throw data_error{{}, "--case-webhook needs --case-webhook-secret-file: the receiver checks each signature"};
      }
      hook->secret_ = std::string{trim(read_secret_file(secret_file, "the webhook's secret"))};
      if (hook->secret_.size() < 16) {
        throw data_error{{}, fmt::format("{}: the webhook secret is shorter than 16 characters", secret_file)};
      }
    }
    std::unique_ptr<server::case_notifier> notifier;
    if (case_service) {
      notifier = std::make_unique<server::case_notifier>(
          case_service, hook, std::chrono::seconds{30},
          [](std::string const& line) { std::fprintf(stderr, "caravan serve: %s\n", line.c_str()); });
      notifier->start();
    }
    if (register_service) {
      // A trip's group tour is registered when the register says so, not when the trip file does.
      api.set_group_registrar([register_service](rules::itinerary& trip) { return registry::register_groups(*register_service, trip); });
    }
    if (web_files) {
      svc.set_fallback([web_files](server::api_request const& r) { return web_files->answer(r.target); });
      // The same Natural Earth land as the app's map, as MOTIS's basemap tiles (/tiles/...).
      if (auto const* land = web_files->body_of("/basemap/land.geojson")) {
        api.set_basemap(std::make_shared<server::basemap_tiles const>(
            server::basemap_tiles::from_geojson(*land, web_dir + "/basemap/land.geojson")));
      }
    }
    server::http_server http{cfg, svc};
    http.start();
    std::fprintf(
        stderr,
        "caravan serve: listening on %s (%u thread%s, timetable %s%s%s, CORS %s, up to %zu connections), "
        "loading\n",
        http.address().c_str(), cfg.threads_, cfg.threads_ == 1 ? "" : "s", timetable_path.c_str(),
        sites_path.empty() ? "" : ", sites ", sites_path.c_str(),
        cfg.cors_origins_.empty() ? "off" : fmt::format("{}", fmt::join(cfg.cors_origins_, " ")).c_str(),
        http.max_connections());
    if (web_files) {
      std::fprintf(stderr, "caravan serve: the web app at / from %s (%zu files)\n", web_dir.c_str(), web_files->files());
    }
    if (register_service) {
      // Only a file's path is shown: a PostgreSQL URI may hold a password.
      std::fprintf(stderr, "caravan serve: the register in %s (schema version %d)\n",
                   register_at.find("://") == std::string::npos && register_at.find('=') == std::string::npos
                       ? register_at.c_str()
                       : "PostgreSQL",
                   register_store->schema_version());
      if (lookup_service) {
        std::fprintf(stderr, "caravan serve: the public lookup from a read replica (PostgreSQL)\n");
      }
    }
    // The timetable, the sites and the rules, loaded again on a reload (the rules once more from their
    // folder: a broken rules file then refuses the reload, as a broken snapshot does).
    auto const load = [timetable_path, sites_path, rules_dir, site_visits] {
      auto tt = tt::timetable::load(timetable_path);
      auto site_list = sites_path.empty() ? sites::site_list{} : sites::load_sites(sites_path);
      return std::make_shared<server::loaded_data const>(std::move(tt), std::move(site_list), sites_path,
                                                         rules::rule_set::load_directory(rules_dir), site_visits());
    };
    try {
      auto tt = tt::timetable::load(timetable_path);
      auto site_list = sites_path.empty() ? sites::site_list{} : sites::load_sites(sites_path);
      api.set_data(std::make_shared<server::loaded_data const>(std::move(tt), std::move(site_list),
                                                               sites_path, std::move(rule_set), site_visits()));
    } catch (...) {
      http.shutdown();
      http.wait();
      throw;
    }
    auto const d = api.data();
    std::printf(
        "caravan serve: ready on %s: %zu stops, %zu trips, %zu heritage sites, %zu entry rules (Ctrl-C to "
        "stop)\n",
        http.address().c_str(), d->timetable().n_stops(), d->timetable().n_trips(), d->sites().size(),
        d->rules().rules().size());
    std::fflush(stdout);
    // Until SIGINT or SIGTERM: SIGHUP reloads; the snapshot replaced (by rename) is reloaded within
    // about two seconds.
    server::reloader watch{api, timetable_path, load,
                           [](std::string const& line) { std::fprintf(stderr, "caravan serve: %s\n", line.c_str()); }};
    int sig = 0;
    while (true) {
      timespec const second{1, 0};
      sig = sigtimedwait(&signals, nullptr, &second);
      if (sig == SIGINT || sig == SIGTERM) {
        break;
      }
      if (sig == SIGHUP) {
        std::fprintf(stderr, "caravan serve: SIGHUP: reloading %s\n", timetable_path.c_str());
        watch.reload();
      } else {
        watch.poll();
      }
    }
    std::fprintf(stderr, "caravan serve: %s: finishing the requests in flight\n",
                 sig == SIGINT ? "SIGINT" : "SIGTERM");
    http.shutdown();
    http.wait();
    std::fprintf(stderr, "caravan serve: stopped\n");
    return 0;
  };
}

}  // namespace caravan::cli
