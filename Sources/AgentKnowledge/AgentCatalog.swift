import Foundation

/// Every agent defined under a directory (`agents/*.yaml`), sorted by id.
public struct AgentCatalog: Sendable {
    /// The environment variable that points at the agents directory.
    public static let directoryVariable = "SWITCHBOARD_AGENTS_DIR"

    public let directory: URL
    public let agents: [AgentDefinition]

    /// Loads every `*.yaml` / `*.yml` file in `directory`.
    /// - Throws: `AgentDefinitionError` for a bad file, a duplicate id or port, or an empty directory.
    public init(directory: URL) throws {
        self.directory = directory
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw AgentDefinitionError(file: directory.path, message: "is not a readable directory of agent definitions")
        }
        var agents: [AgentDefinition] = []
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let definition = try AgentDefinition.load(from: directory.appendingPathComponent(name))
            if let twin = agents.first(where: { $0.id == definition.id || $0.port == definition.port }) {
                let what = twin.id == definition.id ? "id '\(definition.id)'" : "port \(definition.port)"
                throw AgentDefinitionError(file: directory.appendingPathComponent(name).path,
                                           message: "\(what) is already used by agent '\(twin.id)'")
            }
            agents.append(definition)
        }
        guard !agents.isEmpty else {
            throw AgentDefinitionError(file: directory.path, message: "holds no agent definitions (*.yaml)")
        }
        self.agents = agents.sorted { $0.id < $1.id }
    }

    /// The agent with `id`, if defined.
    public func agent(id: String) -> AgentDefinition? { agents.first { $0.id == id } }

    /// The project root: the directory that holds `agents/` (and `prompts/`).
    public var projectRoot: URL { directory.deletingLastPathComponent() }

    /// Finds `agents/`: `SWITCHBOARD_AGENTS_DIR`, else `./agents`, else a parent directory of the
    /// executable that has one (so `.build/release/switchboard` works from anywhere in the repo).
    public static func locateDefault(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> AgentCatalog {
        if let explicit = environment[directoryVariable], !explicit.isEmpty {
            return try AgentCatalog(directory: URL(fileURLWithPath: explicit))
        }
        guard let found = ProjectLocator.find("agents") else {
            throw AgentDefinitionError(
                file: "agents/", message: "not found in the working directory or above the executable; run from the project root or set \(directoryVariable)")
        }
        return try AgentCatalog(directory: found)
    }
}
