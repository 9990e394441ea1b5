import Foundation
import JSONBytes

/// Prometheus text read by the official parser, `prometheus_client.parser.text_string_to_metric_families`
/// from PyPI, run by the Python that `SWITCHBOARD_PYTHON` names (`make python-deps` installs it).
public struct PrometheusText: Sendable {
    /// One sample: its name (with `_total`, `_bucket`, ...), its family's type, labels and value.
    public struct Sample: Sendable {
        public let name: String
        public let type: String
        public let labels: [String: String]
        public let value: Double
    }

    public let samples: [Sample]

    /// The Python with `prometheus_client`, or nil with the reason it cannot be had.
    public static let python: Result<String, PythonUnavailable> = {
        guard let path = ProcessInfo.processInfo.environment["SWITCHBOARD_PYTHON"], !path.isEmpty else {
            return .failure(PythonUnavailable(reason: "SWITCHBOARD_PYTHON is not set; run `make python-deps` and set it"))
        }
        let check = Process()
        check.executableURL = URL(fileURLWithPath: path)
        check.arguments = ["-c", "import prometheus_client.parser"]
        check.standardOutput = FileHandle.nullDevice
        check.standardError = FileHandle.nullDevice
        do {
            try check.run()
            check.waitUntilExit()
        } catch {
            return .failure(PythonUnavailable(reason: "\(path) cannot run: \(error)"))
        }
        guard check.terminationStatus == 0 else {
            return .failure(PythonUnavailable(reason: "\(path) has no prometheus_client; run `make python-deps`"))
        }
        return .success(path)
    }()

    /// True when the parser can run (for `.enabled(if:)`).
    public static var isAvailable: Bool { (try? python.get()) != nil }

    /// Why the parser cannot run, or "" when it can (the comment of a skipped test).
    public static var unavailableReason: String {
        if case .failure(let failure) = python { return failure.reason }
        return ""
    }

    /// Why the parser cannot run.
    public struct PythonUnavailable: Error, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    private static let script = #"""
    import json, sys
    from prometheus_client.parser import text_string_to_metric_families
    with open(sys.argv[1], encoding="utf-8") as f:
        text = f.read()
    samples = []
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            samples.append({"name": s.name, "type": family.type, "labels": s.labels, "value": s.value})
    print(json.dumps(samples))
    """#

    /// Parses `text` with the official parser.
    /// - Throws: when Python is unavailable or the parser rejects the text (its error is in the message).
    public init(parsing text: String) async throws {
        let python = try Self.python.get()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("prometheus-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let scriptURL = directory.appendingPathComponent("parse.py")
        let textURL = directory.appendingPathComponent("metrics.txt")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        try text.write(to: textURL, atomically: true, encoding: .utf8)
        let parser = try LaunchedProcess("prometheus_client parser", executable: URL(fileURLWithPath: python),
                                         arguments: [scriptURL.path, textURL.path])
        let status = try await parser.exitStatus(timeout: .seconds(30))
        guard status == 0 else {
            throw LaunchedProcess.Failure("prometheus_client rejected the metrics (exit \(status)): \(parser.text.suffix(2000))")
        }
        guard case .array(let items) = try JSONValue.parse(Array(parser.standardOutput.utf8)) else {
            throw LaunchedProcess.Failure("the parser script printed no list: \(parser.standardOutput.prefix(500))")
        }
        samples = items.map { item in
            var labels: [String: String] = [:]
            if case .object(let members)? = item["labels"] {
                for (key, value) in members { if case .string(let text) = value { labels[key] = text } }
            }
            var value = Double.nan
            if case .number(let number)? = item["value"] { value = number }
            return Sample(name: item["name"]?.stringValue ?? "", type: item["type"]?.stringValue ?? "", labels: labels,
                          value: value)
        }
    }

    /// The sum of the samples named `name` whose labels include `labels` (0 when none match).
    public func sum(_ name: String, _ labels: [String: String] = [:]) -> Double {
        samples.filter { sample in sample.name == name && labels.allSatisfy { sample.labels[$0.key] == $0.value } }
            .reduce(0) { $0 + $1.value }
    }

    /// True when some sample is named `name`.
    public func has(_ name: String) -> Bool { samples.contains { $0.name == name } }
}
