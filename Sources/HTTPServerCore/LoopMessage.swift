/// Work handed from Swift tasks to the event-loop thread, the only thread that touches libevent.
enum LoopMessage {
    /// A complete response for request `id`.
    case respond(id: Int, response: HTTPResponse)
    /// A streamed response for request `id` whose body the request's own task goes on to
    /// produce through `writer` (its chunks follow this message).
    case respondStreaming(id: Int, response: HTTPResponse, writer: StreamBodyWriter)
    /// A chunk of stream `id`; `resume` runs once the chunk is accepted (or the stream is gone).
    case chunk(id: Int, bytes: [UInt8], resume: @Sendable (Bool) -> Void)
    /// The producer of stream `id` returned or threw: end the chunked body.
    case finish(id: Int)
    /// The producer of stream `id` asked to drop the connection without ending the body.
    case abort(id: Int)
    /// Begin the graceful shutdown: stop accepting, end streams.
    case beginShutdown
}
