/// Why a group of child processes did not come up.
public enum SupervisionError: Error, CustomStringConvertible, Equatable {
    /// A child exited while the group was starting.
    case childExited(name: String)
    /// The readiness check still named `waitingFor` when `timeout` ran out.
    case notReady(timeout: Duration, waitingFor: [String])
    /// A child's log file could not be created.
    case cannotCreateLog(path: String)

    public var description: String {
        switch self {
        case .childExited(let name):
            "the \(name) exited during start-up; see its log"
        case .notReady(let timeout, let waitingFor):
            "the system did not become ready within \(timeout) (waiting for: \(waitingFor.joined(separator: ", ")))"
        case .cannotCreateLog(let path):
            "cannot create the log file \(path); check that its directory exists and is writable"
        }
    }
}
