@testable import AgentServer
import Testing

/// The request log line's duration: milliseconds rounded to a tenth.
@Suite struct RequestLogTests {
    @Test(arguments: [
        (0.0, "0.0"), (0.04, "0.0"), (0.06, "0.1"), (0.449, "0.4"), (0.96, "1.0"), (1.0, "1.0"), (9.96, "10.0"),
        (12.34, "12.3"), (1234.56, "1234.6"),
    ])
    func tenths(millis: Double, expected: String) {
        #expect(A2AAgentResponder.tenths(millis) == expected)
    }
}
