import AgentTesting
import Foundation
import Synchronization
import Testing
@testable import DurableEngine

/// Workers and clients in other processes learn of new work and of closed runs from a poke,
/// not from their next poll.
@Suite struct CrossProcessWakeupTests {
    /// Counts the watcher's calls.
    final class Calls: Sendable {
        let count = Mutex(0)
        func record() { count.withLock { $0 += 1 } }
        var value: Int { count.withLock { $0 } }
    }

    @Test func aPokeWakesTheOtherWatcherAndNotItsOwn() async throws {
        let db = temporaryStorePath()
        let poker = try CrossProcessWakeup(databasePath: db)
        let watcher = try CrossProcessWakeup(databasePath: db)
        let calls = Calls()
        try watcher.startWatching { calls.record() }
        watcher.poke()   // its own: ignored
        poker.poke()
        #expect(await eventually(timeout: .seconds(5)) { calls.value >= 1 })
        try await Task.sleep(for: .milliseconds(50))
        #expect(calls.value == 1, "woken \(calls.value) times; its own poke must not count")

        // A process that comes later is watched from its file's creation (which wakes too).
        let later = try CrossProcessWakeup(databasePath: db)
        #expect(await eventually(timeout: .seconds(5)) { calls.value >= 2 })
        let before = calls.value
        later.poke()
        #expect(await eventually(timeout: .seconds(5)) { calls.value > before })
    }

    @Test func theFilesOfDeadProcessesAreRemovedAndOwnFilesGoWithTheStore() throws {
        let db = temporaryStorePath()
        let directory = db + "-wakeup"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var dead: pid_t = 4_000_000
        while kill(dead, 0) == 0 || errno != ESRCH { dead -= 1 }
        _ = FileManager.default.createFile(atPath: "\(directory)/\(dead)-1", contents: nil)
        _ = FileManager.default.createFile(atPath: "\(directory)/\(getpid())-1", contents: nil)
        var wakeup: CrossProcessWakeup? = try CrossProcessWakeup(databasePath: db)
        var names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(!names.contains("\(dead)-1"))
        #expect(names.contains("\(getpid())-1"), "a live process's file stays")
        #expect(names.count == 2)
        withExtendedLifetime(wakeup) {}
        wakeup = nil
        names = try FileManager.default.contentsOfDirectory(atPath: directory)
        #expect(names == ["\(getpid())-1"])
    }

    /// A worker in another process that polls only every 2 s starts each run, and this process's
    /// client sees each close, in a few milliseconds. Generous bound: the median of 20 under
    /// 100 ms, where polling alone would take about a second for the start and up to 200 ms
    /// for the close.
    @Test func aWorkerInAnotherProcessStartsARunWithoutWaitingForItsPoll() async throws {
        let db = temporaryStorePath()
        let effects = (db as NSString).deletingLastPathComponent + "/effects.log"
        let client = WorkflowClient(store: try WorkflowStore(path: db, durability: .normal))
        let worker = try TestWorker.start(db: db, sideEffects: effects, pollMilliseconds: 2_000)
        try await worker.waitFor("ready")
        // The first run also waits for the worker's first poll to end; it is not counted.
        _ = try await client.start(CrashTests.TwoNoops.self, input: 0, id: "warm-up")
        _ = try await client.result(workflowID: "warm-up", as: Int.self, timeout: .seconds(30))
        var durations: [Duration] = []
        for index in 1...20 {
            let started = ContinuousClock.now
            _ = try await client.start(CrashTests.TwoNoops.self, input: index, id: "wake-\(index)")
            #expect(try await client.result(workflowID: "wake-\(index)", as: Int.self, timeout: .seconds(30)) == index)
            durations.append(ContinuousClock.now - started)
        }
        let median = durations.sorted()[durations.count / 2]
        #expect(median < .milliseconds(100), "median start to result \(median)")
        await worker.kill()
    }

    /// 10,000 runs from 4 client processes, one run after another in each, against 2 worker
    /// processes that poll only every 5 s: every run completes, and none waited for a poll.
    @Test func noWakeUpIsLostBetweenManyProcesses() async throws {
        let db = temporaryStorePath()
        _ = try WorkflowStore(path: db, durability: .normal)   // the schema, before six processes open it
        let workers = try (0..<2).map { _ in
            try TestWorker.start(db: db, sideEffects: "/dev/null", pollMilliseconds: 5_000)
        }
        for worker in workers { try await worker.waitFor("ready") }
        let clients = try (0..<4).map { try TestWorker.start(db: db, sideEffects: "/dev/null", mode: "client:c\($0):2500") }
        for client in clients {
            #expect(try await client.exitStatus(timeout: .seconds(600)) == 0, "\(client.text)")
            let slowest = client.text.split(separator: "\n").last { $0.hasPrefix("slowest ") }
                .flatMap { Int($0.split(separator: " ")[1]) }
            #expect(slowest.map { $0 < 2_000 } == true, "\(client.text.suffix(300))")
        }
        let store = try WorkflowStore(path: db)
        #expect(try WorkflowClient(store: store).list(filter: WorkflowListFilter(status: .completed), pageSize: 10_001)
            .records.count == 10_000)
        for worker in workers { await worker.kill() }
    }
}
