import A2AProtocol
import ArgumentParser

extension BearerToken {
    /// `resolve` for a command's `--token` and `--token-file`: an unusable token is a usage
    /// error (exit 64), named as `resolve` names it.
    static func fromOptions(token: String?, file: String?, variables: [String] = [environmentVariable]) throws -> String? {
        do {
            return try resolve(option: token, file: file, variables: variables)
        } catch let error as BearerTokenError {
            throw ValidationError(error.description)
        }
    }
}
