import Foundation

/// A process's resident memory from `/proc/<pid>/status`, in MB.
struct ResidentMemory {
    var total: Double
    var anonymous: Double
    var files: Double

    /// `process` is a pid, or `self`.
    init(process: String = "self") throws {
        guard let status = try? String(contentsOfFile: "/proc/\(process)/status", encoding: .utf8) else {
            throw BenchmarkError(message: "cannot read /proc/\(process)/status")
        }
        func megabytes(_ key: String) -> Double {
            let line = status.split(separator: "\n").first { $0.hasPrefix(key + ":") } ?? ""
            return (Double(line.split(separator: " ").dropFirst().first ?? "0") ?? 0) / 1024
        }
        total = megabytes("VmRSS")
        anonymous = megabytes("RssAnon")
        files = megabytes("RssFile")
    }
}

/// This process's RSS in MB (0 if /proc cannot be read).
func residentMegabytes() -> Double { (try? ResidentMemory())?.total ?? 0 }
