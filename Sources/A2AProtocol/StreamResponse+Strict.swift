import JSONBytes

// The client reads an answer's events (a task, status and artifact updates, a message) without
// Codable: `init?(strict:)` mirrors the synthesized `init(from:)` of each type and answers nil
// for anything it would reject or that is left to it (a data part, say), so the caller falls
// back to Codable and its exact errors.

extension StreamResponse {
    /// The result of a JSON-RPC response whose result is one event, read without Codable; nil
    /// for an error response or anything unusual, which `JSONRPCResponse`'s decoding handles.
    public static func strictRPCResult(_ bytes: [UInt8]) -> StreamResponse? {
        guard let json = StrictJSONParser.parse(bytes), let members = StrictMembers(json),
              members.optionalString("jsonrpc") != nil, !members.has("error")
        else { return nil }
        switch members.members["id"] {
        case nil, .null?, .string?: break
        case .number(let number)? where number == number.rounded() && abs(number) < 1e15: break
        default: return nil
        }
        guard let result = members.members["result"] else { return nil }
        return StreamResponse(strict: result)
    }

    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json) else { return nil }
        if let task = members.optionalValue("task") {
            guard let value = A2ATask(strict: task) else { return nil }
            self = .task(value)
        } else if let message = members.optionalValue("message") {
            guard let value = Message(strict: message) else { return nil }
            self = .message(value)
        } else if let update = members.optionalValue("statusUpdate") {
            guard let value = TaskStatusUpdateEvent(strict: update) else { return nil }
            self = .statusUpdate(value)
        } else if let update = members.optionalValue("artifactUpdate") {
            guard let value = TaskArtifactUpdateEvent(strict: update) else { return nil }
            self = .artifactUpdate(value)
        } else {
            return nil
        }
    }
}

extension A2ATask {
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let id = members.string("id"), let contextId = members.string("contextId"),
              let statusJSON = members.members["status"], let status = TaskStatus(strict: statusJSON),
              let artifacts = members.optionalArray("artifacts", Artifact.init(strict:)),
              let history = members.optionalArray("history", Message.init(strict:))
        else { return nil }
        self.init(id: id, contextId: contextId, status: status, artifacts: artifacts, history: history,
                  metadata: members.optionalValue("metadata"))
    }
}

extension TaskStatusUpdateEvent {
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let taskId = members.string("taskId"),
              let contextId = members.string("contextId"), let statusJSON = members.members["status"],
              let status = TaskStatus(strict: statusJSON)
        else { return nil }
        self.init(taskId: taskId, contextId: contextId, status: status, metadata: members.optionalValue("metadata"))
    }
}

extension TaskArtifactUpdateEvent {
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let taskId = members.string("taskId"),
              let contextId = members.string("contextId"), let artifactJSON = members.members["artifact"],
              let artifact = Artifact(strict: artifactJSON), let append = members.optionalBool("append"),
              let lastChunk = members.optionalBool("lastChunk")
        else { return nil }
        self.init(taskId: taskId, contextId: contextId, artifact: artifact, append: append, lastChunk: lastChunk,
                  metadata: members.optionalValue("metadata"))
    }
}

extension TaskStatus {
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let stateName = members.string("state"),
              let state = TaskState(rawValue: stateName), let timestamp = members.optionalString("timestamp")
        else { return nil }
        var message: Message?
        if let messageJSON = members.optionalValue("message") {
            guard let parsed = Message(strict: messageJSON) else { return nil }
            message = parsed
        }
        self.init(state: state, message: message, timestamp: timestamp)
    }
}

extension Artifact {
    init?(strict json: JSONValue) {
        guard let members = StrictMembers(json), let artifactId = members.string("artifactId"),
              let name = members.optionalString("name"), let description = members.optionalString("description"),
              case .array(let partValues)? = members.members["parts"], let extensions = members.optionalStrings("extensions"),
              let parts = StrictMembers.array(partValues, Part.init(strict:))
        else { return nil }
        self.init(artifactId: artifactId, name: name, description: description, parts: parts,
                  metadata: members.optionalValue("metadata"), extensions: extensions)
    }
}
