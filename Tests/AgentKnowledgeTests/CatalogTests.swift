import AgentKnowledge
import AgentTesting
import Foundation
import PromptTemplates
import Testing

@Suite("Agent catalog and prompts") struct CatalogTests {
    @Test func loadsTheShippedAgents() throws {
        let agents = try catalog().agents
        #expect(agents.map(\.id) == ["faq", "hr"])
        #expect(agents.first { $0.id == "hr" }?.port == 9101)
        #expect(agents.first { $0.id == "faq" }?.port == 9102)
        for agent in agents {
            let knowledge = try KnowledgeBase(definition: agent, agentsDirectory: agentsDirectory)
            #expect(knowledge.passages.count >= 15, "\(agent.id) has \(knowledge.passages.count) sections")
        }
    }

    @Test func aThirdAgentIsJustFiles() throws {
        let directory = try copyOfAgents()
        try """
        id: it
        name: IT Agent
        description: Laptops, software installs, VPN and accounts.
        version: 1.0.0
        port: 9103
        persona_prompt: prompts/faq_agent.jinja2
        knowledge: [knowledge/it.md]
        skills:
          - id: vpn
            name: VPN and remote access
            description: Connecting to the VPN, software installation and laptop replacement.
            tags: [vpn, laptop, software]
            examples: [How do I connect to the VPN?]
        """.write(to: directory.appendingPathComponent("it.yaml"), atomically: true, encoding: .utf8)
        try """
        ## VPN
        Connect to the GlobalProtect VPN with your single sign-on account; the portal is vpn.meridian.example.
        ## Software installation
        Install approved software from the Self Service app; other software needs an IT approval ticket.
        """.write(to: directory.appendingPathComponent("knowledge/it.md"), atomically: true, encoding: .utf8)
        let catalog = try AgentCatalog(directory: directory)
        #expect(catalog.agents.map(\.id) == ["faq", "hr", "it"])
        #expect(try LocalClassifier(catalog: catalog).classify("The GlobalProtect VPN will not connect").agentID == "it")
    }

    @Test(arguments: [
        ("port: 9101\n", "missing field"),
        ("id: x\nname: X\ndescription: d\nversion: '1'\nport: 99999\npersona_prompt: p\nknowledge: [a.md]\nskills: [{id: s, name: S, description: d, tags: [], examples: []}]\n", "port"),
        ("id: x\nname: X\ncolour: blue\n", "unknown field 'colour'"),
        ("id: [unclosed\n", "not valid YAML"),
        ("id: x\nname: X\ndescription: d\nversion: '1'\nport: nine\npersona_prompt: p\nknowledge: [a.md]\nskills: []\n", "port"),
    ])
    func badDefinitionsNameTheFileAndField(yaml: String, expected: String) throws {
        let directory = TestDirectory.make("sb-agents")
        try yaml.write(to: directory.appendingPathComponent("bad.yaml"), atomically: true, encoding: .utf8)
        let error = #expect(throws: AgentDefinitionError.self) { try AgentCatalog(directory: directory) }
        #expect(error?.description.contains("bad.yaml") == true)
        #expect(error?.description.contains(expected) == true, "\(error?.description ?? "")")
    }

    @Test func rendersThePromptsStrictly() throws {
        let prompts = PromptLibrary(directory: repositoryRoot.appendingPathComponent("prompts"))
        let simple = try prompts.render("simple.jinja2", context: ["input": "Good morning"])
        #expect(simple.contains("Japanese") && simple.contains("Good morning"))
        let agents: [[String: Any]] = [["id": "hr", "name": "HR Agent", "description": "HR things",
                                        "skills": [["name": "Leave", "description": "Time off", "examples": ["PTO?"]]]]]
        let classify = try prompts.render("classify.jinja2", context: ["agents": agents, "question": "Q?"])
        #expect(classify.contains("id: hr") && classify.contains("Leave: Time off") && classify.contains("Question: Q?"))
        #expect(throws: PromptError.missingVariable(name: "input", template: "simple.jinja2")) {
            try prompts.render("simple.jinja2", context: [:])
        }
        #expect(throws: PromptError.missingVariable(name: "agent.description", template: "classify.jinja2")) {
            try prompts.render("classify.jinja2", context: ["agents": [["id": "x", "name": "X", "skills": []]], "question": "q"])
        }
        #expect(throws: PromptError.templateNotFound(name: "nope.jinja2", directory: prompts.directory.path)) {
            try prompts.render("nope.jinja2", context: [:])
        }
    }

    /// A rendering around a variable, filled in later, is the rendering with that variable;
    /// a template where filling in would differ (a filter, a loop, a condition) gives none.
    @Test func rendersAroundAPlainVariableOnly() throws {
        let prompts = PromptLibrary(directory: repositoryRoot.appendingPathComponent("prompts"))
        let agents: [[String: Any]] = [["id": "hr", "name": "HR Agent", "description": "HR things",
                                        "skills": [["name": "Leave", "description": "Time off", "examples": ["PTO?"]]]]]
        let parts = try #require(try prompts.render("classify.jinja2", context: ["agents": agents], around: "question"))
        for question in ["Q?", "{{ agents }} 100% {% raw %}", ""] {
            let whole = try prompts.render("classify.jinja2", context: ["agents": agents, "question": question])
            #expect(parts.before + question + parts.after == whole)
        }
        let directory = TestDirectory.make("sb-prompts")
        for (name, text) in [("filtered", "A {{ q|upper }} B"), ("twice", "{{ q }} and {{ q }}"), ("none", "no q here"),
                             ("looped", "{% for x in xs %}{{ q }}{% endfor %}"), ("tested", "{% if q %}{{ q }}{% endif %}"),
                             ("included", "{% include \"other\" %}{{ q }}")] {
            try text.write(to: directory.appendingPathComponent(name), atomically: true, encoding: .utf8)
            #expect(try PromptLibrary(directory: directory).render(name, context: ["xs": [1]], around: "q") == nil, "\(name)")
        }
        try "A {{ x }} {{ q }} B".write(to: directory.appendingPathComponent("plain"), atomically: true, encoding: .utf8)
        let plain = try #require(try PromptLibrary(directory: directory).render("plain", context: ["x": 1], around: "q"))
        #expect(plain.before == "A 1 " && plain.after == " B")
        let version = PromptLibrary(directory: directory).version(of: "plain")
        #expect(version != nil && PromptLibrary(directory: directory).version(of: "nope") == nil)
        try "A {{ q }} C".write(to: directory.appendingPathComponent("plain"), atomically: true, encoding: .utf8)
        #expect(PromptLibrary(directory: directory).version(of: "plain") != version, "an edit went unnoticed")
    }

    @Test func aSyntaxErrorIsReported() throws {
        let directory = TestDirectory.make("sb-prompts")
        try "{% for x in items %}{{ x }}".write(to: directory.appendingPathComponent("broken.jinja2"), atomically: true, encoding: .utf8)
        let error = #expect(throws: PromptError.self) {
            try PromptLibrary(directory: directory).render("broken.jinja2", context: ["items": [1]])
        }
        if case .syntax = error {} else { Issue.record("expected a syntax error, got \(String(describing: error))") }
    }

    private func copyOfAgents() throws -> URL {
        let directory = TestDirectory.make("sb-agents").appendingPathComponent("agents")
        try FileManager.default.copyItem(at: agentsDirectory, to: directory)
        return directory
    }
}
