import AgentTesting
import Foundation
import Testing
@testable import ModelProviders

/// The Entra token command runs off the cooperative pool, with a deadline, once per refresh.
@Suite struct AzureTokenSourceTests {
    @Test func aCommandThatHangsIsStoppedAtTheTimeout() async throws {
        let source = AzureTokenSource(command: "sleep 30", timeout: .milliseconds(300))
        let started = ContinuousClock.now
        let error = await #expect(throws: ModelError.self) { try await source.token() }
        #expect(error?.description.contains("AZURE_OPENAI_AD_TOKEN_COMMAND") == true)
        #expect(ContinuousClock.now - started < .seconds(10), "the hung command must not be waited for")
    }

    @Test func aFailingCommandIsAnAuthorizationError() async throws {
        let source = AzureTokenSource(command: "echo nope >&2; exit 3")
        let error = await #expect(throws: ModelError.self) { try await source.token() }
        #expect(error?.kind == .unauthorized)
        #expect(error?.description.contains("3") == true)
    }

    @Test func concurrentRequestsShareOneRun() async throws {
        let counter = TestDirectory.make("sb-token-share").appendingPathComponent("calls").path
        let source = AzureTokenSource(command: "echo x >> \(counter); sleep 0.2; echo shared-token")
        let tokens = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<8 { group.addTask { try await source.token() } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(tokens == Array(repeating: "shared-token", count: 8))
        let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
        #expect(runs == 1)
    }

    @Test(arguments: [
        (#"{"accessToken": "a.b.c", "expires_on": 1900000000}"#, "a.b.c", 1_900_000_000.0),
        (#"{"accessToken": "t", "expires_on": "1900000000"}"#, "t", 1_900_000_000.0),
        ("bare-token\n", "bare-token", nil),
    ])
    func outputIsParsed(output: String, token: String, expiry: Double?) throws {
        let (parsed, date) = try AzureTokenSource.parse(output)
        #expect(parsed == token)
        #expect(date?.timeIntervalSince1970 == expiry)
    }

    @Test func outputWithSpacesIsNoToken() {
        #expect(throws: ModelError.self) { try AzureTokenSource.parse("Please run az login") }
    }
}
