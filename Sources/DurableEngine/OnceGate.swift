import Foundation

/// Lets exactly one caller through; tells the others it is taken.
final class OnceGate: @unchecked Sendable {
    // @unchecked Sendable: `claimed` is guarded by `lock`.
    private let lock = NSLock()
    private var claimed = false
    func claim() -> Bool { lock.withLock { if claimed { return false }; claimed = true; return true } }
    var isClaimed: Bool { lock.withLock { claimed } }
}
