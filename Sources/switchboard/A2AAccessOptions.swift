import A2AProtocol
import AgentServer
import ArgumentParser

/// `--token`, `--token-file` and `--rate-limit`, shared by every command that serves an A2A
/// agent (`agent`, and `worker` for the Router).
struct A2AAccessOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "Require this bearer token on A2A calls. It shows in `ps`: prefer --token-file, or the agent's token_env, SWITCHBOARD_AGENT_TOKEN_<ID> or SWITCHBOARD_AGENT_TOKEN.",
        valueName: "token"))
    var token: String?

    @Option(name: .customLong("token-file"), help: ArgumentHelp(
        "Require the bearer token read from this file (surrounding white space ignored).", valueName: "path"))
    var tokenFile: String?

    @Option(name: .customLong("rate-limit"), help: "Requests per second per client address (0 disables).")
    var rateLimit: Double = 200

    /// The server settings for these options, with the token from the options, else from the
    /// first of `variables` that is set.
    /// - Throws: `ValidationError` for an empty or unreadable token.
    func configuration(tokenVariables variables: [String]) throws -> AgentServerConfiguration {
        let bearer = try BearerToken.fromOptions(token: token, file: tokenFile, variables: variables)
        return AgentServerConfiguration(bearerToken: bearer, rateLimit: rateLimit > 0 ? rateLimit : nil,
                                        rateLimitBurst: max(rateLimit * 2, 1))
    }
}
