import AgentTesting
import Foundation
import JSONBytes
import Testing

/// The strict parser reads every document it accepts exactly as Foundation does, rejects
/// every document Foundation rejects, and does accept the usual request shapes.
@Suite struct StrictJSONParserTests {
    static let accepted: [String] = [
        #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"b-1-2","role":"ROLE_USER","parts":[{"text":"How many vacation days do I get?"}]}}}"#,
        " {\n\t\"a\" : [ 1 , -2 , 3.25 , 0 , -0.5 , true , false , null , \"x\" ] } \r\n",
        #"{"s":"\"\\\/\b\f\n\r\t\u0041\u00e9\u65e5\ud83d\ude00\u0000"}"#,
        #"{"utf8":"é日😀","empty":"","obj":{},"arr":[],"nested":[[[{"k":[{}]}]]]}"#,
        #"[1,2,3]"#, #""top""#, "42", "null", "123456789012345", "-0.000000000001",
    ]

    static let rejectedByBoth: [String] = [
        "", "{", #"{"a":1"#, "{'a':1}", #"{"a":01}"#, #"{"a":1.}"#, #"{"a":.5}"#,
        #"{"a":+1}"#, #"{"a":"\x"}"#, #"{"a":"\u12"}"#, "{\"a\":\"tab\there\"}", #"{"a":tru}"#, #"{"a":1} x"#,
        #"{"a" 1}"#, #"{a:1}"#, "[1 2]", #"{"a":"unterminated}"#, "nul", #"{"a":NaN}"#,
    ]

    /// Valid JSON the strict parser leaves to Foundation.
    static let leftToFoundation: [String] = [
        #"{"a":1,}"#, "[1,]",  // Foundation accepts trailing commas
        #"{"a":1e5}"#, #"{"a":1234567890123456789}"#, #"{"a":1,"a":2}"#, #"{"a":"\ud83d"}"#,
        String(repeating: "[", count: 100) + String(repeating: "]", count: 100),
    ]

    func foundation(_ bytes: [UInt8]) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(bytes))
    }

    @Test(arguments: accepted)
    func acceptedDocumentsMatchFoundation(text: String) throws {
        let bytes = Array(text.utf8)
        let strict = try #require(StrictJSONParser.parse(bytes))
        #expect(strict == foundation(bytes))
    }

    @Test(arguments: rejectedByBoth)
    func invalidDocumentsAreRejected(text: String) {
        let bytes = Array(text.utf8)
        #expect(StrictJSONParser.parse(bytes) == nil)
        #expect(foundation(bytes) == nil)
    }

    @Test(arguments: leftToFoundation)
    func unusualDocumentsAreLeftToFoundation(text: String) {
        #expect(StrictJSONParser.parse(Array(text.utf8)) == nil)
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(StrictJSONParser.parse(bytes) == nil)
            #expect(foundation(bytes) == nil)
        }
    }

    /// Documents made of random tokens: whatever the strict parser accepts, Foundation reads the same.
    @Test func randomDocumentsAgreeWithFoundation() {
        var generator = SplitMix64(seed: 42)
        let tokens = ["{", "}", "[", "]", ",", ":", #""k""#, #""\n""#, #""\u00e9""#, "1", "-2.5", "0", "true",
                      "null", " ", #""a\"b""#]
        var accepted = 0
        for _ in 0..<3000 {
            let count = Int.random(in: 1..<9, using: &generator)
            let text = (0..<count).map { _ in tokens.randomElement(using: &generator)! }.joined()
            let bytes = Array(text.utf8)
            let reference = foundation(bytes)
            if let strict = StrictJSONParser.parse(bytes) {
                accepted += 1
                #expect(strict == reference, "\(text)")
            }
        }
        #expect(accepted > 100)
    }
}
