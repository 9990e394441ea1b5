/// What the fake OpenAI server does with one request.
public enum FakeModelBehavior: Sendable, Equatable {
    /// Answers `text` (whole, or streamed in word chunks when the request asks for a stream).
    case answer(String)
    /// Answers with an HTTP error status, with an optional `Retry-After` header.
    case status(Int, retryAfter: String? = nil)
    /// Waits before the first byte, then answers `text`.
    case delayFirstByte(milliseconds: Int, then: String)
    /// Streams the first half of `text`, then goes silent for `milliseconds` before the rest.
    case stallMidStream(String, milliseconds: Int)
    /// Streams the first half of `text`, then drops the connection.
    case dropMidStream(String)
    /// Answers 200 with a body that is not JSON.
    case invalidJSON
}
