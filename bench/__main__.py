"""`python -m bench`: the quick set (a few minutes); `--full` for the bigger numbers."""

from __future__ import annotations

import argparse
import asyncio
import logging
import tempfile
from pathlib import Path

from bench.baseline import run_baseline
from bench.dispatch import run_dispatch
from bench.growth import run_growth
from bench.http import run_http
from bench.illustrations import run_illustrations
from bench.interactive import run_latency_during_burst, run_throughput
from bench.overload import run_overload
from bench.prune import run_latency_during_prune
from bench.scan import run_scan
from bench.startup import run_startup
from bench.statements import run_statements


async def main(engines: list[str], full: bool, latency_ms: float, only: set[str]) -> None:
    folder = Path(tempfile.mkdtemp(prefix="backcoach-bench-"))

    def wanted(name: str) -> bool:
        return not only or name in only

    for engine in engines:
        if wanted("dispatch"):
            await run_dispatch(engine, folder, 300 if not full else 900, 30, latency_ms)
            await run_dispatch(engine, folder, 2000 if not full else 10_000, 0, latency_ms)
        if wanted("scan"):
            await run_scan(engine, folder, 100_000)
        if wanted("startup"):
            await run_startup(engine, folder, 100_000)
        if wanted("latency"):
            await run_latency_during_burst(engine, folder, 3000 if not full else 10_000)
        if wanted("throughput"):
            await run_throughput(engine, folder, 500 if not full else 2000)
        if wanted("statements"):
            await run_statements(engine, folder)
        if wanted("overload"):
            for shedding in (True, False):
                await run_overload(engine, folder, shedding)
        if wanted("growth"):
            await run_growth(engine, folder, 3 if not full else 10, 10_000)
            await run_latency_during_prune(engine, folder)
        if wanted("baseline"):
            await run_baseline(engine, folder, 10_000 if not full else 100_000)
    if wanted("http"):  # no database involved: once, whatever the engines
        await run_http(3000 if not full else 10_000)
    if wanted("illustrations"):
        await run_illustrations()


def cli() -> None:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--engine", choices=("sqlite", "postgresql", "both"), default="sqlite")
    parser.add_argument("--full", action="store_true", help="bigger runs (slower)")
    parser.add_argument("--latency-ms", type=float, default=0.0, help="fake server latency")
    parser.add_argument("--only", nargs="*", default=[], help="run only these benchmarks")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    engines = ["sqlite", "postgresql"] if args.engine == "both" else [args.engine]
    asyncio.run(main(engines, args.full, args.latency_ms, set(args.only)))


cli()
