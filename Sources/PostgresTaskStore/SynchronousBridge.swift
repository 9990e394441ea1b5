import AgentServer
import Dispatch
import Foundation
import PostgresNIO

/// Runs the PostgreSQL client's async work on the store's own thread and waits for it, within a
/// time limit. A server that cannot be reached is remembered: for a second the calls fail at once
/// (with the same clear error), then each first tries a connection of its own, until one succeeds.
final class SynchronousBridge: @unchecked Sendable {
    // @unchecked Sendable: `downUntil` and `problem` are only touched while holding `lock`.
    private let executor: StoreThreadExecutor
    /// Where the server is, for error messages (`host:port/database`, no credentials).
    let target: String
    private let timeout: Duration
    private let lock = NSLock()
    /// Set while the server is down: until then, calls fail at once; after it, they probe first.
    private var downUntil: ContinuousClock.Instant?
    private var problem = ""
    /// How long calls fail at once after the server could not be reached.
    private static let retryAfter = Duration.seconds(1)

    /// Connects once outside the pool: the pool retries a failing connection quietly, so its
    /// callers wait without a reason; this one's error is the reason.
    let probe: @Sendable () async throws -> Void

    init(executor: StoreThreadExecutor, target: String, timeout: Duration, probe: @escaping @Sendable () async throws -> Void) {
        self.executor = executor
        self.target = target
        self.timeout = timeout
        self.probe = probe
    }

    /// Runs `body` (doing `what`) on the store's thread and returns its result.
    /// - Throws: `TaskDatabaseError`, with `unreachable` when the server cannot be reached.
    func wait<T: Sendable>(_ what: String, _ body: @escaping @Sendable () async throws -> T) throws -> T {
        let (down, known) = lock.withLock { (downUntil, problem) }
        if let down {
            if ContinuousClock.now < down { throw unreachable(known) }
            // Down a moment ago: a connection of its own tells at once whether it is back (the
            // pool's callers would wait for the pool's next attempt).
            switch run(probe, within: .seconds(1))?.mapError(Self.unwrapped) {
            case nil: throw markDown("no answer within 1 second")
            case .failure(let error)?: throw markDown(Self.describe(error))
            case .success?: lock.withLock { downUntil = nil }
            }
        }
        guard let result = run(body, within: timeout) else {
            // Why: a connection of its own says (refused, no such database, a bad password...).
            let diagnosis = run(probe, within: .seconds(1))
            if case .failure(let error)? = diagnosis.map({ $0.mapError(Self.unwrapped) }), !Self.isConnectionProblem(error) {
                throw TaskDatabaseError(message: "tasks store (PostgreSQL at \(target)): \(Self.describe(error))")
            }
            if case .failure(let error)? = diagnosis { throw markDown(Self.describe(error)) }
            throw markDown("no answer within \(timeout)")
        }
        switch result.mapError(Self.unwrapped) {
        case .success(let value):
            lock.withLock { downUntil = nil }
            return value
        case .failure(let error as TaskDatabaseError):
            throw error
        case .failure(let error):
            if Self.isConnectionProblem(error) { throw markDown(Self.describe(error)) }
            throw TaskDatabaseError(message: "tasks store (PostgreSQL at \(target)): \(what): \(Self.describe(error))")
        }
    }

    /// Runs `body` on the store's thread; nil when it has not finished within `limit` (it is
    /// cancelled then).
    private func run<T: Sendable>(_ body: @escaping @Sendable () async throws -> T, within limit: Duration) -> Result<T, any Error>? {
        let outcome = Outcome<T>()
        let task = Task(executorPreference: executor) {
            do {
                outcome.finish(.success(try await body()))
            } catch {
                outcome.finish(.failure(error))
            }
        }
        guard let result = outcome.wait(limit) else {
            task.cancel()
            return nil
        }
        return result
    }

    /// Records that the server cannot be reached, and the error saying so.
    func markDown(_ reason: String) -> TaskDatabaseError {
        lock.withLock {
            downUntil = ContinuousClock.now + Self.retryAfter
            problem = reason
        }
        return unreachable(reason)
    }

    private func unreachable(_ reason: String) -> TaskDatabaseError {
        TaskDatabaseError(message: "PostgreSQL at \(target) cannot be reached (\(reason))", unreachable: true)
    }

    /// The error inside a failed transaction (the client wraps it).
    static func unwrapped(_ error: any Error) -> any Error {
        guard let failed = error as? PostgresTransactionError else { return error }
        return failed.closureError ?? failed.beginError ?? failed.commitError ?? failed.rollbackError ?? error
    }

    /// True for errors of the connection rather than of a statement.
    static func isConnectionProblem(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return !(error is TaskDatabaseError) }
        if error.code == .server {
            // Class 08 (connection exception) and 57P (the server shutting down or starting).
            let state = error.serverInfo?[.sqlState] ?? ""
            return state.hasPrefix("08") || state.hasPrefix("57P")
        }
        return true
    }

    /// What went wrong, in words: the server's message, or the client's error code and cause.
    /// (`PSQLError`'s own description hides both.)
    static func describe(_ error: any Error) -> String {
        guard let error = error as? PSQLError else { return "\(error)" }
        if let info = error.serverInfo, let message = info[.message] {
            return [info[.sqlState].map { "\($0): " } ?? "", message, info[.detail].map { " (\($0))" } ?? ""].joined()
        }
        return error.underlying.map { "\(error.code): \($0)" } ?? "\(error.code)"
    }
}

/// The result of one call, handed from the store's thread to the waiting caller.
private final class Outcome<T: Sendable>: @unchecked Sendable {
    // @unchecked Sendable: `result` is written once, before `done` is signalled, and read after.
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<T, any Error>?

    func finish(_ result: Result<T, any Error>) {
        self.result = result
        done.signal()
    }

    /// The result, or nil when it did not come within `timeout`.
    func wait(_ timeout: Duration) -> Result<T, any Error>? {
        let (seconds, attoseconds) = timeout.components
        let nanoseconds = Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000)
        guard done.wait(timeout: .now() + .nanoseconds(nanoseconds)) == .success else { return nil }
        return result
    }
}
