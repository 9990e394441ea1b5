import ArgumentParser
import DurableEngine
import Foundation
import RoutingWorkflow

/// Any JSON value, kept as its bytes.
struct JSONValueBox: Decodable, Sendable {
    let json: Data

    init(from decoder: any Decoder) throws {
        json = try JSONEncoder().encode(try AnyJSON(from: decoder))
    }
}
