// The small Codable values that the routing activities take. They are recorded in the
// history, so they hold everything an activity needs to run again on another worker. Their
// JSON is written directly (`JSONWritable`), keys sorted as `Payload`'s `JSONEncoder` sorts them.

import JSONBytes

/// Input of `render_classifier_prompt`.
public struct ClassifierPromptInput: Codable, Sendable, Equatable {
    public var question: String
    public var agents: [DiscoveredAgent]
}

/// Input of `classify`.
public struct ClassifyInput: Codable, Sendable, Equatable {
    public var question: String
    public var prompt: String
    public var agentIDs: [String]
}

/// Input of `call_agent`. `messageID` is derived from the workflow run and step, so a retry
/// after a crash sends the same A2A `messageId` and the agent returns the task it already has.
public struct AgentCallInput: Codable, Sendable, Equatable {
    public var agentID: String
    public var url: String
    public var question: String
    public var messageID: String
}

/// Output of `call_agent`.
public struct AgentReply: Codable, Sendable, Equatable {
    public var taskID: String
    public var text: String
}

/// Input of `discover_agents`: nothing; the worker's `agents/` directory is the source.
public struct DiscoverAgentsInput: Codable, Sendable, Equatable {
    public init() {}
}

extension ClassifierPromptInput: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("agents", &first)
        try agents.write(to: &writer)
        writer.key("question", &first)
        writer.string(question)
        writer.endObject()
    }
}

extension ClassifyInput: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("agentIDs", &first)
        writer.array(agentIDs) { $0.string($1) }
        writer.key("prompt", &first)
        writer.string(prompt)
        writer.key("question", &first)
        writer.string(question)
        writer.endObject()
    }
}

extension AgentCallInput: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("agentID", &first)
        writer.string(agentID)
        writer.key("messageID", &first)
        writer.string(messageID)
        writer.key("question", &first)
        writer.string(question)
        writer.key("url", &first)
        writer.string(url)
        writer.endObject()
    }
}

extension AgentReply: JSONWritable {
    public func write(to writer: inout JSONWriter) throws {
        var first = writer.beginObject()
        writer.key("taskID", &first)
        writer.string(taskID)
        writer.key("text", &first)
        writer.string(text)
        writer.endObject()
    }
}
