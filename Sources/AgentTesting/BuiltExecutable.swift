import Foundation

/// Executables of this package (`switchboard`, `DurableTestWorker`) for end-to-end tests: the
/// build puts them in the directory of the running test binary.
public enum BuiltExecutable {
    /// The executable `name` next to the test binary.
    public static func url(_ name: String) -> URL {
        directory.appendingPathComponent(name)
    }

    /// The directory of the running test binary (`/proc/self/exe`, resolved).
    public static let directory: URL = {
        let path = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        return URL(fileURLWithPath: path).deletingLastPathComponent()
    }()
}
