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
    func currentEntry(_ id: String, orphaning: Bool = true) -> TaskEntry? {
        let cached = store.entry(id: id)
        guard replica != nil, let database = store.database, runners[id] == nil else { return cached }
        if let cached, cached.task.status.state.isTerminal { return cached }  // an interrupted task may be continued elsewhere
        guard var loaded = (try? database.load(id: id)) ?? nil else { return cached }
        loaded.messageIds = cached?.messageIds ?? []
        if orphaning, !Self.isSettled(loaded), isAbandoned(id) {
            let now = store.now()
            loaded.task.status = TaskStatus(
                state: .failed,
                message: Self.agentMessage("The replica computing this task stopped before it finished (its lease expired). "
                                           + "Send the message again to compute it anew.", for: loaded.task),
                timestamp: A2AJSON.timestamp())
            loaded.updatedAt = now
            if (try? database.settleAbandoned(loaded, now: TaskEntry.micros(now))) != true,
               let again = (try? database.load(id: id)) ?? nil {
                loaded = again
                loaded.messageIds = cached?.messageIds ?? []
            }
        }
        store.insert(loaded)
        return loaded
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
    func claimOnSharedDatabase(_ entry: TaskEntry, message: Message, unlessTask: String?) throws -> String? {
        guard let replica, let database = store.database else { return nil }
        var replacing = unlessTask
        while true {
            let now = TaskEntry.micros(store.now())
            let existing: String?
            do {
                existing = try database.claimNew(entry, messageId: message.messageId, unlessTask: replacing, owner: replica.owner,
                                                 leaseUntil: replica.until(now))
            } catch {
                throw Self.storeError(error)
            }
            guard let existing else { break }
            let found = store.entry(id: existing)
            if replacing == nil, let found, !Self.isRetry(message, of: found) {
                replacing = existing
                continue
            }
            if let found { resumeIfAbandoned(found) }
            return existing
        }
        eventSeqs[entry.task.id] = 1
        return nil
    }

    /// Claims task `entry`, continued by a follow-up message (`messageId`), for this replica.
    /// - Throws: `A2AError` when another replica still computes its previous turn, or the file
    ///   cannot be written.
    func claimFollowUp(_ entry: TaskEntry, messageId: String) throws {
        guard let replica, let database = store.database else { return }
        let now = TaskEntry.micros(store.now())
        let claimed: Bool
        do {
            claimed = try database.claimFollowUp(entry, messageId: messageId, owner: replica.owner, leaseUntil: replica.until(now))
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
    func resumeIfAbandoned(_ existing: TaskEntry) -> Bool {
        let id = existing.task.id
        guard let replica, let database = store.database, runners[id] == nil, isAbandoned(id),
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
            guard try database.takeOver(entry, owner: replica.owner, now: now, leaseUntil: replica.until(now)) else { return false }
        } catch {
            logger.error("cannot take over task", metadata: ["task": "\(id)", "error": "\("\(error)".logSafe)"])
            return false
        }
        logger.info("took over a task whose replica stopped", metadata: ["task": "\(id)"])
        store.insert(entry)
        eventSeqs[id] = 1
        run(id, message: history[turn], history: Array(history[..<turn]))
        return true
    }

    /// Queues an event of a task computed here for the other replicas' streams. The last event
    /// is written at once, with the task and its claim settled; the events before it are written
    /// together within `followInterval` (with the task when its status changed).
    func share(_ id: String, _ event: StreamResponse) {
        guard let seq = eventSeqs[id] else { return }
        let settled = event.endsStream
        eventSeqs[id] = settled ? nil : seq + 1
        unsharedEvents[id, default: []].append((seq, event))
        if settled || unsharedEvents[id, default: []].count >= 64 {
            writeShared(id, settled: settled)
        } else if sharedWriter == nil {
            sharedWriter = Task { [weak self] in
                try? await Task.sleep(for: Self.followInterval)
                await self?.writeAllShared()
            }
        }
    }

    /// Writes the queued events of every task.
    func writeAllShared() {
        sharedWriter = nil
        for id in Array(unsharedEvents.keys) { writeShared(id, settled: false) }
    }

    /// Writes the queued events of task `id` in one transaction, with the task as it stands.
    private func writeShared(_ id: String, settled: Bool) {
        guard let replica, let database = store.database, let events = unsharedEvents.removeValue(forKey: id), !events.isEmpty
        else { return }
        let statusChanged = events.contains { if case .statusUpdate = $0.event { true } else { false } }
        do {
            try database.appendEvents(id: id, owner: replica.owner, events, task: statusChanged || settled ? store.peek(id: id) : nil,
                                      settledAt: settled ? TaskEntry.micros(store.now()) : nil)
        } catch {
            logger.error("cannot share task events", metadata: ["task": "\(id)", "error": "\("\(error)".logSafe)"])
        }
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
                claim = try database.claim(id: id)  // before the events: a settled claim's last event is then read too
                events = try database.events(id: id, after: relay.seq)
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
                    for feed in relay.feeds { feed.finish() }
                    _ = currentEntry(id)
                    return
                }
            }
            let abandoned = claim?.isAbandoned(now: TaskEntry.micros(store.now())) ?? true
            if abandoned, relay.resumable, let entry = store.entry(id: id), resumeIfAbandoned(entry) { continue }
            if abandoned || claim?.finishedMicros != nil {
                if let entry = currentEntry(id) {
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
        guard let replica, let database = store.database else { return try cancelHere(id, entry) }
        if isAbandoned(id) {
            var canceled = entry
            canceled.task.status = TaskStatus(state: .canceled, timestamp: A2AJSON.timestamp())
            canceled.updatedAt = store.now()
            if (try? database.settleAbandoned(canceled, now: TaskEntry.micros(store.now()))) == true {
                store.insert(canceled)
                return canceled.task
            }
        }
        do {
            try database.requestCancel(id: id)
        } catch {
            throw Self.storeError(error)
        }
        let deadline = store.now().addingTimeInterval(replica.duration + 1)
        while store.now() < deadline {
            try? await Task.sleep(for: Self.followInterval)
            guard let current = currentEntry(id) else { break }
            if current.task.status.state.isTerminal { return current.task }
        }
        return try task(id: id)
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
    func tendLeases(lastRenewal: Int64) -> Int64 {
        guard let replica, let database = store.database, !eventSeqs.isEmpty else { return lastRenewal }
        let now = TaskEntry.micros(store.now())
        var renewed = lastRenewal
        do {
            if now - lastRenewal >= replica.renewalMicros {
                try database.renewLeases(owner: replica.owner, until: replica.until(now))
                renewed = now
            }
            for id in try database.cancelRequests(owner: replica.owner) where runners[id] != nil {
                if let entry = store.entry(id: id) { _ = try? cancelHere(id, entry) }
            }
        } catch {
            logger.warning("cannot renew task leases", metadata: ["error": "\("\(error)".logSafe)"])
        }
        return renewed
    }

    /// Brings memory up to date with the tasks other replicas wrote lately (before ListTasks).
    /// - Throws: `A2AError` (503) when the store cannot be reached; other read errors leave memory as it is.
    func syncWithSharedDatabase() throws {
        guard replica != nil, let database = store.database else { return }
        let now = TaskEntry.micros(store.now())
        let since = max(lastSyncMicros - 2_000_000, now - Int64(configuration.taskTTL * 1_000_000))
        let changed: [TaskEntry]
        do {
            changed = try database.changed(since: since)
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
    private func isAbandoned(_ id: String) -> Bool {
        guard let database = store.database else { return false }
        do {
            return try database.claim(id: id)?.isAbandoned(now: TaskEntry.micros(store.now())) ?? true
        } catch {
            return false
        }
    }

    static func isSettled(_ entry: TaskEntry) -> Bool {
        entry.task.status.state.isTerminal || entry.task.status.state.isInterrupted
    }
}
