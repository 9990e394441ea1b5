import Foundation

/// `switchboard` child processes for the benchmarks: the binary next to this one, on the local
/// model, logging warnings only.
enum SwitchboardProcess {
    /// The `switchboard` binary beside the benchmark's.
    /// - Throws: when it was not built (`make release`).
    static func binary() throws -> URL {
        let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("switchboard")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw BenchmarkError(message: "build switchboard next to the benchmark first (\(binary.path))")
        }
        return binary
    }

    /// Starts `switchboard arguments` with `environment` added, and returns it once its stderr
    /// has said `readyLine`. Nobody reads stderr after that: request log lines would fill the pipe.
    static func launch(_ arguments: [String], environment extra: [String: String] = [:],
                       readyLine: String) throws -> Process {
        let process = try make(arguments, environment: extra)
        let stderr = Pipe()
        process.standardError = stderr
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var log = ""
        while !log.contains(readyLine) {
            let chunk = stderr.fileHandleForReading.availableData
            guard !chunk.isEmpty else {
                process.waitUntilExit()
                throw BenchmarkError(message: "switchboard \(arguments.first ?? "") exited: \(log)")
            }
            log += String(decoding: chunk, as: UTF8.self)
        }
        return process
    }

    /// Runs `switchboard arguments` to its end, its output discarded; its wall time in milliseconds.
    /// - Throws: when it exits with another status than 0.
    static func timedRun(_ arguments: [String]) throws -> Double {
        let process = try make(arguments, environment: [:])
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        let started = ContinuousClock.now
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError(message: "switchboard \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return started.duration(to: .now).seconds * 1000
    }

    /// The process, not yet started, with the environment every benchmark gives it.
    private static func make(_ arguments: [String], environment extra: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = try binary()
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["SWITCHBOARD_MODEL"] = "local"
        environment["SWITCHBOARD_LOG_LEVEL"] = "warning"
        environment.merge(extra) { $1 }
        process.environment = environment
        return process
    }

    /// Stops `process` and waits for it.
    static func stop(_ process: Process) {
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
