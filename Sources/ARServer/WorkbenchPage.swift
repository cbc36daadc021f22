import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird

/// What every workbench page shares: the header with its navigation, the signed-in person,
/// the form token, and the one-line notices after a change.
enum WorkbenchPage {
    /// The header's links, in order; `path` is also how a page marks itself as the current one.
    /// Each with the least role that may open it: nobody is shown a link that answers 403.
    static let navigation: [(path: String, title: String, role: Role)] = [
        ("/dashboard", "Dashboard", .viewer), ("/worklist", "Worklist", .viewer), ("/approvals", "Approvals", .viewer),
        ("/cash", "Cash application", .viewer), ("/invoices", "Invoices", .viewer), ("/imports", "Imports", .viewer),
        ("/policy", "Policy", .viewer), ("/audit", "Audit log", .viewer), ("/settings", "Settings", .admin),
    ]

    /// The words shown after a change succeeded, by the code the redirect carries. A fixed set:
    /// a link cannot make the page say anything else.
    static let notices: [String: String] = [
        "accepted": "The suggestion was applied.", "split": "The payment was applied as split.", "rejected": "The payment was rejected.",
        "reversed": "The allocation was reversed; the invoice is open again.", "noted": "The note was added.",
        "revoked": "The portal links of the messages sent so far were withdrawn.",
        "promised": "The promise was recorded.", "disputed": "The dispute was opened; the invoice is not chased until it is resolved.",
        "held": "The hold was placed.", "released": "The hold was released.", "approved": "The action was approved.",
        "declined": "The action was rejected.", "activated": "The policy is active; the next cycle plans with it.",
        "edited": "The action was changed; check the message again before approving.", "approved-many": "The chosen actions were approved.",
        "declined-many": "The chosen actions were rejected.", "none": "No action was chosen.", "user-added": "The person was added; they sign in with the password you set.",
        "user-disabled": "The person was disabled; their sessions ended.",
    ]

    static func base(_ principal: Principal, title: String, current: String) -> [String: Any] {
        ["title": title, "user": principal.name, "role": principal.role.rawValue, "csrf": principal.csrfToken ?? "",
         "nav": navigation.filter { principal.role.allows($0.role) }.map { ["path": $0.path, "title": $0.title, "current": $0.path == current] as [String: Any] }]
    }

    /// The notice named by `?done=` (only known codes), or false for the template.
    static func notice(_ request: Request) -> Any {
        request.uri.queryParameters["done"].flatMap { notices[String($0)] } ?? false
    }

    static func money(_ money: Money) -> String { "\(grouped(money.decimalString)) \(money.currency.code)" }

    /// `1234567.50` as `1,234,567.50`: amounts a person reads at a glance.
    static func grouped(_ decimal: String) -> String {
        let negative = decimal.hasPrefix("-")
        let digits = negative ? decimal.dropFirst() : Substring(decimal)
        let parts = digits.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = Array(parts[0])
        var out: [Character] = []
        while whole.count > 3 {
            out.insert(contentsOf: [","] + whole.suffix(3), at: 0)
            whole.removeLast(3)
        }
        out.insert(contentsOf: whole, at: 0)
        return (negative ? "-" : "") + String(out) + (parts.count > 1 ? "." + parts[1] : "")
    }

    static func path(_ prefix: String, _ id: String) -> String { prefix + PageRoutes.pathComponent(id) }

    /// A stored instant (`2026-12-02T15:20:40.123Z`) as a person reads it, to the second; a
    /// date stays as it is.
    static func time(_ stored: String) -> String {
        stored.count > 19 ? String(stored.prefix(19)).replacingOccurrences(of: "T", with: " ") : stored
    }

    /// The id in a route's `{id}` segment, percent-decoded.
    static func parameter(_ context: AppContext, _ name: String = "id") throws -> String {
        let raw = try context.parameters.require(name)
        return raw.removingPercentEncoding ?? raw
    }

    /// Post/redirect/get: the page again, with its notice, so a reload repeats nothing.
    static func done(_ path: String, _ code: String) -> Response {
        Response.redirect(to: path + (path.contains("?") ? "&" : "?") + "done=" + code, type: .normal)
    }

    static func query(_ request: Request, _ name: String) -> String? {
        guard let value = request.uri.queryParameters[Substring(name)], !value.isEmpty else { return nil }
        return String(value).removingPercentEncoding ?? String(value)
    }
}

/// A form post on a page: signed in, the right role, the session's CSRF token; then the fields.
struct PageForm {
    let principal: Principal
    let fields: [String: String]

    static func read(_ request: Request, _ context: AppContext, needs role: Role) async throws -> PageForm {
        let principal = try context.require(.viewer)
        let fields = try await FormBody.read(request, context: context)
        try FormBody.checkCSRF(fields, principal: principal)
        _ = try context.require(role)
        return PageForm(principal: principal, fields: fields)
    }

    func text(_ name: String) -> String? {
        guard let value = fields[name]?.trimmingCharacters(in: .whitespacesAndNewlines), !value.isEmpty else { return nil }
        return value
    }

    func required(_ name: String, _ label: String) throws -> String {
        guard let value = text(name) else { throw PageError("\(label) is required") }
        return value
    }
}

/// A refusal a person can act on, shown on the page they came from (status 422), never as a bare error.
struct PageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Pages answer errors as pages: a refused role or a missing record gets an HTML page with the
/// status and what to do, not a JSON problem.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = AppContext

    func handle(_ request: Request, context: AppContext, next: (Request, AppContext) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let problem as Problem {
            return try Self.page(status: problem.status, title: problem.title, detail: problem.detail, context: context)
        } catch let error as HTTPError {
            return try Self.page(status: error.status, title: error.status.reasonPhrase, detail: error.body ?? "", context: context)
        }
    }

    static func page(status: HTTPResponse.Status, title: String, detail: String, context: AppContext) throws -> Response {
        var page: [String: Any] = context.principal.map { WorkbenchPage.base($0, title: title, current: "") } ?? ["title": title]
        page["heading"] = title
        page["detail"] = detail
        page["status"] = Int(status.code)
        return PageRoutes.html(try PageTemplates.render("error", page), status: status)
    }
}
