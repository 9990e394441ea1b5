import Foundation

/// Numbers the chunks of one streamed answer, for heartbeat details.
final class ChunkCounter: @unchecked Sendable {
    // @unchecked Sendable: `count` is guarded by `lock`.
    private let lock = NSLock()
    private var count = 0
    func next() -> Int { lock.withLock { count += 1; return count } }
}
