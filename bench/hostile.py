#!/usr/bin/env python3
"""Load test for issue 13 (bench/hostile.sh starts the server): expensive plans from N clients while
/health is probed, and optionally sockets reconnecting as fast as they are closed.

Each plan client sends plans with a 7-day searchWindow and maxTransfers=15 from a lat,lon place, one after
the other on a keep-alive connection. Every answer is classified: 200 whole (and within the deadline plus
a margin), 503 by its code, truncated (fewer bytes than Content-Length, or the connection closed in the
middle), or other. The prober sends GET /health every 20 ms from another loopback address
(127.0.0.2, so a per-client cap on the attackers' address does not apply to it) and records each latency.
The prober, the plan clients and the reconnecting threads run in processes of their own, so that
Python's global interpreter lock in the load generator does not show as the server's latency.
Prints one summary; exit status 1 when a check fails: /health p99 over 50 ms, any truncated answer, any
status other than 200/503, any 200 later than the deadline + 2 s (the deadline counts from when the
server read the request; a 7-day subway answer is about 9 MB to send and parse).

  bench/hostile.py ADDRESS [--clients 8] [--seconds 60] [--reconnect 0] [--deadline 10] [--feed nyc-mta-subway]
"""
import argparse
import http.client
import json
import multiprocessing
import socket
import statistics
import sys
import threading
import time
import urllib.parse

PLANS = {
    "nyc-mta-subway": [
        "/api/v1/plan?fromPlace=40.7553,-73.9875&toPlace=418&time=2026-06-02T09:15-04:00&searchWindow=604800&maxTransfers=15",
        "/api/v1/plan?fromPlace=40.8075,-73.9626&toPlace=235&time=2026-06-03T07:00-04:00&searchWindow=604800&maxTransfers=15",
        "/api/v1/plan?fromPlace=40.6782,-73.9442&toPlace=101&time=2026-06-04T17:00-04:00&searchWindow=604800&maxTransfers=15",
    ],
    "silkroad": [
        "/api/v1/plan?fromPlace=43.25249,76.9115&toPlace=Samarkand&time=2026-06-01T00:00&searchWindow=604800&maxTransfers=15&travellers=CN,DE,KZ",
    ],
}


def connect(host, port, source=None):
    conn = http.client.HTTPConnection(host, port, timeout=60, source_address=(source, 0) if source else None)
    conn.connect()
    return conn


def plan_client(host, port, paths, stop, results, lock, offset):
    conn = None
    i = offset
    while not stop.is_set():
        path = paths[i % len(paths)]
        i += 1
        t0 = time.monotonic()
        outcome = None
        try:
            if conn is None:
                conn = connect(host, port)
            conn.request("GET", path, headers={"Host": "bench"})
            res = conn.getresponse()
            body = res.read()  # raises IncompleteRead when the body is shorter than Content-Length
            length = res.getheader("Content-Length")
            if length is not None and int(length) != len(body):
                outcome = ("truncated", 0)
            elif res.status == 200:
                outcome = ("200", 0)
            elif res.status == 503:
                outcome = ("503 " + json.loads(body).get("code", "?"), 0)
            else:
                outcome = (str(res.status), 0)
            if res.getheader("Connection", "").lower() == "close":
                conn.close()
                conn = None
        except http.client.IncompleteRead:
            outcome = ("truncated", 0)
            conn = None
        except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError) as e:
            outcome = ("closed: " + type(e).__name__, 0)
            conn = None
        except OSError as e:
            outcome = ("error: " + str(e), 0)
            conn = None
            time.sleep(0.1)
        with lock:
            results.append((outcome[0], time.monotonic() - t0))


def prober(host, port, stop, out):
    latencies, failures = [], []
    conn = None
    while not stop.is_set():
        t0 = time.monotonic()
        try:
            if conn is None:
                conn = connect(host, port, "127.0.0.2")
            conn.request("GET", "/health", headers={"Host": "bench"})
            res = conn.getresponse()
            res.read()
            latencies.append(time.monotonic() - t0)
            if res.status != 200:
                failures.append(res.status)
        except OSError as e:
            latencies.append(time.monotonic() - t0)
            failures.append(str(e))
            conn = None
        time.sleep(0.02)
    out.put((latencies, failures))


def plan_clients(host, port, paths, clients, stop, out):
    results, lock = [], threading.Lock()
    threads = [threading.Thread(target=plan_client, args=(host, port, paths, stop, results, lock, k))
               for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    out.put(results)


def reconnectors(host, port, threads, stop, out):
    counter = [0]
    ts = [threading.Thread(target=reconnector, args=(host, port, stop, counter)) for _ in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put(counter[0])


def reconnector(host, port, stop, counter):
    # Connects, sends a request, closes, at once again: what 600 such sockets did to every slot.
    while not stop.is_set():
        try:
            s = socket.create_connection((host, port), timeout=5)
            s.sendall(b"GET /health HTTP/1.1\r\nHost: bench\r\n\r\n")
            s.close()
            counter[0] += 1
        except OSError:
            time.sleep(0.01)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("address")
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=60)
    ap.add_argument("--reconnect", type=int, default=0, help="threads reconnecting as fast as they can")
    ap.add_argument("--deadline", type=float, default=10)
    ap.add_argument("--feed", default="nyc-mta-subway")
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.address)
    host, port = u.hostname, u.port
    stop = multiprocessing.Event()
    probe_q, plan_q, storm_q = multiprocessing.Queue(), multiprocessing.Queue(), multiprocessing.Queue()
    procs = [multiprocessing.Process(target=prober, args=(host, port, stop, probe_q)),
             multiprocessing.Process(target=plan_clients, args=(host, port, PLANS[a.feed], a.clients, stop, plan_q))]
    storm_procs = (a.reconnect + 15) // 16
    for k in range(storm_procs):
        procs.append(multiprocessing.Process(
            target=reconnectors, args=(host, port, min(16, a.reconnect - 16 * k), stop, storm_q)))
    for p in procs:
        p.start()
    time.sleep(a.seconds)
    stop.set()
    latencies, failures = probe_q.get()
    results = plan_q.get()
    counter = [sum(storm_q.get() for _ in range(storm_procs))]
    for p in procs:
        p.join()

    kinds = {}
    for kind, _ in results:
        kinds[kind] = kinds.get(kind, 0) + 1
    ok = [s for kind, s in results if kind == "200"]
    late = [s for s in ok if s > a.deadline + 2]  # the answer is due at the deadline; 2 s to send 9 MB
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000 if lat else float("nan")
    print(f"plans: {len(results)} answers from {a.clients} clients in {a.seconds:.0f} s: " +
          ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    if ok:
        print(f"  200 answers took median {statistics.median(ok):.2f} s, max {max(ok):.2f} s (deadline {a.deadline:.0f} s)")
    print(f"/health: {len(lat)} probes, p50 {p(0.5):.1f} ms, p99 {p(0.99):.1f} ms, max {p(1.0):.1f} ms, failures {len(failures)}")
    if a.reconnect:
        print(f"reconnecting: {a.reconnect} threads made {counter[0]} connections")
    bad = []
    if p(0.99) > 50:
        bad.append("/health p99 over 50 ms")
    if failures:
        bad.append(f"/health failed {len(failures)} times: {failures[:3]}")
    if kinds.get("truncated"):
        bad.append("truncated answers")
    if any(k not in ("200", "503 deadline_exceeded", "503 server_busy") for k in kinds):
        bad.append("answers other than 200 and 503")
    if late:
        bad.append(f"{len(late)} answers of 200 after the deadline")
    print("PASS" if not bad else "FAIL: " + "; ".join(bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
