"""`make bench-peers`: switchboard side by side with its Python peers, in one run.

Two comparisons, each in interleaved rounds (switchboard, peer, switchboard, peer, ...) so that
both sides see the same machine, reported as medians with their ranges:

  A2A agent   `switchboard agent hr` (release build, local BM25 model) against an a2a-sdk 1.3
              echo agent on uvicorn (a2a_echo_agent.py); wrk -t2 -c64 with send_message.lua
              (JSON-RPC SendMessage, every response checked), and GET of the agent card.
              Also the server's CPU time per request and its peak RSS.
  workflows   2-step workflows one after another, the same number on both sides: the engine
              through `SwitchboardBenchmarks durable-run` against DBOS Transact on SQLite
              (dbos_workflows.py); the engine's `full` against DBOS's default file (both fsync
              every commit), the engine's `normal` against DBOS with WAL + synchronous=NORMAL.

Run it through `make bench-peers`, which builds the binaries and the venv first. Set
PEERS_ROUNDS, PEERS_SECONDS and PEERS_WORKFLOWS to change the rounds, the seconds per wrk
run and the workflows per run. The raw figures go to .build/bench-peers/results.json.
"""

import argparse
import importlib.metadata as metadata
import json
import os
import re
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

HERE = Path(__file__).resolve().parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


# -- processes ---------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(name: str, command: list[str], port: int) -> subprocess.Popen:
    """Starts a server (its output discarded: ours logs a line per request to stderr) and waits
    until it serves its agent card."""
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/.well-known/agent-card.json"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{name} exited at start with status {process.returncode}: {' '.join(command)}")
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    sys.exit(f"{name} did not serve {url} within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- one measurement each ----------------------------------------------------------------------

def wrk_send_message(port: int, pid: int, seconds: int, run_id: str) -> dict:
    """One wrk run of SendMessage; returns req/s, latencies and the server's CPU per request."""
    before = cpu_seconds(pid)
    output = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", "-s", str(HERE / "send_message.lua"),
         f"http://127.0.0.1:{port}/", "--", run_id],
        check=True, capture_output=True, text=True).stdout
    cpu = cpu_seconds(pid) - before
    result = json.loads(output.strip().splitlines()[-1])
    good = result["requests"] - result["failed_checks"]
    if result["failed_checks"] or result["errors"]:
        print(f"    warning: {result['failed_checks']} failed checks, {result['errors']} errors", file=sys.stderr)
    return {"per_second": good / result["seconds"], "p50_ms": result["p50_us"] / 1000,
            "p99_ms": result["p99_us"] / 1000, "cpu_us": cpu / max(result["requests"], 1) * 1e6,
            "failed": result["failed_checks"] + result["errors"]}


def wrk_card(port: int, seconds: int) -> dict:
    output = subprocess.run(
        ["wrk", "-t2", "-c64", f"-d{seconds}s", f"http://127.0.0.1:{port}/.well-known/agent-card.json"],
        check=True, capture_output=True, text=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    if rate is None or "Non-2xx" in output:
        sys.exit(f"wrk on the agent card failed:\n{output}")
    return {"per_second": float(rate.group(1))}


def engine_run(benchmarks: str, workflows: int, durability: str) -> dict:
    output = subprocess.run(
        [benchmarks, "durable-run"], check=True, capture_output=True, text=True,
        env={**os.environ, "DURABLE_WORKFLOWS": str(workflows), "DURABLE_IN_FLIGHT": "1",
             "DURABLE_DURABILITY": durability}).stdout
    found = re.search(r"([\d.]+) workflows/s; latency µs p50 ([\d.]+) p90 [\d.]+ p99 ([\d.]+)", output)
    if found is None:
        sys.exit(f"unexpected durable-run output:\n{output}")
    return {"per_second": float(found.group(1)), "p50_ms": float(found.group(2)) / 1000,
            "p99_ms": float(found.group(3)) / 1000}


def dbos_run(workflows: int, setting: str) -> dict:
    output = subprocess.run(
        [sys.executable, str(HERE / "dbos_workflows.py"), "--workflows", str(workflows), "--sqlite", setting],
        check=True, capture_output=True, text=True).stdout
    result = json.loads(output.strip().splitlines()[-1])
    return {"per_second": result["per_second"], "p50_ms": result["p50_us"] / 1000, "p99_ms": result["p99_us"] / 1000,
            "journal_mode": result["journal_mode"]}


# -- rounds and the table ----------------------------------------------------------------------

def interleave(label: str, rounds: int, ours, peer) -> dict:
    """Runs `ours` and `peer` alternately, `rounds` times each; returns both lists of results."""
    results = {"switchboard": [], "peer": []}
    for number in range(1, rounds + 1):
        for side, run in (("switchboard", ours), ("peer", peer)):
            result = run()
            results[side].append(result)
            figures = ", ".join(f"{key} {value:.1f}" if isinstance(value, float) else f"{key} {value}"
                                for key, value in result.items())
            print(f"  {label}, round {number}/{rounds}, {side}: {figures}", flush=True)
    return results


def summary(results: list[dict], key: str) -> tuple[float, float, float]:
    values = [result[key] for result in results]
    return statistics.median(values), min(values), max(values)


def cell(figures: tuple[float, float, float], unit: str) -> str:
    def number(value: float) -> str:
        return f"{value:,.0f}" if value >= 100 else f"{value:.2f}" if value < 10 else f"{value:.1f}"
    median, low, high = figures
    return f"{number(median)} {unit} ({number(low)}–{number(high)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--switchboard", required=True, help="the release `switchboard` binary")
    parser.add_argument("--benchmarks", required=True, help="the release `SwitchboardBenchmarks` binary")
    parser.add_argument("--rounds", type=int, default=int(os.environ.get("PEERS_ROUNDS", 5)))
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("PEERS_SECONDS", 10)))
    parser.add_argument("--workflows", type=int, default=int(os.environ.get("PEERS_WORKFLOWS", 500)))
    parser.add_argument("--output", default=".build/bench-peers/results.json")
    arguments = parser.parse_args()
    rounds, seconds, workflows = arguments.rounds, arguments.seconds, arguments.workflows
    started, load = datetime.now(timezone.utc), os.getloadavg()[0]
    print(f"bench-peers {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} cores, load average {load:.2f}; "
          f"{rounds} interleaved rounds", flush=True)
    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split(" [")[0].strip()
    versions = {package: metadata.version(package) for package in ("a2a-sdk", "uvicorn", "dbos", "sqlalchemy")}
    versions["python"], versions["sqlite"] = sys.version.split()[0], sqlite3.sqlite_version
    print(f"peers: {', '.join(f'{name} {version}' for name, version in versions.items())}; {wrk_version}", flush=True)

    # (a) A2A agents, both up for the whole comparison.
    our_port, peer_port = free_port(), free_port()
    ours = start_server("switchboard agent hr", [arguments.switchboard, "agent", "hr", "--port", str(our_port),
                                                 "--rate-limit", "0"], our_port)
    peer = start_server("a2a-sdk echo agent", [sys.executable, str(HERE / "a2a_echo_agent.py"), "--port",
                                               str(peer_port)], peer_port)
    try:
        print(f"A2A SendMessage: wrk -t2 -c64 -d{seconds}s -s send_message.lua", flush=True)
        send = interleave("SendMessage", rounds,
                          lambda: wrk_send_message(our_port, ours.pid, seconds, f"sb{time.monotonic_ns()}"),
                          lambda: wrk_send_message(peer_port, peer.pid, seconds, f"py{time.monotonic_ns()}"))
        card_seconds = max(seconds // 2, 1)
        print(f"agent card: wrk -t2 -c64 -d{card_seconds}s", flush=True)
        card = interleave("card", rounds, lambda: wrk_card(our_port, card_seconds),
                          lambda: wrk_card(peer_port, card_seconds))
        rss = {"switchboard": peak_rss_mib(ours.pid), "peer": peak_rss_mib(peer.pid)}
    finally:
        stop_server(ours)
        stop_server(peer)

    # (b) 2-step workflows, the same number on both sides.
    print(f"2-step workflows, {workflows} one after another per run", flush=True)
    full = interleave("engine full / DBOS default", rounds,
                      lambda: engine_run(arguments.benchmarks, workflows, "full"),
                      lambda: dbos_run(workflows, "default"))
    normal = interleave("engine normal / DBOS WAL+NORMAL", rounds,
                        lambda: engine_run(arguments.benchmarks, workflows, "normal"),
                        lambda: dbos_run(workflows, "wal-normal"))

    # The table: medians (min–max) and the ratio of the medians, switchboard's advantage.
    rows = []

    def rate_row(name: str, results: dict, key: str, unit: str) -> None:
        mine, theirs = summary(results["switchboard"], key), summary(results["peer"], key)
        rows.append((name, cell(theirs, unit), cell(mine, unit), f"{mine[0] / theirs[0]:.1f}x"))

    def cost_row(name: str, results: dict, key: str, unit: str) -> None:
        mine, theirs = summary(results["switchboard"], key), summary(results["peer"], key)
        rows.append((name, cell(theirs, unit), cell(mine, unit), f"{theirs[0] / mine[0]:.1f}x"))

    rate_row("A2A SendMessage, wrk -t2 -c64 (good responses)", send, "per_second", "req/s")
    cost_row("  latency p50 under that load", send, "p50_ms", "ms")
    cost_row("  server CPU per request", send, "cpu_us", "µs")
    rate_row("A2A agent card GET, wrk -t2 -c64", card, "per_second", "req/s")
    rows.append(("  peak RSS of the server", f"{rss['peer']:.1f} MiB", f"{rss['switchboard']:.1f} MiB",
                 f"{rss['peer'] / rss['switchboard']:.1f}x"))
    rate_row(f"2-step workflows, {workflows} sequential, fsync per commit", full, "per_second", "wf/s")
    cost_row("  latency p50", full, "p50_ms", "ms")
    rate_row(f"2-step workflows, {workflows} sequential, WAL + NORMAL", normal, "per_second", "wf/s")
    cost_row("  latency p50", normal, "p50_ms", "ms")

    print(f"\nmedians of {rounds} interleaved rounds (min–max); ratio = how many times switchboard is "
          "faster, lighter or cheaper")
    print("peer: a2a-sdk 1.3.0 echo agent (uvicorn, 1 worker) / DBOS Transact on SQLite (default file; WAL+NORMAL)")
    print("switchboard: `switchboard agent hr` (release, local BM25 model) / engine `full`; `normal`\n")
    header = ("workload", "peer", "switchboard", "ratio")
    widths = [max(len(row[column]) for row in rows + [header]) for column in range(4)]
    for row in [header, tuple("-" * width for width in widths)] + rows:
        print("  ".join(text.ljust(width) for text, width in zip(row, widths)).rstrip())

    output = Path(arguments.output)
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps({
        "started": started.isoformat(), "rounds": rounds, "seconds": seconds, "workflows": workflows,
        "load_average_at_start": load, "versions": versions, "send_message": send, "card": card, "peak_rss_mib": rss,
        "workflows_full_vs_default": full, "workflows_normal_vs_wal_normal": normal,
    }, indent=1))
    print(f"\nraw figures: {output}")


if __name__ == "__main__":
    main()
