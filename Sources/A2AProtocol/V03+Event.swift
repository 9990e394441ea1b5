import Foundation

extension V03 {
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
}
