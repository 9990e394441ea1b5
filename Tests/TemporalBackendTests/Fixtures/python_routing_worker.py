"""A Python `temporalio` SDK worker that registers a workflow named RoutingWorkflow, for the
interop test: it answers from a Python activity and returns a dict shaped like switchboard's
RouteResult, so `switchboard workflow result` has a Python-produced history to read.

    python python_routing_worker.py HOST:PORT TASK_QUEUE
"""
import asyncio
import sys
from datetime import timedelta

from temporalio import activity, workflow
from temporalio.client import Client
from temporalio.worker import Worker


@activity.defn(name="python_answer")
async def python_answer(question: str) -> str:
    return f"Python read {len(question)} characters"


@workflow.defn(name="RoutingWorkflow", sandboxed=False)
class RoutingWorkflow:
    @workflow.run
    async def run(self, request: dict) -> dict:
        answer = await workflow.execute_activity(
            python_answer, request["question"], start_to_close_timeout=timedelta(seconds=10))
        return {"agentID": "python", "answer": answer, "usedFallback": False}


async def main() -> None:
    client = await Client.connect(sys.argv[1])
    async with Worker(client, task_queue=sys.argv[2], workflows=[RoutingWorkflow], activities=[python_answer]):
        print("python worker ready", flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    asyncio.run(main())
