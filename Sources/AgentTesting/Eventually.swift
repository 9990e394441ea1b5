/// Polls `condition` every `interval` until it holds or `timeout` has passed, and says whether
/// it held. Tests use it instead of fixed sleeps: it returns as soon as the state is reached,
/// and a state that is never reached fails the test after the deadline instead of hanging it.
public func eventually(timeout: Duration = .seconds(10), every interval: Duration = .milliseconds(10),
                       _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: interval)
    }
    return try await condition()
}
