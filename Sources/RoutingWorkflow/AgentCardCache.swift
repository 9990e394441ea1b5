import A2AProtocol
import Synchronization

/// Agent cards fetched lately, by base URL: discovery reuses a card fetched less than
/// `lifetime` ago instead of asking the agent again for every routed question. Only cards are
/// kept, never a failure, so an agent that comes up is seen by the next discovery; one that
/// goes down is seen within `lifetime`, and a call to it fails and retries as before.
///
/// Discoveries that find the card stale at the same moment share one fetch, so a busy router
/// asks each agent about once per `lifetime`, not once per question in flight.
final class AgentCardCache: Sendable {
    private struct Entry {
        var card: AgentCard?
        var fetched: ContinuousClock.Instant
        var fetching: Task<AgentCard?, Never>?
    }

    private let entries = Mutex<[String: Entry]>([:])
    let lifetime: Duration

    init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The card at `url`: the kept one while it is fresh, else what `fetch` gives (kept when it
    /// is a card), or what a fetch already under way gives; nil when the fetch failed.
    func card(at url: String, fetch: @escaping @Sendable () async throws -> AgentCard) async -> AgentCard? {
        let now = ContinuousClock.now
        let lifetime = lifetime
        let (fresh, fetching) = entries.withLock { state -> (AgentCard?, Task<AgentCard?, Never>?) in
            if let entry = state[url], let card = entry.card, entry.fetched.duration(to: now) < lifetime { return (card, nil) }
            if let running = state[url]?.fetching { return (nil, running) }
            let task = Task<AgentCard?, Never> { [self] in
                let card = try? await fetch()
                entries.withLock { $0[url] = Entry(card: card, fetched: now, fetching: nil) }
                return card
            }
            state[url, default: Entry(card: nil, fetched: now)].fetching = task
            return (nil, task)
        }
        if let fresh { return fresh }
        return await fetching?.value
    }
}
