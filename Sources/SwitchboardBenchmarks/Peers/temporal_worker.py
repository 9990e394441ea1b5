"""The Python temporalio peer of `SwitchboardBenchmarks temporal`: a worker process only.

It registers workflow type `BenchTwoActivities` (an int in, the int out, after two no-op
activities `bench_noop` with a 10 s start-to-close timeout), the workload the Swift benchmark
worker runs, and polls the task queue until SIGTERM. The benchmark's Swift client starts the
workflows, so this process's CPU time and RSS are the worker's alone.

    python temporal_worker.py 127.0.0.1:7233 bench-python
"""

import asyncio
import signal
import sys
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker


@activity.defn(name="bench_noop")
async def bench_noop(value: int) -> int:
    return value


@workflow.defn(name="BenchTwoActivities")
class BenchTwoActivities:
    @workflow.run
    async def run(self, value: int) -> int:
        options = {"start_to_close_timeout": timedelta(seconds=10)}
        value = await workflow.execute_activity(bench_noop, value, **options)
        return await workflow.execute_activity(bench_noop, value, **options)


async def main(address: str, task_queue: str) -> None:
    client = await Client.connect(address)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    loop.add_signal_handler(signal.SIGINT, stop.set)
    async with Worker(client, task_queue=task_queue, workflows=[BenchTwoActivities], activities=[bench_noop],
                      max_concurrent_activities=16, max_concurrent_workflow_tasks=16):
        print("python worker ready", flush=True)
        await stop.wait()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: temporal_worker.py HOST:PORT TASK_QUEUE")
    asyncio.run(main(sys.argv[1], sys.argv[2]))
