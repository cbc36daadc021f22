import ARAgent
import ARServer
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Testing

/// Every route the router has, taken from the router itself (so a new route cannot be missed):
/// an anonymous request is refused (401 on the API, a redirect to sign-in on a page), and a
/// viewer, who may only read, is refused every change with 403.
@Suite("Every route refuses who may not use it")
struct RouteSecurityTests {
    /// Routes anyone may call: operations, the sign-in form, the script.
    static let open: Set<String> = ["GET /health", "GET /ready", "GET /metrics", "GET /openapi.json", "GET /login", "POST /login",
                                    "GET /static/workbench.js", "GET /"]

    /// The customer's side: opened by signed links, without a session.
    static func isCustomerSide(_ path: String) -> Bool { ["/portal/", "/t/", "/c/", "/pay/"].contains { path.hasPrefix($0) } }

    static func routes(_ fixture: ServerFixture) -> [(method: HTTPRequest.Method, path: String, key: String)] {
        ServerApp.router(fixture.services).routes.map { route in
            let template = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") || $0.hasPrefix("{") ? "x" : String($0) }.joined(separator: "/")
            let documented = "\(route.path)".split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            return (route.method, "/" + template, "\(route.method) /\(documented)")
        }
    }

    @Test("anonymous: every API route answers 401 and every page route sends to the sign-in page")
    func anonymous() async throws {
        try await ServerFixture.with { fixture, client in
            let routes = Self.routes(fixture).filter { !Self.open.contains($0.key) && !Self.isCustomerSide($0.path) }
            #expect(routes.count > 20)
            for route in routes {
                let response = try await client.execute(uri: route.path, method: route.method, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                        body: ByteBuffer(string: "csrf=x")) { $0 }
                if route.path.hasPrefix("/api/") {
                    #expect(response.status == .unauthorized, "\(route.key): \(response.status)")
                } else {
                    #expect(response.status == .found && response.headers[.location] == "/login", "\(route.key): \(response.status)")
                }
            }
        }
    }

    @Test("a viewer is refused every change (403), on the pages with a valid form token and on the API with a valid token")
    func viewerChangesNothing() async throws {
        try await ServerFixture.with { fixture, client in
            let (cookie, csrf) = try await PageTests.signIn(.viewer, client)
            let changes = Self.routes(fixture).filter { $0.method == .post && !Self.open.contains($0.key) && $0.key != "POST /logout" }
            #expect(changes.count > 10)
            let before = try await fixture.store.auditLog(limit: 1).first?.id
            for route in changes {
                let response: TestResponse
                if route.path.hasPrefix("/api/") {
                    response = try await client.execute(uri: route.path, method: .post, headers: fixture.bearer(.viewer, [.contentType: "application/json"]),
                                                        body: ByteBuffer(string: "{}")) { $0 }
                } else if route.path == "/imports" {
                    response = try await client.execute(uri: route.path, method: .post,
                                                        headers: [.cookie: cookie, .contentType: "multipart/form-data; boundary=b"],
                                                        body: ByteBuffer(string: "--b\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n\(csrf)\r\n--b--\r\n")) { $0 }
                } else {
                    response = try await client.execute(uri: route.path, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                                        body: ByteBuffer(string: "csrf=\(csrf)")) { $0 }
                }
                #expect(response.status == .forbidden, "\(route.key): \(response.status)")
            }
            // Nothing was recorded but the viewer's own sign-in.
            let after = try await fixture.store.auditLog(limit: 10).filter { $0.id > (before ?? 0) }
            #expect(after.allSatisfy { $0.event.entity == .user }, "\(after.map(\.event))")
        }
    }

    @Test("the portal and tracking routes: a token that is not one of ours gets a refusal and no data, the open image an image")
    func customerSideRefusesBadTokens() async throws {
        try await ServerFixture.with { fixture, client in
            let routes = Self.routes(fixture).filter { Self.isCustomerSide($0.path) }
            #expect(routes.count >= 9)
            for route in routes {
                let response = try await client.execute(uri: route.path, method: route.method, headers: [.contentType: "application/x-www-form-urlencoded"],
                                                        body: ByteBuffer(string: "invoice=x&date=2026-12-01")) { $0 }
                if route.path.hasPrefix("/t/") {
                    #expect(response.status == .ok && response.headers[.contentType] == "image/gif", "\(route.key): \(response.status)")
                } else {
                    #expect(response.status == .forbidden, "\(route.key): \(response.status)")
                    #expect(!String(buffer: response.body).contains("INV"), "\(route.key) shows ledger data")
                }
            }
            #expect(try await fixture.store.auditLog(limit: 5).allSatisfy { !$0.event.action.hasPrefix("signal:") })
        }
    }
}
