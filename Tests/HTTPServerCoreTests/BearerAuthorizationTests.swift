import HTTPServerCore
import Testing

/// The shared bearer-token check of the agent server and the console.
@Suite struct BearerAuthorizationTests {
    private func request(_ authorization: String?) -> HTTPRequest {
        var headers = HTTPHeaders()
        if let authorization { headers.set("Authorization", authorization) }
        return HTTPRequest(method: "GET", path: "/", headers: headers)
    }

    @Test func acceptsTheTokenInAnySchemeCaseWithBlanksAround() {
        #expect(BearerAuthorization.carries("s3cret", in: request("Bearer s3cret")))
        #expect(BearerAuthorization.carries("s3cret", in: request("bearer  s3cret\t")))
    }

    @Test func refusesAnythingElse() {
        for header in [nil, "Bearer", "Bearer s3cre", "Bearer s3cret2", "Basic s3cret", "Bearer S3CRET", "s3cret"] {
            #expect(!BearerAuthorization.carries("s3cret", in: request(header)), "\(header ?? "no header")")
        }
        #expect(BearerAuthorization.constantTimeEqual("abc", "abc"))
        #expect(!BearerAuthorization.constantTimeEqual("abc", "abcd") && !BearerAuthorization.constantTimeEqual("", "a"))
    }
}
