/// An event whose attributes are already encoded (and sealed when encryption is on), so that a
/// transaction only writes bytes: encoding happens on the caller's thread, outside the one
/// writer every commit waits for.
struct SealedEvent: Sendable {
    let type: EventType
    let attributes: EventAttributes
    let blob: [UInt8]
}

/// A workflow task's result with every payload its commands write already encoded.
struct PreparedTask: Sendable {
    /// One command with its event and, for an activity, its stored input and options.
    struct Command: Sendable {
        let command: WorkflowCommand
        let event: SealedEvent
        let input: [UInt8]?
        let options: [UInt8]?
    }

    let result: WorkflowTaskResult
    let commands: [Command]
}
