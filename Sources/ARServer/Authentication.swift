import ARAgent
import Foundation
import HTTPTypes
import Hummingbird

/// `/api/v1`: every request carries `Authorization: Bearer TOKEN` of a known token, or is
/// refused with 401 before any route runs.
struct BearerAuthMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let access: AccessService

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") else { throw Problem.unauthorized() }
        let presented = header.dropFirst("bearer ".count).trimmingCharacters(in: .whitespaces)
        guard !presented.isEmpty, let token = try await access.token(presented) else { throw Problem.unauthorized() }
        var context = context
        context.principal = Principal(name: token.name, role: token.role, kind: .token, csrfToken: nil, sessionCookie: nil)
        return try await next(request, context)
    }
}

/// The pages: a live session cookie makes a principal; without one, a page redirects to the
/// sign-in page. Every POST must carry the session's CSRF token in its `csrf` field.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = AppContext
    let services: ServerServices

    static let cookieName = "aragent_session"

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        guard let cookie = request.cookies[Self.cookieName]?.value,
              let session = try await services.access.session(cookie: cookie, now: services.now()) else {
            return Response.redirect(to: "/login", type: .found)
        }
        var context = context
        context.principal = Principal(name: session.user, role: session.role, kind: .session, csrfToken: session.csrfToken, sessionCookie: cookie)
        return try await next(request, context)
    }
}

enum FormBody {
    /// The request's URL-encoded form as name → value (the last of repeated names wins).
    static func read(_ request: Request, context: AppContext) async throws -> [String: String] {
        var fields: [String: String] = [:]
        for (name, value) in try await readAll(request, context: context) { fields[name] = value }
        return fields
    }

    /// Every name-value pair of the form in order, repeated names included (a list of checkboxes).
    static func readAll(_ request: Request, context: AppContext) async throws -> [(String, String)] {
        let buffer = try await request.body.collect(upTo: FormBody.maximumBytes)
        let text = String(buffer: buffer)
        return text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String { String(part).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? "" }
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Sign-in and decision forms are a few hundred bytes; anything far larger is not one of ours.
    static let maximumBytes = 64 * 1024

    /// Refuses a form whose `csrf` field is not the session's token (compared in constant time).
    static func checkCSRF(_ fields: [String: String], principal: Principal) throws {
        guard let expected = principal.csrfToken, let given = fields["csrf"], constantTimeEqual(given, expected) else {
            throw Problem(.forbidden, title: "Forbidden", detail: "the form's CSRF token is missing or wrong; reload the page and try again", field: "csrf")
        }
    }

    static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
