import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird

/// The server-rendered pages: sign-in, sign-out and approvals here; the rest of the workbench
/// (dashboard, worklist, customers, invoices, cash application, audit log) in its own route
/// types, all behind the session middleware, and the one script.
struct PageRoutes {
    let services: ServerServices

    /// The sign-in form's own CSRF token lives in this cookie (there is no session yet): the
    /// form must send back what the cookie holds, which another site can neither read nor set.
    static let loginCookieName = "aragent_login"
    /// How many proposed actions the page shows at once; the rest after these are decided.
    static let approvalsPageSize = 200

    func register(on router: Router<AppContext>) {
        router.get("/") { _, _ in Response.redirect(to: "/dashboard", type: .found) }
        router.get("static/workbench.js") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
                     body: .init(byteBuffer: ByteBuffer(string: PageTemplates.script)))
        }
        router.get("login") { request, context in try await loginForm(request, error: nil, name: "", status: .ok) }
        router.post("login") { request, context in try await signIn(request, context) }
        let pages = router.group().add(middleware: SessionMiddleware(services: services)).add(middleware: PageErrorMiddleware())
        pages.get("approvals") { request, context in try await approvals(request, context) }
        DashboardRoutes(services: services).register(on: pages)
        CustomerRoutes(services: services).register(on: pages)
        CashRoutes(services: services).register(on: pages)
        AuditRoutes(services: services).register(on: pages)
        ApprovalRoutes(services: services).register(on: pages)
        SettingsRoutes(services: services).register(on: pages)
        PolicyRoutes(services: services).register(on: pages)
        ImportRoutes(services: services).register(on: pages)
        pages.post("approvals/{id}/approve") { request, context in try await decide(request, context, approve: true) }
        pages.post("approvals/{id}/reject") { request, context in try await decide(request, context, approve: false) }
        pages.post("logout") { request, context in try await signOut(request, context) }
    }

    private func cookie(_ name: String, _ value: String, maxAge: Int?) -> Cookie {
        Cookie(name: name, value: value, maxAge: maxAge, path: "/", secure: services.secureCookies, httpOnly: true, sameSite: .lax)
    }

    static func html(_ text: String, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store",
                                           HTTPField.Name("Content-Security-Policy")!: "default-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"],
                 body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    func loginForm(_ request: Request, error: String?, name: String, status: HTTPResponse.Status) async throws -> Response {
        let token = request.cookies[Self.loginCookieName]?.value ?? AccessService.randomSecret(bytes: 32)
        var response = Self.html(try PageTemplates.render("login", ["title": "Sign in", "csrf": token, "error": error ?? false, "name": name]),
                                 status: status)
        response.setCookie(cookie(Self.loginCookieName, token, maxAge: nil))
        return response
    }

    func signIn(_ request: Request, _ context: AppContext) async throws -> Response {
        let fields = try await FormBody.read(request, context: context)
        guard let expected = request.cookies[Self.loginCookieName]?.value, let given = fields["csrf"], FormBody.constantTimeEqual(given, expected) else {
            return try await loginForm(request, error: "The form expired; please sign in again.", name: fields["name"] ?? "", status: .forbidden)
        }
        let name = fields["name"] ?? "", password = fields["password"] ?? ""
        do {
            let (value, session) = try await services.access.signIn(name: name, password: password, address: context.remoteAddress, now: services.now())
            var response = Response.redirect(to: "/dashboard", type: .normal)
            let lifetime = Int(services.access.policy.sessionLifetime)
            response.setCookie(cookie(SessionMiddleware.cookieName, value, maxAge: lifetime))
            context.logger.info("signed in", metadata: ["ar.user": "\(session.user)"])
            return response
        } catch let error as AccessError {
            switch error {
            case .throttled:
                var response = try await loginForm(request, error: error.description, name: name, status: .tooManyRequests)
                response.headers[.retryAfter] = String(Int(services.access.policy.throttleWindow))
                return response
            default:
                return try await loginForm(request, error: "Wrong user name or password.", name: name, status: .unauthorized)
            }
        }
    }

    func signOut(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        try FormBody.checkCSRF(try await FormBody.read(request, context: context), principal: principal)
        if let cookie = principal.sessionCookie { try await services.access.signOut(cookie: cookie, actor: principal.name) }
        var response = Response.redirect(to: "/login", type: .normal)
        response.setCookie(cookie(SessionMiddleware.cookieName, "", maxAge: 0))
        return response
    }

    func approvals(_ request: Request, _ context: AppContext, notice: String? = nil) async throws -> Response {
        let principal = try context.require(.viewer)
        let actions = try await services.ledger.actionPage(status: .proposed, after: nil, limit: Self.approvalsPageSize)
        let names = try await services.ledger.customers(ids: Set(actions.map(\.action.customerID)))
        let canDecide = principal.role.allows(.approver)
        let rows: [[String: Any]] = actions.map { stored in
            let a = stored.action
            return ["customerName": names[a.customerID]?.name ?? a.customerID.rawValue, "customerID": a.customerID.rawValue,
                    "kind": a.kind.rawValue, "channel": a.channel.rawValue, "tone": a.tone.rawValue,
                    "invoices": a.invoices.map(\.rawValue).joined(separator: ", "), "amount": "\(a.total.decimalString) \(a.total.currency.code)",
                    "reason": a.reason, "encodedID": Self.pathComponent(a.id), "id": a.id, "canDecide": canDecide]
        }
        var page = WorkbenchPage.base(principal, title: "Approvals", current: "/approvals")
        page["actions"] = rows
        page["hasActions"] = !rows.isEmpty
        page["canDecide"] = canDecide
        page["notice"] = notice ?? WorkbenchPage.notice(request)
        return Self.html(try PageTemplates.render("approvals", page))
    }

    func decide(_ request: Request, _ context: AppContext, approve: Bool) async throws -> Response {
        let principal = try context.require(.viewer)
        let fields = try await FormBody.read(request, context: context)
        try FormBody.checkCSRF(fields, principal: principal)
        _ = try context.require(.approver)
        let id = try WorkbenchPage.parameter(context)
        let note = fields["note"].flatMap { $0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? nil : $0 }
        _ = try await ActionDecision(ledger: services.ledger).decide(id: id, approve: approve, actor: principal.name, note: note)
        // Post/redirect/get: a reload does not repeat the decision.
        return WorkbenchPage.done("/approvals", approve ? "approved" : "declined")
    }

    /// An id as one path segment: everything but unreserved characters percent-encoded ('/' above all).
    static func pathComponent(_ id: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return id.addingPercentEncoding(withAllowedCharacters: allowed) ?? id
    }
}
