# An A2A 0.3 agent built with the official a2a-sdk 0.3 (its own server, card and wire), for
# the client's 0.3 fallback test. Usage: python legacy_agent_v03.py <port>
import sys
import uvicorn
from a2a.server.agent_execution import AgentExecutor, RequestContext
from a2a.server.apps import A2AStarletteApplication
from a2a.server.events import EventQueue
from a2a.server.request_handlers import DefaultRequestHandler
from a2a.server.tasks import InMemoryTaskStore, TaskUpdater
from a2a.types import AgentCapabilities, AgentCard, AgentSkill, Part, TextPart
from a2a.utils import new_task

class Echo(AgentExecutor):
    async def execute(self, context: RequestContext, event_queue: EventQueue) -> None:
        task = context.current_task or new_task(context.message)
        await event_queue.enqueue_event(task)
        updater = TaskUpdater(event_queue, task.id, task.context_id)
        await updater.add_artifact([Part(root=TextPart(text="0.3 echo: "))], artifact_id="answer", append=False, last_chunk=False)
        await updater.add_artifact([Part(root=TextPart(text=context.get_user_input()))], artifact_id="answer", append=True, last_chunk=True)
        await updater.complete()

    async def cancel(self, context: RequestContext, event_queue: EventQueue) -> None:
        raise RuntimeError("cannot cancel")

port = int(sys.argv[1])
card = AgentCard(
    name="Legacy Echo", description="An a2a-sdk 0.3 agent", url=f"http://127.0.0.1:{port}/", version="1.0.0",
    capabilities=AgentCapabilities(streaming=True), default_input_modes=["text/plain"], default_output_modes=["text/plain"],
    skills=[AgentSkill(id="echo", name="Echo", description="Echoes the question", tags=["echo"])])
app = A2AStarletteApplication(agent_card=card, http_handler=DefaultRequestHandler(Echo(), InMemoryTaskStore())).build()
uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
