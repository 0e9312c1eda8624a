#!/usr/bin/env python3
"""The lab's per-payment sampling, vectorised with NumPy: the yardstick of `npm run bench`.

Reads one JSON object on stdin: the settled conditions of a window (what
src/domain/simulation/sampler.ts samples from) and the number of payments. Samples them the same
way -- a block of uniforms per payment for the first attempt, the issuer's R2 low-discrepancy
point for route and stuck-ness, a payment's retries on its own route in rounds -- but one NumPy
array operation over all payments at a time instead of one loop per payment. Prints one JSON
line: the median seconds of the timed runs, payments per second, and the success rate and
attempts per payment it sampled, so the bench can check both models describe the same window.
"""
import json
import sys
import time

import numpy as np

TIMEOUT, ISSUER_UNAVAILABLE, PAYMENT_FAILED, INSUFFICIENT_FUNDS, DO_NOT_HONOR, RATE_LIMITED = range(6)
TABLE_SIZE = 8192
PLASTIC = 1.324717957244746
STEP = np.array([round(2**32 / PLASTIC), round(2**32 / PLASTIC**2)], dtype=np.uint64)


def inverse_normal(p):
    """Acklam's rational approximation of the standard normal quantile, vectorised."""
    a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
         -3.066479806614716e1, 2.506628277459239]
    b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
         -1.328068155288572e1]
    c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
         4.374664141464968, 2.938163982698783]
    d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416]
    out = np.empty_like(p)
    low = p < 0.02425
    high = p > 1 - 0.02425
    mid = ~(low | high)
    q = np.sqrt(-2 * np.log(p[low]))
    out[low] = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
        (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    q = np.sqrt(-2 * np.log(1 - p[high]))
    out[high] = -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / (
        (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    q = p[mid] - 0.5
    r = q * q
    out[mid] = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (
        ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    return out


HALF = 0.5 / TABLE_SIZE
KNOTS = inverse_normal(np.clip(np.arange(TABLE_SIZE + 2) / TABLE_SIZE, HALF, 1 - HALF))
SLOPES = np.append(np.diff(KNOTS), 0.0)


class Window:
    """The per-path constants of one window, laid out as arrays indexed by path."""

    def __init__(self, c):
        self.c = c
        b = c["buckets"]
        self.nb = b["bucketCount"]
        per_log = b["bucketsPerLog"]
        log_min = np.log(b["minValue"])
        log_timeout = np.log(c["timeoutMs"])
        self.stuck = np.array(c["stuck"])
        self.tail = np.array(c["tailShare"])
        body = np.array(c["logMedianBody"])
        tail = np.array(c["logMedianTail"])
        self.body_base = (body - log_min) * per_log
        self.tail_base = (tail - log_min) * per_log
        self.body_limit = (log_timeout - body) / c["latencySigma"]
        self.tail_limit = (log_timeout - tail) / c["tailSigma"]
        self.body_scale = c["latencySigma"] * per_log
        self.tail_scale = c["tailSigma"] * per_log
        self.thresholds = np.array(c["thresholds"]).reshape(2, 8, 4)
        self.stuck_timeout = c["stuckTimeoutShare"]

    def attempts(self, path, stuck, decline, u_lat, u_out, retry_round, hist, timeouts):
        """Codes (-1 approved) of one attempt per entry, adding latencies to the histogram."""
        code = np.full(path.shape, -1, dtype=np.int64)
        timed_out = stuck & (u_lat < self.stuck_timeout)
        unavailable = stuck & ~timed_out
        u = np.where(unavailable, (u_lat - self.stuck_timeout) / (1 - self.stuck_timeout), u_lat)
        code[unavailable] = ISSUER_UNAVAILABLE
        ts = self.tail[path]
        in_tail = u < ts
        x = np.where(in_tail, u / np.where(ts > 0, ts, 1), (u - ts) / (1 - ts)) * TABLE_SIZE
        k = x.astype(np.int64)
        z = KNOTS[k] + SLOPES[k] * (x - k)
        limit = np.where(in_tail, self.tail_limit[path], self.body_limit[path])
        timed_out |= ~stuck & (z > limit)
        live = ~stuck & ~timed_out
        t = self.thresholds[retry_round, path]
        v = u_out
        outcome = np.where(v < t[:, 0], PAYMENT_FAILED,
                  np.where(v < t[:, 1], TIMEOUT,
                  np.where(v < t[:, 2], ISSUER_UNAVAILABLE,
                  np.where(v < t[:, 3], PAYMENT_FAILED, decline))))
        code[live] = outcome[live]
        timed_out |= code == TIMEOUT
        code[timed_out] = TIMEOUT
        base = np.where(in_tail, self.tail_base[path], self.body_base[path])
        scale = np.where(in_tail, self.tail_scale, self.body_scale)
        bucket = np.clip((base + scale * z).astype(np.int64), 0, self.nb - 1)
        done = ~timed_out
        hist += np.bincount(path[done] * self.nb + bucket[done], minlength=hist.size)
        timeouts += np.bincount(path[timed_out], minlength=8)
        return code


def sample(c, rng):
    """Samples c["payments"] payments and their retries; returns (approved, attempts)."""
    w = Window(c)
    n = c["payments"]
    u = rng.random((n, 5))
    cuts = np.cumsum(c["issuerShares"])[:-1]
    issuer = np.searchsorted(cuts, u[:, 0], side="right")
    decline_rate = np.array(c["declineRate"])[issuer]
    insufficient = decline_rate * c["insufficientFundsShare"]
    decline = np.where(u[:, 1] < decline_rate,
                       np.where(u[:, 1] < insufficient, INSUFFICIENT_FUNDS, DO_NOT_HONOR), -1)
    caps = c["caps"]
    cap = np.where(u[:, 2] < caps["highShare"], caps["high"], caps["low"])
    # Each issuer's k-th payment takes the k-th point of its shifted R2 sequence.
    order = np.argsort(issuer, kind="stable")
    counts = np.bincount(issuer, minlength=4)
    rank = np.empty(n, dtype=np.uint64)
    rank[order] = np.arange(n, dtype=np.uint64) - np.repeat(np.cumsum(counts) - counts, counts).astype(np.uint64) + 1
    shifts = np.array(c["shifts"], dtype=np.uint64).reshape(4, 3)
    mask = np.uint64(0xFFFFFFFF)
    x0 = (shifts[issuer, 0] + rank * STEP[0]) & mask
    x1 = (shifts[issuer, 1] + rank * STEP[1]) & mask
    route = (x0 / 2**32 >= np.array(c["primaryWeight"])[issuer]).astype(np.int64)
    stuck_draw = np.where(route == 0, x1, (x1 + shifts[issuer, 2]) & mask) / 2**32
    path = issuer * 2 + route
    stuck = stuck_draw < w.stuck[path]
    hist = np.zeros(8 * w.nb, dtype=np.int64)
    timeouts = np.zeros(8, dtype=np.int64)
    code = w.attempts(path, stuck, decline, u[:, 3], u[:, 4], 0, hist, timeouts)
    approved = code < 0
    failures = (~approved).astype(np.int64)
    used = np.zeros(n, dtype=np.int64)
    attempts = n
    whole = int(np.floor(c["multiplier"]))
    frac = c["multiplier"] - whole
    max_retries = c["maxRetries"]
    active = np.nonzero(~approved)[0]
    while active.size:
        f = failures[active]
        wanted = f * whole
        if frac > 0:
            wanted = wanted + rng.binomial(f, frac)
        wanted = np.minimum(wanted, max_retries - used[active])
        allowed = np.minimum(wanted, cap[active] - used[active])
        keep = allowed > 0
        active, allowed = active[keep], allowed[keep]
        if not active.size:
            break
        used[active] += allowed
        owner = np.repeat(active, allowed)
        attempts += owner.size
        codes = w.attempts(path[owner], stuck[owner], decline[owner], rng.random(owner.size),
                           rng.random(owner.size), 1, hist, timeouts)
        wins = np.bincount(owner, weights=codes < 0, minlength=n)[active] > 0
        approved[active[wins]] = True
        failures[active] = np.bincount(owner, weights=codes >= 0, minlength=n)[active].astype(np.int64)
        active = active[~wins]
    return int(approved.sum()), attempts


def main():
    c = json.load(sys.stdin)
    runs = c.get("runs", 5)
    rng = np.random.default_rng(42)
    sample(c, rng)  # warm-up: imports, allocations
    seconds = []
    for _ in range(runs):
        start = time.perf_counter()
        approved, attempts = sample(c, rng)
        seconds.append(time.perf_counter() - start)
    median = float(np.median(seconds))
    n = c["payments"]
    print(json.dumps({
        "numpy": np.__version__,
        "seconds": median,
        "events_per_second": n / median,
        "success_rate": approved / n,
        "attempts_per_payment": attempts / n,
    }))


if __name__ == "__main__":
    main()
