import DurableEngine
import Foundation
import SQLiteSupport
import Testing

/// Replay determinism, encryption at rest, and databases that are corrupt, newer or locked.
@Suite("Replay and store safety") struct StoreSafetyTests {
    struct Renamed: WorkflowDefinition {
        static let workflowType = "TwoStep"   // same type, different code: the history no longer matches
        func run(_ context: WorkflowContext, input: Int) async throws -> Int {
            try await context.executeActivity("multiply", input: input, returning: Int.self, options: fastOptions)
        }
    }

    @Test func changedCodeIsANonDeterminismErrorNamingBothSides() async throws {
        let path = temporaryStorePath()
        let client = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal))
        try await client.start(TwoStep.self, input: 1, id: "nd")
        let counter = Counter()
        // Run the first task with the original code, then replay with the changed code.
        let original = Worker(store: try WorkflowStore(path: path, durability: .normal), workflows: [TwoStep()],
                              activities: ActivityRegistry(), options: fastWorkerOptions())
        try await withWorker(original) {
            try await waitUntil("the first activity is scheduled") {
                try client.history(workflowID: "nd").contains { $0.eventType == .activityTaskScheduled }
            }
        }
        let activities = registry(counter)
        activities.register("multiply") { (value: Int, _: ActivityContext) async throws -> Int in value * 10 }
        let changed = Worker(store: try WorkflowStore(path: path, durability: .normal), workflows: [Renamed()],
                             activities: activities, options: fastWorkerOptions())
        let error = await #expect(throws: WorkflowFailed.self) {
            try await withWorker(changed) { try await client.result(workflowID: "nd", as: Int.self, timeout: .seconds(10)) }
        }
        #expect(error?.message.contains("ActivityTaskScheduled(add)") == true, "\(error?.message ?? "")")
        #expect(error?.message.contains("ActivityTaskScheduled(multiply)") == true)
    }

    @Test func encryptedPayloadsLeaveNoPlaintextInTheFile() async throws {
        let path = temporaryStorePath()
        let key = PayloadCodec(keyBytes: Array(repeating: 7, count: 32))
        let store = try WorkflowStore(path: path, durability: .normal, codec: key)
        let client = WorkflowClient(store: store)
        try await client.start(Approval.self, input: 60, id: "secret")
        try client.signal(workflowID: "secret", name: "approve", payload: "the-plaintext-marker")
        let worker = Worker(store: store, workflows: [Approval()], activities: ActivityRegistry(), options: fastWorkerOptions())
        let result = try await withWorker(worker) { try await client.result(workflowID: "secret", as: String.self, timeout: .seconds(10)) }
        #expect(result == "approve:the-plaintext-marker")
        for file in [path, path + "-wal"] where FileManager.default.fileExists(atPath: file) {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
            #expect(bytes.range(of: Data("the-plaintext-marker".utf8)) == nil, "plaintext found in \(file)")
        }
        let withoutKey = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal))
        let error = #expect(throws: EncryptedPayloadError.self) { try withoutKey.history(workflowID: "secret") }
        #expect(error?.description.contains("SWITCHBOARD_ENCRYPTION_KEY") == true)
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let path = temporaryStorePath()
        try Data(repeating: 0x42, count: 8192).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: SQLiteError.self) { try WorkflowStore(path: path) }
        #expect(error?.description.contains(path) == true)
        #expect(error?.description.contains("corrupt or is not a SQLite database") == true)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(repeating: 0x42, count: 8192), "the file was changed")
    }

    @Test func aNewerSchemaIsRefusedWithoutChanges() throws {
        let path = temporaryStorePath()
        _ = try WorkflowStore(path: path)
        let raw = try SQLiteConnection(path: path)
        try raw.run("INSERT INTO schema_migrations(version, applied_at) VALUES(99, 0)")
        let error = #expect(throws: StoreError.self) { try WorkflowStore(path: path) }
        #expect(error?.description.contains("newer switchboard") == true)
    }

    @Test func aLockedDatabaseIsAClearErrorAndLosesNothing() throws {
        let path = temporaryStorePath()
        let client = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal))
        try client.start(Approval.self, input: 60, id: "kept")
        let holder = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 100)
        try holder.execute("BEGIN IMMEDIATE")
        // A short wait for the lock: this test blocks its thread while SQLite waits.
        let blocked = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal, busyTimeout: .milliseconds(200)))
        let error = #expect(throws: SQLiteError.self) { try blocked.signal(workflowID: "kept", name: "approve") }
        #expect(error?.isBusy == true)
        #expect(error?.description.contains("locked") == true)
        try holder.execute("ROLLBACK")
        #expect(try client.describe(workflowID: "kept").record.status == .running)
    }

    @Test func oversizedPayloadsAreRefused() throws {
        let client = WorkflowClient(store: try WorkflowStore(path: temporaryStorePath(), durability: .normal))
        let error = #expect(throws: ApplicationError.self) {
            try client.start(Flaky.self, input: String(repeating: "x", count: 3 * 1024 * 1024), id: "big")
        }
        #expect(error?.type == "PayloadTooLarge")
    }
}
