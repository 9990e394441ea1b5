"""The official a2a-sdk 0.3 client against an agent given by its base URL: it resolves the
card, sends a message (blocking and streaming) and gets the task back. Prints one JSON line."""
import asyncio, json, sys, uuid

import httpx
from a2a.client import A2ACardResolver, ClientConfig, ClientFactory
from a2a.types import Message, Part, Role, TaskQueryParams, TextPart


async def ask(factory, card, question, streaming):
    client = factory.create(card)
    message = Message(role=Role.user, message_id=str(uuid.uuid4()), parts=[Part(root=TextPart(text=question))])
    task, text = None, ""
    async for event in client.send_message(message):
        if isinstance(event, Message):
            text += "".join(p.root.text for p in event.parts if hasattr(p.root, "text"))
            continue
        task, update = event
        if update is not None and getattr(update, "artifact", None) is not None:
            text += "".join(p.root.text for p in update.artifact.parts if hasattr(p.root, "text"))
    if task is not None and not streaming:
        text = "".join(p.root.text for a in (task.artifacts or []) for p in a.parts if hasattr(p.root, "text"))
    fetched = await client.get_task(TaskQueryParams(id=task.id)) if task is not None else None
    return {"streaming": streaming, "text": text, "state": fetched.status.state.value if fetched else None}


async def main(base_url, question):
    async with httpx.AsyncClient(timeout=30) as http:
        card = await A2ACardResolver(http, base_url).get_agent_card()
        results = []
        for streaming in (False, True):
            factory = ClientFactory(ClientConfig(streaming=streaming, httpx_client=http))
            results.append(await ask(factory, card, question, streaming))
        print(json.dumps({"name": card.name, "url": card.url, "results": results}))


asyncio.run(main(sys.argv[1], sys.argv[2]))
