import ARAgent
import Hummingbird
import NIOCore

/// Who is asking: an API token or a signed-in person.
public struct Principal: Sendable, Equatable {
    public enum Kind: String, Sendable { case token, session }
    public var name: String
    public var role: Role
    public var kind: Kind
    /// The session's CSRF token (sessions only): every form must carry it.
    public var csrfToken: String?
    /// The session cookie's value (sessions only), to sign out.
    var sessionCookie: String?

    /// The name in the audit log: tokens are marked, so a person and a token of one name differ.
    public var auditName: String { kind == .token ? "token:\(name)" : name }
    /// The key idempotency records are kept under.
    var idempotencyScope: String { "\(kind.rawValue):\(name)" }
}

/// The request context: Hummingbird's core storage, the principal once authenticated, and the
/// peer's address for the sign-in throttle.
public struct AppContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var principal: Principal?
    public let remoteAddress: String

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress?.ipAddress ?? "unknown"
    }

    /// The principal if their role allows `needed`; 401 when nobody signed in, 403 otherwise.
    func require(_ needed: Role) throws -> Principal {
        guard let principal else { throw Problem.unauthorized() }
        guard principal.role.allows(needed) else {
            throw Problem(.forbidden, title: "Forbidden", detail: "this needs the role \(needed.rawValue) or higher; \(principal.auditName) is \(principal.role.rawValue)")
        }
        return principal
    }
}
