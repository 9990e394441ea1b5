import PromptTemplates
import Synchronization

/// The classifier prompt around its question, kept for the agent list and template version it
/// was rendered from: the prompt changes only with the question between discoveries, so the
/// template is rendered again only when the agents' cards or the template file change.
final class ClassifierPromptCache: Sendable {
    private struct Entry {
        var agents: [DiscoveredAgent]
        var version: String
        var before: String
        var after: String
    }

    private let entry = Mutex<Entry?>(nil)

    /// The prompt for `question`, if the kept one was rendered for `agents` from template
    /// `version`.
    func prompt(for question: String, agents: [DiscoveredAgent], version: String) -> String? {
        entry.withLock { entry in
            guard let entry, entry.version == version, entry.agents == agents else { return nil }
            return entry.before + question + entry.after
        }
    }

    /// Keeps the rendering around the question for `agents` and template `version`.
    func keep(before: String, after: String, agents: [DiscoveredAgent], version: String) {
        entry.withLock { $0 = Entry(agents: agents, version: version, before: before, after: after) }
    }
}
