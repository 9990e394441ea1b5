import A2AProtocol
import AgentTesting
import Synchronization
import Testing
@testable import RoutingWorkflow

/// Discovery's card cache: fresh cards are reused, failures are never kept, and discoveries
/// that find a card stale together share one fetch.
@Suite struct AgentCardCacheTests {
    static func card(_ name: String) -> AgentCard {
        AgentCard(name: name, description: "test", supportedInterfaces: [], version: "1", capabilities: .init(), skills: [])
    }

    @Test func concurrentDiscoveriesShareOneFetch() async {
        let cache = AgentCardCache(lifetime: .seconds(60))
        let fetches = FetchCount()
        let gate = AsyncGate()
        let names = await withTaskGroup(of: String?.self) { group in
            for _ in 0..<20 {
                group.addTask {
                    await cache.card(at: "http://hr") {
                        fetches.add()
                        await gate.wait()
                        return Self.card("HR")
                    }?.name
                }
            }
            // Open only once every discovery waits on the one fetch (or found its card).
            while fetches.value == 0 { await Task.yield() }
            gate.open()
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(names == Array(repeating: "HR", count: 20))
        #expect(fetches.value == 1)
        let kept = await cache.card(at: "http://hr") { throw TestFailure("a fresh card was fetched again") }
        #expect(kept?.name == "HR")
    }

    @Test func aFailureIsNotKeptAndAStaleCardIsFetchedAgain() async {
        let cache = AgentCardCache(lifetime: .zero)
        let down = await cache.card(at: "http://faq") { throw TestFailure("down") }
        #expect(down == nil)
        let up = await cache.card(at: "http://faq") { Self.card("FAQ") }
        #expect(up?.name == "FAQ")
        let again = await cache.card(at: "http://faq") { Self.card("FAQ v2") }
        #expect(again?.name == "FAQ v2", "a card past its lifetime is fetched again")
    }
}

/// How many fetches ran.
final class FetchCount: Sendable {
    private let count = Mutex(0)
    func add() { count.withLock { $0 += 1 } }
    var value: Int { count.withLock { $0 } }
}
