import Synchronization

/// Numbers the chunks of one streamed answer, for heartbeat details.
final class ChunkCounter: Sendable {
    private let count = Atomic<Int>(0)
    func next() -> Int { count.wrappingAdd(1, ordering: .relaxed).newValue }
}
