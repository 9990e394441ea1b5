import DurableEngine
import Foundation
import Synchronization

/// The history file, opened on the first request that finds it and kept open after. A file
/// that is missing, corrupt, locked or of a newer schema is reported on each request, so the
/// console starts anyway and recovers once the file is fixed.
final class ConsoleHistory: Sendable {
    let path: String
    private let codec: PayloadCodec
    private let store = Mutex<WorkflowStore?>(nil)

    init(path: String, codec: PayloadCodec) {
        self.path = path
        self.codec = codec
    }

    /// A client on the history file.
    /// - Throws: `ConsoleError` (503) naming the file and what is wrong with it.
    func client() throws(ConsoleError) -> WorkflowClient {
        try store.withLock { store throws(ConsoleError) -> WorkflowClient in
            if let store { return WorkflowClient(store: store) }
            guard FileManager.default.fileExists(atPath: path) else {
                throw .unavailable("""
                    there is no history file at \(path) yet: start a worker (switchboard worker) or route a question \
                    with --db \(path)
                    """)
            }
            do {
                let opened = try WorkflowStore(path: path, codec: codec, busyTimeout: .seconds(2))
                store = opened
                return WorkflowClient(store: opened)
            } catch {
                throw .unavailable("cannot open the history file \(path): \(error)")
            }
        }
    }
}
