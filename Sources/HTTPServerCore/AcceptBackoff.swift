/// How long the listener pauses after accept() fails for want of resources (EMFILE, ENFILE,
/// ENOBUFS, ENOMEM). Without a pause the listening socket stays readable and the loop spins
/// on the same error; with it, the server keeps serving its open connections and accepts
/// again as descriptors free up. Loop thread only.
final class AcceptBackoff {
    static let first = 0.01
    static let longest = 1.0

    private(set) var pause = 0.0
    /// Rate-limits the warning about it.
    let throttle = LogThrottle(seconds: 10)

    /// A connection was accepted: the next failure starts again from the shortest pause.
    func succeeded() {
        pause = 0
    }

    /// accept() failed: the pause before trying again, doubling up to a second.
    func failed() -> Double {
        pause = pause == 0 ? Self.first : min(pause * 2, Self.longest)
        return pause
    }
}
