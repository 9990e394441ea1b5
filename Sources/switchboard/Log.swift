import Foundation
import Logging

/// Loggers that write to stderr, so stdout stays for results. `SWITCHBOARD_LOG_LEVEL`
/// (trace, debug, info, notice, warning, error) sets the level; `defaultLevel` otherwise
/// (notice, or info for an agent, whose info lines are its request log).
enum Log {
    static func make(_ label: String, defaultLevel: Logger.Level = .notice) -> Logger {
        var logger = Logger(label: label, factory: { StreamLogHandler.standardError(label: $0) })
        let level = ProcessInfo.processInfo.environment["SWITCHBOARD_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:))
        logger.logLevel = level ?? defaultLevel
        return logger
    }
}
