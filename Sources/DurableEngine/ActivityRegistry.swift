import Foundation
import Synchronization

/// The activities a worker can run, by type name.
public final class ActivityRegistry: Sendable {
    package typealias Body = @Sendable (Payload, ActivityContext) async throws -> Payload
    private let activities = Mutex<[String: Body]>([:])

    public init() {}

    /// Registers `body` under `activityType`.
    public func register<I: Codable & Sendable, O: Codable & Sendable>(
        _ activityType: String, _ body: @escaping @Sendable (I, ActivityContext) async throws -> O
    ) {
        let erased: Body = { payload, context in
            let input: I
            do {
                input = try payload.decodeKept(I.self)
            } catch {
                throw ApplicationError(type: "InvalidInput", message: "input of \(activityType) does not decode: \(error)",
                                       nonRetryable: true)
            }
            return try Payload(encodingKept: try await body(input, context))
        }
        activities.withLock { $0[activityType] = erased }
    }

    package func body(for activityType: String) -> Body? { activities.withLock { $0[activityType] } }

    /// True when nothing is registered.
    var isEmpty: Bool { activities.withLock { $0.isEmpty } }

    /// The registered type names.
    public var activityTypes: [String] { activities.withLock { $0.keys.sorted() } }
}
