import AgentTesting
import Foundation
import ModelProviders
import Testing

@Suite("Model configuration") struct ConfigurationTests {
    @Test(arguments: [
        ([:], "local"),
        (["OPENAI_API_KEY": "k"], "openai:gpt-4o-mini"),
        (["OPENAI_BASE_URL": "http://127.0.0.1:11434/v1", "OPENAI_MODEL": "llama3"], "openai:llama3"),
        (["AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_VERSION": "2024-10-21",
          "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "gpt-4o", "AZURE_OPENAI_API_KEY": "k", "OPENAI_API_KEY": "o"], "azure:gpt-4o"),
        (["SWITCHBOARD_MODEL": "local", "OPENAI_API_KEY": "k"], "local"),
    ])
    func selection(environment: [String: String], expected: String) throws {
        #expect(try ModelConfiguration.load(environment: environment, dotEnvFile: nil).summary == expected)
    }

    @Test(arguments: [
        (["SWITCHBOARD_MODEL": "gemini"], "SWITCHBOARD_MODEL"),
        (["SWITCHBOARD_MODEL": "openai"], "OPENAI_API_KEY"),
        (["SWITCHBOARD_MODEL": "azure", "AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com"], "AZURE_OPENAI_API_VERSION"),
        (["AZURE_OPENAI_ENDPOINT": "https://x", "AZURE_OPENAI_API_VERSION": "v", "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "d"], "AZURE_OPENAI_API_KEY"),
        (["AZURE_OPENAI_ENDPOINT": "https://x", "AZURE_OPENAI_API_VERSION": "v", "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "d",
          "AZURE_OPENAI_API_KEY": "k", "AZURE_OPENAI_AD_TOKEN": "t"], "only one"),
        (["OPENAI_BASE_URL": "not a url"], "OPENAI_BASE_URL"),
        (["OPENAI_API_KEY": "k", "OPENAI_API": "completions"], "OPENAI_API"),
        // Each of these once reached a force-unwrapped URL and crashed the process.
        (["AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_VERSION": "2024-10-21",
          "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "my deployment", "AZURE_OPENAI_API_KEY": "k"], "AZURE_OPENAI_DEPLOYED_MODEL_NAME"),
        (["AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_VERSION": "2024-10-21",
          "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "gpt/../4o", "AZURE_OPENAI_API_KEY": "k"], "AZURE_OPENAI_DEPLOYED_MODEL_NAME"),
        (["AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com", "AZURE_OPENAI_API_VERSION": "2024-10-21",
          "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "gpt-4o%", "AZURE_OPENAI_API_KEY": "k"], "AZURE_OPENAI_DEPLOYED_MODEL_NAME"),
    ])
    func errorsNameTheVariable(environment: [String: String], variable: String) {
        let error = #expect(throws: ModelConfigurationError.self) { try ModelConfiguration.load(environment: environment, dotEnvFile: nil) }
        #expect(error?.description.contains(variable) == true, "\(error?.description ?? "")")
    }

    /// The endpoint is resolved when the settings are loaded, so making a provider cannot fail.
    @Test func theEndpointIsResolvedAtLoad() throws {
        let azure = try ModelConfiguration.load(environment: [
            "AZURE_OPENAI_ENDPOINT": "https://x.openai.azure.com/", "AZURE_OPENAI_API_VERSION": "2024-10-21",
            "AZURE_OPENAI_DEPLOYED_MODEL_NAME": "gpt-4o.mini_2", "AZURE_OPENAI_API_KEY": "k",
        ], dotEnvFile: nil)
        #expect(azure.endpoint?.absoluteString
            == "https://x.openai.azure.com/openai/deployments/gpt-4o.mini_2/chat/completions?api-version=2024-10-21")
        let responses = try ModelConfiguration.load(environment: ["OPENAI_API_KEY": "k", "OPENAI_API": "responses"], dotEnvFile: nil)
        #expect(responses.endpoint?.absoluteString == "https://api.openai.com/v1/responses")
        #expect(try ModelConfiguration.load(environment: [:], dotEnvFile: nil).endpoint == nil)
    }

    @Test func dotEnvIsReadAndTheEnvironmentWins() throws {
        let file = TestDirectory.make("sb-env").appendingPathComponent(".env")
        try """
        # comment
        export OPENAI_API_KEY="from-file"
        OPENAI_MODEL='gpt-file'
        OPENAI_BASE_URL=http://127.0.0.1:9/v1  # trailing comment
        """.write(to: file, atomically: true, encoding: .utf8)
        let configuration = try ModelConfiguration.load(environment: ["OPENAI_MODEL": "gpt-env"], dotEnvFile: file)
        #expect(configuration.kind == .openai)
        #expect(configuration.settings["OPENAI_API_KEY"] == "from-file")
        #expect(configuration.settings["OPENAI_BASE_URL"] == "http://127.0.0.1:9/v1")
        #expect(configuration.openAIModel == "gpt-env")
    }

    @Test(arguments: ["JUST TEXT", "1BAD-NAME=x", "KEY=\"unterminated"])
    func malformedDotEnvLinesAreReported(line: String) {
        let error = #expect(throws: ModelConfigurationError.self) { try DotEnvFile.parse("OK=1\n\(line)\n", source: ".env") }
        #expect(error?.description.contains(".env line 2") == true)
    }
}
