import Foundation
import Synchronization

/// A wall clock that moves only when the test moves it.
final class ManualClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_700_000_000))

    /// Reads the clock; hand it to the code under test.
    var now: @Sendable () -> Date {
        { [self] in current.withLock { $0 } }
    }

    func advance(by seconds: TimeInterval) {
        current.withLock { $0 += seconds }
    }
}
