"""The a2a-sdk 1.3 peer for `make bench-peers`: an echo agent on Starlette and uvicorn.

For every message it creates the task, marks it working, adds one text artifact holding the
user's text and completes it, the shape of a real agent's answer without a model. The card is
a pure A2A 1.0 card and JSON-RPC is served at `/`. One uvicorn worker, no access log, the
in-memory task store, as a2a-sdk's samples run it.

    python a2a_echo_agent.py --port 9301
"""

import argparse

import uvicorn
from starlette.applications import Starlette

from a2a.helpers import new_task_from_user_message, new_text_part
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.events.event_queue_v2 import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.routes import create_agent_card_routes, create_jsonrpc_routes
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater
from a2a.types import AgentCapabilities, AgentCard, AgentInterface, AgentSkill


class EchoExecutor(AgentExecutor):
    """Answers each message with its own text, through the full task life cycle."""

    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        task = context.current_task
        if task is None:
            task = new_task_from_user_message(context.message)
            await event_queue.enqueue_event(task)
        updater = TaskUpdater(event_queue, task.id, task.context_id)
        await updater.start_work()
        await updater.add_artifact([new_text_part("echo: " + context.get_user_input())], name="answer")
        await updater.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        raise NotImplementedError("an echo is over before it could be cancelled")


def build_app(port: int) -> Starlette:
    card = AgentCard(
        name="Echo Agent",
        description="Repeats the user's text; the a2a-sdk side of switchboard's peer benchmark.",
        version="1.0.0",
        supported_interfaces=[
            AgentInterface(url=f"http://127.0.0.1:{port}/", protocol_binding="JSONRPC", protocol_version="1.0"),
        ],
        capabilities=AgentCapabilities(streaming=True),
        default_input_modes=["text/plain"],
        default_output_modes=["text/plain"],
        skills=[AgentSkill(id="echo", name="Echo", description="Repeats the text it is sent.", tags=["echo"])],
    )
    handler = DefaultRequestHandler(agent_executor=EchoExecutor(), task_store=InMemoryTaskStore(), agent_card=card)
    routes = create_agent_card_routes(card) + create_jsonrpc_routes(handler, rpc_url="/")
    return Starlette(routes=routes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9301)
    arguments = parser.parse_args()
    uvicorn.run(build_app(arguments.port), host=arguments.host, port=arguments.port,
                workers=1, access_log=False, log_level="warning")


if __name__ == "__main__":
    main()
