"""The DBOS Transact peer for `make bench-peers`: 2-step workflows on SQLite, one after another.

Each workflow runs two no-op steps, the workload of switchboard's `durable-run` benchmark.
Every run starts from a fresh SQLite file in a temporary directory. Two settings:
  default     the file as DBOS creates it (SQLite's rollback journal, synchronous=FULL)
  wal-normal  journal_mode=WAL and synchronous=NORMAL on every connection

Prints one JSON object: the workflows per second over the timed loop and the latency
percentiles, in microseconds, and the pragmas the connections ran with.

    python dbos_workflows.py --workflows 1000 --sqlite default
"""

import argparse
import json
import os
import shutil
import sqlite3
import tempfile
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine

from dbos import DBOS


@DBOS.step()
def noop(value: int) -> int:
    return value


@DBOS.workflow()
def two_steps(value: int) -> int:
    return noop(noop(value))


def relax_sqlite() -> None:
    """WAL and synchronous=NORMAL on every SQLite connection, next to DBOS's own settings."""

    @event.listens_for(Engine, "connect")
    def _pragmas(dbapi_connection, _record) -> None:
        if isinstance(dbapi_connection, sqlite3.Connection):
            dbapi_connection.execute("PRAGMA journal_mode=WAL")
            dbapi_connection.execute("PRAGMA synchronous=NORMAL")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workflows", type=int, default=1000)
    parser.add_argument("--sqlite", choices=["default", "wal-normal"], default="default")
    arguments = parser.parse_args()
    if arguments.sqlite == "wal-normal":
        relax_sqlite()

    directory = tempfile.mkdtemp(prefix="sb-peer-dbos-")
    path = os.path.join(directory, "dbos.sqlite")
    try:
        DBOS(config={"name": "switchboard-peer-bench", "system_database_url": f"sqlite:///{path}",
                     "log_level": "WARNING"})
        DBOS.launch()
        latencies = []
        started = time.perf_counter()
        for index in range(arguments.workflows):
            began = time.perf_counter()
            if two_steps(index) != index:
                raise SystemExit(f"workflow {index} returned the wrong value")
            latencies.append(time.perf_counter() - began)
        elapsed = time.perf_counter() - started
        DBOS.destroy()

        with sqlite3.connect(path) as check:
            journal = check.execute("PRAGMA journal_mode").fetchone()[0]
        latencies.sort()

        def percentile(fraction: float) -> float:
            return round(latencies[min(len(latencies) - 1, int(len(latencies) * fraction))] * 1e6, 1)

        print(json.dumps({
            "workflows": arguments.workflows,
            "sqlite": arguments.sqlite,
            "journal_mode": journal,
            "synchronous": "NORMAL" if arguments.sqlite == "wal-normal" else "FULL (SQLite's default)",
            "per_second": round(arguments.workflows / elapsed, 1),
            "p50_us": percentile(0.5),
            "p99_us": percentile(0.99),
        }))
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
