/// Runs one workflow task: history in, commands and an outcome out. It knows nothing of the
/// store or of scheduling, so the same code can serve another backend.
package enum WorkflowRuntime {
    package static func runTask(_ workflow: AnyWorkflow, workflowID: String, runID: String, history: [HistoryEvent]) async
        -> WorkflowTaskResult
    {
        let context = WorkflowContext(workflowID: workflowID, runID: runID, workflowType: workflow.workflowType,
                                      history: history)
        let input = history.first?.attributes.input ?? Payload(data: Array("null".utf8))
        var outcome: WorkflowTaskOutcome
        do {
            outcome = .completed(try await workflow.run(context, input))
        } catch is WorkflowCancelled {
            outcome = .canceled
        } catch is WorkflowSuspension where context.suspended || context.continueAsNewInput != nil {
            outcome = .blocked   // decided below; describing the error would be wasted work
        } catch {
            outcome = .failed(ActivityFailureInfo(error))
        }
        let instead: String = if context.continueAsNewInput != nil {
            "ContinueAsNewWorkflowExecution"
        } else {
            switch outcome {
            case .blocked: "no further command (it waits)"
            case .completed: "CompleteWorkflowExecution"
            case .failed: "FailWorkflowExecution"
            case .canceled: "CancelWorkflowExecution"
            case .continuedAsNew: "ContinueAsNewWorkflowExecution"
            }
        }
        context.checkEveryCommandReplayed(instead: instead)
        // What the context saw wins over what the code did with it (a `try?` cannot hide a wait).
        if let nonDeterminism = context.nonDeterminism {
            return WorkflowTaskResult(
                commands: [], outcome: .failed(ActivityFailureInfo(type: "NonDeterminismError", message: nonDeterminism.description,
                                                                  nonRetryable: true)),
                queryValues: context.queryValues)
        }
        if let next = context.continueAsNewInput {
            outcome = .continuedAsNew(next)
        } else if context.suspended {
            outcome = .blocked
        }
        return WorkflowTaskResult(commands: context.commands, outcome: outcome, queryValues: context.queryValues)
    }
}
