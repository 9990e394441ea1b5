import AgentTesting
import Foundation
import Testing

/// Ctrl-C and SIGTERM while the workflow is retrying an agent that is down: the exact moment a
/// user presses them. `route` must detach within a second or two, say how to get the result,
/// and leave the workflow durable, with the embedded worker and with a separate one.
@Suite("Interrupting route while it retries", .serialized) struct InterruptWhileRetryingTests {
    static func downAgents() throws -> [String] {
        ["--agent-url", "hr=http://127.0.0.1:\(try freePort())", "--agent-url", "faq=http://127.0.0.1:\(try freePort())"]
    }

    @Test(arguments: [SIGINT, SIGTERM])
    func theEmbeddedWorkerLetsGo(signal: Int32) async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let route = try Switchboard.launch("route", ["route", "--db", db, "--id", "retrying"] + (try Self.downAgents())
                                           + ["How many sick days do I get?"])
        try await route.waitFor("unreachable")
        let sent = ContinuousClock.now
        route.signal(signal)
        #expect(try await route.exitStatus(timeout: .seconds(10)) == 130, "\(route.text)")   // detached
        #expect(ContinuousClock.now - sent < .seconds(3))
        #expect(route.text.contains("switchboard workflow result -w retrying"), "\(route.text)")
        let described = try Switchboard.launch("describe", ["workflow", "describe", "-w", "retrying", "--db", db])
        #expect(try await described.exitStatus() == 0)
        #expect(described.text.contains("RUNNING"), "\(described.text)")
    }

    @Test func aSeparateWorkerKeepsRetryingAfterRouteLetsGo() async throws {
        let db = try temporaryDirectory().appendingPathComponent("h.db").path
        let flags = try Self.downAgents()
        let worker = try Switchboard.launch("worker", ["worker", "--db", db] + flags)
        try await worker.waitFor("ready")
        let route = try Switchboard.launch("route", ["route", "--db", db, "--id", "retrying", "--no-embedded-worker"] + flags
                                           + ["How many sick days do I get?"])
        try await route.waitFor("unreachable")
        let sent = ContinuousClock.now
        route.signal(SIGINT)
        #expect(try await route.exitStatus(timeout: .seconds(10)) == 130, "\(route.text)")
        #expect(ContinuousClock.now - sent < .seconds(3))
        #expect(worker.isRunning)
        withExtendedLifetime(worker) {}
    }
}
