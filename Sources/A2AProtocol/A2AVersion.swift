import Foundation

/// Reading the `A2A-Version` service parameter.
public enum A2AVersion {
    /// The version this implementation speaks.
    public static let current = "1.0"
    /// The version assumed when the header is missing or empty (spec §3.6).
    public static let legacy = "0.3"
    /// The header (and query parameter) name.
    public static let headerName = "A2A-Version"

    /// The effective version: the value, or "0.3" when missing or empty.
    public static func effective(_ value: String?) -> String {
        let trimmed = value.map { String($0.trimmingSpacesAndTabs()) } ?? ""
        return trimmed.isEmpty ? legacy : trimmed
    }

    /// The major version number, or nil when `version` is malformed.
    public static func major(of version: String) -> Int? {
        Int(version.split(separator: ".", omittingEmptySubsequences: false).first ?? "")
    }

    /// True when `version` is served by 1.0 handlers (major 1).
    public static func isV1(_ version: String) -> Bool { major(of: version) == 1 }

    /// True when `version` is a 0.3 version (`0.3`, `0.3.0`).
    public static func isV03(_ version: String) -> Bool {
        version == "0.3" || version.hasPrefix("0.3.")
    }
}
