import Foundation
import JSONBytes

extension RoutingWorkflow {
    /// The signals a routing run reads: `approve` and `reject`, each with an optional
    /// `{"note": "..."}`.
    public static let signalNames = [approveSignal, rejectSignal]

    /// What is wrong with sending signal `name` with payload `json` (nil for none) to a routing
    /// run, or nil when it is fine. The CLI checks before sending, where the user can still fix
    /// it; a run that gets a bad payload anyway passes over it and keeps waiting.
    public static func problem(withSignal name: String, json: String?) -> String? {
        guard signalNames.contains(name) else {
            return "a \(workflowType) run reads no signal '\(name)'; its signals are \(signalNames.joined(separator: " and "))"
        }
        guard let json else { return nil }
        guard let value = try? JSONValue.parse(Array(json.utf8)) else { return "the payload is not valid JSON: \(json)" }
        switch value {
        case .null:
            return nil
        case .object(let members):
            if let unknown = members.keys.sorted().first(where: { $0 != "note" }) {
                return "the \(name) payload has an unknown field '\(unknown)'; it is {\"note\": \"text\"}"
            }
            if let note = members["note"], note.stringValue == nil, note != .null {
                return "the note of \(name) must be text, as in {\"note\": \"looks good\"}"
            }
            return nil
        default:
            return "the \(name) payload must be an object such as {\"note\": \"looks good\"}, or nothing"
        }
    }
}
