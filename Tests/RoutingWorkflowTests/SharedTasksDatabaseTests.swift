import AgentTesting
import Foundation
import Testing

/// Replicas of one agent on one `--tasks-db` file, started all at once as a Procfile or a
/// service manager would: every one comes up (no "database is locked" at start).
@Suite struct SharedTasksDatabaseTests {
    @Test func threeReplicasStartedTogetherOnOneFileAllComeUp() async throws {
        let file = try temporaryDirectory().appendingPathComponent("tasks.db").path
        for round in 0..<5 {
            let replicas = try (0..<3).map { index in
                try Switchboard.launch("replica \(round).\(index)", ["agent", "hr", "--port", "0", "--tasks-db", file])
            }
            for replica in replicas {
                try await replica.waitFor("listening on", timeout: .seconds(30))
                #expect(replica.isRunning && replica.text.contains("listening on"), "\(replica.text)")
            }
            for replica in replicas { await replica.kill() }
        }
    }
}
