import AgentTesting
import DurableEngine
import Foundation
import TemporalBackend
import Testing

/// Records the replay fixtures: runs the fixture workflows on the dev server with the Swift
/// worker and saves each history as `temporal workflow show -o json` prints it. Runs only when
/// SWITCHBOARD_RECORD_TEMPORAL_FIXTURES=1 (the committed fixtures are the recordings).
@Suite("Temporal fixture recording", .serialized) struct FixtureRecordingTests {
    static let recording = ProcessInfo.processInfo.environment["SWITCHBOARD_RECORD_TEMPORAL_FIXTURES"] == "1"

    /// Runs `body` with a worker of the fixture workflows on the dev server, and a client.
    func withFixtureWorker(_ body: (TemporalDevServer, TemporalWorkflowClient) async throws -> Void) async throws {
        let server = try await TemporalDevServer.shared()
        let connection = try TemporalConnection(settings: try server.settings())
        let worker = TemporalWorker(connection: connection, workflows: FixtureActivities.workflows,
                                    activities: FixtureActivities.registry())
        let running = Task { try await worker.run() }
        #expect(await worker.waitUntilReady())
        try await body(server, TemporalWorkflowClient(connection: connection))
        worker.shutdown()
        try await running.value
        await connection.close()
    }

    @Test(.enabled(if: recording && TemporalDevServer.unavailableReason == nil,
                   "set SWITCHBOARD_RECORD_TEMPORAL_FIXTURES=1 (and have the dev server) to record the fixtures again"))
    func recordFixtures() async throws {
        try await withFixtureWorker { server, client in
            let suffix = UUID().uuidString.prefix(8)

            let greeting = try await client.start(GreetingWorkflow.self, input: "world", id: "greeting-\(suffix)")
            #expect(try await client.result(workflowID: greeting.workflowID, as: String.self) == "Hello, world!")
            let retry = try await client.start(RetryWorkflow.self, input: "flaky", id: "retry-\(suffix)")
            #expect(try await client.result(workflowID: retry.workflowID, as: String.self) == "flaky on attempt 2")
            let timer = try await client.start(TimerWorkflow.self, input: 200, id: "timer-\(suffix)")
            #expect(try await client.result(workflowID: timer.workflowID, as: String.self) == "woke after 200 ms")
            let signal = try await client.start(SignalWorkflow.self, input: "leave", id: "signal-\(suffix)")
            let waiting = try await eventually(timeout: .seconds(10), every: .milliseconds(50)) {
                try await client.queryJSON(workflowID: signal.workflowID, name: "state") == "\"waiting for approval of leave\""
            }
            #expect(waiting)
            try await client.signal(workflowID: signal.workflowID, name: "approve", json: #"{"note":"enjoy"}"#)
            #expect(try await client.result(workflowID: signal.workflowID, as: String.self) == "leave approved: enjoy")

            for (name, id) in [("greeting", greeting.workflowID), ("retry", retry.workflowID), ("timer", timer.workflowID),
                               ("signal", signal.workflowID)] {
                let (status, json) = try await server.cli(["workflow", "show", "-w", id, "-o", "json"])
                #expect(status == 0)
                try Data(json.utf8).write(to: FixtureHistory.url(name))
            }
        }
    }

    /// Records `continue-as-new.json` (the first run, which ends by continuing as new) and
    /// `continue-as-new-last.json` (the run it started, which completes).
    @Test(.enabled(if: recording && TemporalDevServer.unavailableReason == nil,
                   "set SWITCHBOARD_RECORD_TEMPORAL_FIXTURES=1 (and have the dev server) to record the fixtures again"))
    func recordContinueAsNewFixtures() async throws {
        try await withFixtureWorker { server, client in
            let countdown = try await client.start(CountdownWorkflow.self, input: 2,
                                                   id: "countdown-\(UUID().uuidString.prefix(8))")
            #expect(try await client.result(workflowID: countdown.workflowID, as: String.self)
                == "Hello, round 1! That was the last round.")
            for (name, run) in [("continue-as-new", ["--run-id", countdown.runID]), ("continue-as-new-last", [])] {
                let (status, json) = try await server.cli(["workflow", "show", "-w", countdown.workflowID, "-o", "json"] + run)
                #expect(status == 0)
                try Data(json.utf8).write(to: FixtureHistory.url(name))
            }
        }
    }
}
