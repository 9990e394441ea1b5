import Foundation
import Logging
import Synchronization

extension WordNet {
    /// The directories already warned about, so a process says it once per directory.
    private static let warned = Mutex<Set<String>>([])

    /// WordNet for the local model, found as `locate` finds it. When it is missing, logs a
    /// warning that names the directory and the package (once per directory and process) and
    /// returns nil: the model then matches the knowledge's own words only.
    public static func forLocalModel(environment: [String: String] = ProcessInfo.processInfo.environment,
                                     logger: Logger = Logger(label: "switchboard.local-model")) -> WordNet? {
        do {
            return try locate(environment: environment)
        } catch let error as WordNetError {
            if warned.withLock({ $0.insert(error.directory).inserted }) { logger.warning("\(error.description)") }
            return nil
        } catch {
            logger.warning("WordNet: \(error)")
            return nil
        }
    }
}
