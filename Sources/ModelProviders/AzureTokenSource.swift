import Foundation
import JSONBytes
import Subprocess

/// Runs a command that prints a Microsoft Entra access token (for example
/// `az account get-access-token --resource https://cognitiveservices.azure.com -o json`) and
/// caches the token until five minutes before it expires (45 minutes when no expiry is given).
///
/// The command runs through swift-subprocess, whose I/O is asynchronous, so no thread of the
/// cooperative pool blocks on it; one that runs past `timeout` is killed and reported.
/// Concurrent requests for a token share one run of the command.
actor AzureTokenSource {
    let command: String
    let timeout: Duration
    private var cached: (token: String, refreshAt: Date)?
    private var running: Task<(String, Date?), any Error>?

    /// The most output read from the command; a token is a few kilobytes.
    static let outputLimit = 1 << 20

    init(command: String, timeout: Duration = .seconds(30)) {
        self.command = command
        self.timeout = timeout
    }

    /// A valid token, running the command when none is cached or the cached one is about to expire.
    /// - Throws: `ModelError` when the command cannot start, fails, times out or prints no token.
    func token() async throws -> String {
        if let cached, cached.refreshAt > Date() { return cached.token }
        let run = running ?? Task { [command, timeout] in try await Self.run(command, timeout: timeout) }
        running = run
        defer { running = nil }
        let (token, expiry) = try await run.value
        let refreshAt = expiry.map { $0.addingTimeInterval(-300) } ?? Date().addingTimeInterval(45 * 60)
        cached = (token, refreshAt)
        return token
    }

    private static func run(_ command: String, timeout: Duration) async throws -> (String, Date?) {
        let output = try await withThrowingTaskGroup(of: String?.self) { group in
            group.addTask {
                var options = PlatformOptions()
                options.teardownSequence = [.gracefulShutDown(allowedDurationToNextStep: .seconds(1))]
                let result = try await Self.catchingLaunch {
                    try await Subprocess.run(.path("/bin/sh"), arguments: ["-c", command], platformOptions: options,
                                             output: .string(limit: outputLimit), error: .discarded)
                }
                guard case .exited(0) = result.terminationStatus else {
                    throw ModelError(kind: .unauthorized, message: "AZURE_OPENAI_AD_TOKEN_COMMAND failed (\(result.terminationStatus))")
                }
                return result.standardOutput
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let output = first else {
                throw ModelError(kind: .unauthorized, message: "AZURE_OPENAI_AD_TOKEN_COMMAND printed no token within \(timeout); it was stopped")
            }
            return output
        }
        return try parse(output)
    }

    /// Runs `body`, turning a failure to launch (or an output over the limit) into a `ModelError`.
    private static func catchingLaunch<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            throw ModelError(kind: .notConfigured, message: "AZURE_OPENAI_AD_TOKEN_COMMAND could not be run: \(error)")
        }
    }

    /// The token in the command's output: `az`'s JSON (`accessToken`, `expires_on`) or the bare token.
    static func parse(_ output: String) throws -> (String, Date?) {
        let text = output.trimmingCharacters(in: .whitespacesAndNewlines)
        if let object = try? JSONValue.parse(Array(text.utf8)), let token = object["accessToken"]?.stringValue {
            var expiry: Date?
            switch object["expires_on"] {
            case .number(let epoch)?: expiry = Date(timeIntervalSince1970: epoch)
            case .string(let epoch)?: expiry = Double(epoch).map { Date(timeIntervalSince1970: $0) }
            default: break
            }
            return (token, expiry)
        }
        guard !text.isEmpty, !text.contains(where: \.isWhitespace) else {
            throw ModelError(kind: .unauthorized, message: "AZURE_OPENAI_AD_TOKEN_COMMAND printed no token")
        }
        return (text, nil)
    }
}
