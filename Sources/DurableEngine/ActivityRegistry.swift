import Foundation

/// The activities a worker can run, by type name.
public final class ActivityRegistry: @unchecked Sendable {
    // @unchecked Sendable: `activities` is filled before the worker starts and only read after;
    // registration is guarded by `lock` all the same.
    typealias Body = @Sendable (Payload, ActivityContext) async throws -> Payload
    private let lock = NSLock()
    private var activities: [String: Body] = [:]

    public init() {}

    /// Registers `body` under `activityType`.
    public func register<I: Codable & Sendable, O: Codable & Sendable>(
        _ activityType: String, _ body: @escaping @Sendable (I, ActivityContext) async throws -> O
    ) {
        let erased: Body = { payload, context in
            let input: I
            do {
                input = try payload.decode(I.self)
            } catch {
                throw ApplicationError(type: "InvalidInput", message: "input of \(activityType) does not decode: \(error)",
                                       nonRetryable: true)
            }
            return try Payload(encoding: try await body(input, context))
        }
        lock.withLock { activities[activityType] = erased }
    }

    func body(for activityType: String) -> Body? { lock.withLock { activities[activityType] } }

    /// True when nothing is registered.
    var isEmpty: Bool { lock.withLock { activities.isEmpty } }

    /// The registered type names.
    public var activityTypes: [String] { lock.withLock { activities.keys.sorted() } }
}
