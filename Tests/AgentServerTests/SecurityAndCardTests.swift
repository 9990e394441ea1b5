import A2AProtocol
import AgentServer
import HTTPServerCore
import Testing

/// Bearer token, rate limit and the agent card's caching headers.
@Suite struct SecurityAndCardTests {
    @Test func bearerTokenIsRequiredButTheCardStaysPublic() async throws {
        let h = try Harness(configuration: AgentServerConfiguration(bearerToken: "s3cret"))
        let body = Harness.send("hi")
        let params = #"{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":"# + body + "}"
        let missing = try await h.call(headers: ["A2A-Version": "1.0"], body: params)
        #expect(missing.status == 401)
        #expect(missing.headers["WWW-Authenticate"]?.hasPrefix("Bearer") == true)
        let wrong = try await h.call(headers: ["A2A-Version": "1.0", "Authorization": "Bearer nope"], body: params)
        #expect(wrong.status == 401)
        let right = try await h.call(headers: ["A2A-Version": "1.0", "Authorization": "Bearer s3cret"], body: params)
        #expect(right.status == 200)
        #expect(right.json?["result"]?["task"] != nil)
        let card = try await h.call("GET", "/.well-known/agent-card.json", headers: [:])
        #expect(card.status == 200)
        #expect(card.json?["securitySchemes"] == ["bearer": ["httpAuthSecurityScheme": ["scheme": "Bearer"]]])
        #expect(card.json?["securityRequirements"] == [["schemes": ["bearer": ["list": []]]]])
    }

    @Test func rateLimitAnswers429WithRetryAfter() async throws {
        let h = try Harness(configuration: AgentServerConfiguration(rateLimit: 0.5, rateLimitBurst: 2))
        let body = #"{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"x"}}"#
        #expect(try await h.call(body: body, remote: "10.0.0.1").status == 200)
        #expect(try await h.call(body: body, remote: "10.0.0.1").status == 200)
        let limited = try await h.call(body: body, remote: "10.0.0.1")
        #expect(limited.status == 429)
        #expect(Int(limited.headers["Retry-After"] ?? "") ?? 0 >= 1)
        // Another client has its own bucket.
        #expect(try await h.call(body: body, remote: "10.0.0.2").status == 200)
    }

    @Test func rateLimiterRefills() {
        let limiter = RateLimiter(rate: 10, burst: 1)
        #expect(limiter.acquire("a", now: 100) == nil)
        #expect(limiter.acquire("a", now: 100) != nil)
        #expect(limiter.acquire("a", now: 100.2) == nil)
    }

    @Test func cardIsPure10WithCachingHeaders() async throws {
        let h = try Harness()
        let card = try await h.call("GET", "/.well-known/agent-card.json", headers: ["A2A-Version": "1.0"])
        #expect(card.status == 200)
        #expect(card.headers["Content-Type"] == "application/json")
        #expect(card.headers["Cache-Control"]?.contains("max-age=") == true)
        #expect(card.headers["Last-Modified"]?.hasSuffix("GMT") == true)
        let etag = try #require(card.headers["ETag"])
        #expect(etag.hasPrefix("W/\""))
        let json = try #require(card.json)
        for legacy in ["url", "preferredTransport", "protocolVersion", "additionalInterfaces"] {
            #expect(json[legacy] == nil)
        }
        let decoded = try A2AJSON.convert(json, to: AgentCard.self)
        #expect(decoded.supportedInterfaces.map(\.protocolBinding) == ["JSONRPC", "HTTP+JSON"])
        #expect(decoded.supportedInterfaces.allSatisfy { $0.protocolVersion == "1.0" })
        #expect(decoded.skills.first?.tags == ["x"])
        let cached = try await h.call("GET", "/.well-known/agent-card.json", headers: ["If-None-Match": etag, "A2A-Version": "1.0"])
        #expect(cached.status == 304)
        #expect(cached.text.isEmpty)
        let stale = try await h.call("GET", "/.well-known/agent-card.json", headers: ["If-None-Match": "W/\"other\""])
        #expect(stale.status == 200)
    }

    @Test func aClientThatDoesNotAskFor10GetsThe03DiscoveryFields() async throws {
        let h = try Harness()
        let legacy = try await h.call("GET", "/.well-known/agent-card.json", headers: [:])
        let json = try #require(legacy.json)
        #expect(json["url"] == "http://127.0.0.1:1/")
        #expect(json["preferredTransport"] == "JSONRPC")
        #expect(json["protocolVersion"] == "0.3")
        #expect(json["additionalInterfaces"] == nil)
        let decoded = try A2AJSON.convert(json, to: AgentCard.self)
        #expect(decoded.supportedInterfaces.map { "\($0.protocolBinding) \($0.protocolVersion ?? "")" }
                == ["JSONRPC 1.0", "HTTP+JSON 1.0", "JSONRPC 0.3"])
        #expect(legacy.headers["Vary"] == "A2A-Version")
        let pure = try await h.call("GET", "/.well-known/agent-card.json", headers: ["A2A-Version": "1.0"])
        #expect(pure.headers["ETag"] != legacy.headers["ETag"])
        // The same card through the V03 reader that 0.3 clients apply.
        let v03 = try A2AJSON.convert(json, to: V03.AgentCard.self)
        #expect(v03.url == "http://127.0.0.1:1/")
    }

    @Test func thePureCardFlagServesThe10CardToEveryone() async throws {
        let h = try Harness(configuration: AgentServerConfiguration(cardLegacyFields: false))
        let card = try await h.call("GET", "/.well-known/agent-card.json", headers: [:])
        #expect(card.json?["url"] == nil)
        #expect(card.headers["Vary"] == nil)
    }
}
