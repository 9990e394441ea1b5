import Foundation
import HTTPServerCore

/// OpenAI's response shapes, whole and as server-sent events, for `FakeOpenAIServer`.
struct FakeOpenAIWire {
    let model: String
    let responsesAPI: Bool

    func whole(_ text: String) -> HTTPResponse {
        let object: [String: Any]
        if responsesAPI {
            object = ["id": "resp_fake", "object": "response", "created_at": 1_700_000_000, "model": model, "status": "completed",
                      "output": [["type": "message", "id": "msg_fake", "status": "completed", "role": "assistant",
                                  "content": [["type": "output_text", "text": text, "annotations": []]]]],
                      "usage": ["input_tokens": 5, "output_tokens": 5, "total_tokens": 10]]
        } else {
            object = ["id": "chatcmpl-fake", "object": "chat.completion", "created": 1_700_000_000, "model": model,
                      "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
                      "usage": ["prompt_tokens": 5, "completion_tokens": 5, "total_tokens": 10]]
        }
        return HTTPResponse(headers: ["Content-Type": "application/json"], body: .bytes(Self.json(object)))
    }

    func stream(_ text: String, pauseAfterHalf: Duration? = nil, dropAfterHalf: Bool = false) -> HTTPResponse {
        let pieces = Self.pieces(of: text)
        let events = responsesAPI ? responsesEvents(pieces, text: text) : chatEvents(pieces)
        let half = max(1, events.count / 2)
        return HTTPResponse(headers: ["Content-Type": "text/event-stream", "Cache-Control": "no-cache"], body: .stream { writer in
            for (index, event) in events.enumerated() {
                if index == half {
                    if dropAfterHalf { throw HTTPStreamAbort() }
                    if let pauseAfterHalf { try await Task.sleep(for: pauseAfterHalf) }
                }
                try await writer.write(event)
            }
        })
    }

    private func chatEvents(_ pieces: [String]) -> [String] {
        func chunk(_ delta: [String: Any], finish: String?) -> String {
            let object: [String: Any] = ["id": "chatcmpl-fake", "object": "chat.completion.chunk", "created": 1_700_000_000,
                                         "model": model, "choices": [["index": 0, "delta": delta, "finish_reason": finish.map { $0 as Any } ?? NSNull()]]]
            return "data: \(String(decoding: Self.json(object), as: UTF8.self))\n\n"
        }
        return [chunk(["role": "assistant", "content": ""], finish: nil)] + pieces.map { chunk(["content": $0], finish: nil) }
            + [chunk([:], finish: "stop"), "data: [DONE]\n\n"]
    }

    private func responsesEvents(_ pieces: [String], text: String) -> [String] {
        func event(_ object: [String: Any]) -> String {
            "event: \(object["type"]!)\ndata: \(String(decoding: Self.json(object), as: UTF8.self))\n\n"
        }
        let response: [String: Any] = ["id": "resp_fake", "object": "response", "created_at": 1_700_000_000, "model": model,
                                       "status": "in_progress", "output": []]
        var completed = response
        completed["status"] = "completed"
        completed["output"] = [["type": "message", "id": "msg_fake", "status": "completed", "role": "assistant",
                                "content": [["type": "output_text", "text": text, "annotations": []]]]]
        var events = [event(["type": "response.created", "sequence_number": 0, "response": response])]
        for (index, piece) in pieces.enumerated() {
            events.append(event(["type": "response.output_text.delta", "sequence_number": index + 1, "item_id": "msg_fake",
                                 "output_index": 0, "content_index": 0, "delta": piece, "logprobs": []]))
        }
        events.append(event(["type": "response.completed", "sequence_number": pieces.count + 1, "response": completed]))
        return events
    }

    /// The text in word-sized pieces that join back to it.
    static func pieces(of text: String) -> [String] {
        var pieces: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if character == " " {
                pieces.append(current)
                current = ""
            }
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.isEmpty ? [""] : pieces
    }

    static func json(_ object: [String: Any]) -> [UInt8] {
        Array((try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8))
    }
}
