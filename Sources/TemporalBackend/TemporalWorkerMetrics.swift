import CoreMetrics
import TemporalProtos

/// A Temporal worker's metrics through swift-metrics (a no-op unless `worker --metrics-port`
/// bootstrapped a backend). The workflow and activity series keep the names and labels of the
/// history-file worker's (`WorkerMetrics`), so one dashboard reads both backends; the workflow
/// tasks answered are Temporal's own. Series exist for the registered types and `other` only.
final class TemporalWorkerMetrics: Sendable {
    static let otherType = "other"
    private let closed: [String: [Temporal_Api_Enums_V1_CommandType: Counter]]
    private let attempts, failures: [String: Counter]
    private let workflowTasks: [String: Counter]

    init(workflowTypes: [String], activityTypes: [String], factory: any MetricsFactory = MetricsSystem.factory) {
        func byType(_ types: [String], _ name: String, _ label: String) -> [String: Counter] {
            Dictionary((types + [Self.otherType]).map { ($0, Counter(label: name, dimensions: [(label, $0)], factory: factory)) },
                       uniquingKeysWith: { first, _ in first })
        }
        let closeNames: [(Temporal_Api_Enums_V1_CommandType, String)] = [
            (.completeWorkflowExecution, "switchboard_workflows_completed_total"),
            (.failWorkflowExecution, "switchboard_workflows_failed_total"),
            (.cancelWorkflowExecution, "switchboard_workflows_canceled_total"),
            (.continueAsNewWorkflowExecution, "switchboard_workflows_continued_as_new_total"),
        ]
        closed = Dictionary((workflowTypes + [Self.otherType]).map { type in
            (type, Dictionary(uniqueKeysWithValues: closeNames.map { command, name in
                (command, Counter(label: name, dimensions: [("workflow_type", type)], factory: factory))
            }))
        }, uniquingKeysWith: { first, _ in first })
        attempts = byType(activityTypes, "switchboard_activity_attempts_total", "activity_type")
        failures = byType(activityTypes, "switchboard_activity_failures_total", "activity_type")
        workflowTasks = Dictionary(uniqueKeysWithValues: ["completed", "failed", "query"].map {
            ($0, Counter(label: "switchboard_temporal_workflow_tasks_total", dimensions: [("outcome", $0)], factory: factory))
        })
    }

    /// A workflow task answered with `outcome` (completed, failed, query) and, for a completed
    /// one, its commands, of which a closing one counts as the run's close.
    func workflowTask(_ outcome: String, workflowType: String, commands: [Temporal_Api_Command_V1_Command] = []) {
        workflowTasks[outcome]?.increment()
        let series = closed[workflowType] ?? closed[Self.otherType]
        for command in commands { series?[command.commandType]?.increment() }
    }

    /// An activity attempt started.
    func attempt(_ activityType: String) { (attempts[activityType] ?? attempts[Self.otherType])?.increment() }

    /// An activity attempt failed.
    func failure(_ activityType: String) { (failures[activityType] ?? failures[Self.otherType])?.increment() }
}
