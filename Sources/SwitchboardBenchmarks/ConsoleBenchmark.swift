import DurableEngine
import HTTPServerCore
import Foundation

/// `switchboard console` (the release binary, in its own process) over a history of 100,000
/// workflows: time to the first byte of the list API and of the list page, a workflow page with
/// a 1,000-event history, how long after a close is committed the live stream says so, and
/// the console's RSS.
let consoleBenchmark = Benchmark(name: "console", summary: "web console: list over 100k runs, 1,000-event page, live update, RSS") {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("sb-console-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let path = directory.appendingPathComponent("history.db").path
    let client = WorkflowClient(store: try WorkflowStore(path: path, durability: .normal))
    let inserted = Date()
    for index in 0..<100_000 {
        try client.start(ListedWorkflow.self, input: index, id: "w-\(index)")
        if index % 10 == 0 { try client.terminate(workflowID: "w-\(index)") }
    }
    try client.start(ListedWorkflow.self, input: 0, id: "big")
    for index in 0..<999 { try client.signal(workflowID: "big", name: "tick", payload: index) }
    print("  seeded 100,000 workflows (a tenth terminated) and one with 1,000 events in "
          + "\(String(format: "%.1f", Date().timeIntervalSince(inserted))) s")

    let port = try LoopbackPort.free()
    let console = try SwitchboardProcess.launch(["console", "--db", path, "--port", String(port)], readyLine: "console on")
    defer { SwitchboardProcess.stop(console) }
    _ = try ConsoleProbe.firstByte(port: port, path: "/")
    let idle = try ResidentMemory(process: String(console.processIdentifier))
    print("  idle RSS after one page: \(String(format: "%.1f", idle.total)) MB")

    for (label, path) in [("list API, 50 rows", "/api/v1/namespaces/default/workflows?pageSize=50"),
                          ("list page with counts, 50 rows", "/"),
                          ("workflow page, 1,000-event history", "/workflow?id=big")] {
        var firstBytes: [Double] = [], totals: [Double] = []
        for _ in 0..<200 {
            let timing = try ConsoleProbe.firstByte(port: port, path: path)
            firstBytes.append(timing.firstByte)
            totals.append(timing.total)
        }
        firstBytes.sort()
        totals.sort()
        func ms(_ values: [Double], _ fraction: Double) -> String {
            String(format: "%.2f", values[min(values.count - 1, Int(Double(values.count) * fraction))] * 1000)
        }
        print("  \(label): first byte p50 \(ms(firstBytes, 0.5)) ms p99 \(ms(firstBytes, 0.99)) ms; "
              + "whole response p50 \(ms(totals, 0.5)) ms p99 \(ms(totals, 0.99)) ms")
    }

    let stream = try ConsoleProbe.EventStream(port: port, path: "/events/workflows")
    try stream.waitForChanges(1)
    // Back to back (a close as soon as the last one was announced: the stream's 50 ms rate
    // limit shows), then one close every 200 ms (what a person watching sees).
    for (label, gap, offset) in [("back to back", 0, 1), ("one every 200 ms", 200, 2)] {
        var delays: [Double] = []
        for index in 0..<20 {
            if gap > 0 { usleep(UInt32(gap * 1000)) }
            let before = stream.changes
            try client.terminate(workflowID: "w-\(index * 10 + offset)")
            let committed = DispatchTime.now().uptimeNanoseconds
            try stream.waitForChanges(before + 1)
            delays.append(Double(stream.lastChangeNanoseconds - committed) / 1_000_000)
        }
        delays.sort()
        print("  live update after a close is committed in another process, \(label): "
              + "p50 \(String(format: "%.1f", delays[10])) ms, max \(String(format: "%.1f", delays.last ?? 0)) ms")
    }
    let busy = try ResidentMemory(process: String(console.processIdentifier))
    print("  RSS after the runs above: \(String(format: "%.1f", busy.total)) MB")
}

/// A workflow type that only the benchmark's history holds: no worker runs it.
private struct ListedWorkflow: WorkflowDefinition {
    static let workflowType = "Listed"
    func run(_ context: WorkflowContext, input: Int) async throws -> Int { input }
}
