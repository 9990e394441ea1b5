/// A setting of the router (agent URLs, default agent, paths) is wrong; the message names it.
public struct RoutingConfigurationError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
