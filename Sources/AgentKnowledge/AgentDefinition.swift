import Foundation
import Yams

/// An agent as defined by a file under `agents/`: who it is, where it listens, what it knows.
/// Adding an agent is adding such a file (and its knowledge); no code changes.
public struct AgentDefinition: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String
    public var version: String
    public var port: Int
    public var skills: [AgentSkill]
    /// The persona prompt template, relative to the project root, e.g. `prompts/hr_agent.jinja2`.
    public var personaPrompt: String
    /// Knowledge files (markdown with `##` sections), relative to the agents directory.
    public var knowledge: [String]
    /// The name of the environment variable that holds the agent's bearer token (`token_env`),
    /// never the token itself; see `tokenVariables`.
    public var tokenVariable: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, name, description, version, port, skills, knowledge
        case personaPrompt = "persona_prompt"
        case tokenVariable = "token_env"
    }

    public init(id: String, name: String, description: String, version: String, port: Int, skills: [AgentSkill],
                personaPrompt: String, knowledge: [String], tokenVariable: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.version = version
        self.port = port
        self.skills = skills
        self.personaPrompt = personaPrompt
        self.knowledge = knowledge
        self.tokenVariable = tokenVariable
    }

    /// The environment variables that may hold this agent's bearer token, first match wins:
    /// its `token_env`, then `SWITCHBOARD_AGENT_TOKEN_<ID>` (`hr` gives `..._HR`), then the shared
    /// `SWITCHBOARD_AGENT_TOKEN`. The agent and the router read the same ones.
    public var tokenVariables: [String] {
        let suffix = String(id.uppercased().map { $0.isLetter || $0.isNumber ? $0 : "_" })
        return (tokenVariable.map { [$0] } ?? []) + ["SWITCHBOARD_AGENT_TOKEN_" + suffix, "SWITCHBOARD_AGENT_TOKEN"]
    }

    /// Reads and checks a definition file.
    /// - Throws: `AgentDefinitionError` naming the file and the field at fault.
    public static func load(from file: URL) throws -> AgentDefinition {
        let text: String
        do {
            text = try String(contentsOf: file, encoding: .utf8)
        } catch {
            throw AgentDefinitionError(file: file.path, message: "cannot be read: \(error.localizedDescription)")
        }
        // Parsed once, with the basic resolver: every scalar stays text until a field reads it as
        // its type. Yams' default resolver matches scalars with NSRegularExpression, whose first
        // use loads ICU (a few megabytes of every agent's memory), and no field needs it.
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic)
        } catch {
            throw AgentDefinitionError(file: file.path, message: "is not valid YAML: \(error)")
        }
        guard let node, let fields = node.mapping, fields.keys.allSatisfy({ $0.string != nil }) else {
            throw AgentDefinitionError(file: file.path, message: "must be a mapping of fields (id, name, port, ...)")
        }
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        if let unknown = fields.keys.compactMap(\.string).sorted().first(where: { !known.contains($0) }) {
            throw AgentDefinitionError(file: file.path, message: "unknown field '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        let definition: AgentDefinition
        do {
            definition = try YAMLDecoder().decode(AgentDefinition.self, from: node)
        } catch let error as DecodingError {
            throw AgentDefinitionError(file: file.path, message: Self.explain(error))
        } catch {
            throw AgentDefinitionError(file: file.path, message: "\(error)")
        }
        try definition.validate(file: file.path)
        return definition
    }

    private func validate(file: String) throws {
        let allowed = CharacterSet.lowercaseLetters.union(.decimalDigits).union(CharacterSet(charactersIn: "-_"))
        guard !id.isEmpty, id.unicodeScalars.allSatisfy(allowed.contains) else {
            throw AgentDefinitionError(file: file, message: "field 'id' must be lower-case letters, digits, '-' or '_' (got '\(id)')")
        }
        if let tokenVariable, tokenVariable.isEmpty || !tokenVariable.utf8.allSatisfy({
            ($0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9")) || $0 == UInt8(ascii: "_")
        }) {
            throw AgentDefinitionError(file: file, message: "field 'token_env' must name an environment variable (A-Z, 0-9, _), not hold a token (got '\(tokenVariable)')")
        }
        guard (1...65535).contains(port) else {
            throw AgentDefinitionError(file: file, message: "field 'port' must be between 1 and 65535 (got \(port))")
        }
        guard !skills.isEmpty else {
            throw AgentDefinitionError(file: file, message: "field 'skills' must list at least one skill")
        }
        guard !knowledge.isEmpty else {
            throw AgentDefinitionError(file: file, message: "field 'knowledge' must list at least one knowledge file")
        }
    }

    private static func explain(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing field '\(parent.isEmpty ? key.stringValue : parent + "." + key.stringValue)'"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "field '\(path(context))' must be \(type)"
        case .dataCorrupted(let context):
            return "field '\(path(context))': \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// A definition file under `agents/` is wrong; the message names the file and the field.
public struct AgentDefinitionError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var message: String
    public var description: String { "\(file): \(message)" }
}
