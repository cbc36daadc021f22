import ARAgent
import ARServer
import ARStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing

@Suite("Sign-in and pages")
struct PageTests {
    /// Signs in through the form as `role`; returns the session cookie (`name=value`) and the
    /// approvals page's CSRF token.
    static func signIn(_ role: Role, _ client: some TestClientProtocol) async throws -> (cookie: String, csrf: String) {
        let form = try await client.execute(uri: "/login", method: .get) { $0 }
        #expect(form.status == .ok)
        let loginCookie = try #require(form.cookie("aragent_login"))
        let csrf = try #require(hiddenCSRF(form.text))
        let signedIn = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                                body: .form(["csrf": csrf, "name": role.rawValue, "password": ServerFixture.password(role)])) { $0 }
        #expect(signedIn.status == .seeOther)
        #expect(signedIn.headers[.location] == "/dashboard")
        let session = try #require(signedIn.cookie("aragent_session"))
        let page = try await client.execute(uri: "/approvals", method: .get, headers: [.cookie: session]) { $0 }
        #expect(page.status == .ok)
        return (session, try #require(hiddenCSRF(page.text)))
    }

    static func hiddenCSRF(_ html: String) -> String? {
        guard let range = html.range(of: #"name="csrf" value=""#) else { return nil }
        return String(html[range.upperBound...].prefix { $0 != "\"" })
    }

    @Test("pages redirect an anonymous visitor to the sign-in page; forms refuse them")
    func anonymousRedirected() async throws {
        try await ServerFixture.with { fixture, client in
            let action = try await fixture.proposedAction()
            for (uri, method) in [("/approvals", HTTPRequest.Method.get), ("/approvals/\(encodedID(action.action.id))/approve", .post),
                                  ("/approvals/x/reject", .post), ("/logout", .post), ("/", .get)] {
                try await client.execute(uri: uri, method: method, headers: [.cookie: "aragent_session=forged"]) { response in
                    #expect([.found, .seeOther].contains(response.status), "\(method) \(uri)")
                    #expect(response.headers[.location]?.hasSuffix("/login") == true || response.headers[.location] == "/dashboard", "\(uri)")
                }
            }
            #expect(try await fixture.store.action(id: action.action.id)?.status == .proposed)
        }
    }

    @Test("the session cookie is HttpOnly and SameSite=Lax, and Secure behind an https public URL")
    func cookieFlags() async throws {
        for (url, secure) in [(nil, false), (URL(string: "https://ar.example.com"), true)] as [(URL?, Bool)] {
            try await ServerFixture.with(publicURL: url) { _, client in
                let form = try await client.execute(uri: "/login", method: .get) { $0 }
                let loginCookie = try #require(form.cookie("aragent_login"))
                let signedIn = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                                        body: .form(["csrf": try #require(Self.hiddenCSRF(form.text)), "name": "viewer",
                                                                     "password": ServerFixture.password(.viewer)])) { $0 }
                let header = try #require(signedIn.setCookies.first { $0.hasPrefix("aragent_session=") })
                #expect(header.contains("HttpOnly"))
                #expect(header.contains("SameSite=Lax"))
                #expect(header.contains("Secure") == secure, "\(header)")
            }
        }
    }

    @Test("an approver approves from the page with the CSRF token; without it, or with another, nothing happens")
    func csrfRequired() async throws {
        try await ServerFixture.with { fixture, client in
            let action = try await fixture.proposedAction()
            let (cookie, csrf) = try await Self.signIn(.approver, client)
            let uri = "/approvals/\(encodedID(action.action.id))/approve"
            for fields in [[:], ["csrf": "forged"]] as [[String: String]] {
                try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                         body: .form(fields)) { #expect($0.status == .forbidden) }
            }
            #expect(try await fixture.store.action(id: action.action.id)?.status == .proposed)
            try await client.execute(uri: uri, method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: .form(["csrf": csrf])) { #expect($0.status == .seeOther) }
            let decided = try await fixture.store.action(id: action.action.id)
            #expect(decided?.status == .approved)
            #expect(decided?.decidedBy == "approver")
        }
    }

    @Test("a viewer sees the approvals page without the buttons, and cannot approve")
    func viewerCannotApprove() async throws {
        try await ServerFixture.with { fixture, client in
            let action = try await fixture.proposedAction()
            let (cookie, csrf) = try await Self.signIn(.viewer, client)
            let page = try await client.execute(uri: "/approvals", method: .get, headers: [.cookie: cookie]) { $0.text }
            #expect(!page.contains("/approve\""))
            try await client.execute(uri: "/approvals/\(encodedID(action.action.id))/approve", method: .post,
                                     headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"], body: .form(["csrf": csrf])) {
                #expect($0.status == .forbidden)
            }
            #expect(try await fixture.store.action(id: action.action.id)?.status == .proposed)
        }
    }

    @Test("a customer named <script> is shown escaped")
    func customerDataEscaped() async throws {
        try await ServerFixture.with { _, client in
            let (cookie, _) = try await Self.signIn(.viewer, client)
            let page = try await client.execute(uri: "/approvals", method: .get, headers: [.cookie: cookie]) { $0.text }
            #expect(page.contains("&lt;script&gt;alert("))
            #expect(!page.contains(ServerFixture.scriptName))
        }
    }

    @Test("sign-in is throttled after repeated failures, even for the right password; the failures are per account")
    func loginThrottled() async throws {
        try await ServerFixture.with { fixture, client in
            let form = try await client.execute(uri: "/login", method: .get) { $0 }
            let loginCookie = try #require(form.cookie("aragent_login")), csrf = try #require(Self.hiddenCSRF(form.text))
            func attempt(_ name: String, _ password: String) async throws -> HTTPResponse.Status {
                try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded", .cookie: loginCookie],
                                         body: .form(["csrf": csrf, "name": name, "password": password])) { $0.status }
            }
            for _ in 0..<fixture.services.access.policy.maximumFailuresPerAccount {
                #expect(try await attempt("collector", "wrong-password") == .unauthorized)
            }
            #expect(try await attempt("collector", ServerFixture.password(.collector)) == .tooManyRequests)
            // Another account from the same address is not locked out by these.
            #expect(try await attempt("viewer", ServerFixture.password(.viewer)) == .seeOther)
        }
    }

    @Test("the sign-in form refuses a post without its CSRF token; sign-out ends the session")
    func loginCSRFAndLogout() async throws {
        try await ServerFixture.with { _, client in
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"],
                                     body: .form(["name": "admin", "password": ServerFixture.password(.admin)])) { response in
                #expect(response.status == .forbidden)
                #expect(response.cookie("aragent_session") == nil)
            }
            let (cookie, csrf) = try await Self.signIn(.admin, client)
            try await client.execute(uri: "/logout", method: .post, headers: [.cookie: cookie, .contentType: "application/x-www-form-urlencoded"],
                                     body: .form(["csrf": csrf])) { #expect($0.status == .seeOther) }
            try await client.execute(uri: "/approvals", method: .get, headers: [.cookie: cookie]) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "/login")
            }
        }
    }
}
