import Foundation

/// Runs the benchmark `name` in a child process of this binary and prints its lines, so that a
/// memory figure is the RSS of a process that did only that.
func runInFreshProcess(_ name: String) throws {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
    process.arguments = [name]
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw BenchmarkError(message: "\(name) exited with status \(process.terminationStatus)")
    }
    for line in output.split(separator: "\n") where !line.hasPrefix("==") { print(line) }
}
