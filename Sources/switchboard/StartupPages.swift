import CResidentPages
import Foundation

/// Gives back the memory that only start-up used, once a long-running command is serving:
/// freed heap, and this process's mappings of read-only code and constants (the page cache
/// keeps those pages; whatever the serving path touches comes back as a minor fault).
/// `SWITCHBOARD_KEEP_STARTUP_PAGES=1` skips it, for a debugger or uprobe that set
/// breakpoints during start-up: they live in private copies of code pages, which this drops.
enum StartupPages {
    static func release() {
        guard ProcessInfo.processInfo.environment["SWITCHBOARD_KEEP_STARTUP_PAGES"] != "1" else { return }
        _ = resident_trim_heap()
        // A failure (madvise refusing a mapping) only leaves the pages resident.
        _ = resident_release_readonly_segments()
    }
}
