import A2AProtocol
import Synchronization

/// Agent cards fetched lately, by base URL: discovery reuses a card fetched less than
/// `lifetime` ago instead of asking the agent again for every routed question. Only cards are
/// kept, never a failure, so an agent that comes up is seen by the next discovery; one that
/// goes down is seen within `lifetime`, and a call to it fails and retries as before.
final class AgentCardCache: Sendable {
    private let cards = Mutex<[String: (card: AgentCard, fetched: ContinuousClock.Instant)]>([:])
    let lifetime: Duration

    init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The card at `url`: the kept one while it is fresh, else what `fetch` gives (kept when it
    /// is a card); nil when the fetch failed.
    func card(at url: String, fetch: @Sendable () async throws -> AgentCard) async -> AgentCard? {
        let now = ContinuousClock.now
        if let kept = cards.withLock({ $0[url] }), kept.fetched.duration(to: now) < lifetime {
            return kept.card
        }
        do {
            let card = try await fetch()
            cards.withLock { $0[url] = (card, now) }
            return card
        } catch {
            cards.withLock { $0[url] = nil }
            return nil
        }
    }
}
