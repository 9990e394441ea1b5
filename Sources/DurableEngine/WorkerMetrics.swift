import Metrics
import Foundation

/// A worker's metrics through swift-metrics (a no-op unless a backend was bootstrapped, see
/// `SwitchboardMetrics`). The series of every workflow and activity type the worker runs are
/// made up front, so recording is a read of an immutable dictionary and an atomic add.
public final class WorkerMetrics: Sendable {
    /// The series of one workflow type.
    struct WorkflowSeries: Sendable {
        let started, completed, failed, canceled, continuedAsNew: Counter
        /// From the run's start to its close.
        let endToEnd: CoreMetrics.Timer
    }

    /// The series of one activity type.
    struct ActivitySeries: Sendable {
        let attempts, failures, retries, timeouts: Counter
        /// From when an attempt was due to when it started.
        let scheduleToStart: CoreMetrics.Timer
    }

    /// The label of a type the worker was not built with (it fails the attempt or the task).
    static let otherType = "other"

    private let workflows: [String: WorkflowSeries]
    private let activities: [String: ActivitySeries]
    let workflowTakeovers, activityTakeovers: Counter
    private let waitingOnTimer, waitingOnSignal, databaseBytes, walBytes: Meter

    init(workflowTypes: [String], activityTypes: [String], factory: any MetricsFactory) {
        func counter(_ name: String, _ dimensions: [(String, String)]) -> Counter {
            Counter(label: name, dimensions: dimensions, factory: factory)
        }
        /// One series per type, and one for `other`, each made with the type as the label `name`.
        func byType<Series>(_ types: [String], _ name: String, _ make: ([(String, String)]) -> Series) -> [String: Series] {
            Dictionary((types + [Self.otherType]).map { ($0, make([(name, $0)])) }, uniquingKeysWith: { first, _ in first })
        }
        workflows = byType(workflowTypes, "workflow_type") { label in
            WorkflowSeries(
                started: counter("switchboard_workflows_started_total", label),
                completed: counter("switchboard_workflows_completed_total", label),
                failed: counter("switchboard_workflows_failed_total", label),
                canceled: counter("switchboard_workflows_canceled_total", label),
                continuedAsNew: counter("switchboard_workflows_continued_as_new_total", label),
                endToEnd: CoreMetrics.Timer(label: "switchboard_workflow_end_to_end_seconds", dimensions: label, factory: factory))
        }
        activities = byType(activityTypes, "activity_type") { label in
            ActivitySeries(
                attempts: counter("switchboard_activity_attempts_total", label),
                failures: counter("switchboard_activity_failures_total", label),
                retries: counter("switchboard_activity_retries_total", label),
                timeouts: counter("switchboard_activity_timeouts_total", label),
                scheduleToStart: CoreMetrics.Timer(label: "switchboard_activity_schedule_to_start_seconds", dimensions: label,
                                                   factory: factory))
        }
        workflowTakeovers = counter("switchboard_lease_takeovers_total", [("kind", "workflow")])
        activityTakeovers = counter("switchboard_lease_takeovers_total", [("kind", "activity")])
        waitingOnTimer = Meter(label: "switchboard_workflows_waiting", dimensions: [("on", "timer")], factory: factory)
        waitingOnSignal = Meter(label: "switchboard_workflows_waiting", dimensions: [("on", "signal")], factory: factory)
        databaseBytes = Meter(label: "switchboard_history_file_size_bytes", dimensions: [("file", "database")], factory: factory)
        walBytes = Meter(label: "switchboard_history_file_size_bytes", dimensions: [("file", "wal")], factory: factory)
    }

    func workflow(_ type: String) -> WorkflowSeries { workflows[type] ?? workflows[Self.otherType]! }
    func activity(_ type: String) -> ActivitySeries { activities[type] ?? activities[Self.otherType]! }

    /// Counts what a recorded workflow task did: the run's first task counts it as started (a
    /// first task is one whose history holds no command yet), a closing one as completed,
    /// failed, canceled or continued as new, with its time from the start.
    func recordWorkflowTask(type: String, history: [HistoryEvent], outcome: WorkflowTaskOutcome) {
        let series = workflow(type)
        if !history.contains(where: { $0.eventType.isCommand || $0.eventType.isClosing }) { series.started.increment() }
        switch outcome {
        case .blocked: return
        case .completed: series.completed.increment()
        case .failed: series.failed.increment()
        case .canceled: series.canceled.increment()
        case .continuedAsNew: series.continuedAsNew.increment()
        }
        if !history.isEmpty {   // the start event's time, read in place (`first` would copy the whole event)
            series.endToEnd.recordSeconds(max(0, Date().timeIntervalSince(history[0].eventTime)))
        }
    }

    /// Counts an attempt starting now, `delay` seconds after it was due.
    func recordAttemptStart(type: String, delay: TimeInterval) {
        let series = activity(type)
        series.attempts.increment()
        series.scheduleToStart.recordSeconds(max(0, delay))   // below 0: clocks of two processes
    }

    /// Counts how an attempt ended, unless it succeeded.
    func recordAttemptEnd(type: String, _ resolution: WorkflowStore.ActivityResolution) {
        switch resolution {
        case .completed:
            return
        case .retry:
            let series = activity(type)
            series.failures.increment()
            series.retries.increment()
        case .failed:
            activity(type).failures.increment()
        }
    }

    /// Reads the gauges of `store`: runs waiting on timers and signals, the history file's size.
    func sample(_ store: WorkflowStore) {
        if let waiting = try? store.waitingCounts() {
            waitingOnTimer.set(waiting.timers)
            waitingOnSignal.set(waiting.signals)
        }
        let sizes = store.fileSizes()
        databaseBytes.set(sizes.database)
        walBytes.set(sizes.wal)
    }
}
