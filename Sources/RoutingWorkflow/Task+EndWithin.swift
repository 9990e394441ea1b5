extension Task where Success == Void, Failure == Never {
    /// Waits for the task to end by itself, and cancels it if it has not within `limit`
    /// (a progress reader that ends at its next read of a closed run, say).
    public func end(within limit: Duration) async {
        let deadline = Task<Void, Never> {
            try? await Task<Never, Never>.sleep(for: limit)
            self.cancel()
        }
        await value
        deadline.cancel()
    }
}
