/// A problem talking to Temporal or with what it sent, in words that name it.
public enum TemporalError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A flag or variable is malformed.
    case badSetting(String)
    /// The frontend could not be reached or refused a call.
    case call(rpc: String, address: String, code: String, message: String)
    /// A payload in an encoding this backend does not read.
    case unsupportedPayload(String)
    /// The server sent something this backend cannot use.
    case protocolViolation(String)
    /// The workflow does not exist in the namespace.
    case workflowNotFound(workflowID: String, namespace: String)

    public var description: String {
        switch self {
        case .badSetting(let text): text
        case .call(let rpc, let address, let code, let message):
            "Temporal at \(address): \(rpc) failed (\(code)): \(message)"
        case .unsupportedPayload(let text): text
        case .protocolViolation(let text): "unexpected answer from Temporal: \(text)"
        case .workflowNotFound(let workflowID, let namespace): "no workflow \(workflowID) in namespace \(namespace)"
        }
    }
}
