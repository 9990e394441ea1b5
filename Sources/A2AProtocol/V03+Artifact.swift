import Foundation
import JSONBytes

extension V03 {
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
}
