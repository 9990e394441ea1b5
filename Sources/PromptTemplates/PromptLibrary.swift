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

    /// Identifies the contents of template `name` as they are now (size and modification
    /// time), to tell when a rendering kept from it is stale; nil when there is no such file.
    public func version(of name: String) -> String? {
        guard !name.contains(".."),
              let attributes = try? FileManager.default.attributesOfItem(atPath: directory.appendingPathComponent(name).path),
              let size = attributes[.size] as? Int, let modified = attributes[.modificationDate] as? Date
        else { return nil }
        return "\(size)@\(modified.timeIntervalSince1970)"
    }

    /// Template `name` rendered with `context` but for variable `hole`: the text before and
    /// after the place `{{ hole }}` fills, so that `before + value + after` is the rendering
    /// with `hole` set to `value`, for any value, without rendering again. Nil when that does
    /// not hold: the template does not print `hole` exactly once, plainly (no filter), outside
    /// every `{% %}` block, or uses it in a tag.
    /// - Throws: `PromptError`, as `render`.
    public func render(_ name: String, context: [String: Any], around hole: String) throws -> (before: String, after: String)? {
        let source = try self.source(name)
        var depth = 0
        var holes = 0
        for tag in TemplateVariableChecker.tags(in: source) {
            let words = tag.body.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") })
            if tag.isVariable {
                guard words.contains(Substring(hole)) else { continue }
                guard tag.body == hole, depth == 0 else { return nil }
                holes += 1
            } else {
                guard !words.contains(Substring(hole)), let keyword = words.first else { return nil }
                if keyword.hasPrefix("end") {
                    depth -= 1
                } else if ["for", "if", "ifnot", "filter", "block", "with"].contains(keyword) {
                    depth += 1
                } else if !["else", "elif", "empty", "now"].contains(keyword) {
                    return nil  // include, extends, a custom tag: what it prints is not known here
                }
            }
        }
        guard holes == 1 else { return nil }
        let marker = "\u{1}hole-\(UInt64.random(in: 0...UInt64.max))\u{1}"
        var filled = context
        filled[hole] = marker
        let text = try render(name, source: source, context: filled)
        let pieces = text.components(separatedBy: marker)
        guard pieces.count == 2 else { return nil }
        return (pieces[0], pieces[1])
    }

    /// Renders template `name` (e.g. `classify.jinja2`) with `context`.
    /// - Throws: `PromptError` for a missing template, a missing variable or a syntax error.
    public func render(_ name: String, context: [String: Any]) throws -> String {
        try render(name, source: try source(name), context: context)
    }

    private func source(_ name: String) throws -> String {
        let file = directory.appendingPathComponent(name)
        guard !name.contains(".."), let source = try? String(contentsOf: file, encoding: .utf8) else {
            throw PromptError.templateNotFound(name: name, directory: directory.path)
        }
        return source
    }

    private func render(_ name: String, source: String, context: [String: Any]) throws -> String {
        try TemplateVariableChecker.check(source, context: context, template: name)
        let environment = Environment(loader: FileSystemLoader(paths: [Path(directory.path)]))
        do {
            return try environment.renderTemplate(string: source, context: context)
        } catch {
            throw PromptError.syntax(template: name, message: "\(error)")
        }
    }
}
