import Foundation

/// The A2A 0.3 wire shapes (kind-discriminated, lowercase enums), with conversion to and from 1.0.
public enum V03 {}

extension V03 {
    /// A 0.3 part: `{"kind":"text","text"}`, `{"kind":"file","file":{...}}`, `{"kind":"data","data":{...}}`.
    public struct Part: Sendable, Hashable, Codable {
        /// A 0.3 file: a `uri` or base64 `bytes`, with `mimeType` and `name`.
        public struct File: Sendable, Hashable, Codable {
            public var uri: String?
            public var bytes: String?
            public var mimeType: String?
            public var name: String?

            public init(uri: String? = nil, bytes: String? = nil, mimeType: String? = nil, name: String? = nil) {
                self.uri = uri
                self.bytes = bytes
                self.mimeType = mimeType
                self.name = name
            }
        }

        public var kind: String
        public var text: String?
        public var file: File?
        public var data: JSONValue?
        public var metadata: JSONValue?

        public init(kind: String, text: String? = nil, file: File? = nil, data: JSONValue? = nil,
                    metadata: JSONValue? = nil) {
            self.kind = kind
            self.text = text
            self.file = file
            self.data = data
            self.metadata = metadata
        }

        private enum CodingKeys: String, CodingKey { case kind, text, file, data, metadata }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            kind = try c.decode(String.self, forKey: .kind)
            metadata = try c.decodeIfPresent(JSONValue.self, forKey: .metadata)
            switch kind {
            case "text": text = try c.decode(String.self, forKey: .text)
            case "file": file = try c.decode(File.self, forKey: .file)
            case "data": data = try c.decode(JSONValue.self, forKey: .data)
            default:
                throw DecodingError.dataCorruptedError(
                    forKey: .kind, in: c, debugDescription: "unknown part kind '\(kind)' (text, file, data)")
            }
        }

        /// The 0.3 form of a 1.0 part.
        public init(_ part: A2AProtocol.Part) {
            switch part.content {
            case .text(let value): self.init(kind: "text", text: value, metadata: part.metadata)
            case .data(let value): self.init(kind: "data", data: value, metadata: part.metadata)
            case .url(let value):
                self.init(kind: "file", file: File(uri: value, mimeType: part.mediaType, name: part.filename),
                          metadata: part.metadata)
            case .raw(let value):
                self.init(kind: "file",
                          file: File(bytes: value.base64EncodedString(), mimeType: part.mediaType, name: part.filename),
                          metadata: part.metadata)
            }
        }

        /// The 1.0 form.
        public func v10() throws -> A2AProtocol.Part {
            switch kind {
            case "text": return A2AProtocol.Part(.text(text ?? ""), metadata: metadata)
            case "data": return A2AProtocol.Part(.data(data ?? .null), metadata: metadata)
            default:
                guard let file else { throw A2AError.invalidParams(field: "part.file", "a file part needs file") }
                if let uri = file.uri {
                    return A2AProtocol.Part(.url(uri), mediaType: file.mimeType, filename: file.name, metadata: metadata)
                }
                guard let bytes = file.bytes.flatMap({ Data(base64Encoded: $0) }) else {
                    throw A2AError.invalidParams(field: "part.file", "a file needs uri or base64 bytes")
                }
                return A2AProtocol.Part(.raw(bytes), mediaType: file.mimeType, filename: file.name, metadata: metadata)
            }
        }
    }

    /// A 0.3 message (`"kind":"message"`, role `user`/`agent`).
    public struct Message: Sendable, Hashable, Codable {
        public var kind: String = "message"
        public var messageId: String
        public var contextId: String?
        public var taskId: String?
        public var role: String
        public var parts: [Part]
        public var metadata: JSONValue?
        public var extensions: [String]?
        public var referenceTaskIds: [String]?

        /// The 0.3 form of a 1.0 message.
        public init(_ message: A2AProtocol.Message) {
            messageId = message.messageId
            contextId = message.contextId
            taskId = message.taskId
            role = message.role.v03Name
            parts = message.parts.map(Part.init)
            metadata = message.metadata
            extensions = message.extensions
            referenceTaskIds = message.referenceTaskIds
        }

        /// The 1.0 form.
        public func v10() throws -> A2AProtocol.Message {
            guard let role = A2AProtocol.Message.Role(v03Name: role) else {
                throw A2AError.invalidParams(field: "message.role", "role must be 'user' or 'agent', not '\(self.role)'")
            }
            return A2AProtocol.Message(
                messageId: messageId, role: role, parts: try parts.map { try $0.v10() }, contextId: contextId,
                taskId: taskId, metadata: metadata, extensions: extensions, referenceTaskIds: referenceTaskIds)
        }
    }

    /// A 0.3 task status (lowercase state).
    public struct TaskStatus: Sendable, Hashable, Codable {
        public var state: String
        public var message: Message?
        public var timestamp: String?

        public init(_ status: A2AProtocol.TaskStatus) {
            state = status.state.v03Name
            message = status.message.map(Message.init)
            timestamp = status.timestamp
        }

        public func v10() throws -> A2AProtocol.TaskStatus {
            guard let parsed = TaskState(v03Name: state) else {
                throw A2AError.invalidParams(field: "status.state", "unknown task state '\(state)'")
            }
            return A2AProtocol.TaskStatus(state: parsed, message: try message?.v10(), timestamp: timestamp)
        }
    }

    /// A 0.3 artifact.
    public struct Artifact: Sendable, Hashable, Codable {
        public var artifactId: String
        public var name: String?
        public var description: String?
        public var parts: [Part]
        public var metadata: JSONValue?
        public var extensions: [String]?

        public init(_ artifact: A2AProtocol.Artifact) {
            artifactId = artifact.artifactId
            name = artifact.name
            description = artifact.description
            parts = artifact.parts.map(Part.init)
            metadata = artifact.metadata
            extensions = artifact.extensions
        }

        public func v10() throws -> A2AProtocol.Artifact {
            A2AProtocol.Artifact(artifactId: artifactId, name: name, description: description,
                                 parts: try parts.map { try $0.v10() }, metadata: metadata, extensions: extensions)
        }
    }

    /// A 0.3 task (`"kind":"task"`).
    public struct Task: Sendable, Hashable, Codable {
        public var kind: String = "task"
        public var id: String
        public var contextId: String
        public var status: TaskStatus
        public var artifacts: [Artifact]?
        public var history: [Message]?
        public var metadata: JSONValue?

        public init(_ task: A2ATask) {
            id = task.id
            contextId = task.contextId
            status = TaskStatus(task.status)
            artifacts = task.artifacts.map { $0.map(Artifact.init) }
            history = task.history.map { $0.map(Message.init) }
            metadata = task.metadata
        }

        public func v10() throws -> A2ATask {
            A2ATask(id: id, contextId: contextId, status: try status.v10(),
                    artifacts: try artifacts?.map { try $0.v10() }, history: try history?.map { try $0.v10() },
                    metadata: metadata)
        }
    }

    /// A 0.3 status update (`"kind":"status-update"`, with `final`).
    public struct StatusUpdateEvent: Sendable, Hashable, Codable {
        public var kind: String = "status-update"
        public var taskId: String
        public var contextId: String
        public var status: TaskStatus
        public var final: Bool
        public var metadata: JSONValue?

        public init(_ event: TaskStatusUpdateEvent) {
            taskId = event.taskId
            contextId = event.contextId
            status = TaskStatus(event.status)
            final = event.status.state.isTerminal || event.status.state.isInterrupted
            metadata = event.metadata
        }

        public func v10() throws -> TaskStatusUpdateEvent {
            TaskStatusUpdateEvent(taskId: taskId, contextId: contextId, status: try status.v10(), metadata: metadata)
        }
    }

    /// A 0.3 artifact update (`"kind":"artifact-update"`).
    public struct ArtifactUpdateEvent: Sendable, Hashable, Codable {
        public var kind: String = "artifact-update"
        public var taskId: String
        public var contextId: String
        public var artifact: Artifact
        public var append: Bool?
        public var lastChunk: Bool?
        public var metadata: JSONValue?

        public init(_ event: TaskArtifactUpdateEvent) {
            taskId = event.taskId
            contextId = event.contextId
            artifact = Artifact(event.artifact)
            append = event.append ?? false
            lastChunk = event.lastChunk
            metadata = event.metadata
        }

        public func v10() throws -> TaskArtifactUpdateEvent {
            TaskArtifactUpdateEvent(taskId: taskId, contextId: contextId, artifact: try artifact.v10(),
                                    append: append, lastChunk: lastChunk, metadata: metadata)
        }
    }

    /// A 0.3 result object told apart by `kind`: a task, message, status or artifact update.
    public enum Event: Sendable, Hashable, Codable {
        case task(Task)
        case message(Message)
        case statusUpdate(StatusUpdateEvent)
        case artifactUpdate(ArtifactUpdateEvent)

        private enum CodingKeys: String, CodingKey { case kind }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let kind = try c.decode(String.self, forKey: .kind)
            switch kind {
            case "task": self = .task(try Task(from: decoder))
            case "message": self = .message(try Message(from: decoder))
            case "status-update": self = .statusUpdate(try StatusUpdateEvent(from: decoder))
            case "artifact-update": self = .artifactUpdate(try ArtifactUpdateEvent(from: decoder))
            default:
                throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown kind '\(kind)'")
            }
        }

        public func encode(to encoder: any Encoder) throws {
            switch self {
            case .task(let value): try value.encode(to: encoder)
            case .message(let value): try value.encode(to: encoder)
            case .statusUpdate(let value): try value.encode(to: encoder)
            case .artifactUpdate(let value): try value.encode(to: encoder)
            }
        }

        /// The 0.3 form of a 1.0 stream event.
        public init(_ response: StreamResponse) {
            switch response {
            case .task(let value): self = .task(Task(value))
            case .message(let value): self = .message(Message(value))
            case .statusUpdate(let value): self = .statusUpdate(StatusUpdateEvent(value))
            case .artifactUpdate(let value): self = .artifactUpdate(ArtifactUpdateEvent(value))
            }
        }

        /// The 0.3 form of a 1.0 send result (a bare task or message).
        public init(_ response: SendMessageResponse) {
            switch response {
            case .task(let value): self = .task(Task(value))
            case .message(let value): self = .message(Message(value))
            }
        }

        /// The 1.0 stream event.
        public func v10() throws -> StreamResponse {
            switch self {
            case .task(let value): .task(try value.v10())
            case .message(let value): .message(try value.v10())
            case .statusUpdate(let value): .statusUpdate(try value.v10())
            case .artifactUpdate(let value): .artifactUpdate(try value.v10())
            }
        }
    }

    /// 0.3 `MessageSendParams` (`configuration.blocking`).
    public struct SendParams: Sendable, Hashable, Codable {
        /// 0.3 send configuration.
        public struct Configuration: Sendable, Hashable, Codable {
            public var acceptedOutputModes: [String]?
            public var historyLength: Int?
            public var blocking: Bool?
            public var pushNotificationConfig: JSONValue?

            public init(acceptedOutputModes: [String]? = nil, historyLength: Int? = nil, blocking: Bool? = nil,
                        pushNotificationConfig: JSONValue? = nil) {
                self.acceptedOutputModes = acceptedOutputModes
                self.historyLength = historyLength
                self.blocking = blocking
                self.pushNotificationConfig = pushNotificationConfig
            }
        }

        public var message: Message
        public var configuration: Configuration?
        public var metadata: JSONValue?

        public init(_ request: SendMessageRequest) {
            message = Message(request.message)
            let config = request.configuration
            configuration = Configuration(
                acceptedOutputModes: config?.acceptedOutputModes, historyLength: config?.historyLength,
                blocking: !(config?.returnImmediately ?? false))
            metadata = request.metadata
        }

        public func v10() throws -> SendMessageRequest {
            var config: SendMessageConfiguration?
            if let configuration {
                config = SendMessageConfiguration(
                    acceptedOutputModes: configuration.acceptedOutputModes, historyLength: configuration.historyLength,
                    returnImmediately: configuration.blocking == false ? true : nil)
            }
            return SendMessageRequest(message: try message.v10(), configuration: config, metadata: metadata)
        }
    }
}
