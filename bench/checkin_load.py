"""Load-test the real check-in path against a bare Flask + one-INSERT baseline, in one run.

Run from the project root:

    .venv/bin/python bench/checkin_load.py [--seconds 20] [--clients 32] [--phones 50]
        [--workers N] [--repeat 3] [--warmup 3] [--plan-qty 1000000] [--strict]

What it does: creates a throw-away PostgreSQL database, migrates it, seeds one factory, one
customer and N followers with one open order and one stage each, then serves two apps with the
same gunicorn settings (sync workers, `--threads 1`, default 2 * cores + 1 workers, no
control socket, since two masters would share its default path) on 127.0.0.1:

- checkin:  Gendan itself. N phones log in (session cookie + CSRF token), then `--clients`
  threads POST `/orders/<id>/stages/<id>/checkins` as htmx does (HX-Request, X-CSRFToken,
  a fresh client_uuid, good_qty 1..20) and expect 200 with the stage card fragment.
- api:      the same app, the same phones and clients, posting the same check-ins as the
  offline outbox does: JSON to `POST /api/v1/checkins` (X-CSRFToken, a fresh client_uuid)
  and expecting 201 with the record.
- baseline: bench/baseline_app.py, one POST route doing a single SQLAlchemy INSERT into
  `bench_rows`, driven by the same client loop with a form body of the same shape.

The plan (order quantity and stage planned_qty, `--plan-qty`) defaults to 10**6: big enough that
no run gets near the 110 % over-plan confirmation, small enough that the projected finish date
stays below date.max. With 10**9 the first check-ins of each stage (under ~400 pieces on the
day) make `projection.project_stage` raise OverflowError, i.e. a 500 after the row is committed.

Each measurement runs `--warmup` seconds unmeasured, then `--seconds` measured; baseline,
checkin and api alternate `--repeat` times and the table shows the median of the per-run
figures.

How to read it: `requests` counts responses completed in the measured window, `errors` the
unexpected answers and transport failures among them; `req/s` is expected answers (200, or
201 for api) per second; p50/p90/p99 are their latencies in milliseconds, as seen by the client
(queueing in the listen backlog included). The ratios are checkin (and api) req/s / baseline
req/s. Targets, for each of the two real paths: ratio >= 0.5 and p99 < 150 ms. The client
runs on the same machine and competes with the server for the CPU, so figures are comparable
within one run, not across machines. After each checkin and api run the stored sum of good_qty
is checked against what the accepted answers reported.
`others` on the per-run lines is the CPU (in cores) that processes unrelated to the benchmark
took during that run; on a shared machine a run with a high figure is noise, not a result.
`cpu ms` is the CPU the benchmark's own processes (gunicorn workers, PostgreSQL backends, this
client) used per answer, warm-up included; `cpu ratio` is baseline cpu ms / path cpu ms. On this
CPU-bound machine it predicts the throughput ratio and varies much less with other load.
The script exits 0 whatever the verdict unless `--strict` is given. The database is dropped at
the end; gunicorn's output is kept in a temp folder whose path is printed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
BIN = ROOT / ".venv" / "bin"
HOST = "127.0.0.1"
PG_DSN = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
TARGET_RATIO = 0.5
TARGET_P99_MS = 150.0
NOISE_CORES = 0.25  # CPU taken by unrelated processes above which a run is flagged as noisy
PASSWORD = "bench-Passw0rd"
USER_AGENT = "gendan-checkin-load/1.0"
FORM_TYPE = "application/x-www-form-urlencoded"
JSON_TYPE = "application/json"
LOGIN_TOKEN = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"')
PAGE_TOKEN = re.compile(r'"X-CSRFToken":\s*"([^"]+)"')
LOG_MARKERS = ("Traceback", "[ERROR]", "[CRITICAL]", "WORKER TIMEOUT", "Exception", "Error:")

SEED = r"""
import json, sys
from datetime import date, timedelta

from werkzeug.security import generate_password_hash

from webapp import create_app
from webapp.auth.models import Role, User
from webapp.extensions import db
from webapp.orders.models import Customer, Factory, FactoryKind, Order, OrderStatus, Stage

count, password, plan_qty = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
app = create_app()
with app.app_context():
    today = date.today()
    factory = Factory(code="BENCH", name="Bench factory", kind=FactoryKind.OWN)
    customer = Customer(code="BENCH", name="Bench customer")
    password_hash = generate_password_hash(password)  # scrypt once, shared by every follower
    users = [
        User(username=f"bench{i:03d}", full_name=f"Bench follower {i}", role=Role.FOLLOWER,
             password_hash=password_hash)
        for i in range(count)
    ]
    db.session.add_all([factory, customer, *users])
    db.session.flush()
    orders = []
    for i, user in enumerate(users):
        order = Order(
            customer_id=customer.id, factory_id=factory.id, follower_id=user.id,
            po_number=f"PO-BENCH-{i:03d}", style=f"BS{i:03d}", product_name="Bench T-shirt",
            quantity=plan_qty, due_date=today + timedelta(days=60),
            status=OrderStatus.IN_PRODUCTION,
        )
        order.stages.append(Stage(
            position=0, name="车缝", name_en="Sewing", planned_qty=plan_qty,
            planned_start=today - timedelta(days=5), planned_finish=today + timedelta(days=50),
        ))
        db.session.add(order)
        orders.append(order)
    db.session.commit()
    print(json.dumps([
        {"username": u.username, "order_id": o.id, "stage_id": o.stages[0].id}
        for u, o in zip(users, orders)
    ]))
"""


class Interrupted(Exception):
    """SIGTERM arrived; unwinds like Ctrl-C so every finally block runs."""


# --------------------------------------------------------------------------- HTTP client


class Client:
    """One HTTP/1.1 connection to 127.0.0.1 that reconnects whenever the server closed it."""

    def __init__(self, port: int, timeout: float = 30.0) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=timeout)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict | None = None
    ) -> tuple[int, http.client.HTTPMessage, bytes]:
        """Send one request; a stale kept-alive connection is retried once on a fresh one."""
        for attempt in range(2):
            reused = self.conn.sock is not None
            try:
                self.conn.request(method, path, body=body, headers=headers or {})
                response = self.conn.getresponse()
                data = response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.conn.close()
                if reused and attempt == 0:
                    continue
                raise
            except Exception:
                self.conn.close()
                raise
            # Sync gunicorn workers answer "Connection: close"; http.client then drops the
            # socket and opens a new one on the next request.
            return response.status, response.headers, data
        raise AssertionError("unreachable")

    def close(self) -> None:
        """Close the socket."""
        self.conn.close()


@dataclass
class Phone:
    """A follower's phone: its order and stage, its cookies and its CSRF token."""

    username: str
    order_id: int
    stage_id: int
    cookies: dict[str, str] = field(default_factory=dict)
    csrf: str = ""

    def absorb(self, headers: http.client.HTTPMessage) -> None:
        """Keep the cookies a response sets (and forget the ones it deletes)."""
        for raw in headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(raw)
            for name, morsel in jar.items():
                if morsel.value and morsel["max-age"] != "0":
                    self.cookies[name] = morsel.value
                else:
                    self.cookies.pop(name, None)

    def headers(self, **extra: str) -> dict[str, str]:
        """Request headers carrying this phone's cookies."""
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        return {"User-Agent": USER_AGENT, "Cookie": cookie, **extra}


def log_in(port: int, phone: Phone) -> None:
    """Sign the phone in and read the CSRF token from its order page, as a browser would."""
    client = Client(port)
    try:
        status, headers, body = client.request("GET", "/login", headers=phone.headers())
        phone.absorb(headers)
        match = LOGIN_TOKEN.search(body.decode())
        if status != 200 or not match:
            raise RuntimeError(f"GET /login: {status}, csrf token found: {bool(match)}")
        form = urlencode(
            {"username": phone.username, "password": PASSWORD, "csrf_token": match.group(1)}
        )
        status, headers, body = client.request(
            "POST", "/login", form, phone.headers(**{"Content-Type": FORM_TYPE})
        )
        phone.absorb(headers)
        if status != 302:
            raise RuntimeError(f"POST /login for {phone.username}: {status} {body[:300]!r}")
        path = f"/orders/{phone.order_id}"
        status, headers, body = client.request("GET", path, headers=phone.headers())
        phone.absorb(headers)
        match = PAGE_TOKEN.search(body.decode())
        if status != 200 or not match:
            raise RuntimeError(f"GET {path}: {status}, csrf token found: {bool(match)}")
        phone.csrf = match.group(1)
    finally:
        client.close()


# --------------------------------------------------------------------------- load loop

# (thread index, request index) -> (path, form body, headers, good_qty)
RequestBuilder = Callable[[int, int], tuple[str, str, dict, int]]


def form_body(good: int) -> str:
    """The check-in form as the page posts it (no photo, no note)."""
    return urlencode(
        {"client_uuid": str(uuid.uuid4()), "good_qty": good, "rework_qty": 0, "scrap_qty": 0}
    )


def checkin_builder(phones: list[Phone], clients: int) -> RequestBuilder:
    """Check-ins as htmx posts them, the phones taken round-robin over the threads."""

    def build(thread: int, k: int) -> tuple[str, str, dict, int]:
        phone = phones[(thread + k * clients) % len(phones)]
        good = random.randint(1, 20)
        headers = phone.headers(
            **{"Content-Type": FORM_TYPE, "HX-Request": "true", "X-CSRFToken": phone.csrf}
        )
        path = f"/orders/{phone.order_id}/stages/{phone.stage_id}/checkins"
        return path, form_body(good), headers, good

    return build


def api_builder(phones: list[Phone], clients: int) -> RequestBuilder:
    """The same check-ins as the outbox sends them: JSON to the sync API, same phones."""

    def build(thread: int, k: int) -> tuple[str, str, dict, int]:
        phone = phones[(thread + k * clients) % len(phones)]
        good = random.randint(1, 20)
        headers = phone.headers(**{"Content-Type": JSON_TYPE, "X-CSRFToken": phone.csrf})
        body = json.dumps(
            {
                "client_uuid": str(uuid.uuid4()),
                "stage_id": phone.stage_id,
                "good_qty": good,
                "rework_qty": 0,
                "scrap_qty": 0,
                "note": "",
                "confirm_over_plan": False,
            }
        )
        return "/api/v1/checkins", body, headers, good

    return build


def baseline_builder() -> RequestBuilder:
    """The same form body to the baseline's single route, without login."""

    def build(thread: int, k: int) -> tuple[str, str, dict, int]:
        good = random.randint(1, 20)
        headers = {"User-Agent": USER_AGENT, "Content-Type": FORM_TYPE, "HX-Request": "true"}
        return "/checkins", form_body(good), headers, good

    return build


@dataclass
class ThreadTally:
    """What one client thread saw."""

    latencies: list[float] = field(default_factory=list)  # expected answers in the window, s
    errors: Counter = field(default_factory=Counter)  # other answers in the window, by status
    samples: list[str] = field(default_factory=list)  # first error bodies
    ok_all: int = 0  # expected answers over the whole run, warm-up included
    good_all: int = 0  # good_qty accepted by those


@dataclass
class Run:
    """The figures of one measurement."""

    name: str
    seconds: float
    latencies: list[float]
    errors: Counter
    samples: list[str]
    ok_all: int
    good_all: int
    others: float = float("nan")  # cores used by other processes of the machine meanwhile
    cpu_ms: float = float("nan")  # CPU of server, database and client per answer, milliseconds

    @property
    def requests(self) -> int:
        """Responses completed inside the measured window."""
        return len(self.latencies) + sum(self.errors.values())

    @property
    def rps(self) -> float:
        """200 responses per second of the measured window."""
        return len(self.latencies) / self.seconds

    def pct(self, q: float) -> float:
        """Latency percentile of the 200 responses, in milliseconds."""
        return percentile(sorted(self.latencies), q) * 1000


def percentile(values: list[float], q: float) -> float:
    """Linear-interpolated percentile (q in 0..100) of sorted values; NaN when empty."""
    if not values:
        return float("nan")
    pos = (len(values) - 1) * q / 100
    lo = int(pos)
    hi = min(lo + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (pos - lo)


def client_thread(
    port: int,
    thread: int,
    build: RequestBuilder,
    window: tuple[float, float],
    stop: threading.Event,
    tally: ThreadTally,
    ok_status: int = 200,
) -> None:
    """Post back to back until the window closes; count what completes inside it."""
    start, end = window
    client = Client(port)
    k = 0
    try:
        while not stop.is_set() and time.perf_counter() < end:
            path, body, headers, good = build(thread, k)
            k += 1
            t0 = time.perf_counter()
            try:
                status, _, data = client.request("POST", path, body, headers)
            except (OSError, http.client.HTTPException) as exc:
                status, data = type(exc).__name__, str(exc).encode()
                time.sleep(0.01)  # a refused connection must not spin
            t1 = time.perf_counter()
            if status == ok_status:
                tally.ok_all += 1
                tally.good_all += good
            if not start <= t1 <= end:
                continue
            if status == ok_status:
                tally.latencies.append(t1 - t0)
            else:
                tally.errors[status] += 1
                if len(tally.samples) < 3:
                    tally.samples.append(f"{status}: {data[:300].decode(errors='replace')}")
    finally:
        client.close()


def drive(
    name: str,
    port: int,
    build: RequestBuilder,
    clients: int,
    warmup: float,
    seconds: float,
    ok_status: int = 200,
) -> Run:
    """Run `clients` threads for warmup + seconds and gather the measured window."""
    stop = threading.Event()
    now = time.perf_counter()
    window = (now + warmup, now + warmup + seconds)
    tallies = [ThreadTally() for _ in range(clients)]
    threads = [
        threading.Thread(
            target=client_thread,
            args=(port, i, build, window, stop, tallies[i], ok_status),
            name=f"{name}-{i}",
            daemon=True,
        )
        for i in range(clients)
    ]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=max(0.0, window[1] - time.perf_counter()) + 60)
    finally:
        stop.set()
    errors: Counter = Counter()
    for t in tallies:
        errors.update(t.errors)
    return Run(
        name=name,
        seconds=seconds,
        latencies=[x for t in tallies for x in t.latencies],
        errors=errors,
        samples=[s for t in tallies for s in t.samples][:3],
        ok_all=sum(t.ok_all for t in tallies),
        good_all=sum(t.good_all for t in tallies),
    )


# --------------------------------------------------------------------------- CPU noise

CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def system_busy_ticks() -> int:
    """Busy CPU ticks of the whole machine so far (all cores, idle and iowait excluded)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    return sum(fields) - fields[3] - fields[4]


def proc_stat(pid: int) -> tuple[int, int] | None:
    """(parent pid, user+system ticks) of a process, or None when it is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2 :].split()
    return int(fields[1]), int(fields[11]) + int(fields[12])


class CpuMeter:
    """How much CPU other processes on this machine used while a run was going on.

    Ours are this process, the gunicorn masters and their workers, and the PostgreSQL
    backends connected to the bench database; the rest of the machine's busy time is noise."""

    def __init__(self, roots: list[int], dbname: str) -> None:
        self.roots, self.dbname = roots, dbname
        self.start_time = time.monotonic()
        self.start_busy = system_busy_ticks()
        self.start_own = self._own_ticks()

    def _own_ticks(self) -> dict[int, int]:
        stats = {}
        for entry in os.listdir("/proc"):
            if entry.isdigit() and (stat := proc_stat(int(entry))):
                stats[int(entry)] = stat
        with psycopg.connect(PG_DSN) as conn:
            backends = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (self.dbname,)
            ).fetchall()
        own = {os.getpid(), *self.roots, *(pid for (pid,) in backends)}
        own |= {pid for pid, (ppid, _) in stats.items() if ppid in self.roots}
        return {pid: stats[pid][1] for pid in own if pid in stats}

    def own_seconds(self) -> float:
        """CPU seconds the benchmark's own processes used since the meter started."""
        own = sum(t - self.start_own.get(pid, 0) for pid, t in self._own_ticks().items())
        return own / CLOCK_TICKS

    def others_cores(self) -> float:
        """Average number of cores busy with other processes since the meter started."""
        busy = system_busy_ticks() - self.start_busy
        own = sum(t - self.start_own.get(pid, 0) for pid, t in self._own_ticks().items())
        elapsed = time.monotonic() - self.start_time
        return max(0.0, (busy - own) / CLOCK_TICKS / elapsed)


# --------------------------------------------------------------------------- set-up


def create_database(name: str) -> None:
    """Create the throw-away database."""
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(name: str) -> None:
    """Drop the database, cutting any connection still open."""
    with psycopg.connect(PG_DSN, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def db_query(name: str, query: str) -> tuple:
    """One row of a query on the bench database."""
    with psycopg.connect(f"host={HOST} port=5432 user=postgres dbname={name}") as conn:
        return conn.execute(query).fetchone()


def run_step(cmd: list[str], env: dict[str, str]) -> str:
    """Run a set-up command from the project root; its stdout, or an error with its stderr."""
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{cmd[0]} {cmd[1]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_database(name: str, env: dict[str, str], phones: int, plan_qty: int) -> list[Phone]:
    """Migrate, create the baseline table, seed the followers' orders; return the phones."""
    run_step([str(BIN / "flask"), "--app", "webapp", "db", "upgrade"], env)
    with psycopg.connect(f"host={HOST} port=5432 user=postgres dbname={name}") as conn:
        conn.execute(
            "CREATE TABLE bench_rows (id serial PRIMARY KEY, client_uuid uuid UNIQUE, "
            "qty int, created_at timestamptz DEFAULT now())"
        )
    seeded = run_step([str(BIN / "python"), "-c", SEED, str(phones), PASSWORD, str(plan_qty)], env)
    rows = json.loads(seeded.strip().splitlines()[-1])
    return [Phone(r["username"], r["order_id"], r["stage_id"]) for r in rows]


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def gunicorn_extra_args() -> list[str]:
    """`--no-control-socket` where gunicorn has one: two masters would share its default path."""
    help_text = subprocess.run(
        [str(BIN / "gunicorn"), "--help"], capture_output=True, text=True, check=False
    ).stdout
    return ["--no-control-socket"] if "--no-control-socket" in help_text else []


def start_gunicorn(
    spec: str, workers: int, env: dict[str, str], log: Path, ready_path: str, ready_status: int
) -> tuple[subprocess.Popen, int]:
    """Serve `spec` on a free port; return once `ready_path` answers `ready_status`."""
    port = free_port()
    cmd = [str(BIN / "gunicorn"), "-w", str(workers), "--threads", "1", "-b", f"{HOST}:{port}"]
    cmd += ["--chdir", str(ROOT), *gunicorn_extra_args(), spec]
    with log.open("ab") as out:
        proc = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + 60
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"gunicorn {spec} exited with {proc.returncode}; see {log}")
            try:
                client = Client(port, timeout=5)
                status, _, _ = client.request("GET", ready_path)
                client.close()
                if status == ready_status:
                    return proc, port
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"gunicorn {spec} not ready after 60 s; see {log}")
    except BaseException:
        stop_gunicorn(proc)
        raise


def stop_gunicorn(proc: subprocess.Popen) -> None:
    """SIGTERM (graceful), SIGKILL the whole group if it is still there after 20 s."""
    if proc.poll() is not None:
        return
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


# --------------------------------------------------------------------------- report


def median_figures(runs: list[Run]) -> dict[str, float]:
    """Median over runs of each column of the table."""
    return {
        "requests": statistics.median(r.requests for r in runs),
        "errors": statistics.median(sum(r.errors.values()) for r in runs),
        "rps": statistics.median(r.rps for r in runs),
        "p50": statistics.median(r.pct(50) for r in runs),
        "p90": statistics.median(r.pct(90) for r in runs),
        "p99": statistics.median(r.pct(99) for r in runs),
    }


def run_line(label: str, f: dict[str, float]) -> str:
    """One row of the table."""
    return (
        f"{label:<12}{f['requests']:>10.0f}{f['errors']:>8.0f}{f['rps']:>10.1f}"
        f"{f['p50']:>9.1f}{f['p90']:>9.1f}{f['p99']:>9.1f}"
    )


def figures(run: Run) -> dict[str, float]:
    """The table columns of a single run."""
    return median_figures([run])


def scan_log(log: Path) -> list[str]:
    """Notable lines of a gunicorn log (errors, tracebacks, timeouts)."""
    if not log.exists():
        return []
    lines = log.read_text(errors="replace").splitlines()
    return [line for line in lines if any(m in line for m in LOG_MARKERS)]


def report(
    baseline: list[Run], paths: dict[str, list[Run]], logs: dict[str, Path], strict: bool
) -> int:
    """Print the summary table and the verdict for each real path; return the exit status."""
    header = f"{'':<12}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>9}"
    header += f"{'p90 ms':>9}{'p99 ms':>9}{'ratio':>8}{'cpu ms':>8}{'cpu ratio':>10}"
    b = median_figures(baseline)
    b_cpu = statistics.median(r.cpu_ms for r in baseline)
    print(f"\nMedian of {len(baseline)} run(s):")
    print(header)
    print(run_line("baseline", b) + f"{'':>8}{b_cpu:>8.2f}")
    verdict = True
    verdicts = []
    for name, runs in paths.items():
        f = median_figures(runs)
        ratio = f["rps"] / b["rps"] if b["rps"] else float("nan")
        cpu = statistics.median(r.cpu_ms for r in runs)
        print(run_line(name, f) + f"{ratio:>8.2f}{cpu:>8.2f}{b_cpu / cpu:>10.2f}")
        ratio_ok, p99_ok = ratio >= TARGET_RATIO, f["p99"] < TARGET_P99_MS
        verdict = verdict and ratio_ok and p99_ok
        verdicts.append(
            f"{name}: throughput ratio {ratio:.2f} (target >= {TARGET_RATIO}) "
            f"{'PASS' if ratio_ok else 'FAIL'}; p99 {f['p99']:.1f} ms "
            f"(target < {TARGET_P99_MS:.0f} ms) {'PASS' if p99_ok else 'FAIL'}"
        )
    print()
    for line in verdicts:
        print(line)
    print(f"overall: {'PASS' if verdict else 'FAIL'}")
    runs_all = baseline + [r for runs in paths.values() for r in runs]
    noise = max(r.others for r in runs_all)
    if noise > NOISE_CORES:
        print(
            f"note: other processes used up to {noise:.2f} of {os.cpu_count()} cores during a "
            "run; the figures are noisy (compare runs with a low `others`)"
        )
    for run in runs_all:
        for sample in run.samples:
            print(f"  error sample ({run.name}): {sample}")
    for name, log in logs.items():
        notable = scan_log(log)
        print(f"\ngunicorn {name} log: {log} ({len(notable)} notable line(s))")
        for line in notable[:10]:
            print(f"  {line}")
    return 1 if strict and not verdict else 0


# --------------------------------------------------------------------------- main


def measure(
    name: str,
    port: int,
    build: RequestBuilder,
    args: argparse.Namespace,
    meter: CpuMeter,
    ok_status: int = 200,
) -> Run:
    """One measurement, with the CPU other processes took meanwhile."""
    run = drive(name, port, build, args.clients, args.warmup, args.seconds, ok_status)
    run.others = meter.others_cores()
    answers = run.ok_all + sum(run.errors.values())
    run.cpu_ms = meter.own_seconds() / answers * 1000 if answers else float("nan")
    return run


def measure_all(
    args: argparse.Namespace,
    dbname: str,
    roots: list[int],
    base_port: int,
    app_port: int,
    phones: list[Phone],
) -> tuple[list[Run], dict[str, list[Run]]]:
    """Alternate baseline, checkin and api runs, verifying the stored check-ins after each."""
    baseline_runs: list[Run] = []
    paths: dict[str, list[Run]] = {"checkin": [], "api": []}
    builders = {"checkin": (checkin_builder, 200), "api": (api_builder, 201)}
    sent_good = sent_rows = 0
    for i in range(1, args.repeat + 1):
        run = measure("baseline", base_port, baseline_builder(), args, CpuMeter(roots, dbname))
        baseline_runs.append(run)
        print(
            run_line(f"baseline #{i}", figures(run))
            + f"   cpu/answer {run.cpu_ms:.2f} ms; others {run.others:.2f} cores"
        )
        for name, (builder, ok_status) in builders.items():
            build = builder(phones, args.clients)
            run = measure(name, app_port, build, args, CpuMeter(roots, dbname), ok_status)
            paths[name].append(run)
            sent_good += run.good_all
            sent_rows += run.ok_all
            stored_good, stored_rows = db_query(
                dbname, "SELECT coalesce(sum(good_qty),0), count(*) FROM checkins"
            )
            verdict = "OK" if (stored_good, stored_rows) == (sent_good, sent_rows) else "MISMATCH"
            print(
                run_line(f"{name} #{i}", figures(run))
                + f"   cpu/answer {run.cpu_ms:.2f} ms; others {run.others:.2f} cores; "
                f"stored good_qty {stored_good} in {stored_rows} rows, "
                f"accepted {sent_good} in {sent_rows}: {verdict}"
            )
    return baseline_runs, paths


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Command-line options."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--seconds", type=float, default=20.0, help="measured seconds per run")
    p.add_argument("--warmup", type=float, default=3.0, help="unmeasured seconds before each run")
    p.add_argument("--clients", type=int, default=32, help="concurrent client threads")
    p.add_argument("--phones", type=int, default=50, help="followers logged in")
    p.add_argument("--workers", type=int, default=2 * (cores or 1) + 1, help="gunicorn workers")
    p.add_argument("--repeat", type=int, default=3, help="alternating runs of each app")
    p.add_argument(
        "--plan-qty", type=int, default=10**6, help="order quantity and stage plan (see above)"
    )
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    args = p.parse_args(argv)
    if min(args.seconds, args.clients, args.phones, args.workers, args.repeat) <= 0:
        p.error("--seconds, --clients, --phones, --workers and --repeat must be positive")
    return args


def on_sigterm(signum: int, frame: object) -> None:
    """Turn SIGTERM into an exception so the clean-up runs."""
    raise Interrupted(f"signal {signum}")


def main(argv: list[str] | None = None) -> int:
    """Set up, measure alternately, report, clean up."""
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, on_sigterm)
    dbname = f"gendan_bench_{os.getpid()}_{secrets.token_hex(3)}"
    instance = Path(tempfile.mkdtemp(prefix="gendan-bench-instance-"))
    logdir = Path(tempfile.mkdtemp(prefix="gendan-bench-logs-"))
    logs = {
        "checkin": logdir / "gunicorn-checkin.log",
        "baseline": logdir / "gunicorn-baseline.log",
    }
    env = {
        **os.environ,
        "DATABASE_URL": f"postgresql+psycopg://postgres@{HOST}:5432/{dbname}",
        "GENDAN_INSTANCE": str(instance),
        "SECRET_KEY": secrets.token_urlsafe(32),
    }
    procs: list[subprocess.Popen] = []
    created = False
    try:
        print(
            f"database {dbname}; {args.workers} sync workers per app; {args.clients} clients; "
            f"{args.phones} phones; {args.warmup:g}+{args.seconds:g} s x {args.repeat}"
        )
        create_database(dbname)
        created = True
        phones = prepare_database(dbname, env, args.phones, args.plan_qty)
        app, app_port = start_gunicorn(
            "webapp:create_app()", args.workers, env, logs["checkin"], "/login", 200
        )
        procs.append(app)
        spec = "bench.baseline_app:create_app()"
        base, base_port = start_gunicorn(
            spec, args.workers, env, logs["baseline"], "/checkins", 405
        )
        procs.append(base)
        with ThreadPoolExecutor(max_workers=min(8, len(phones))) as pool:
            list(pool.map(lambda phone: log_in(app_port, phone), phones))
        print(f"{len(phones)} phones logged in")

        roots = [app.pid, base.pid]
        baseline_runs, paths = measure_all(args, dbname, roots, base_port, app_port, phones)
        return report(baseline_runs, paths, logs, args.strict)
    except (KeyboardInterrupt, Interrupted):
        print("\ninterrupted; cleaning up", file=sys.stderr)
        return 130
    finally:
        for proc in procs:
            stop_gunicorn(proc)
        if created:
            drop_database(dbname)
        shutil.rmtree(instance, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
