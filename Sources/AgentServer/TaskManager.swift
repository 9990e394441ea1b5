import A2AProtocol
import Foundation
import Logging
import RandomID

/// Runs A2A tasks: creates them, drives the executor, records every event, fans events out to
/// streams, and answers get/list/cancel/subscribe. A message id seen before returns (or
/// streams) the task it created instead of running the executor again.
public actor TaskManager {
    let store: TaskStore
    private let executor: any AgentExecutor
    let configuration: AgentServerConfiguration
    let logger: Logger
    private var subscribers: [String: [Int: TaskEventFeed]] = [:]
    private var nextSubscriberKey = 0
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    var runners: [String: Task<Void, Never>] = [:]
    /// Whether anybody follows each running task live (see `TaskWatchers`).
    private var watchers: [String: TaskWatchers] = [:]
    /// This replica's name and lease when the tasks database may be shared; nil in memory only.
    let replica: ReplicaLease?
    /// The number of the next event of each task this replica computes on a shared database.
    var eventSeqs: [String: Int] = [:]
    /// Events of tasks computed here not yet written for the other replicas, and the task that
    /// writes them shortly.
    var unsharedEvents: [String: [(seq: Int, event: StreamResponse)]] = [:]
    /// When each task computed here settled, while its last events wait to be written.
    var unsharedSettlements: [String: Int64] = [:]
    /// Tasks to write whole (`persist`) with the next batch.
    var unsavedTasks: [String] = []
    /// The last event of each task computed here that settled, until it is written: then its
    /// streams get it and its blocking sends return (so another replica already has the answer).
    var pendingEnds: [String: StreamResponse] = [:]
    /// Tasks with an end or a whole task queued or being written, and who waits for that.
    var unwrittenTasks: Set<String> = []
    var writtenWaiters: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// The timer that writes the events of running tasks within `followInterval`.
    var sharedWriter: Task<Void, Never>?
    /// True while a batch is being written; what is queued meanwhile goes in the next one.
    var writingShared = false
    /// When this replica last asked the store to drop the events of long-settled tasks.
    var lastEventCleanup: Int64 = 0
    /// When this replica last asked the store to delete the tasks past `finishedTaskRetention`.
    var lastTaskRemoval: Int64 = 0
    /// Messages this replica is starting a task for (a second send of one waits for the first).
    var startsUnderWay: [String: [CheckedContinuation<Void, Never>]] = [:]
    /// Renews this replica's leases and watches for cancel requests while it computes.
    var leaseKeeper: Task<Void, Never>?
    /// The followers of each task another replica computes, and what they were sent.
    var relays: [String: RemoteTaskRelay] = [:]
    /// When ListTasks last brought memory up to date with the shared database (microseconds).
    var lastSyncMicros: Int64 = 0
    /// How many times the executor was started (tests use it to prove idempotency).
    public private(set) var executions = 0

    /// - Throws: `TaskDatabaseError` when the tasks database cannot be opened.
    public init(executor: any AgentExecutor, configuration: AgentServerConfiguration = .init(),
                logger: Logger = Logger(label: "switchboard.agent.tasks")) throws {
        try self.init(executor: executor, configuration: configuration, logger: logger, now: { Date() })
    }

    /// Like the public initializer, with the clock that tasks are stamped and aged by.
    init(executor: any AgentExecutor, configuration: AgentServerConfiguration = .init(),
         logger: Logger = Logger(label: "switchboard.agent.tasks"), now: @escaping @Sendable () -> Date) throws {
        let store = try TaskStore(capacity: configuration.taskCapacity, byteBudget: configuration.maxTaskBytes,
                                  ttl: configuration.taskTTL,
                                  databasePath: configuration.tasksDatabasePath,
                                  shared: try configuration.sharedTaskStore?(), external: configuration.externalTasks,
                                  now: now)
        // Tasks the previous process left running cannot resume: record them as failed. On a
        // database other replicas may share, they may be computing them: their leases decide.
        for entry in store.unfinished where !configuration.sharesTasks {
            store.update(id: entry.task.id) {
                $0.task.status = TaskStatus(
                    state: .failed, message: Self.agentMessage("The agent restarted before this task finished.", for: $0.task),
                    timestamp: A2AJSON.timestamp())
            }
        }
        self.store = store
        replica = configuration.sharesTasks ? ReplicaLease(duration: configuration.taskLease) : nil
        self.executor = executor
        self.configuration = configuration
        self.logger = logger
    }

    // MARK: - Send

    /// Like `send`, but answers `.message` when the agent replied with a message instead of a task.
    public func respond(to request: SendMessageRequest) async throws -> SendMessageResponse {
        let task = try await send(request)
        if let reply = store.peek(id: task.id)?.reply { return .message(reply) }
        return .task(task)
    }

    /// Starts (or finds) the task for `request` and, unless `returnImmediately`, waits until it is
    /// terminal or interrupted.
    /// - Throws: `A2AError` (task not found, terminal task, bad params).
    public func send(_ request: SendMessageRequest) async throws -> A2ATask {
        let id = try await start(request)
        if request.configuration?.returnImmediately != true {
            await waitUntilSettled(id)
        }
        guard let entry = await peekOrLoad(id) else { throw A2AError.taskNotFound(id) }
        return entry.task.trimmingHistory(to: request.configuration?.historyLength)
    }

    /// Starts (or joins) the task for `request` and streams its events: first the task, then
    /// status and artifact updates, ending at a terminal or interrupted state. A repeated
    /// message id replays the events so far, then follows live.
    public func stream(_ request: SendMessageRequest) async throws -> TaskEventFeed {
        let id = try await start(request, streaming: true)
        return await replayingStream(id)
    }

    // MARK: - Queries

    /// The task `id`, with at most `historyLength` history messages.
    public func task(id: String, historyLength: Int? = nil) async throws -> A2ATask {
        if let historyLength, historyLength < 0 {
            throw A2AError.invalidParams(field: "historyLength", "must not be negative")
        }
        return try await snapshot(id, historyLength: historyLength)
    }

    /// Cancels a task that is not yet terminal.
    /// - Throws: -32001 for an unknown task, -32002 for a terminal one.
    /// On a shared database, a task another replica computes is canceled by it (this waits up to
    /// the lease for that), or here when its owner is gone.
    public func cancel(id: String) async throws -> A2ATask {
        guard let entry = await currentEntry(id, orphaning: false) else { throw A2AError.taskNotFound(id) }
        let state = entry.task.status.state
        guard !state.isTerminal else { throw A2AError.taskNotCancelable(id, state: state) }
        if isComputedElsewhere(id, entry) { return try await cancelElsewhere(entry) }
        return try await cancelHere(id, entry)
    }

    /// Cancels a task this replica holds (and computes, if it does); on a shared store, answers
    /// once the cancel is written there.
    func cancelHere(_ id: String, _ entry: TaskEntry) async throws -> A2ATask {
        configuration.externalTasks?.cancel(id: id)
        runners.removeValue(forKey: id)?.cancel()
        if store.state(id: id) == nil {
            // An external task this server does not hold: its source canceled it.
            var task = entry.task
            task.status = TaskStatus(state: .canceled, timestamp: A2AJSON.timestamp())
            return task
        }
        emit(id, .statusUpdate(TaskStatusUpdateEvent(
            taskId: id, contextId: entry.task.contextId,
            status: TaskStatus(state: .canceled, timestamp: A2AJSON.timestamp()))))
        await waitUntilWritten(id)
        return try await snapshot(id, historyLength: nil)
    }

    /// Streams a task that is not terminal: its current snapshot first, then live events until
    /// the task ends or stops for input.
    /// - Throws: -32001 for an unknown task, -32004 for a terminal one.
    public func subscribe(id: String) async throws -> TaskEventFeed {
        guard let entry = await currentEntry(id) else { throw A2AError.taskNotFound(id) }
        let state = entry.task.status.state
        guard !state.isTerminal else {
            throw A2AError.unsupportedOperation("Task \(id) is in terminal state: \(state.rawValue)")
        }
        let feed = TaskEventFeed()
        if isComputedElsewhere(id, entry) {
            Task { await self.follow(id, feed: feed, resumable: false) }
            return feed
        }
        followExternally(id, entry)
        feed.yield(.task(store.peek(id: id)?.task ?? entry.task))
        // Also for an interrupted task: the stream follows the turn a follow-up message starts.
        addSubscriber(id, feed)
        return feed
    }

    /// One page of tasks, newest first.
    public func list(_ request: ListTasksRequest) async throws -> ListTasksResponse {
        let pageSize = request.pageSize ?? configuration.defaultPageSize
        guard (1...configuration.maxPageSize).contains(pageSize) else {
            throw A2AError.invalidParams(field: "pageSize", "must be between 1 and \(configuration.maxPageSize)")
        }
        if let historyLength = request.historyLength, historyLength < 0 {
            throw A2AError.invalidParams(field: "historyLength", "must not be negative")
        }
        var cursor: PageCursor?
        if let token = request.pageToken, !token.isEmpty {
            guard let parsed = PageCursor(token: token) else {
                throw A2AError.invalidParams(field: "pageToken", "is not a token this server issued")
            }
            cursor = parsed
        }
        try await syncWithSharedDatabase()
        // One more than the page tells whether there is a next one.
        let (matching, total) = store.page(where: TaskFilter(request), before: cursor, limit: pageSize + 1)
        let page = matching.prefix(pageSize)
        let next = matching.count > pageSize ? page.last.map { PageCursor(micros: $0.createdMicros, id: $0.task.id).token } : nil
        let tasks = page.map { entry -> A2ATask in
            var task = entry.task.trimmingHistory(to: request.historyLength)
            if request.includeArtifacts != true { task.artifacts = nil }
            return task
        }
        return ListTasksResponse(tasks: tasks, nextPageToken: next ?? "", pageSize: pageSize, totalSize: total)
    }

    /// Tasks in memory now.
    public var taskCount: Int { store.count }

    /// Streams following task `id` live now (tests wait for a stream to join before the task
    /// may finish).
    func liveStreamCount(_ id: String) -> Int { subscribers[id]?.count ?? 0 }

    // MARK: - Running

    /// Returns the id of the task `request` belongs to, starting the executor when needed.
    /// `streaming`: the sender follows the task's events (see `TaskWatchers`).
    private func start(_ request: SendMessageRequest, streaming: Bool = false) async throws -> String {
        var message = request.message
        // While the shared store is asked about a message, a second send of it here waits, then
        // finds what the first one recorded.
        if replica != nil {
            while startsUnderWay[message.messageId] != nil {
                await withCheckedContinuation { startsUnderWay[message.messageId, default: []].append($0) }
            }
            startsUnderWay[message.messageId] = []
        }
        defer {
            if replica != nil {
                for waiting in startsUnderWay.removeValue(forKey: message.messageId) ?? [] { waiting.resume() }
            }
        }
        // A message seen before is a retry: answer with the task it started. It is a retry when
        // the id AND the parts match the task's latest user turn (of the task the message names,
        // if it names one) and the task was not canceled;
        // a client that reuses an id for other content or after the conversation moved on (as
        // the A2A TCK does) gets its message processed.
        // On a shared store, the claim of a new message tells whether another replica has it.
        let seen = await entry(messageId: message.messageId, askingDatabase: message.taskId != nil)
        if let existing = seen, Self.isRetry(message, of: existing) {
            if replica != nil { await resumeIfAbandoned(existing) } else { followExternally(existing.task.id, existing) }
            return existing.task.id
        }
        if let taskId = message.taskId {
            guard let entry = await currentEntry(taskId) else { throw A2AError.taskNotFound(taskId) }
            if let contextId = message.contextId, contextId != entry.task.contextId {
                throw A2AError.invalidParams(
                    field: "message.contextId", "'\(contextId)' does not match the context of task \(taskId)")
            }
            let state = entry.task.status.state
            if state.isTerminal {
                throw A2AError.unsupportedOperation("Task \(taskId) is in terminal state: \(state.rawValue)")
            }
            if runners[taskId] != nil {
                throw A2AError.unsupportedOperation("Task \(taskId) is still working; wait for it or cancel it")
            }
            message.contextId = entry.task.contextId
            let prior = entry.task.history ?? []
            var continued = entry
            continued.task.history = prior + [message]
            continued.task.status = TaskStatus(state: .submitted, timestamp: A2AJSON.timestamp())
            continued.messageIds.append(message.messageId)
            continued.events = [.task(continued.task)]
            if replica != nil {
                try await claimFollowUp(continued, messageId: message.messageId)
                // Another send may have started a turn of the task here meanwhile.
                if runners[taskId] != nil {
                    throw A2AError.unsupportedOperation("Task \(taskId) is still working; wait for it or cancel it")
                }
            }
            store.update(id: taskId) {
                $0.task.history = continued.task.history
                $0.task.status = continued.task.status
                $0.messageIds = continued.messageIds
                $0.events = continued.events
            }
            if replica == nil { persist(taskId) }
            run(taskId, message: message, history: prior, watched: streaming)
            return taskId
        }
        let proposed = configuration.externalTasks?.newTaskID(for: message)
        let id = proposed.flatMap { store.peek(id: $0) == nil ? $0 : nil } ?? RandomID.uuid()
        message.taskId = id
        message.contextId = message.contextId ?? RandomID.uuid()
        let task = A2ATask(id: id, contextId: message.contextId!, status: TaskStatus(state: .submitted),
                           history: [message])
        let now = store.now()
        let entry = TaskEntry(task: task, messageIds: [message.messageId], createdAt: now, updatedAt: now, events: [.task(task)])
        if let existing = try await claimOnSharedDatabase(entry, message: request.message, unlessTask: seen?.task.id) {
            return existing
        }
        store.insert(entry)
        if replica == nil { persist(id) }
        run(id, message: message, history: [], watched: streaming)
        return id
    }

    /// True when `message` repeats the latest user turn of `existing` (same id, same parts, the
    /// same task if it names one) and that task was not canceled.
    static func isRetry(_ message: Message, of existing: TaskEntry) -> Bool {
        guard message.taskId == nil || message.taskId == existing.task.id, existing.task.status.state != .canceled,
              let latest = existing.task.history?.last(where: { $0.role == .user }) else { return false }
        return latest.messageId == message.messageId && latest.parts == message.parts
    }

    /// Drives task `id` from its external source's live events when it runs (or waits)
    /// somewhere this server's executor does not drive it (another process, or this one before
    /// it restarted), so that subscribers and waiting sends follow it as they follow a task
    /// running here. The task is held from its source's state, and the follower's events
    /// (progress, the answer from its start, the end) are recorded as the executor's are.
    private func followExternally(_ id: String, _ entry: TaskEntry) {
        let state = entry.task.status.state
        guard replica == nil, runners[id] == nil, !state.isTerminal, !state.isInterrupted,
              let source = configuration.externalTasks, let events = source.follow(id: id)
        else { return }
        var held = entry
        held.task.artifacts = nil  // the follower streams the answer from its start
        held.events = [.task(held.task)]
        store.insert(held)
        runners[id] = Task.detached { [self] in
            await self.consume(id, events, emptyAnswerChunk: false)
        }
    }

    func run(_ id: String, message: Message, history: [Message], watched: Bool = false) {
        executions += 1
        keepLeasesWhileComputing()
        // On a shared store, replicas follow the task through the store: always watched.
        let watchers = TaskWatchers(watched: watched || replica != nil || subscribers[id]?.isEmpty == false)
        self.watchers[id] = watchers
        let context = AgentExecutionContext(taskId: id, contextId: message.contextId ?? "", message: message,
                                            history: history, watchers: watchers)
        let executor = self.executor
        let question = message.text
        // Detached: the executor's synchronous setup (retrieval, prompt rendering) runs off the
        // actor, and the task does not first queue on the actor only to leave it again.
        runners[id] = Task.detached { [self] in
            await self.drive(id, executor: executor, question: question, context: context)
        }
    }

    /// Starts the executor off the actor, then feeds its output into the task on the actor:
    /// output that is already there (a local answer) is recorded in one actor turn instead of
    /// one hop per event; the actor is free while the executor is slow to produce more.
    private nonisolated func drive(_ id: String, executor: any AgentExecutor, question: String,
                                   context: AgentExecutionContext) async {
        if let rich = executor as? any AgentTaskExecutor {
            await consume(id, rich.run(question, context: context), emptyAnswerChunk: false)
        } else if let deltas = executor.immediateAnswer(question, context: context) {
            await consume(id, ImmediateEvents(deltas.map { .text($0) }), emptyAnswerChunk: true)
        } else {
            await consume(id, executor.answer(question, context: context).map { AgentTaskEvent.text($0) },
                          emptyAnswerChunk: true)
        }
    }

    /// Records the executor's events; text deltas become the chunks of one answer artifact.
    /// With `emptyAnswerChunk`, an answer without any text still gets one (empty) chunk.
    private func consume<Events: AsyncSequence>(_ id: String, _ events: Events, emptyAnswerChunk: Bool) async
        where Events.Element == AgentTaskEvent
    {
        setStatus(id, .working)
        var chunks = TextChunker(artifactId: RandomID.uuid())
        do {
            for try await event in events {
                try Task.checkCancellation()
                switch event {
                case .text(let delta):
                    chunks.add(delta) { appendChunk(id, $0) }
                case .artifact(let artifact, let append, let lastChunk):
                    chunks.flush { appendChunk(id, $0) }
                    addArtifact(id, artifact, append: append, lastChunk: lastChunk)
                case .reply(let text):
                    chunks.flush { appendChunk(id, $0) }
                    reply(id, text)
                    return
                case .finish(let state, let message):
                    chunks.flush { appendChunk(id, $0) }
                    finish(id, state, message: message)
                    if state.isTerminal || state.isInterrupted { return }
                }
            }
            try Task.checkCancellation()
            if emptyAnswerChunk, !chunks.sawText { chunks.add("") { appendChunk(id, $0) } }
            chunks.flush { appendChunk(id, $0) }
            setStatus(id, .completed)
        } catch {
            fail(id, error)
        }
    }

    private func finish(_ id: String, _ state: TaskState, message: String?) {
        guard let entry = store.entry(id: id) else { return }
        setStatus(id, state, message: message.map { Self.agentMessage($0, for: entry.task) })
    }

    /// Ends the run with a direct message: streams get it as their last event, a blocking send
    /// returns it; the task records it as its completed status message (without a task id: a
    /// stored task's reply is recognised by that, `TaskEntry.storedReply(of:)`).
    private func reply(_ id: String, _ text: String) {
        guard let entry = store.entry(id: id), !entry.task.status.state.isTerminal else { return }
        let message = Message(messageId: RandomID.uuid(), role: .agent, parts: [.text(text)],
                              contextId: entry.task.contextId)
        emit(id, .message(message))
        store.update(id: id) {
            $0.reply = message
            $0.task.status = TaskStatus(state: .completed, message: message, timestamp: A2AJSON.timestamp())
        }
        persist(id)
    }

    private func addArtifact(_ id: String, _ artifact: Artifact, append: Bool, lastChunk: Bool) {
        guard let contextId = store.contextId(id: id) else { return }
        emit(id, .artifactUpdate(TaskArtifactUpdateEvent(
            taskId: id, contextId: contextId, artifact: artifact,
            append: append ? true : nil, lastChunk: lastChunk ? true : nil)))
    }

    private func setStatus(_ id: String, _ state: TaskState, message: Message? = nil) {
        guard let contextId = store.contextId(id: id) else { return }
        emit(id, .statusUpdate(TaskStatusUpdateEvent(
            taskId: id, contextId: contextId,
            status: TaskStatus(state: state, message: message, timestamp: A2AJSON.timestamp()))))
    }

    private func fail(_ id: String, _ error: any Error) {
        guard let entry = store.entry(id: id), !entry.task.status.state.isTerminal else { return }
        logger.warning("task failed", metadata: ["task": "\(id)", "error": "\(type(of: error))"])
        let text = "The agent could not answer: \(error)"
        setStatus(id, .failed, message: Self.agentMessage(text, for: entry.task))
    }

    private func appendChunk(_ id: String, _ chunk: TextChunker.Chunk) {
        guard let contextId = store.contextId(id: id) else { return }
        emit(id, .artifactUpdate(TaskArtifactUpdateEvent(
            taskId: id, contextId: contextId,
            artifact: Artifact(artifactId: chunk.artifactId, name: "answer", parts: [.text(chunk.text)]),
            append: chunk.first ? nil : true, lastChunk: chunk.last ? true : nil)))
    }

    /// Applies an event to the task, records it and fans it out. Events for a task that is
    /// already terminal (a late chunk after a cancel) are dropped.
    func emit(_ id: String, _ event: StreamResponse) {
        guard let state = store.state(id: id), !state.isTerminal else { return }
        store.update(id: id) { entry in
            switch event {
            case .statusUpdate(let update):
                entry.task.status = update.status
            case .artifactUpdate(let update):
                Self.merge(update, into: &entry.task)
            case .task(let task):
                entry.task = task
            case .message:
                break
            }
            // The events are kept so that a resend joining a live task can replay them. A finished
            // task answers a resend with itself, as after a restart, so they go: for a streamed
            // answer they were most of the task's memory.
            if entry.task.status.state.isTerminal {
                entry.events = []
            } else {
                entry.events.append(event)
            }
        }
        let shared = replica != nil && eventSeqs[id] != nil
        if shared {
            share(id, event)
            // Streams and waiting sends get the end once it is written (`writeShared`).
            if event.endsStream {
                pendingEnds[id] = event
                unwrittenTasks.insert(id)
                return
            }
        }
        fanOut(id, event, shared: shared)
    }

    /// Hands event `event` of task `id` to its streams; at its end, also releases its waiting
    /// sends and writes the task (`shared`: its events were written with it).
    func fanOut(_ id: String, _ event: StreamResponse, shared: Bool) {
        for feed in subscribers[id]?.values ?? [:].values {
            feed.yield(event)
        }
        if event.endsStream {
            for feed in subscribers.removeValue(forKey: id)?.values ?? [:].values {
                feed.finish()
            }
            for waiter in waiters.removeValue(forKey: id) ?? [] {
                waiter.resume()
            }
            runners.removeValue(forKey: id)
            watchers.removeValue(forKey: id)
            if !shared { persist(id) }  // else `share` wrote it with its last event
        }
    }

    /// Applies an artifact update to the task's artifacts, in place (`take()` moves the array
    /// out, so changing it copies nothing).
    private static func merge(_ update: TaskArtifactUpdateEvent, into task: inout A2ATask) {
        var artifacts = task.artifacts.take() ?? []
        defer { task.artifacts = artifacts }
        guard let index = artifacts.firstIndex(where: { $0.artifactId == update.artifact.artifactId }) else {
            artifacts.append(update.artifact)
            return
        }
        guard update.append == true else {
            artifacts[index] = update.artifact
            return
        }
        for part in update.artifact.parts {
            if let text = part.text, let lastText = artifacts[index].parts.last?.text {
                artifacts[index].parts[artifacts[index].parts.count - 1] = .text(lastText + text)
            } else {
                artifacts[index].parts.append(part)
            }
        }
    }

    func waitUntilSettled(_ id: String) async {
        guard runners[id] != nil else {
            if replica != nil, let entry = await currentEntry(id, orphaning: false), isComputedElsewhere(id, entry) {
                await follow(id, feed: nil, resumable: true)
            }
            return
        }
        await withCheckedContinuation { continuation in
            waiters[id, default: []].append(continuation)
        }
    }

    private func replayingStream(_ id: String) async -> TaskEventFeed {
        let feed = TaskEventFeed()
        if replica != nil, let entry = await currentEntry(id, orphaning: false), isComputedElsewhere(id, entry) {
            Task { await self.follow(id, feed: feed, resumable: true) }
            return feed
        }
        guard let entry = store.entry(id: id) else {
            feed.finish()
            return feed
        }
        let events = entry.events.isEmpty ? [StreamResponse.task(entry.task)] : entry.events
        for event in events { feed.yield(event) }
        if runners[id] == nil {
            feed.finish()
        } else {
            addSubscriber(id, feed)
        }
        return feed
    }

    func addSubscriber(_ id: String, _ feed: TaskEventFeed) {
        watchers[id]?.markWatched()
        nextSubscriberKey += 1
        let key = nextSubscriberKey
        subscribers[id, default: [:]][key] = feed
        feed.whenCancelled { [weak self] in
            guard let self else { return }
            Task { await self.removeSubscriber(id, key) }
        }
    }

    private func removeSubscriber(_ id: String, _ key: Int) {
        subscribers[id]?.removeValue(forKey: key)
        if subscribers[id]?.isEmpty == true { subscribers.removeValue(forKey: id) }
    }

    private func snapshot(_ id: String, historyLength: Int?) async throws -> A2ATask {
        guard let entry = await currentEntry(id) else {
            // Not found, or the shared store could not say: the client should know which.
            if let database = store.database {
                do { _ = try await database.load(id: id) } catch { throw Self.storeError(error) }
            }
            throw A2AError.taskNotFound(id)
        }
        return entry.task.trimmingHistory(to: historyLength)
    }

    /// Writes task `id` whole to the shared store, if there is one, with the next batch.
    func persist(_ id: String) {
        guard store.database != nil else { return }
        unsavedTasks.append(id)
        unwrittenTasks.insert(id)
        writeSharedSoon(now: true)
    }

    /// An agent message with `text`, in `task` and its context, for a status.
    public static func agentMessage(_ text: String, for task: A2ATask) -> Message {
        Message(messageId: RandomID.uuid(), role: .agent, parts: [.text(text)],
                contextId: task.contextId, taskId: task.id)
    }
}
