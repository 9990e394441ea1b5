import Foundation
import SQLiteSupport
import Testing
@testable import DurableEngine

/// A history written by the first schema opens under the current one with nothing lost: a
/// pending activity carried through migration 2 still runs, once, and the workflow completes.
@Suite struct MigrationTests {
    /// The first schema's `activities` table and index, taken from migration 1 itself.
    private static var firstActivitiesSchema: String {
        let first = StoreSchema.migrations[0]
        let start = first.range(of: "CREATE TABLE activities(")!.lowerBound
        let end = first.range(of: "CREATE INDEX activities_due ON activities(next_attempt_time);")!.upperBound
        return String(first[start..<end])
    }

    @Test func aPendingActivityOfAVersion1HistoryRunsAfterTheMigration() async throws {
        let path = temporaryStorePath()
        // A workflow whose first activity is scheduled but not claimed (no worker runs "add").
        do {
            let store = try WorkflowStore(path: path, durability: .normal)
            let worker = Worker(store: store, workflows: [TwoStep()], activities: ActivityRegistry(), options: fastWorkerOptions())
            try await withWorker(worker) {
                try await WorkflowClient(store: store).start(TwoStep.self, input: 1, id: "carried")
                try await waitUntil("the first activity is scheduled") {
                    try !store.describe(workflowID: "carried").pendingActivities.isEmpty
                }
            }
        }
        // Put the file back to schema 1, as an older switchboard left it.
        let raw = try SQLiteConnection(path: path)
        try raw.transaction {
            try raw.execute("ALTER TABLE activities RENAME TO activities_current; DROP INDEX activities_due;")
            try raw.execute(Self.firstActivitiesSchema)
            try raw.execute("INSERT INTO activities SELECT * FROM activities_current; DROP TABLE activities_current;")
            try raw.run("DELETE FROM schema_migrations WHERE version > 1")
        }
        #expect(try raw.query("SELECT COUNT(*) FROM activities").first?.int(0) == 1)

        let store = try WorkflowStore(path: path, durability: .normal)
        let layout = try raw.query("SELECT sql FROM sqlite_master WHERE name = 'activities'").first?.string(0) ?? ""
        #expect(layout.contains("WITHOUT ROWID"), "migration 2 rebuilt the table: \(layout)")
        #expect(try store.describe(workflowID: "carried").pendingActivities.count == 1)

        let counter = Counter()
        let worker = Worker(store: store, workflows: [TwoStep()], activities: registry(counter), options: fastWorkerOptions())
        let result = try await withWorker(worker) {
            try await WorkflowClient(store: store).result(workflowID: "carried", as: Int.self, timeout: .seconds(20))
        }
        #expect(result == 3)
        #expect(counter.value("add") == 2)
    }
}
