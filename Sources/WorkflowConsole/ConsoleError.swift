import DurableEngine

/// A request the console cannot serve, with the HTTP status, the gRPC-style code Temporal's
/// HTTP API puts in its error bodies, and a message that names the problem.
struct ConsoleError: Error, CustomStringConvertible {
    var status: Int
    var code: Int
    var message: String

    var description: String { message }

    static func badRequest(_ message: String) -> ConsoleError { ConsoleError(status: 400, code: 3, message: message) }
    static func notFound(_ message: String) -> ConsoleError { ConsoleError(status: 404, code: 5, message: message) }
    static func forbidden(_ message: String) -> ConsoleError { ConsoleError(status: 403, code: 7, message: message) }
    static func unauthenticated(_ message: String) -> ConsoleError { ConsoleError(status: 401, code: 16, message: message) }
    static func unavailable(_ message: String) -> ConsoleError { ConsoleError(status: 503, code: 14, message: message) }

    /// The console's reading of an error thrown by the engine or the store.
    static func from(_ error: any Error) -> ConsoleError {
        switch error {
        case let error as ConsoleError: return error
        case let error as WorkflowNotFound: return .notFound(error.description)
        case let error as WorkflowAlreadyStarted: return ConsoleError(status: 409, code: 6, message: error.description)
        case let error as EncryptedPayloadError: return ConsoleError(status: 422, code: 9, message: error.description)
        case let error as StoreError where error.description.hasPrefix("cannot "):
            // "cannot signal workflow X: it is completed"
            return ConsoleError(status: 409, code: 9, message: error.description)
        default: return .unavailable("\(error)")
        }
    }
}
