import CLibEvent
import Foundation

/// Process-wide libevent setup.
enum LibEvent {
    private static let threadsEnabled: Bool = {
        // Needed before any event_base exists, so that event_active from other threads wakes a loop.
        evthread_use_pthreads() == 0
    }()

    /// Enables libevent's pthread locking once per process.
    static func enableThreads() {
        precondition(threadsEnabled, "libevent could not enable pthread support")
    }
}
