import DurableEngine
import Foundation

/// The input of the `step` activity.
struct StepInput: Codable, Sendable {
    var name: String
    var sleepMilliseconds: Int
}

let stepOptions = ActivityOptions(
    startToCloseTimeout: .seconds(30),
    retryPolicy: RetryPolicy(initialInterval: .milliseconds(50), backoffCoefficient: 2, maximumInterval: .seconds(1)))

/// Three steps in a row; the second sleeps for `input` milliseconds.
struct ThreeSteps: WorkflowDefinition {
    static let workflowType = "ThreeSteps"
    func run(_ context: WorkflowContext, input: Int) async throws -> [String] {
        var done: [String] = []
        for (name, sleep) in [("one", 0), ("two", input), ("three", 0)] {
            done.append(try await context.executeActivity("step", input: StepInput(name: name, sleepMilliseconds: sleep),
                                                          returning: String.self, options: stepOptions))
        }
        return done
    }
}

/// Two no-op steps, for the many-workflows test.
struct TwoNoops: WorkflowDefinition {
    static let workflowType = "TwoNoops"
    func run(_ context: WorkflowContext, input: Int) async throws -> Int {
        _ = try await context.executeActivity("step", input: StepInput(name: "a", sleepMilliseconds: 0), returning: String.self, options: stepOptions)
        _ = try await context.executeActivity("step", input: StepInput(name: "b", sleepMilliseconds: 0), returning: String.self, options: stepOptions)
        return input
    }
}

/// Appends lines to a file shared by processes (O_APPEND keeps each short line whole).
final class SideEffectLog: Sendable {
    let path: String
    init(path: String) { self.path = path }

    func append(_ line: String) {
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard fd >= 0 else { return }
        let bytes = Array((line + "\n").utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        fsync(fd)
        close(fd)
    }
}
