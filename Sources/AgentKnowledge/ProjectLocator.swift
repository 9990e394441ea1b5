import Foundation

/// Finds a project directory (`agents`, `prompts`) from the working directory or the executable.
public enum ProjectLocator {
    /// `./name` if it exists, else the first `name` in a parent of the running executable.
    public static func find(_ name: String) -> URL? {
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let local = URL(fileURLWithPath: fileManager.currentDirectoryPath).appendingPathComponent(name)
        if fileManager.fileExists(atPath: local.path, isDirectory: &isDirectory), isDirectory.boolValue { return local }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        }
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent(name)
            if fileManager.fileExists(atPath: candidate.path, isDirectory: &isDirectory), isDirectory.boolValue {
                return candidate
            }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }
}
