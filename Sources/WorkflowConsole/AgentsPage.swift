import A2AClient
import A2AProtocol
import Foundation

/// The Agents page: each agent under `agents/` with its URL, whether it answers right now, and
/// its card as served (skills with examples, interfaces, auth).
struct AgentsPage {
    let agents: [ConsoleConfiguration.Agent]
    /// How long one agent may take to serve its card before it counts as not answering.
    static let cardTimeout: Duration = .seconds(2)

    func render() async -> String {
        let cards = await withTaskGroup(of: (Int, Result<AgentCard, any Error>).self) { group in
            for (index, agent) in agents.enumerated() {
                group.addTask { (index, await Self.card(of: agent)) }
            }
            var cards: [Int: Result<AgentCard, any Error>] = [:]
            for await (index, card) in group { cards[index] = card }
            return cards
        }
        var content = "<h1>Agents</h1>"
        if agents.isEmpty { content += "<p class=\"notice\">No agents are defined under agents/.</p>" }
        for (index, agent) in agents.enumerated() {
            content += "<section class=\"agent\" id=\"agent-\(HTML.escape(agent.id))\"><h2>\(HTML.escape(agent.name)) "
                + "<small>(\(HTML.escape(agent.id)))</small></h2><p>URL <a href=\"\(HTML.escape(agent.url))\">"
                + "\(HTML.escape(agent.url))</a> · "
            switch cards[index] {
            case .success(let card)?:
                content += "<span class=\"up\">answering</span></p>" + describe(card)
            case .failure(let error)?:
                content += "<span class=\"down\">not answering</span>: \(HTML.escape("\(error)"))</p>"
            case nil:
                content += "<span class=\"down\">not checked</span></p>"
            }
            content += "</section>"
        }
        return PageLayout.page(title: "Agents", content: content)
    }

    private static func card(of agent: ConsoleConfiguration.Agent) async -> Result<AgentCard, any Error> {
        guard let url = URL(string: agent.url) else {
            return .failure(ConsoleError.badRequest("'\(agent.url)' is not a URL"))
        }
        let client = A2AClient(baseURL: url, bearerToken: agent.bearerToken)
        return await withTaskGroup(of: Result<AgentCard, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await client.fetchCard()) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: cardTimeout)
                return Task.isCancelled ? nil : .failure(ConsoleError.unavailable("no card within \(cardTimeout)"))
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failure(ConsoleError.unavailable("no answer"))
        }
    }

    private func describe(_ card: AgentCard) -> String {
        var html = "<p>\(HTML.escape(card.description))</p><p>Version \(HTML.escape(card.version))"
        if card.capabilities.streaming == true { html += " · streams" }
        html += "</p><h3>Skills</h3><ul>"
        for skill in card.skills {
            html += "<li><strong>\(HTML.escape(skill.name))</strong>: \(HTML.escape(skill.description))"
            if let examples = skill.examples, !examples.isEmpty {
                html += "<br>e.g. " + examples.map { "“\(HTML.escape($0))”" }.joined(separator: ", ")
            }
            html += "</li>"
        }
        html += "</ul><h3>Interfaces</h3><ul>"
        for interface in card.supportedInterfaces {
            html += "<li>\(HTML.escape(interface.protocolBinding)) at \(HTML.escape(interface.url))</li>"
        }
        html += "</ul><h3>Auth</h3><p>"
        if let schemes = card.securitySchemes, !schemes.isEmpty {
            html += HTML.escape(schemes.keys.sorted().joined(separator: ", "))
        } else {
            html += "none"
        }
        return html + "</p>"
    }
}
