/// Events that are all there already, as an `AsyncSequence` of a concrete type, so that the
/// task manager's consuming loop is specialized for it (see `AgentExecutor.immediateAnswer`).
struct ImmediateEvents: AsyncSequence, AsyncIteratorProtocol {
    private var events: IndexingIterator<[AgentTaskEvent]>

    init(_ events: [AgentTaskEvent]) { self.events = events.makeIterator() }

    mutating func next() async -> AgentTaskEvent? { events.next() }

    func makeAsyncIterator() -> ImmediateEvents { self }
}
