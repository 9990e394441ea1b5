import Foundation
import SwiftProtobuf
import TemporalProtos

/// A recorded Temporal history (`temporal workflow show -o json`) committed under Fixtures/.
enum FixtureHistory {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func url(_ name: String) -> URL { directory.appendingPathComponent("\(name).json") }

    /// The history in `Fixtures/<name>.json`, read as the proto3 JSON form of `History`.
    static func load(_ name: String) throws -> [Temporal_Api_History_V1_HistoryEvent] {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return try Temporal_Api_History_V1_History(jsonUTF8Data: Data(contentsOf: url(name)), options: options).events
    }
}
