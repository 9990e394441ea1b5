import AgentTesting
import Foundation
import HTTPServerCore
import Testing

/// The routing system on a Temporal dev server, as a user runs it: real `switchboard` agents,
/// a `switchboard worker --temporal-address`, and clients from both sides (our CLI, the
/// `temporal` CLI and a Python `temporalio` client). Skipped, with the reason, without the dev server.
@Suite("Temporal end to end", .serialized, .enabled(if: TemporalDevServer.unavailableReason == nil,
                                                     "\(TemporalDevServer.unavailableReason ?? "")"))
struct TemporalEndToEndTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Starts `switchboard` with the repository's agents and prompts, no Temporal variables and no
    /// encryption key unless `environment` sets them.
    static func launch(_ name: String, _ arguments: [String], environment: [String: String] = [:]) throws -> LaunchedProcess {
        try LaunchedProcess(name, executable: BuiltExecutable.url("switchboard"), arguments: arguments, environment: [
            "SWITCHBOARD_AGENTS_DIR": root.appendingPathComponent("agents").path,
            "SWITCHBOARD_PROMPTS_DIR": root.appendingPathComponent("prompts").path,
            "TEMPORAL_ADDRESS": "", "TEMPORAL_NAMESPACE": "", "SWITCHBOARD_ENCRYPTION_KEY": "",
        ].merging(environment) { _, new in new })
    }

    /// The HR and FAQ agents and a Temporal worker on a task queue of its own.
    struct System {
        let server: TemporalDevServer
        let taskQueue: String
        let processes: [LaunchedProcess]
        var flags: [String] { ["--temporal-address", server.address, "--task-queue", taskQueue] }

        /// - Parameter environment: added to the worker's (an encryption key, say).
        init(environment: [String: String] = [:]) async throws {
            server = try await TemporalDevServer.shared()
            taskQueue = "e2e-\(UUID().uuidString.prefix(8))"
            let hrPort = try LoopbackPort.free(), faqPort = try LoopbackPort.free()
            let hr = try launch("hr", ["agent", "hr", "--port", "\(hrPort)"])
            let faq = try launch("faq", ["agent", "faq", "--port", "\(faqPort)"])
            try await hr.waitFor("listening")
            try await faq.waitFor("listening")
            let worker = try launch("worker", ["worker", "--temporal-address", server.address, "--task-queue", taskQueue,
                                               "--agent-url", "hr=http://127.0.0.1:\(hrPort)",
                                               "--agent-url", "faq=http://127.0.0.1:\(faqPort)"], environment: environment)
            try await worker.waitFor("ready on Temporal")
            processes = [hr, faq, worker]
        }

        func stop() async {
            for process in processes.reversed() { _ = await process.stop() }
        }
    }

    @Test func routesAnHRAndAFAQQuestionThroughTemporal() async throws {
        let system = try await System()
        let hr = try Self.launch("route", ["route"] + system.flags + ["--id", "hr-\(system.taskQueue)", "How many sick days do I get?"])
        #expect(try await hr.exitStatus() == 0)
        #expect(hr.standardOutput.contains("[routed to HR]") && hr.standardOutput.contains("10 days"), "\(hr.text)")
        let faq = try Self.launch("route", ["route"] + system.flags + ["What is the guest Wi-Fi password?"])
        #expect(try await faq.exitStatus() == 0)
        #expect(faq.standardOutput.contains("[routed to FAQ]") && faq.standardOutput.contains("Meridian-Guest"), "\(faq.text)")
        // The history is Temporal's own: the temporal CLI reads it.
        let (status, json) = try await system.server.cli(["workflow", "show", "-w", "hr-\(system.taskQueue)", "-o", "json"])
        #expect(status == 0 && json.contains("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED") && json.contains("call_agent"))
        let describe = try Self.launch("describe", ["workflow", "describe", "-w", "hr-\(system.taskQueue)"] + system.flags)
        #expect(try await describe.exitStatus() == 0)
        #expect(describe.standardOutput.contains("COMPLETED"), "\(describe.text)")
        await system.stop()
    }

    @Test func aPythonTemporalioClientStartsRoutingWorkflowAndReadsADict() async throws {
        let python = try #require(ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"])
        let system = try await System()
        let script = """
            import asyncio, json, os, sys
            from temporalio.client import Client
            async def main():
                client = await Client.connect(sys.argv[1])
                result = await client.execute_workflow("RoutingWorkflow", {"question": sys.argv[3]},
                                                       id="py-" + sys.argv[2], task_queue=sys.argv[2])
                print(type(result).__name__, json.dumps(result, sort_keys=True), flush=True)
            asyncio.run(asyncio.wait_for(main(), 60))
            os._exit(0)
            """
        let client = try LaunchedProcess("python client", executable: URL(fileURLWithPath: python), arguments: [
            "-c", script, system.server.address, system.taskQueue, "What time does the office open?",
        ])
        #expect(try await client.exitStatus(timeout: .seconds(90)) == 0, "\(client.text)")
        #expect(client.standardOutput.hasPrefix("dict "), "\(client.text)")
        #expect(client.standardOutput.contains(#""agentID": "faq""#) && client.standardOutput.contains("7:00 AM"), "\(client.text)")
        await system.stop()
    }

    @Test func theApprovalGateIsDrivenByTheTemporalCLI() async throws {
        let system = try await System()
        let id = "approve-\(system.taskQueue)"
        let start = try Self.launch("route", ["route"] + system.flags + ["--id", id, "--require-approval", "--detach",
                                                                        "How many sick days do I get?"])
        #expect(try await start.exitStatus() == 0)
        let drafted = try await eventually(timeout: .seconds(30), every: .milliseconds(200)) {
            let (status, output) = try await system.server.cli(["workflow", "query", "-w", id, "--name", "draft"])
            return status == 0 && output.contains("[routed to HR]")
        }
        #expect(drafted, "the draft query never answered through the temporal CLI")
        let ours = try Self.launch("query", ["workflow", "query", "-w", id, "draft"] + system.flags)
        #expect(try await ours.exitStatus() == 0)
        #expect(ours.standardOutput.contains("10 days"), "\(ours.text)")
        let (signalStatus, _) = try await system.server.cli(["workflow", "signal", "-w", id, "--name", "approve",
                                                             "--input", #"{"note":"looks right"}"#])
        #expect(signalStatus == 0)
        let result = try Self.launch("result", ["workflow", "result", "-w", id, "--timeout", "30"] + system.flags)
        #expect(try await result.exitStatus() == 0)
        #expect(result.standardOutput.contains("[approved: looks right]"), "\(result.text)")
        await system.stop()
    }

    @Test func anAddressWhereNothingListensIsNamed() async throws {
        let port = try LoopbackPort.free()
        let route = try Self.launch("route", ["route", "--temporal-address", "127.0.0.1:\(port)", "Hello?"])
        #expect(try await route.exitStatus() == 2)
        #expect(route.text.contains("Temporal at 127.0.0.1:\(port)") && route.text.contains("StartWorkflowExecution"), "\(route.text)")
    }

    @Test func anUnknownNamespaceStopsTheWorkerWithTheName() async throws {
        let server = try await TemporalDevServer.shared()
        let worker = try Self.launch("worker", ["worker", "--temporal-address", server.address, "--namespace", "no-such-ns"])
        #expect(try await worker.exitStatus() != 0)
        #expect(worker.text.contains("no-such-ns"), "\(worker.text)")
    }
}
