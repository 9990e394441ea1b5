import DurableEngine
import Foundation
import SQLiteSupport
import Testing

/// Workers killed with SIGKILL never remove their row; a live worker sweeps rows silent for long.
@Suite struct StaleWorkerRowsTests {
    @Test func rowsOfWorkersSilentForLongAreRemovedByALiveOne() async throws {
        let path = temporaryStorePath()
        let store = try WorkflowStore(path: path, durability: .normal)
        let database = try SQLiteConnection(path: path)
        let hourAgo = Date().timeIntervalSince1970 - 3600
        for index in 0..<10 {
            try database.run("INSERT INTO workers(identity, pid, started_at, heartbeat) VALUES(?1, ?2, ?3, ?3)",
                             [.text("killed-\(index)"), .integer(999_999), .real(hourAgo)])
        }
        // One that was seen a second ago may still be alive: it stays.
        try database.run("INSERT INTO workers(identity, pid, started_at, heartbeat) VALUES('recent', 999999, ?1, ?1)",
                         [.real(Date().timeIntervalSince1970 - 1)])
        let (worker, running) = try await readyWorker(store, workflows: [TwoStep()], activities: ActivityRegistry())
        let identities = try database.query("SELECT identity FROM workers ORDER BY identity").compactMap { $0.string(0) }
        worker.shutdown()
        try await running.value
        #expect(identities == ["recent", worker.options.identity].sorted())
    }
}
