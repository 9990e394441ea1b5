@testable import HTTPServerCore
import Testing

/// The chunked-body decoder: strict chunk sizes, CRLF everywhere, the body limit, and any split
/// of the input into pieces.
@Suite struct ChunkedBodyDecoderTests {
    /// Feeds `text` in pieces of `piece` bytes, as a socket might deliver it.
    static func decode(_ text: String, piece: Int = .max, maxBody: Int = 1024) throws -> ChunkedBodyDecoder {
        var decoder = ChunkedBodyDecoder(maxBodySize: maxBody, maxLineLength: 256)
        var pending: [UInt8] = []
        var rest = Array(text.utf8)[...]
        while !rest.isEmpty {
            pending += rest.prefix(piece)
            rest = rest.dropFirst(piece)
            let used = try pending.withUnsafeBytes { try decoder.consume($0) }
            pending.removeFirst(used)
        }
        return decoder
    }

    @Test func everySplitDecodesTheSameBody() throws {
        let wire = "5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nTrailer: x\r\n\r\n"
        for piece in 1...wire.utf8.count {
            let decoder = try Self.decode(wire, piece: piece)
            #expect(decoder.isComplete, "piece \(piece)")
            #expect(String(decoding: decoder.body, as: UTF8.self) == "hello 0123456789", "piece \(piece)")
        }
    }

    @Test func anUnfinishedBodyIsNotComplete() throws {
        #expect(try !Self.decode("5\r\nhel").isComplete)
        #expect(try !Self.decode("5\r\nhello\r\n0\r\n").isComplete)
    }

    @Test(arguments: [
        ("0x5\r\nhello\r\n0\r\n\r\n", 400),
        ("5 \r\nhello\r\n0\r\n\r\n", 400),
        ("+5\r\nhello\r\n0\r\n\r\n", 400),
        ("\r\nhello\r\n0\r\n\r\n", 400),
        ("5\nhello\r\n0\r\n\r\n", 400),
        ("5\r\nhelloXY0\r\n\r\n", 400),
        ("5\r\nhello\r\n0\r\nno colon\r\n\r\n", 400),
        ("401\r\n", 413),
        ("fffffffffffffffff\r\n", 413),
    ])
    func refusals(wire: String, status: Int) {
        do {
            _ = try Self.decode(wire)
            Issue.record("accepted \(wire.debugDescription)")
        } catch {
            #expect((error as? HTTPParseError)?.status == status, "\(wire.debugDescription): \(error)")
        }
    }

    @Test func anExtensionMayFollowWhiteSpace() throws {
        #expect(try Self.decode("5 ;name=value\r\nhello\r\n0\r\n\r\n").isComplete)
    }

    @Test func requestTargetsSplitAndDecode() throws {
        let target = try HTTPRequestTarget("/tasks/a%20b:cancel?x=1+2&y=%41&z&x=3")
        #expect(target.path == "/tasks/a b:cancel")
        #expect(target.rawQuery == "x=1+2&y=%41&z&x=3")
        #expect(target.query == ["x": "3", "y": "A", "z": ""])
        #expect(try HTTPRequestTarget("http://example.com/p?q=1").path == "/p")
        #expect(try HTTPRequestTarget("/100%").path == "/100%")
        #expect(throws: HTTPParseError.self) { try HTTPRequestTarget("relative") }
    }
}
