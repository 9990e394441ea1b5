import Foundation

/// Writes a line to stderr: progress and diagnostics, so that stdout holds only results.
@Sendable func note(_ line: String) {
    FileHandle.standardError.write(Data((line + "\n").utf8))
}
