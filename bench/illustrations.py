"""Illustrations: time and memory to draw the whole catalogue, in a fresh process.

Every exercise's picture at each of its levels (what the bot uploads at most once each), then the
contact sheet. `python -m bench.illustrations` runs it alone; `python -m bench` runs it too.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import time
from typing import Any

from bench.common import emit


def _measure() -> dict[str, Any]:
    """In the child process: everything drawn, as numbers."""
    from bench.startup import peak_rss_mb
    from bot.coaching.catalogue import load_catalogue
    from bot.illustrations.pictures import contact_sheet, level_doses, render_picture

    catalogue = load_catalogue()
    started = time.perf_counter()
    first = render_picture(catalogue, "cat_camel")  # includes importing matplotlib
    first_s = time.perf_counter() - started
    times: list[float] = []
    sizes = [len(first.data)]
    cpu = time.process_time()  # CPU seconds: less sensitive than wall time to a busy machine
    for exercise in catalogue.exercises.values():
        for dose in level_doses(exercise):
            began = time.perf_counter()
            sizes.append(len(render_picture(catalogue, exercise.id, dose).data))
            times.append(time.perf_counter() - began)
    cpu = time.process_time() - cpu
    began = time.perf_counter()
    sheet = contact_sheet(catalogue)
    return {
        "exercises": len(catalogue.exercises),
        "pictures": len(times),
        "first_s": first_s,
        "all_s": sum(times),
        "all_cpu_s": cpu,
        "mean_ms": sum(times) / len(times) * 1000,
        "max_ms": max(times) * 1000,
        "kb_total": sum(sizes) / 1024,
        "kb_max": max(sizes) / 1024,
        "sheet_s": time.perf_counter() - began,
        "sheet_kb": len(sheet) / 1024,
        "peak_mb": peak_rss_mb(os.getpid()),
    }


async def run_illustrations() -> list[dict[str, Any]]:
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bench.illustrations", "--child", stdout=asyncio.subprocess.PIPE
    )
    output, _ = await child.communicate()
    numbers = json.loads(output.decode().strip().splitlines()[-1])
    params = {"exercises": numbers["exercises"], "pictures": numbers["pictures"]}
    return [
        emit("illustrations_first_picture", numbers["first_s"], "s", **params),
        emit("illustrations_all_pictures", numbers["all_s"], "s", **params),
        emit("illustrations_all_pictures_cpu", numbers["all_cpu_s"], "s", **params),
        emit("illustrations_picture_mean", numbers["mean_ms"], "ms", **params),
        emit("illustrations_picture_max", numbers["max_ms"], "ms", **params),
        emit("illustrations_bytes_total", numbers["kb_total"], "KB", **params),
        emit("illustrations_bytes_max", numbers["kb_max"], "KB", **params),
        emit("illustrations_contact_sheet", numbers["sheet_s"], "s", **params),
        emit("illustrations_peak_memory", numbers["peak_mb"], "MB", **params),
    ]


if __name__ == "__main__":
    if "--child" in sys.argv:
        print(json.dumps(_measure()), flush=True)
    else:
        asyncio.run(run_illustrations())
