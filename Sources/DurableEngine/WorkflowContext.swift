import Foundation

/// The only door from workflow code to the world: activities, timers, signals, time,
/// randomness and queries all go through it, so a replay of the history reproduces them.
///
/// Every call is matched against the history by position. When the history already holds the
/// outcome, the call returns it at once (replay); when it does not, the call records a command
/// and the workflow waits without holding a task: it is run again from the start, with the
/// longer history, once something it waits for has happened.
///
/// An await resolves to whichever event came first in the history among the ones that can end
/// it (an activity's result, a timer, a signal, a cancellation request), so replays decide
/// exactly as the first run did.
public final class WorkflowContext: @unchecked Sendable {
    // @unchecked Sendable: workflow code runs in one task at a time; all mutable state is
    // still guarded by `lock` in case a workflow calls in from child tasks.
    public let workflowID: String
    public let runID: String
    public let workflowType: String

    private let lock = NSLock()
    private let commandEvents: [HistoryEvent]
    private let closeEvents: [Int: HistoryEvent]
    private let firedTimers: [Int: HistoryEvent]
    private let signals: [HistoryEvent]
    private let cancelRequest: HistoryEvent?
    private var consumedSignals: Set<Int> = []
    private var cursor = 0
    private var horizon: HistoryEvent
    private var patches: [String: Bool] = [:]
    private var randomState: UInt64

    private(set) var commands: [WorkflowCommand] = []
    private(set) var queryValues: [String: Payload] = [:]
    private(set) var suspended = false
    private(set) var nonDeterminism: NonDeterminismError?
    private(set) var continueAsNewInput: Payload?

    init(workflowID: String, runID: String, workflowType: String, history: [HistoryEvent]) {
        self.workflowID = workflowID
        self.runID = runID
        self.workflowType = workflowType
        commandEvents = history.filter { $0.eventType.isCommand }
        var closes: [Int: HistoryEvent] = [:]
        var fired: [Int: HistoryEvent] = [:]
        for event in history {
            switch event.eventType {
            case .activityTaskCompleted, .activityTaskFailed, .activityTaskTimedOut:
                if let scheduled = event.attributes.scheduledEventID { closes[scheduled] = event }
            case .timerFired:
                if let started = event.attributes.scheduledEventID { fired[started] = event }
            default: break
            }
        }
        closeEvents = closes
        firedTimers = fired
        signals = history.filter { $0.eventType == .workflowExecutionSignaled }
        cancelRequest = history.first { $0.eventType == .workflowExecutionCancelRequested }
        horizon = history[0]
        randomState = runID.utf8.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }

    // MARK: - Activities

    /// Runs an activity (on any worker, with retries per `options`) and returns its result.
    /// - Throws: `ActivityError` when it failed for good, `WorkflowCancelled` after a cancel request.
    public func executeActivity<I: Codable & Sendable, O: Codable & Sendable>(
        _ activityType: String, input: I, returning: O.Type, options: ActivityOptions
    ) async throws -> O {
        let scheduled = try lock.withLock { try schedule(activityType, input: input, options: options) }
        return try await awaitActivity(scheduled, returning: O.self)
    }

    /// Runs several activities at once; their order in the history is the order given here.
    /// Returns the results in the same order, once all are done.
    public func executeActivities<I: Codable & Sendable, O: Codable & Sendable>(
        _ activityType: String, inputs: [I], returning: O.Type, options: ActivityOptions
    ) async throws -> [O] {
        let scheduled = try lock.withLock { try inputs.map { try schedule(activityType, input: $0, options: options) } }
        var results: [O] = []
        for item in scheduled { results.append(try await awaitActivity(item, returning: O.self)) }
        return results
    }

    /// A scheduled activity: the history event, or nil when it was scheduled in this task.
    private struct Scheduled {
        let event: HistoryEvent?
        let activityType: String
        let activityID: String
    }

    private func schedule<I: Encodable & Sendable>(_ activityType: String, input: I, options: ActivityOptions) throws -> Scheduled {
        try checkUsable()
        let position = cursor
        cursor += 1
        let activityID = "\(position + 1)"
        if position < commandEvents.count {
            let event = commandEvents[position]
            guard event.eventType == .activityTaskScheduled, event.attributes.activityType == activityType else {
                throw fail(position, expected: describe(event), found: "ActivityTaskScheduled(\(activityType))")
            }
            return Scheduled(event: event, activityType: activityType, activityID: event.attributes.activityID ?? activityID)
        }
        if cancelRequest != nil { throw WorkflowCancelled() }
        commands.append(.scheduleActivity(activityID: activityID, activityType: activityType,
                                          input: try Payload(encodingKept: input), options: options))
        return Scheduled(event: nil, activityType: activityType, activityID: activityID)
    }

    private func awaitActivity<O: Decodable & Sendable>(_ scheduled: Scheduled, returning: O.Type) async throws -> O {
        try lock.withLock {
            try checkUsable()
            guard let event = scheduled.event else { throw suspend() }
            let close = closeEvents[event.eventID]
            if let cancel = cancelRequest, cancel.eventID < (close?.eventID ?? Int.max) {
                advance(to: cancel)
                throw WorkflowCancelled()
            }
            guard let close else { throw suspend() }
            advance(to: close)
            if close.eventType == .activityTaskCompleted {
                // Kept: the next replay of this run (from the cached history) decodes it no more.
                return try (close.attributes.result ?? Payload(encoding: Optional<Int>.none)).decodeKept(O.self)
            }
            throw ActivityError(
                activityType: scheduled.activityType, activityID: scheduled.activityID,
                attempts: close.attributes.attempt ?? 1,
                cause: close.attributes.failure ?? ActivityFailureInfo(type: "Unknown", message: "no failure recorded"),
                timedOut: close.eventType == .activityTaskTimedOut)
        }
    }

    // MARK: - Timers and signals

    /// Sleeps durably: the workflow holds no task while it waits, and survives restarts.
    public func sleep(for duration: Duration) async throws {
        try lock.withLock {
            let timer = try startTimer(duration)
            guard let timer else { throw suspend() }
            let fired = firedTimers[timer.eventID]
            if let cancel = cancelRequest, cancel.eventID < (fired?.eventID ?? Int.max) {
                advance(to: cancel)
                throw WorkflowCancelled()
            }
            guard let fired else { throw suspend() }
            advance(to: fired)
        }
    }

    /// Waits for the signal `name`; returns nil when `timeout` passes first.
    public func waitForSignal<T: Codable & Sendable>(_ name: String, as type: T.Type, timeout: Duration?) async throws -> T? {
        try await waitForAnySignal([name], as: type, timeout: timeout)?.payload
    }

    /// Waits for the first of several signals; returns nil when `timeout` passes first.
    /// Signals sent before the wait are buffered and count, oldest first.
    public func waitForAnySignal<T: Codable & Sendable>(
        _ names: [String], as type: T.Type, timeout: Duration?
    ) async throws -> SignalDelivery<T>? {
        try lock.withLock {
            var fired: HistoryEvent?
            if let timeout, let timer = try startTimer(timeout) {
                fired = firedTimers[timer.eventID]
            }
            while true {
                let signal = signals.first { !consumedSignals.contains($0.eventID) && names.contains($0.attributes.signalName ?? "") }
                let candidates = [signal, fired, cancelRequest].compactMap { $0 }
                guard let first = candidates.min(by: { $0.eventID < $1.eventID }) else { throw suspend() }
                advance(to: first)
                switch first.eventType {
                case .workflowExecutionCancelRequested:
                    throw WorkflowCancelled()
                case .timerFired:
                    return nil
                default:
                    consumedSignals.insert(first.eventID)
                    // A signal sent without a payload is delivered with none. A payload of the
                    // wrong shape is passed over, not thrown: one bad signal must not fail the
                    // run. It stays in the history as sent, and the wait goes on. Replays pass
                    // over the same events, so this is deterministic.
                    var payload: T?
                    if let input = first.attributes.input {
                        guard let decoded = try? input.decode(Optional<T>.self) else { continue }
                        payload = decoded
                    }
                    return SignalDelivery(name: first.attributes.signalName ?? "", payload: payload)
                }
            }
        }
    }

    /// Replays or records a TimerStarted command; returns its event when replaying.
    private func startTimer(_ duration: Duration) throws -> HistoryEvent? {
        try checkUsable()
        let position = cursor
        cursor += 1
        if position < commandEvents.count {
            let event = commandEvents[position]
            guard event.eventType == .timerStarted else {
                throw fail(position, expected: describe(event), found: "TimerStarted")
            }
            return event
        }
        if cancelRequest != nil { throw WorkflowCancelled() }
        commands.append(.startTimer(timerID: "\(position + 1)", duration: duration))
        return nil
    }

    // MARK: - Markers, patches, queries

    /// Records a marker event with `details`, e.g. a decision worth seeing in the history.
    public func recordMarker<T: Codable & Sendable>(_ name: String, details: T) {
        lock.withLock {
            guard (try? checkUsable()) != nil else { return }
            let position = cursor
            cursor += 1
            if position < commandEvents.count {
                let event = commandEvents[position]
                if event.eventType != .markerRecorded || event.attributes.markerName != name {
                    _ = fail(position, expected: describe(event), found: "MarkerRecorded(\(name))")
                }
                return
            }
            commands.append(.recordMarker(name: name, details: try? Payload(encoding: details)))
        }
    }

    /// True for workflows that reach this point with the new code; false when replaying a
    /// history recorded before the patch. Lets code change while workflows are in flight.
    public func patched(_ patchID: String) -> Bool {
        lock.withLock {
            if let known = patches[patchID] { return known }
            let position = cursor
            let marker = "core_patch"
            let value: Bool
            if position < commandEvents.count {
                let event = commandEvents[position]
                value = event.eventType == .markerRecorded && event.attributes.markerName == marker
                    && (try? event.attributes.details?.decode(String.self)) == patchID
                if value { cursor += 1 }
            } else {
                cursor += 1
                commands.append(.recordMarker(name: marker, details: try? Payload(encoding: patchID)))
                value = true
            }
            patches[patchID] = value
            return value
        }
    }

    /// Publishes a value that `WorkflowClient.query(workflowID:name:)` reads.
    public func setQueryValue<T: Codable & Sendable>(_ name: String, _ value: T) throws {
        let payload = try Payload(encoding: value)
        lock.withLock { queryValues[name] = payload }
    }

    /// Ends this run and starts a new one of the same workflow with `input` and an empty history.
    public func continueAsNew<I: Codable & Sendable>(_ input: I) throws -> Never {
        let payload = try Payload(encoding: input)
        lock.withLock { continueAsNewInput = payload }
        // Unwinds the workflow code; the engine sees `continueAsNewInput` whatever the code does with it.
        throw ContinueAsNewRequest()
    }

    // MARK: - Determinism

    /// The workflow's clock: the time of the latest history event it has observed.
    public func now() -> Date { lock.withLock { horizon.eventTime } }

    /// A random number that replays identically.
    public func randomUInt64() -> UInt64 {
        lock.withLock {
            randomState &+= 0x9e37_79b9_7f4a_7c15
            var z = randomState
            z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
            z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
            return z ^ (z >> 31)
        }
    }

    /// A UUID that replays identically.
    public func uuid() -> UUID {
        var bytes = [UInt8](repeating: 0, count: 16)
        for half in 0..<2 {
            let value = randomUInt64()
            for index in 0..<8 { bytes[half * 8 + index] = UInt8(truncatingIfNeeded: value >> (index * 8)) }
        }
        bytes[6] = (bytes[6] & 0x0f) | 0x40
        bytes[8] = (bytes[8] & 0x3f) | 0x80
        return UUID(uuid: (bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
                           bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }

    /// True once a cancellation request has been observed; awaits then throw `WorkflowCancelled`.
    public var isCancellationRequested: Bool {
        lock.withLock { cancelRequest.map { $0.eventID <= horizon.eventID } ?? false }
    }

    private func advance(to event: HistoryEvent) {
        if event.eventID > horizon.eventID { horizon = event }
    }

    private func suspend() -> WorkflowSuspension {
        suspended = true
        return WorkflowSuspension()
    }

    private func checkUsable() throws {
        if suspended || continueAsNewInput != nil { throw WorkflowSuspension() }
        if let nonDeterminism { throw nonDeterminism }
    }

    /// Records non-determinism when the history holds a command event the code did not issue
    /// again: it closed or waits with fewer commands than were recorded. `found` says what the
    /// code did instead.
    func checkEveryCommandReplayed(instead found: String) {
        lock.withLock {
            guard nonDeterminism == nil, cursor < commandEvents.count else { return }
            _ = fail(cursor, expected: describe(commandEvents[cursor]), found: found)
        }
    }

    private func fail(_ position: Int, expected: String, found: String) -> NonDeterminismError {
        let error = NonDeterminismError(position: position + 1, expected: expected, found: found)
        if nonDeterminism == nil { nonDeterminism = error }
        return error
    }

    private func describe(_ event: HistoryEvent) -> String {
        switch event.eventType {
        case .activityTaskScheduled: "ActivityTaskScheduled(\(event.attributes.activityType ?? "?"))"
        case .markerRecorded: "MarkerRecorded(\(event.attributes.markerName ?? "?"))"
        default: event.eventType.rawValue
        }
    }
}
