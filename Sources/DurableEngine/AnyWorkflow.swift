/// A workflow definition with its types erased, as a worker keeps it.
package struct AnyWorkflow: Sendable {
    package let workflowType: String
    package let run: @Sendable (WorkflowContext, Payload) async throws -> Payload

    /// The definitions by workflow type, as a worker looks them up.
    package static func byType(_ workflows: [any WorkflowDefinition]) -> [String: AnyWorkflow] {
        var byType: [String: AnyWorkflow] = [:]
        for workflow in workflows {
            let erased = AnyWorkflow(workflow)
            byType[erased.workflowType] = erased
        }
        return byType
    }

    package init<W: WorkflowDefinition>(_ definition: W) {
        workflowType = W.workflowType
        run = { context, input in
            let decoded: W.Input
            do {
                decoded = try input.decodeKept(W.Input.self)   // each replay of the run decodes it no more
            } catch {
                throw ApplicationError(type: "InvalidInput", message: "the input does not decode as \(W.Input.self): \(error)",
                                       nonRetryable: true)
            }
            return try Payload(encoding: try await definition.run(context, input: decoded))
        }
    }
}
