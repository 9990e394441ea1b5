/// A workflow: ordinary async Swift code whose every side effect goes through the
/// `WorkflowContext`, so that replaying its history reproduces its state.
///
/// ```swift
/// struct Greeting: WorkflowDefinition {
///     static let workflowType = "Greeting"
///     func run(_ context: WorkflowContext, input: String) async throws -> String {
///         try await context.executeActivity("greet", input: input, returning: String.self,
///                                           options: ActivityOptions(startToCloseTimeout: .seconds(10)))
///     }
/// }
/// ```
public protocol WorkflowDefinition: Sendable {
    associatedtype Input: Codable & Sendable
    associatedtype Output: Codable & Sendable
    /// The name recorded in the history and used to find the code on a worker.
    static var workflowType: String { get }
    /// The workflow body. It must be deterministic: no clocks, randomness or I/O except through `context`.
    func run(_ context: WorkflowContext, input: Input) async throws -> Output
}
