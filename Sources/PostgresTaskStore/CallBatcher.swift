import AgentServer
import Synchronization

/// Gathers calls of one kind made while earlier ones are under way into one call of the server
/// (one round trip, one transaction): a call made when fewer than `width` batches are under way
/// goes at once, alone; the calls made meanwhile go together when one of them ends. Under load
/// the round trips and transactions per call fall; a lone call waits for nothing.
final class CallBatcher<Item: Sendable, Answer: Sendable>: Sendable {
    typealias Send = @Sendable ([Item]) async throws -> [Answer]
    private let send: Send
    private let width: Int
    private let state = Mutex<(running: Int, queued: [(Item, CheckedContinuation<Answer, any Error>)])>((0, []))

    /// - Parameter send: makes the call for a batch; its answers are in the order of its items.
    init(width: Int, send: @escaping Send) {
        self.width = max(1, width)
        self.send = send
    }

    /// The answer to `item`, from the batch it went in.
    nonisolated(nonsending) func submit(_ item: Item) async throws -> Answer {
        // Nothing waiting and room for a batch: this call goes alone, from here (no task of its own).
        let alone = state.withLock { state in
            guard state.running < width, state.queued.isEmpty else { return false }
            state.running += 1
            return true
        }
        if alone {
            defer { sendQueuedOrStop() }
            let answers = try await send([item])
            guard let answer = answers.first, answers.count == 1 else {
                throw TaskDatabaseError(message: "tasks store (PostgreSQL): \(answers.count) answers to 1 call")
            }
            return answer
        }
        return try await withCheckedThrowingContinuation { continuation in
            let batch = state.withLock { state -> [(Item, CheckedContinuation<Answer, any Error>)]? in
                state.queued.append((item, continuation))
                guard state.running < width else { return nil }
                state.running += 1
                defer { state.queued = [] }
                return state.queued
            }
            if let batch { Task { await self.run(batch) } }
        }
    }

    /// After a lone call: sends what was queued meanwhile, or frees its place.
    private func sendQueuedOrStop() {
        let queued = state.withLock { state -> [(Item, CheckedContinuation<Answer, any Error>)]? in
            guard !state.queued.isEmpty else {
                state.running -= 1
                return nil
            }
            defer { state.queued = [] }
            return state.queued
        }
        if let queued { Task { await self.run(queued) } }
    }

    /// Sends `batch`, then every batch queued meanwhile, until the queue is empty.
    private func run(_ first: [(Item, CheckedContinuation<Answer, any Error>)]) async {
        var batch = first
        while !batch.isEmpty {
            do {
                let answers = try await send(batch.map(\.0))
                guard answers.count == batch.count else {
                    throw TaskDatabaseError(message: "tasks store (PostgreSQL): \(answers.count) answers to \(batch.count) calls")
                }
                for ((_, waiting), answer) in zip(batch, answers) { waiting.resume(returning: answer) }
            } catch {
                for (_, waiting) in batch { waiting.resume(throwing: error) }
            }
            batch = state.withLock { state in
                defer { state.queued = [] }
                if state.queued.isEmpty { state.running -= 1 }
                return state.queued
            }
        }
    }
}
