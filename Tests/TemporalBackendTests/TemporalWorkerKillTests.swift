import AgentTesting
import Foundation
import HTTPServerCore
import Testing
@testable import TemporalBackend

/// SIGKILL of a `switchboard worker` on Temporal while `call_agent` waits on a slow agent: the
/// attempt times out on its heartbeat, a new worker runs the retry, and the agent, seeing the
/// same A2A messageId again, answers from the task it already has instead of computing again.
@Suite("Temporal worker SIGKILL", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                         "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalWorkerKillTests {
    @Test func aNewWorkerFinishesTheRunAndTheAgentComputesOnce() async throws {
        let server = try await TemporalDevServer.shared()
        // The HR agent's model: slow to answer, so the worker is killed while call_agent waits on it.
        let model = FakeOpenAIServer(fallback: .delayFirstByte(milliseconds: 3000, then: "You get 10 sick days a year."))
        try model.start()
        let hrPort = try LoopbackPort.free(), faqPort = try LoopbackPort.free()
        let hr = try TemporalEndToEndTests.launch("hr", ["agent", "hr", "--port", "\(hrPort)"], environment: [
            "SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": model.baseURL, "OPENAI_API_KEY": "sk-test",
        ])
        let faq = try TemporalEndToEndTests.launch("faq", ["agent", "faq", "--port", "\(faqPort)"])
        try await hr.waitFor("listening")
        try await faq.waitFor("listening")
        let taskQueue = "kill-\(UUID().uuidString.prefix(8))"
        let flags = ["--temporal-address", server.address, "--task-queue", taskQueue]
        let workerArguments = ["worker"] + flags + ["--agent-url", "hr=http://127.0.0.1:\(hrPort)",
                                                    "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
        let first = try TemporalEndToEndTests.launch("worker 1", workerArguments)
        try await first.waitFor("ready on Temporal")

        // Time scale 0.2: call_agent's heartbeat timeout is 6 s and its first retry 0.2 s later.
        let id = "kill-\(taskQueue)"
        let start = try TemporalEndToEndTests.launch("route", ["route", "--detach", "--id", id, "--time-scale", "0.2"] + flags
                                                         + ["How many sick days do I get?"])
        #expect(try await start.exitStatus() == 0, "\(start.text)")
        let asked = await eventually(timeout: .seconds(30), every: .milliseconds(20)) { model.requestCount == 1 }
        #expect(asked, "the agent never asked its model")
        await first.kill()

        let second = try TemporalEndToEndTests.launch("worker 2", workerArguments)
        try await second.waitFor("ready on Temporal")
        let result = try TemporalEndToEndTests.launch("result", ["workflow", "result", "-w", id, "--timeout", "60"] + flags)
        #expect(try await result.exitStatus(timeout: .seconds(90)) == 0, "\(result.text)")
        #expect(result.standardOutput.contains("[routed to HR] You get 10 sick days a year."), "\(result.text)")
        #expect(model.requestCount == 1, "the agent computed its answer \(model.requestCount) times")

        // The history shows the retry: call_agent completed on a later attempt, by the second worker.
        let connection = try TemporalConnection(settings: TemporalSettings(address: server.address))
        let events = try await TemporalWorkflowClient(connection: connection).history(workflowID: id).events
        let callAgent = events.first {
            $0.activityTaskScheduledEventAttributes.activityType.name == "call_agent"
        }
        let started = events.first {
            $0.eventType == .activityTaskStarted && $0.activityTaskStartedEventAttributes.scheduledEventID == callAgent?.eventID
        }
        #expect(callAgent != nil && (started?.activityTaskStartedEventAttributes.attempt ?? 0) >= 2,
                "call_agent was not retried: \(String(describing: started))")
        await connection.close()
        for process in [second, faq, hr] { _ = await process.stop() }
        await model.stop()
    }
}
