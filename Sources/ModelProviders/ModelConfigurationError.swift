/// The model settings are missing, malformed or contradictory; the message names the variable.
public struct ModelConfigurationError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String
    public init(_ description: String) { self.description = description }
}
