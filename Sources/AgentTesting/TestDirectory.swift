import Foundation

/// Fresh directories for tests, all under one directory per test process
/// (`$TMPDIR/switchboard-tests/<pid>`), removed when the process exits. A run that was killed
/// leaves its directory behind; the next run removes it.
public enum TestDirectory {
    /// A new, empty directory whose name starts with `prefix`.
    public static func make(_ prefix: String) -> URL {
        let directory = root.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    private static let parent = FileManager.default.temporaryDirectory.appendingPathComponent("switchboard-tests")

    private static let root: URL = {
        removeDirectoriesOfEndedRuns()
        let root = parent.appendingPathComponent(String(getpid()))
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(at: TestDirectory.root) }
        return root
    }()

    /// Removes the directories of test processes that no longer run.
    private static func removeDirectoriesOfEndedRuns() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: parent.path)) ?? []
        for name in names {
            guard let pid = Int32(name), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: parent.appendingPathComponent(name))
        }
    }
}
