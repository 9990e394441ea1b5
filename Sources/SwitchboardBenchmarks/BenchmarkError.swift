/// A benchmark could not find or set up what it needs.
struct BenchmarkError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
