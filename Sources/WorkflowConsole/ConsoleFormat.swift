import DurableEngine
import Foundation

/// How the console writes times and durations.
enum ConsoleFormat {
    /// `2026-12-07 18:04:05 UTC`.
    static func time(_ date: Date) -> String {
        let rfc3339 = TemporalJSON.time(date)   // 2026-12-07T18:04:05.123Z
        return rfc3339.prefix(10) + " " + rfc3339.dropFirst(11).prefix(8) + " UTC"
    }

    /// `850 ms`, `4.2 s`, `3 min 5 s`, `2 h 4 min`.
    static func duration(_ seconds: Double) -> String {
        let seconds = max(0, seconds)
        if seconds < 1 { return "\(Int((seconds * 1000).rounded())) ms" }
        if seconds < 60 { return "\((seconds * 10).rounded() / 10) s" }
        if seconds < 3600 { return "\(Int(seconds) / 60) min \(Int(seconds) % 60) s" }
        return "\(Int(seconds) / 3600) h \(Int(seconds) % 3600 / 60) min"
    }
}
