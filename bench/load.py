"""A small HTTP load generator for the serving benchmarks: several client processes, one new
connection per request (gunicorn's sync workers close each one), every latency kept.

Each scenario is a function `one(base_url, state, index) -> (status, body)`; `state` is
prepared once per client process (a session cookie and CSRF token, say) by `prepare`.
"""

import http.client
import multiprocessing
import re
import statistics
import time
import urllib.parse
from dataclasses import dataclass

CSRF_INPUT = re.compile(r'name="(?:[\w-]+-)?csrf_token" type="hidden" value="([^"]+)"')


@dataclass
class Result:
    ok: int
    failed: int
    seconds: float
    latencies_ms: list[float]

    @property
    def per_second(self) -> float:
        return self.ok / self.seconds

    @property
    def median_ms(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95_ms(self) -> float:
        return statistics.quantiles(self.latencies_ms, n=20)[-1]

    def line(self) -> str:
        return (
            f"{self.ok} ok, {self.failed} failed in {self.seconds:.1f} s: "
            f"{self.per_second:.1f}/s, median {self.median_ms:.1f} ms, p95 {self.p95_ms:.1f} ms"
        )


class Session:
    """A browser reduced to one cookie jar of name=value pairs."""

    def __init__(self, base_url: str):
        parts = urllib.parse.urlsplit(base_url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        # Where the last response redirected to (its Location header), or None.
        self.location: str | None = None

    def request(self, method: str, path: str, fields: dict | None = None) -> tuple[int, str]:
        headers = {"Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if fields is not None:
            body = urllib.parse.urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode()
            self.location = response.headers.get("Location")
            for header in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = header.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
            return response.status, text
        finally:
            connection.close()

    def csrf_token(self, path: str) -> str:
        _status, page = self.request("GET", path)
        return CSRF_INPUT.search(page).group(1)


def _client(arguments) -> tuple[int, int, list[float], float]:
    prepare, one, base_url, context, start_at, stop_at, offset = arguments
    state = prepare(base_url, context)
    time.sleep(max(0.0, start_at - time.time()))
    ok = failed = 0
    latencies = []
    index = offset
    while time.time() < stop_at:
        started = time.perf_counter()
        try:
            status, _body = one(state, index)
        except ConnectionError:  # counted, not fatal: a run reports what the server did
            status = 0
        latencies.append((time.perf_counter() - started) * 1000)
        if 0 < status < 400:
            ok += 1
        else:
            failed += 1
        index += 1
    return ok, failed, latencies, time.time()


def run(prepare, one, base_url: str, *, clients: int, seconds: float, context=None) -> Result:
    """`clients` processes, each preparing its state and then sending one request after
    another for `seconds`; throughput counts from the common start to the last answer."""
    start_at = time.time() + 2 + clients * 0.3
    stop_at = start_at + seconds
    jobs = [
        (prepare, one, base_url, context, start_at, stop_at, i * 1_000_000) for i in range(clients)
    ]
    with multiprocessing.get_context("fork").Pool(clients) as pool:
        outcomes = pool.map(_client, jobs)
    return Result(
        ok=sum(o[0] for o in outcomes),
        failed=sum(o[1] for o in outcomes),
        seconds=max(o[3] for o in outcomes) - start_at,
        latencies_ms=[latency for o in outcomes for latency in o[2]],
    )
