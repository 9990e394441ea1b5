import Foundation
import Testing
@testable import DurableEngine

/// The cache evicts the run kept longest ago, and a run taken and kept again counts as new.
@Suite struct HistoryCacheTests {
    func history(_ count: Int) -> [HistoryEvent] {
        (0..<count).map { HistoryEvent(eventID: $0 + 1, eventTime: Date(timeIntervalSince1970: 0), eventType: .workflowExecutionStarted,
                                   attributes: EventAttributes()) }
    }

    @Test func theOldestRunIsEvictedFirst() {
        let cache = HistoryCache(capacity: 2)
        cache.keep(history(1), for: "a")
        cache.keep(history(2), for: "b")
        cache.keep(history(3), for: "c")
        #expect(cache.take("a") == nil)
        #expect(cache.take("b")?.count == 2)
        #expect(cache.take("c")?.count == 3)
    }

    /// The defect this replaced: a run taken and kept again left its old place in the queue,
    /// and evicting that place dropped the run's newer entry instead of the oldest run's.
    @Test func aRunKeptAgainIsNotEvictedByItsOldPlace() {
        let cache = HistoryCache(capacity: 2)
        cache.keep(history(1), for: "a")
        cache.keep(history(1), for: "b")
        _ = cache.take("a")
        cache.keep(history(2), for: "a")   // now newer than b
        cache.keep(history(1), for: "c")   // evicts b, the oldest
        #expect(cache.take("b") == nil)
        #expect(cache.take("a")?.count == 2)
        #expect(cache.take("c")?.count == 1)
    }

    @Test func keepingTheSameRunAgainReplacesIt() {
        let cache = HistoryCache(capacity: 2)
        for size in 1...100 { cache.keep(history(size), for: "a") }
        cache.keep(history(1), for: "b")
        #expect(cache.count == 2)
        #expect(cache.take("a")?.count == 100)
    }
}
