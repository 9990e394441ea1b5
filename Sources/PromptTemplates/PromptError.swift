/// A prompt could not be rendered; the message names the template and the problem.
public enum PromptError: Error, CustomStringConvertible, Sendable, Equatable {
    case templateNotFound(name: String, directory: String)
    case missingVariable(name: String, template: String)
    case syntax(template: String, message: String)

    public var description: String {
        switch self {
        case .templateNotFound(let name, let directory): "prompt template '\(name)' not found in \(directory)"
        case .missingVariable(let name, let template): "prompt template '\(template)' uses '\(name)', which was not provided"
        case .syntax(let template, let message): "prompt template '\(template)' has a syntax error: \(message)"
        }
    }
}
