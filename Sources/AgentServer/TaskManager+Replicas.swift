import A2AProtocol
import Foundation

// Replicas of one agent on one tasks database: a message is computed by the replica whose claim
// won, the others follow its events from the file; leases hand abandoned tasks on; cancel
// requests reach the computing replica through the file. Without a database none of this runs.
extension TaskManager {
    /// How often a replica looks at the file for another replica's events and cancel requests.
    static let followInterval = Duration.milliseconds(25)

    /// The entry for `id`, read again from the shared database when another replica may have
    /// changed it (it is not settled and not computed here). With `orphaning`, a task whose
    /// computing replica's lease expired is recorded as failed, so pollers see an end.
    func currentEntry(_ id: String, orphaning: Bool = true) async -> TaskEntry? {
        let cached = store.entry(id: id)
        guard replica != nil, let database = store.database, runners[id] == nil else { return cached }
        if let cached, cached.task.status.state.isTerminal { return cached }  // an interrupted task may be continued elsewhere
        guard var loaded = (try? await database.load(id: id)) ?? nil else { return cached }
        // Computed here since the read began: memory is newer than what was read.
        if runners[id] != nil { return store.entry(id: id) }
        loaded.messageIds = cached?.messageIds ?? []
        if orphaning, !Self.isSettled(loaded), await isAbandoned(id) {
            let now = store.now()
            loaded.task.status = TaskStatus(
                state: .failed,
                message: Self.agentMessage("The replica computing this task stopped before it finished (its lease expired). "
                                           + "Send the message again to compute it anew.", for: loaded.task),
                timestamp: A2AJSON.timestamp())
            loaded.updatedAt = now
            if (try? await database.settleAbandoned(loaded, now: TaskEntry.micros(now))) != true,
               let again = (try? await database.load(id: id)) ?? nil {
                loaded = again
                loaded.messageIds = cached?.messageIds ?? []
            }
        }
        if runners[id] != nil { return store.entry(id: id) }
        store.insert(loaded)
        return loaded
    }

    /// The entry for `id` from memory (or the external source), else read from the shared store.
    func peekOrLoad(_ id: String) async -> TaskEntry? {
        if let entry = store.peek(id: id) { return entry }
        return await entry(id: id)
    }

    /// The entry for `id`: from memory (nil once its TTL has passed), else from the shared
    /// store, else from the external source.
    func entry(id: String) async -> TaskEntry? {
        if store.holds(id: id) { return store.entry(id: id) }
        if let database = store.database, let loaded = (try? await database.load(id: id)) ?? nil {
            if store.holds(id: id) { return store.entry(id: id) }  // read meanwhile by another call
            store.insert(loaded)
            return loaded
        }
        return store.entry(externalId: id)
    }

    /// The task message `messageId` created or continued: from memory, else (with
    /// `askingDatabase`) the shared store, else the external source. Without `askingDatabase`,
    /// the store is not read (a replica's claim of a new message answers the same question in
    /// the same round trip).
    func entry(messageId: String, askingDatabase: Bool) async -> TaskEntry? {
        if let id = store.taskId(forMessageId: messageId), let entry = await entry(id: id) { return entry }
        var stored: String?
        if askingDatabase, let database = store.database { stored = (try? await database.taskId(forMessageId: messageId)) ?? nil }
        guard let id = stored ?? store.external?.taskID(forMessageID: messageId) else { return nil }
        return await entry(id: id)
    }

    /// True when task `id` (as `entry` stands) runs on another replica of a shared database.
    func isComputedElsewhere(_ id: String, _ entry: TaskEntry) -> Bool {
        replica != nil && store.database != nil && runners[id] == nil && !Self.isSettled(entry)
    }

    /// Records a new task for `message` on the shared database, unless another replica did
    /// first (then its task is the answer; `unlessTask` is a task that message had before,
    /// which this one replaces). A task the message id has whose latest turn is other content
    /// (a reused id) is replaced the same way.
    /// - Returns: nil when this replica computes `entry`; else the id of the task to join.
    func claimOnSharedDatabase(_ entry: TaskEntry, message: Message, unlessTask: String?) async throws -> String? {
        guard let replica, let database = store.database else { return nil }
        var replacing = unlessTask
        while true {
            let now = TaskEntry.micros(store.now())
            let existing: String?
            do {
                existing = try await database.claimNew(entry, messageId: message.messageId, unlessTask: replacing,
                                                       owner: replica.owner, leaseUntil: replica.until(now))
            } catch {
                throw Self.storeError(error)
            }
            guard let existing else { break }
            let found = await self.entry(id: existing)
            if replacing == nil, let found, !Self.isRetry(message, of: found) {
                replacing = existing
                continue
            }
            if let found { await resumeIfAbandoned(found) }
            return existing
        }
        eventSeqs[entry.task.id] = 1
        return nil
    }

    /// Claims task `entry`, continued by a follow-up message (`messageId`), for this replica.
    /// - Throws: `A2AError` when another replica still computes its previous turn, or the file
    ///   cannot be written.
    func claimFollowUp(_ entry: TaskEntry, messageId: String) async throws {
        guard let replica, let database = store.database else { return }
        let now = TaskEntry.micros(store.now())
        let claimed: Bool
        do {
            claimed = try await database.claimFollowUp(entry, messageId: messageId, owner: replica.owner,
                                                       leaseUntil: replica.until(now))
        } catch {
            throw Self.storeError(error)
        }
        guard claimed else {
            throw A2AError.unsupportedOperation("Task \(entry.task.id) is still working on another replica; wait for it or cancel it")
        }
        eventSeqs[entry.task.id] = 1
    }

    /// Computes task `existing` here again when the replica that computed it is gone (its lease
    /// expired): a resend reached this replica. Recomputing the answer once is the price of the crash.
    @discardableResult
    func resumeIfAbandoned(_ existing: TaskEntry) async -> Bool {
        let id = existing.task.id
        guard let replica, let database = store.database, runners[id] == nil, await isAbandoned(id),
              let history = existing.task.history, let turn = history.lastIndex(where: { $0.role == .user })
        else { return false }
        var entry = existing
        entry.task.status = TaskStatus(state: .submitted, timestamp: A2AJSON.timestamp())
        entry.task.artifacts = nil
        entry.reply = nil
        entry.events = [.task(entry.task)]
        entry.updatedAt = store.now()
        let now = TaskEntry.micros(store.now())
        do {
            guard try await database.takeOver(entry, owner: replica.owner, now: now, leaseUntil: replica.until(now)) else {
                return false
            }
        } catch {
            logger.error("cannot take over task", metadata: ["task": "\(id)", "error": "\("\(error)".logSafe)"])
            return false
        }
        guard runners[id] == nil else { return false }  // taken over here by another call meanwhile
        logger.info("took over a task whose replica stopped", metadata: ["task": "\(id)"])
        store.insert(entry)
        eventSeqs[id] = 1
        run(id, message: history[turn], history: Array(history[..<turn]))
        return true
    }

    /// Queues an event of a task computed here for the other replicas' streams. The last event
    /// is written at once, with the task and its claim settled; the events before it are written
    /// within `followInterval` (with the task when its status changed). A batch written while
    /// another is under way waits for it and takes everything queued meanwhile, of every task.
    func share(_ id: String, _ event: StreamResponse) {
        guard let seq = eventSeqs[id] else { return }
        let settled = event.endsStream
        eventSeqs[id] = settled ? nil : seq + 1
        unsharedEvents[id, default: []].append((seq, event))
        if settled { unsharedSettlements[id] = TaskEntry.micros(store.now()) }
        writeSharedSoon(now: settled || unsharedEvents[id, default: []].count >= 64)
    }

    /// Starts writing the queued events and tasks: `now`, or within `followInterval`.
    func writeSharedSoon(now: Bool) {
        guard !writingShared else { return }  // the batch under way writes the queue again when it ends
        if now {
            sharedWriter?.cancel()
            sharedWriter = nil
            writingShared = true
            Task { await self.writeShared() }
        } else if sharedWriter == nil {
            sharedWriter = Task { [weak self] in
                try? await Task.sleep(for: Self.followInterval)
                guard !Task.isCancelled else { return }
                await self?.writeSharedSoon(now: true)
            }
        }
    }

    /// Writes the queue in batches, each in one call of the store, until it is empty; then
    /// releases the waiting sends and streams of the tasks that settled.
    private func writeShared() async {
        defer { writingShared = false }
        guard let replica, let database = store.database else { return }
        while !unsharedEvents.isEmpty || !unsavedTasks.isEmpty {
            var writes: [SharedTaskWrite] = []
            for (id, events) in unsharedEvents where !events.isEmpty {
                let settledAt = unsharedSettlements.removeValue(forKey: id)
                let statusChanged = events.contains { if case .statusUpdate = $0.event { true } else { false } }
                let task = statusChanged || settledAt != nil ? store.peek(id: id) : nil
                writes.append(SharedTaskWrite(id: id, events: events, task: task, settledAt: settledAt))
            }
            unsharedEvents.removeAll(keepingCapacity: true)
            let saves = unsavedTasks.compactMap { store.peek(id: $0) }
            unsavedTasks.removeAll()
            let now = TaskEntry.micros(store.now())
            var cleanup: Int64?
            if writes.contains(where: { $0.settledAt != nil }), now - lastEventCleanup >= Self.eventCleanupMicros {
                // The events of tasks that settled a minute ago have been read by every live stream.
                cleanup = now - 60_000_000
                lastEventCleanup = now
            }
            if !writes.isEmpty {
                do {
                    try await database.appendEvents(owner: replica.owner, writes, removingEventsBefore: cleanup)
                } catch {
                    logger.error("cannot share task events", metadata: ["tasks": "\(writes.count)", "error": "\("\(error)".logSafe)"])
                }
            }
            if writes.contains(where: { $0.settledAt != nil }) { await removeExpiredTasks(now: now) }
            for entry in saves {
                do {
                    try await database.save(entry)
                } catch {
                    logger.error("cannot persist task", metadata: ["task": "\(entry.task.id)", "error": "\("\(error)".logSafe)"])
                }
            }
            for write in writes where write.settledAt != nil {
                if let end = pendingEnds.removeValue(forKey: write.id) { fanOut(write.id, end, shared: true) }
            }
            for id in writes.filter({ $0.settledAt != nil }).map(\.id) + saves.map(\.task.id)
            where pendingEnds[id] == nil && !unsavedTasks.contains(id) {
                unwrittenTasks.remove(id)
                for waiter in writtenWaiters.removeValue(forKey: id) ?? [] { waiter.resume() }
            }
        }
    }

    /// Deletes the tasks that finished more than `finishedTaskRetention` ago from the shared
    /// store, when this replica has not for a tenth of it (at most a minute).
    private func removeExpiredTasks(now: Int64) async {
        guard let retention = configuration.finishedTaskRetention, let database = store.database else { return }
        let retentionMicros = Int64(retention * 1_000_000)
        guard now - lastTaskRemoval >= min(retentionMicros / 10, 60_000_000) else { return }
        lastTaskRemoval = now
        do {
            let removed = try await database.removeFinishedTasks(before: now - retentionMicros)
            if removed > 0 { logger.debug("removed finished tasks past their retention", metadata: ["tasks": "\(removed)"]) }
        } catch {
            logger.warning("cannot remove finished tasks", metadata: ["error": "\("\(error)".logSafe)"])
        }
    }

    /// How often a replica asks the store to drop the events of long-settled tasks.
    static let eventCleanupMicros: Int64 = 10_000_000

    /// Returns once the end of task `id`, or the task, queued for the shared store is written
    /// (at once when nothing is queued).
    func waitUntilWritten(_ id: String) async {
        guard unwrittenTasks.contains(id) else { return }
        await withCheckedContinuation { writtenWaiters[id, default: []].append($0) }
    }

    /// Streams task `id`, which another replica computes, to `feed` (or just waits for it to
    /// settle when `feed` is nil): its events so far, then new ones as they are written. Every
    /// follower of one task shares one reader of the file (`RemoteTaskRelay`), so many streams
    /// cost one query per interval. When the computing replica is gone, a resend (`resumable`)
    /// computes it here; otherwise the task is recorded as failed and the stream ends with that.
    func follow(_ id: String, feed: TaskEventFeed?, resumable: Bool) async {
        let target = feed ?? TaskEventFeed()
        if let relay = relays[id] {
            for event in relay.events { target.yield(event) }
            relay.feeds.append(target)
            relay.resumable = relay.resumable || resumable
        } else {
            relays[id] = RemoteTaskRelay(feed: target, resumable: resumable)
            Task { await self.relay(id) }
        }
        if feed == nil {
            for await _ in target {}
        }
    }

    /// True while this replica follows task `id`, which another computes (tests wait for it).
    func isFollowing(_ id: String) -> Bool { relays[id] != nil }

    /// Reads the events of task `id` from the file for its followers until it settles, every
    /// follower leaves, or it is taken over here.
    private func relay(_ id: String) async {
        guard let database = store.database, let relay = relays[id] else { return }
        let signal = database.eventSignal
        signal?.watch(id)
        defer {
            relays[id] = nil
            signal?.unwatch(id)
        }
        while true {
            let signalsSeen = signal?.count(of: id) ?? 0  // before reading: a signal meanwhile reads again
            relay.feeds.removeAll { $0.isCancelled }
            if relay.feeds.isEmpty { return }
            if runners[id] != nil {  // computed here now
                for feed in relay.feeds { addSubscriber(id, feed) }
                return
            }
            let claim: TaskClaim?
            let events: [(seq: Int, event: StreamResponse)]
            do {
                claim = try await database.claim(id: id)  // before the events: a settled claim's last event is then read too
                events = try await database.events(id: id, after: relay.seq)
            } catch {
                logger.warning("cannot follow a task", metadata: ["task": "\(id)", "error": "\("\(error)".logSafe)"])
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            for (number, event) in events {
                relay.seq = number
                relay.events.append(event)
                for feed in relay.feeds { feed.yield(event) }
                if event.endsStream {
                    // Memory has the task as it ended before a waiting send reads it.
                    _ = await currentEntry(id)
                    for feed in relay.feeds { feed.finish() }
                    return
                }
            }
            let abandoned = claim?.isAbandoned(now: TaskEntry.micros(store.now())) ?? true
            if abandoned, relay.resumable, let entry = await self.entry(id: id), await resumeIfAbandoned(entry) { continue }
            if abandoned || claim?.finishedMicros != nil {
                if let entry = await currentEntry(id) {
                    let end = StreamResponse.statusUpdate(TaskStatusUpdateEvent(taskId: id, contextId: entry.task.contextId,
                                                                                status: entry.task.status))
                    for feed in relay.feeds { feed.yield(end) }
                }
                for feed in relay.feeds { feed.finish() }
                return
            }
            if let signal {
                // Woken by the store as soon as events are written; the timeout notices a lease
                // that expired (nothing signals a replica that died).
                await signal.wait(for: id, beyond: signalsSeen, timeout: Self.signalTimeout)
            } else {
                try? await Task.sleep(for: Self.followInterval)
            }
        }
    }

    /// How long a follower woken by its store's signal waits before it looks anyway.
    static let signalTimeout = Duration.milliseconds(250)

    /// The error a client gets when the shared store failed: 503 (-32603, UNAVAILABLE) when it
    /// cannot be reached, else -32603.
    static func storeError(_ error: any Error) -> A2AError {
        if let error = error as? TaskDatabaseError, error.unreachable {
            return .unavailable("the tasks store cannot be reached: \(error.message)")
        }
        return .internalError("the tasks database cannot be written: \(error)")
    }

    /// Cancels task `entry`, which another replica computes: asks it through the file and waits
    /// (up to a lease) for it to record the cancel; a task whose replica is gone is canceled here.
    func cancelElsewhere(_ entry: TaskEntry) async throws -> A2ATask {
        let id = entry.task.id
        guard let replica, let database = store.database else { return try await cancelHere(id, entry) }
        if await isAbandoned(id) {
            var canceled = entry
            canceled.task.status = TaskStatus(state: .canceled, timestamp: A2AJSON.timestamp())
            canceled.updatedAt = store.now()
            if (try? await database.settleAbandoned(canceled, now: TaskEntry.micros(store.now()))) == true {
                store.insert(canceled)
                return canceled.task
            }
        }
        do {
            try await database.requestCancel(id: id)
        } catch {
            throw Self.storeError(error)
        }
        let deadline = store.now().addingTimeInterval(replica.duration + 1)
        while store.now() < deadline {
            try? await Task.sleep(for: Self.followInterval)
            guard let current = await currentEntry(id) else { break }
            if current.task.status.state.isTerminal { return current.task }
        }
        return try await task(id: id)
    }

    /// Starts renewing this replica's leases and watching for cancel requests, once.
    func keepLeasesWhileComputing() {
        guard replica != nil, leaseKeeper == nil else { return }
        leaseKeeper = Task { [weak self] in
            var lastRenewal: Int64 = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                guard let self else { return }
                lastRenewal = await self.tendLeases(lastRenewal: lastRenewal)
            }
        }
    }

    /// Renews the leases of the tasks computed here when due, and cancels those another replica
    /// asked to cancel. Returns when the leases were last renewed.
    func tendLeases(lastRenewal: Int64) async -> Int64 {
        guard let replica, let database = store.database, !eventSeqs.isEmpty else { return lastRenewal }
        let now = TaskEntry.micros(store.now())
        var renewed = lastRenewal
        do {
            if now - lastRenewal >= replica.renewalMicros {
                try await database.renewLeases(owner: replica.owner, until: replica.until(now))
                renewed = now
            }
            for id in try await database.cancelRequests(owner: replica.owner) where runners[id] != nil {
                if let entry = store.entry(id: id) { _ = try? await cancelHere(id, entry) }
            }
        } catch {
            logger.warning("cannot renew task leases", metadata: ["error": "\("\(error)".logSafe)"])
        }
        return renewed
    }

    /// Brings memory up to date with the tasks other replicas wrote lately (before ListTasks).
    /// - Throws: `A2AError` (503) when the store cannot be reached; other read errors leave memory as it is.
    func syncWithSharedDatabase() async throws {
        guard replica != nil, let database = store.database else { return }
        let now = TaskEntry.micros(store.now())
        let since = max(lastSyncMicros - 2_000_000, now - Int64(configuration.taskTTL * 1_000_000))
        let changed: [TaskEntry]
        do {
            changed = try await database.changed(since: since)
        } catch let error as TaskDatabaseError where error.unreachable {
            throw Self.storeError(error)
        } catch {
            return
        }
        lastSyncMicros = now
        for var entry in changed where runners[entry.task.id] == nil {
            entry.messageIds = store.peek(id: entry.task.id)?.messageIds ?? []
            store.insert(entry)
        }
    }

    /// True when nobody computes task `id` although it has not settled (false when unsure).
    private func isAbandoned(_ id: String) async -> Bool {
        guard let database = store.database else { return false }
        do {
            return try await database.claim(id: id)?.isAbandoned(now: TaskEntry.micros(store.now())) ?? true
        } catch {
            return false
        }
    }

    static func isSettled(_ entry: TaskEntry) -> Bool {
        entry.task.status.state.isTerminal || entry.task.status.state.isInterrupted
    }
}
