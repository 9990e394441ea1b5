import AgentTesting
import Foundation
import Testing

/// An agent process that runs out of file descriptors must keep serving the connections it has,
/// not spin on accept() and fill the disk with log lines, and accept again once they close.
@Suite("An agent out of file descriptors", .serialized) struct DescriptorExhaustionTests {
    /// User plus system CPU seconds the process has used (/proc/PID/stat fields 14 and 15).
    static func cpuSeconds(_ pid: Int32) throws -> Double {
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.index(after: try #require(stat.lastIndex(of: ")")))...].split(separator: " ")
        return (Double(fields[11])! + Double(fields[12])!) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    @Test func acceptBacksOffInsteadOfSpinningAndRecovers() async throws {
        let port = try freePort()
        let agent = try Switchboard.launch("hr", ["agent", "hr", "--port", "\(port)", "--rate-limit", "0"])
        try await agent.waitFor("listening")
        let pid = agent.processIdentifier
        // Lower the running agent's descriptor limit from outside, as `prlimit --nofile` does.
        let limiter = try LaunchedProcess("prlimit", executable: URL(fileURLWithPath: "/usr/bin/prlimit"),
                                          arguments: ["--pid", "\(pid)", "--nofile=48:48"])
        try #require(try await limiter.exitStatus() == 0, "prlimit failed: \(limiter.text)")

        do {
            let (held, cpu) = try await LoopbackHTTPClient.onThread { () -> ([LoopbackConnection], Double) in
                // Far more connections than descriptors: the kernel completes them in the backlog.
                let connections = try (0..<120).map { _ in try LoopbackConnection(port: port) }
                let before = try Self.cpuSeconds(pid)
                Thread.sleep(forTimeInterval: 2)   // a measurement window, not synchronisation
                return (connections, try Self.cpuSeconds(pid) - before)
            }
            // Spinning used a whole core (2 s of CPU in 2 s); backing off uses almost none.
            #expect(cpu < 0.5, "the agent used \(cpu) s of CPU in 2 s with no descriptors left")
            let warnings = agent.text.components(separatedBy: "accept() failed").count - 1
            #expect((1...2).contains(warnings), "\(warnings) accept() warnings in 2 s:\n\(agent.text.suffix(2000))")
            withExtendedLifetime(held) {}
        }
        // With the descriptors back, new connections are served again.
        let served = await eventually(timeout: .seconds(20), every: .milliseconds(100)) {
            (try? await LoopbackHTTPClient.request(port: port, path: "/.well-known/agent-card.json", timeout: 2))?.status == 200
        }
        #expect(served)
    }
}
