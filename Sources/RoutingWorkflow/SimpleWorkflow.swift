import DurableEngine

/// The seed's single-step workflow: renders `prompts/simple.jinja2` (translate to Japanese)
/// and sends it to the configured language model.
public struct SimpleWorkflow: WorkflowDefinition {
    public static let workflowType = "SimpleWorkflow"

    public init() {}

    public func run(_ context: WorkflowContext, input: String) async throws -> String {
        try await context.executeActivity(
            RoutingActivityName.translate, input: input, returning: String.self,
            options: RoutingActivityOptions.model)
    }
}
