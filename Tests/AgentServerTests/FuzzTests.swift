import A2AProtocol
import AgentServer
import AgentTesting
import Foundation
import HTTPServerCore
import Testing

/// Random, truncated and mutated bodies never crash the responder, and every JSON-RPC answer
/// is a well-formed JSON-RPC response.
@Suite struct FuzzTests {
    static let seeds: [String] = [
        Harness.send("How many vacation days do I get?"),
        #"{"id":"abc","historyLength":2}"#,
        #"{"pageSize":3,"pageToken":"MTox","contextId":"c","status":"TASK_STATE_COMPLETED"}"#,
        #"{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":{"a":[1,2,{"b":null}]}},{"raw":"aGk=","filename":"f"}]},"configuration":{"returnImmediately":true,"historyLength":0}}"#,
    ]
    static let methods = A2AMethod.allCases.map(\.rawValue) + ["", "Nope", "message/", "SendMessage\u{0}"]

    func body(_ random: inout SplitMix64) -> String {
        let method = Self.methods.randomElement(using: &random)!
        let params = Self.seeds.randomElement(using: &random)!
        var text = #"{"jsonrpc":"2.0","id":\#(Int.random(in: -5...5, using: &random)),"method":"\#(method)","params":\#(params)}"#
        var bytes = Array(text.utf8)
        switch Int.random(in: 0..<6, using: &random) {
        case 0:  // truncate
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
        case 1:  // flip bytes
            for _ in 0..<Int.random(in: 1...8, using: &random) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
        case 2:  // pure noise
            bytes = (0..<Int.random(in: 0...256, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
        case 3:  // deep nesting
            let depth = Int.random(in: 100...5000, using: &random)
            text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
            bytes = Array(text.utf8)
        case 4:  // swap a value for a wrong type
            text = text.replacingOccurrences(of: "\"ROLE_USER\"", with: ["1", "null", "[]", "{}", "\"ROLE_AGENT\""].randomElement(using: &random)!)
            bytes = Array(text.utf8)
        default:
            break
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func tenThousandBodies() async throws {
        let harness = try Harness(configuration: AgentServerConfiguration(rateLimit: nil))
        var random = SplitMix64(seed: 0x5EED)
        var codes: [Int: Int] = [:]
        for _ in 0..<10_000 {
            let text = body(&random)
            let answer = try await harness.call(headers: ["A2A-Version": "1.0", "Content-Type": "application/json"], body: text)
            #expect(answer.status == 200, "body: \(text.prefix(200))")
            if answer.headers["Content-Type"]?.hasPrefix("text/event-stream") == true { continue }
            guard let json = answer.json, json["jsonrpc"] == "2.0" else {
                Issue.record("not a JSON-RPC answer for body \(text.prefix(200)): \(answer.text.prefix(200))")
                continue
            }
            if let code = json["error"]?["code"]?.intValue { codes[code, default: 0] += 1 }
        }
        // The mix exercised the main error paths.
        for code in [-32700, -32600, -32601, -32602] {
            #expect(codes[code, default: 0] > 0, "no \(code) in \(codes)")
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() async throws {
        let harness = try Harness()
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let answer = try await harness.call(body: deep)
        #expect(answer.json?["error"] != nil)
        let deepParams = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[{"data":"# + String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000) + "}]}}}"
        let second = try await harness.call(body: deepParams)
        #expect(second.json?["error"] != nil)
    }
}
