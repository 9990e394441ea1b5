import ArgumentParser

/// The exit codes of every command, distinct so scripts can tell outcomes apart: 0 done,
/// 1 the workflow (or the agent's task) failed, 2 could not run, 64 usage, 130 detached.
enum ExitCodes {
    /// The workflow failed, was cancelled or terminated.
    static let workflowFailed = ExitCode(1)
    /// Could not run: bad configuration, unreadable history, ...
    static let cannotRun = ExitCode(2)
    /// Ctrl-C: detached, the workflow keeps running.
    static let detached = ExitCode(130)
    // Usage errors exit with 64 (EX_USAGE), as swift-argument-parser does.
}
