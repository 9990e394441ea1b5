import DurableEngine
import Foundation

// The small workflows whose Temporal histories are the committed replay fixtures
// (Fixtures/*.json, recorded by `FixtureRecording` against the dev server).

/// One activity: "greet" with the input, then complete with its result.
struct GreetingWorkflow: WorkflowDefinition {
    static let workflowType = "Greeting"
    /// The activity it schedules; a different name replays as non-determinism, and so does none
    /// (nil: the code completes at once).
    var activity: String? = "greet"

    func run(_ context: WorkflowContext, input: String) async throws -> String {
        guard let activity else { return "Hello without an activity" }
        return try await context.executeActivity(activity, input: input, returning: String.self,
                                                 options: ActivityOptions(startToCloseTimeout: .seconds(10)))
    }
}

/// One activity that fails on its first attempt and succeeds on the second (a server-side retry).
struct RetryWorkflow: WorkflowDefinition {
    static let workflowType = "Retry"

    func run(_ context: WorkflowContext, input: String) async throws -> String {
        try await context.executeActivity(
            "flaky", input: input, returning: String.self,
            options: ActivityOptions(startToCloseTimeout: .seconds(10),
                                     retryPolicy: RetryPolicy(initialInterval: .milliseconds(100), maximumAttempts: 3)))
    }
}

/// A durable timer, then a marker and the result.
struct TimerWorkflow: WorkflowDefinition {
    static let workflowType = "Timer"

    func run(_ context: WorkflowContext, input: Int) async throws -> String {
        try await context.sleep(for: .milliseconds(input))
        context.recordMarker("woke", details: input)
        return "woke after \(input) ms"
    }
}

/// Waits for signal "approve" and returns its payload's note.
struct SignalWorkflow: WorkflowDefinition {
    static let workflowType = "Signal"

    struct Approval: Codable, Sendable {
        var note: String
    }

    func run(_ context: WorkflowContext, input: String) async throws -> String {
        try context.setQueryValue("state", "waiting for approval of \(input)")
        guard let approval = try await context.waitForSignal("approve", as: Approval.self, timeout: .seconds(60)) else {
            return "timed out"
        }
        try context.setQueryValue("state", "approved")
        return "\(input) approved: \(approval.note)"
    }
}

/// Greets once per round, then continues as new with one round fewer; the last round returns.
struct CountdownWorkflow: WorkflowDefinition {
    static let workflowType = "Countdown"

    func run(_ context: WorkflowContext, input: Int) async throws -> String {
        let greeting = try await context.executeActivity("greet", input: "round \(input)", returning: String.self,
                                                         options: ActivityOptions(startToCloseTimeout: .seconds(10)))
        if input > 1 { try context.continueAsNew(input - 1) }
        return "\(greeting) That was the last round."
    }
}

/// The activities of the fixture workflows.
enum FixtureActivities {
    static func registry() -> ActivityRegistry {
        let registry = ActivityRegistry()
        registry.register("greet") { (name: String, _) in "Hello, \(name)!" }
        registry.register("flaky") { (name: String, context: ActivityContext) -> String in
            if context.attempt == 1 { throw ApplicationError(type: "Flaky", message: "first attempt of \(name) fails") }
            return "\(name) on attempt \(context.attempt)"
        }
        return registry
    }

    static let workflows: [any WorkflowDefinition] = [GreetingWorkflow(), RetryWorkflow(), TimerWorkflow(), SignalWorkflow(),
                                                      CountdownWorkflow()]
}

/// A history longer than one page: the server pages by write batches (256 by default), and
/// each signal sent on its own is one batch. Counts `input` "tick" signals, then returns.
struct TickCounterWorkflow: WorkflowDefinition {
    static let workflowType = "TickCounter"

    func run(_ context: WorkflowContext, input: Int) async throws -> Int {
        var ticks = 0
        while ticks < input {
            guard try await context.waitForSignal("tick", as: Int.self, timeout: nil) != nil else { continue }
            ticks += 1
        }
        return ticks
    }
}
