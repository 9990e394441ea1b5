"""Takes docs/temporal-ui-history.png: a RoutingWorkflow's history in Temporal's Web UI.

`make temporal-ui-screenshot` runs it. It starts, on free loopback ports, a Temporal dev server
with its Web UI (the `temporal` binary beside this venv's python), the HR and FAQ agents and a
`switchboard worker --temporal-address`, routes one question with `switchboard route`, opens
the run's history page in headless Chromium (Debian's chromium and chromedriver, through
selenium) and saves the screenshot. Everything it started is stopped by PID at the end.

    python temporal_ui_screenshot.py .build/debug/switchboard docs/temporal-ui-history.png
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

QUESTION = "How many vacation days do I get in my first year?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(condition, what, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if condition():
                return
        except Exception:
            pass
        time.sleep(0.25)
    raise SystemExit(f"timed out waiting for {what}")


def main(switchboard: str, output: str) -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    temporal = os.path.join(os.path.dirname(sys.executable), "temporal")
    work = tempfile.mkdtemp(prefix="sb-temporal-ui-")
    environment = dict(os.environ, SWITCHBOARD_AGENTS_DIR=os.path.join(root, "agents"),
                       SWITCHBOARD_PROMPTS_DIR=os.path.join(root, "prompts"), SWITCHBOARD_MODEL="local",
                       TEMPORAL_ADDRESS="", SWITCHBOARD_ENCRYPTION_KEY="")
    children = []

    def start(arguments, log):
        child = subprocess.Popen(arguments, env=environment, stdout=open(os.path.join(work, log), "w"),
                                 stderr=subprocess.STDOUT)
        children.append(child)
        return child

    def log_says(log, text):
        with open(os.path.join(work, log)) as f:
            return text in f.read()

    try:
        grpc, ui, hr, faq = free_port(), free_port(), free_port(), free_port()
        address = f"127.0.0.1:{grpc}"
        start([temporal, "server", "start-dev", "--ip", "127.0.0.1", "--port", str(grpc), "--ui-port", str(ui),
               "--http-port", str(free_port()), "--metrics-port", str(free_port()), "--ui-disable-news-fetch",
               "--db-filename", os.path.join(work, "temporal.db"), "--log-level", "error"], "temporal.log")
        wait_for(lambda: subprocess.run([temporal, "workflow", "list", "--limit", "1", "--address", address],
                                        capture_output=True).returncode == 0, "the dev server")
        start([switchboard, "agent", "hr", "--port", str(hr)], "hr.log")
        start([switchboard, "agent", "faq", "--port", str(faq)], "faq.log")
        wait_for(lambda: log_says("hr.log", "listening") and log_says("faq.log", "listening"), "the agents")
        start([switchboard, "worker", "--temporal-address", address, "--agent-url", f"hr=http://127.0.0.1:{hr}",
               "--agent-url", f"faq=http://127.0.0.1:{faq}"], "worker.log")
        wait_for(lambda: log_says("worker.log", "ready on Temporal"), "the worker")
        workflow_id = "vacation-days-question"
        route = subprocess.run([switchboard, "route", "--temporal-address", address, "--id", workflow_id, QUESTION],
                               env=environment, capture_output=True, text=True, timeout=120)
        if route.returncode != 0:
            raise SystemExit(f"route failed: {route.stderr}")
        print(route.stdout, end="", flush=True)
        described = subprocess.run([temporal, "workflow", "describe", "-w", workflow_id, "-o", "json", "--address", address],
                                   capture_output=True, text=True, check=True)
        run_id = json.loads(described.stdout)["workflowExecutionInfo"]["execution"]["runId"]

        options = Options()
        options.binary_location = "/usr/bin/chromium"
        for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1440,1500",
                     "--hide-scrollbars"]:
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
        try:
            driver.get(f"http://127.0.0.1:{ui}/namespaces/default/workflows/{workflow_id}/{run_id}/history")
            WebDriverWait(driver, 60, poll_frequency=0.25).until(
                lambda d: "call_agent" in d.find_element(By.TAG_NAME, "body").text
                and "Completed" in d.find_element(By.TAG_NAME, "body").text)
            time.sleep(1)   # let the timeline's transitions settle
            driver.save_screenshot(output)
        finally:
            driver.quit()
        print(f"saved {output}")
    finally:
        for child in reversed(children):
            child.send_signal(signal.SIGTERM)
        for child in reversed(children):
            try:
                child.wait(timeout=10)
            except subprocess.TimeoutExpired:
                child.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: temporal_ui_screenshot.py SWITCHBOARD_BINARY OUTPUT.png")
    main(sys.argv[1], sys.argv[2])
