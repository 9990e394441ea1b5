import AgentServer
import Foundation

/// The HR and FAQ agents answering with one executor, in this process, on free ports.
struct AgentPair {
    let hr: RunningAgentServer
    let faq: RunningAgentServer
    /// The `--agent-url` flags that point a worker or `route` at the two.
    let flags: [String]

    init(answeringWith executor: SlowAnswerExecutor) throws {
        let hrPort = try freePort(), faqPort = try freePort()
        hr = try startAgent("hr", executor: executor, port: hrPort)
        faq = try startAgent("faq", executor: executor, port: faqPort)
        flags = ["--agent-url", "hr=http://127.0.0.1:\(hrPort)", "--agent-url", "faq=http://127.0.0.1:\(faqPort)"]
    }

    func stop() async {
        await hr.shutdown()
        await faq.shutdown()
    }
}
