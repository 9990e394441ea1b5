import Foundation
import PathKit
import Stencil

/// The prompt templates under `prompts/` (Stencil, Django-style syntax), rendered strictly:
/// a variable the template uses but the context lacks is an error, not empty text.
///
/// ```swift
/// let prompts = try PromptLibrary.locateDefault()
/// let text = try prompts.render("simple.jinja2", context: ["input": "Good morning"])
/// ```
public struct PromptLibrary: Sendable {
    /// The environment variable that points at the prompts directory.
    public static let directoryVariable = "SWITCHBOARD_PROMPTS_DIR"

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// Finds `prompts/`: `SWITCHBOARD_PROMPTS_DIR`, else `./prompts`, else above the executable.
    public static func locateDefault(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> PromptLibrary {
        if let explicit = environment[directoryVariable], !explicit.isEmpty {
            return PromptLibrary(directory: URL(fileURLWithPath: explicit))
        }
        let fileManager = FileManager.default
        var candidates = [URL(fileURLWithPath: fileManager.currentDirectoryPath)]
        if let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") {
            var directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
            while directory.path != "/" {
                candidates.append(directory)
                directory = directory.deletingLastPathComponent()
            }
        }
        for base in candidates {
            let prompts = base.appendingPathComponent("prompts")
            if fileManager.fileExists(atPath: prompts.appendingPathComponent("classify.jinja2").path) {
                return PromptLibrary(directory: prompts)
            }
        }
        throw PromptError.templateNotFound(name: "prompts/", directory: fileManager.currentDirectoryPath)
    }

    /// Renders template `name` (e.g. `classify.jinja2`) with `context`.
    /// - Throws: `PromptError` for a missing template, a missing variable or a syntax error.
    public func render(_ name: String, context: [String: Any]) throws -> String {
        let file = directory.appendingPathComponent(name)
        guard !name.contains(".."), let source = try? String(contentsOf: file, encoding: .utf8) else {
            throw PromptError.templateNotFound(name: name, directory: directory.path)
        }
        try TemplateVariableChecker.check(source, context: context, template: name)
        let environment = Environment(loader: FileSystemLoader(paths: [Path(directory.path)]))
        do {
            return try environment.renderTemplate(string: source, context: context)
        } catch {
            throw PromptError.syntax(template: name, message: "\(error)")
        }
    }
}
