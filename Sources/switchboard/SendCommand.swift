import A2AClient
import A2AProtocol
import ArgumentParser
import Foundation
import HTTPClient

/// `switchboard send URL "question"`: talks to any A2A agent and prints the answer as it streams.
struct SendCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send", abstract: "Send a message to any A2A agent and print the streamed answer as it arrives.")

    @Argument(help: "The agent's base URL, e.g. http://127.0.0.1:9101")
    var url: String

    @Argument(help: "The message text.")
    var text: String

    @Option(help: "A bearer token for the agent. It shows in `ps`: prefer --token-file or SWITCHBOARD_AGENT_TOKEN.")
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp("Read the bearer token from this file.", valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("message-id"), help: "The A2A messageId (default: a new UUID); reuse it to get the same task back.")
    var messageID: String?

    func validate() throws {
        guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
            throw ValidationError("'\(url)' is not an http(s) URL")
        }
        guard !text.isEmpty else { throw ValidationError("the message is empty") }
    }

    func run() async throws {
        let bearer = try BearerToken.fromOptions(token: token, file: tokenFile)
        let client = A2AClient(baseURL: URL(string: url)!, bearerToken: bearer)
        let message = Message(messageId: messageID ?? UUID().uuidString.lowercased(), role: .user, parts: [Part(.text(text))])
        var state: TaskState?
        do {
            for try await event in client.stream(message) {
                switch event {
                case .task(let task):
                    state = task.status.state
                    note("task \(task.id): \(task.status.state.rawValue)")
                    if task.status.state.isTerminal, let artifacts = task.artifacts {
                        print(artifacts.flatMap(\.parts).compactMap(\.text).joined(), terminator: "")
                    }
                case .message(let reply):
                    print(reply.text, terminator: "")
                    state = .completed
                case .artifactUpdate(let update):
                    print(update.artifact.parts.compactMap(\.text).joined(), terminator: "")
                    fflush(nil)
                case .statusUpdate(let update):
                    state = update.status.state
                    if let text = update.status.message?.text, !text.isEmpty { note("\(update.status.state.rawValue): \(text)") }
                }
            }
        } catch {
            note("error: \(error)")
            throw ExitCodes.workflowFailed
        }
        print("")
        note("final state: \(state?.rawValue ?? "unknown")")
        if state != .completed { throw ExitCodes.workflowFailed }
    }
}
