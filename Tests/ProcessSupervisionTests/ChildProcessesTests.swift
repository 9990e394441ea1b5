import AgentTesting
import Foundation
import ProcessSupervision
import Testing

/// Supervision of `demo`'s children: readiness, a child that dies at start, and stopping.
@Suite struct ChildProcessesTests {
    let directory = TestDirectory.make("sb-children")

    @Test func readyWhenTheCheckNamesNothing() async throws {
        let children = ChildProcesses()
        defer { children.stopAll() }
        let marker = directory.appendingPathComponent("ready").path
        // `exec`: the child is the sleep itself. A grandchild would hold the descriptor through
        // which Foundation learns of the exit, so stopAll would wait its 30 s out.
        try children.start("writer", executable: "/bin/sh", arguments: ["-c", "sleep 0.2; touch \(marker); exec sleep 30"],
                           log: directory.appendingPathComponent("writer.log"))
        try await children.waitUntilReady(timeout: .seconds(20)) {
            FileManager.default.fileExists(atPath: marker) ? [] : ["the marker file"]
        }
        #expect(FileManager.default.fileExists(atPath: marker))
    }

    @Test func aChildThatExitsDuringStartUpIsNamed() async throws {
        let children = ChildProcesses()
        defer { children.stopAll() }
        try children.start("broken agent", executable: "/bin/sh", arguments: ["-c", "echo bad config; exit 2"],
                           log: directory.appendingPathComponent("broken.log"))
        let error = await #expect(throws: SupervisionError.self) {
            try await children.waitUntilReady(timeout: .seconds(20)) { ["never ready"] }
        }
        #expect(error == .childExited(name: "broken agent"))
        let log = try String(contentsOf: directory.appendingPathComponent("broken.log"), encoding: .utf8)
        #expect(log == "bad config\n")
    }

    @Test func theDeadlineNamesWhatIsStillPending() async throws {
        let children = ChildProcesses()
        let error = await #expect(throws: SupervisionError.self) {
            try await children.waitUntilReady(timeout: .milliseconds(200), pollInterval: .milliseconds(20)) { ["worker"] }
        }
        #expect(error?.description.contains("waiting for: worker") == true)
    }

    @Test func stopAllKillsAChildThatIgnoresSIGTERM() async throws {
        let children = ChildProcesses()
        // The ignored SIGTERM survives `exec`, and no grandchild holds Foundation's exit socket.
        try children.start("stubborn", executable: "/bin/sh", arguments: ["-c", "trap '' TERM; exec sleep 30"],
                           log: directory.appendingPathComponent("stubborn.log"))
        let started = ContinuousClock.now
        // stopAll sleeps and waits for exits: a thread of its own, not one of the cooperative pool's.
        try await onDedicatedThread { children.stopAll(grace: .milliseconds(300)) }
        #expect(children.exited == ["stubborn"])
        #expect(ContinuousClock.now - started < .seconds(10))
    }

    @Test func aLogInAMissingDirectoryIsAClearError() {
        let children = ChildProcesses()
        let error = #expect(throws: SupervisionError.self) {
            try children.start("x", executable: "/bin/true", arguments: [], log: URL(fileURLWithPath: "/proc/nope/x.log"))
        }
        #expect(error?.description.contains("/proc/nope/x.log") == true)
    }
}
