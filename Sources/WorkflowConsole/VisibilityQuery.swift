import DurableEngine
import Foundation

/// The part of Temporal's visibility query language the JSON API understands: conditions on
/// `WorkflowId`, `WorkflowType`, `ExecutionStatus` and `StartTime` joined by `AND`, e.g.
/// `WorkflowType = "RoutingWorkflow" AND ExecutionStatus = "Running"`.
enum VisibilityQuery {
    static func parse(_ query: String) throws(ConsoleError) -> WorkflowListFilter {
        guard query.count <= 1000 else { throw .badRequest("the query is longer than 1000 characters") }
        var filter = WorkflowListFilter()
        for clause in query.components(separatedBy: " AND ") {
            let condition = try self.condition(clause.trimmingCharacters(in: .whitespaces))
            switch (condition.field, condition.operator) {
            case ("WorkflowId", "="):
                filter.workflowID = condition.value
            case ("WorkflowType", "="):
                filter.workflowType = condition.value
            case ("ExecutionStatus", "="):
                filter.status = try WorkflowListQuery.status(condition.value)
            case ("StartTime", ">"), ("StartTime", ">="):
                filter.startedAfter = try time(condition.value)
            case ("StartTime", "<"), ("StartTime", "<="):
                filter.startedBefore = try time(condition.value)
            default:
                throw .badRequest("""
                    unsupported condition '\(clause.prefix(80))': use WorkflowId, WorkflowType or ExecutionStatus with =, \
                    or StartTime with < or >, joined by AND
                    """)
            }
        }
        return filter
    }

    private static func condition(_ clause: String) throws(ConsoleError) -> (field: String, operator: String, value: String) {
        for op in [">=", "<=", "=", ">", "<"] {
            guard let range = clause.range(of: op) else { continue }
            let field = clause[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            var value = clause[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard value.count >= 2, let quote = value.first, quote == "\"" || quote == "'", value.last == quote else {
                throw .badRequest("the value in '\(clause.prefix(80))' must be quoted")
            }
            value = String(value.dropFirst().dropLast())
            return (field, op, value)
        }
        throw .badRequest("'\(clause.prefix(80))' is not a condition (field = \"value\")")
    }

    private static func time(_ text: String) throws(ConsoleError) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: text) else { throw .badRequest("'\(text.prefix(40))' is not an RFC 3339 time") }
        return date
    }
}
