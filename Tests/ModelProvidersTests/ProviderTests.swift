import AgentTesting
import Foundation
import HTTPClient
import ModelProviders
import Testing

/// Starts a fake OpenAI server, runs `body`, always stops it.
func withFake(_ body: (FakeOpenAIServer) async throws -> Void) async throws {
    let fake = FakeOpenAIServer()
    try fake.start()
    do { try await body(fake) } catch {
        await fake.stop()
        throw error
    }
    await fake.stop()
}

func openAI(_ fake: FakeOpenAIServer, api: String = "chat", key: String = "sk-test-secret") throws -> any ModelProvider {
    try #require(ModelConfiguration.load(
        environment: ["SWITCHBOARD_MODEL": "openai", "OPENAI_BASE_URL": fake.baseURL, "OPENAI_API_KEY": key, "OPENAI_API": api,
                      "OPENAI_MODEL": "gpt-test"], dotEnvFile: nil).makeProvider())
}

let question = ModelRequest(messages: [.system("Be brief."), .user("Hello?")])

@Suite("Model providers against the fake OpenAI server") struct ProviderTests {
    @Test(arguments: ["chat", "responses"])
    func answersWholeAndStreamed(api: String) async throws {
        try await withFake { fake in
            let provider = try openAI(fake, api: api)
            fake.enqueue(.answer("Sixteen weeks of paid leave."), .answer("Sixteen weeks of paid leave."))
            #expect(try await provider.complete(question) == "Sixteen weeks of paid leave.")
            var pieces: [String] = []
            for try await piece in provider.stream(question) { pieces.append(piece) }
            #expect(pieces.count > 1)
            #expect(pieces.joined() == "Sixteen weeks of paid leave.")
            let sent = try JSONSerialization.jsonObject(with: Data(fake.requests[0].body)) as? [String: Any]
            #expect(sent?["model"] as? String == "gpt-test")
            #expect(fake.requests[0].headers["Authorization"] == "Bearer sk-test-secret")
            if api == "responses" { #expect(sent?["instructions"] as? String == "Be brief.") }
        }
    }

    @Test func rateLimitCarriesRetryAfter() async throws {
        try await withFake { fake in
            fake.enqueue(.status(429, retryAfter: "2"))
            let error = await #expect(throws: ModelError.self) { try await openAI(fake).complete(question) }
            #expect(error?.kind == .rateLimited && error?.isRetryable == true)
            #expect(error?.retryAfter == .seconds(2))
        }
    }

    @Test(arguments: [(500, true), (503, true), (408, true), (400, false), (403, false), (404, false), (422, false)])
    func statusesAreClassified(status: Int, retryable: Bool) async throws {
        try await withFake { fake in
            fake.enqueue(.status(status))
            let error = await #expect(throws: ModelError.self) { try await openAI(fake).complete(question) }
            #expect(error?.isRetryable == retryable)
        }
    }

    @Test func unauthorizedNamesTheSettingButNotTheKey() async throws {
        try await withFake { fake in
            fake.enqueue(.status(401), .status(401))
            let provider = try openAI(fake, key: "sk-very-secret-value")
            let error = await #expect(throws: ModelError.self) { try await provider.complete(question) }
            #expect(error?.kind == .unauthorized && error?.isRetryable == false)
            #expect(error?.message.contains("OPENAI_API_KEY") == true)
            #expect(error?.message.contains("sk-very-secret-value") == false)
            #expect(!provider.description.contains("sk-very"))
            await #expect(throws: ModelError.self) { for try await _ in provider.stream(question) {} }
        }
    }

    @Test func aSlowFirstByteAndAStallMidStreamAreWaitedFor() async throws {
        try await withFake { fake in
            fake.enqueue(.delayFirstByte(milliseconds: 400, then: "late but fine"), .stallMidStream("one two three four", milliseconds: 1200))
            let provider = try openAI(fake)
            #expect(try await provider.complete(question) == "late but fine")
            var text = ""
            for try await piece in provider.stream(question) { text += piece }
            #expect(text == "one two three four")
        }
    }

    @Test func aDroppedStreamIsARetryableError() async throws {
        try await withFake { fake in
            fake.enqueue(.dropMidStream("one two three four five six"))
            let error = await #expect(throws: ModelError.self) { for try await _ in try openAI(fake).stream(question) {} }
            #expect(error?.isRetryable == true)
        }
    }

    @Test func invalidJSONIsAnInvalidResponse() async throws {
        try await withFake { fake in
            fake.enqueue(.invalidJSON)
            let error = await #expect(throws: ModelError.self) { try await openAI(fake).complete(question) }
            #expect(error?.kind == .invalidResponse)
        }
    }

    @Test func azureUsesTheDeploymentPathAndApiKeyHeader() async throws {
        try await withFake { fake in
            let provider = try #require(ModelConfiguration.load(environment: [
                "AZURE_OPENAI_ENDPOINT": fake.rootURL, "AZURE_OPENAI_API_VERSION": "2024-10-21",
                "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "gpt-4o-prod", "AZURE_OPENAI_API_KEY": "azure-secret",
            ], dotEnvFile: nil).makeProvider())
            fake.enqueue(.answer("from azure"))
            #expect(try await provider.complete(question) == "from azure")
            let request = try #require(fake.requests.first)
            #expect(request.path == "/openai/deployments/gpt-4o-prod/chat/completions")
            #expect(request.query["api-version"] == "2024-10-21")
            #expect(request.headers["api-key"] == "azure-secret")
            #expect(provider.description == "azure:gpt-4o-prod")
        }
    }

    @Test func azureTokenCommandIsRefreshedBeforeExpiry() async throws {
        try await withFake { fake in
            let counter = TestDirectory.make("sb-token").appendingPathComponent("calls").path
            let soon = Int(Date().timeIntervalSince1970) + 60   // inside the 5-minute refresh margin
            let command = "echo x >> \(counter); echo '{\"accessToken\": \"entra-token\", \"expires_on\": \(soon)}'"
            let provider = try #require(ModelConfiguration.load(environment: [
                "AZURE_OPENAI_ENDPOINT": fake.rootURL, "AZURE_OPENAI_API_VERSION": "2024-10-21",
                "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "gpt-4o", "AZURE_OPENAI_AD_TOKEN_COMMAND": command,
            ], dotEnvFile: nil).makeProvider())
            _ = try await provider.complete(question)
            _ = try await provider.complete(question)
            #expect(fake.requests.allSatisfy { $0.headers["Authorization"] == "Bearer entra-token" })
            let runs = try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count
            #expect(runs == 2, "the token expiring within 5 minutes must be fetched again")
        }
    }
}
