import ARCore

/// What a person or an API token may do. Each role includes the ones below it: a viewer reads,
/// a collector also works the queues, an approver also decides actions, an admin also manages
/// users, tokens, settings and the policy.
public enum Role: String, Sendable, CaseIterable, Comparable {
    case viewer, collector, approver, admin

    /// The rank that ``allows(_:)`` compares: the order of the cases above.
    var rank: Int { Role.allCases.firstIndex(of: self) ?? 0 }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }

    /// Whether this role may do what `needed` may do.
    public func allows(_ needed: Role) -> Bool { self >= needed }

    /// The role named `text`, or an error listing the roles.
    public static func parse(_ text: String, what: String) throws(AccessError) -> Role {
        guard let role = Role(rawValue: text) else {
            throw AccessError.invalid("\(what) '\(text)' is not a role; use \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return role
    }
}

/// A person who signs in to the workbench.
public struct UserAccount: Sendable, Equatable {
    public var name: String
    public var role: Role
    public var passwordHash: String
    public var disabled: Bool

    public init(name: String, role: Role, passwordHash: String, disabled: Bool) {
        self.name = name
        self.role = role
        self.passwordHash = passwordHash
        self.disabled = disabled
    }
}

/// A signed-in browser session, as found by the hash of its cookie.
public struct SessionRecord: Sendable, Equatable {
    public var user: String
    public var role: Role
    /// The token every form of this session must carry (double-submit is not enough when a
    /// subdomain can set cookies; the token is bound to the session row instead).
    public var csrfToken: String
    /// UTC instant, ISO 8601.
    public var expiresAt: String

    public init(user: String, role: Role, csrfToken: String, expiresAt: String) {
        self.user = user
        self.role = role
        self.csrfToken = csrfToken
        self.expiresAt = expiresAt
    }
}

/// An API token as stored: its name and role (the token itself is kept only as a hash).
public struct APITokenRecord: Sendable, Equatable {
    public var name: String
    public var role: Role

    public init(name: String, role: Role) {
        self.name = name
        self.role = role
    }
}

/// The first answer given to a POST with an `Idempotency-Key`, replayed for every repeat.
public struct StoredResponse: Sendable, Equatable {
    public var status: Int
    public var contentType: String
    public var body: String

    public init(status: Int, contentType: String, body: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
    }
}

/// What reserving an idempotency key found.
public enum IdempotencyClaim: Sendable, Equatable {
    /// The key is new and now reserved for this request: act, then ``AccessStore/completeIdempotency(key:principal:response:)``.
    case reserved
    /// The key was used before: answer this again, do nothing.
    case replay(StoredResponse)
    /// The first request with this key is still being handled.
    case inProgress
    /// The key was used before for another request (another method or path).
    case mismatch(String)
}

/// Access failures, each saying what to do.
public enum AccessError: Error, Equatable, CustomStringConvertible, Sendable {
    case invalid(String)
    case notFound(String)
    case conflict(String)
    /// Wrong name or password (never which of the two), or a disabled user.
    case badCredentials
    /// Too many failed sign-ins for the account or the address: try again after this many seconds.
    case throttled(retryAfterSeconds: Int)

    public var description: String {
        switch self {
        case .invalid(let text), .notFound(let text), .conflict(let text): text
        case .badCredentials: "wrong user name or password"
        case .throttled(let seconds): "too many failed sign-ins; try again in \(seconds) seconds"
        }
    }
}

/// The persistence port of people and access: users, sessions, API tokens, idempotency keys,
/// sign-in throttling, and the daily cycle's turn. Every change writes its audit entry in the
/// same transaction.
public protocol AccessStore: Sendable {
    func userCount() async throws -> Int
    func user(named name: String) async throws -> UserAccount?
    func users() async throws -> [UserAccount]
    /// - Throws: ``AccessError/conflict(_:)`` when the name is taken.
    func addUser(_ user: UserAccount, actor: String) async throws
    func setPassword(user: String, hash: String, actor: String) async throws
    func setDisabled(user: String, disabled: Bool, actor: String) async throws

    /// Stores a session (by the hash of its id) and audits the sign-in.
    func createSession(idHash: String, user: String, csrfToken: String, expiresAt: String, address: String, now: String) async throws
    /// The live session with this id hash (not expired at `now`, its user not disabled).
    func session(idHash: String, now: String) async throws -> SessionRecord?
    func deleteSession(idHash: String, actor: String) async throws

    /// - Throws: ``AccessError/conflict(_:)`` when the name is taken.
    func createToken(name: String, role: Role, hash: String, actor: String) async throws
    func token(hash: String) async throws -> APITokenRecord?

    /// Failed sign-ins recorded for `key` (an account or an address) at or after `since`.
    func loginFailures(key: String, since: String) async throws -> Int
    func recordLoginFailure(keys: [String], at: String) async throws
    func clearLoginFailures(key: String) async throws

    /// Reserves `key` for `principal`'s request `fingerprint` (method and path), or says what it found.
    func reserveIdempotency(key: String, principal: String, fingerprint: String, now: String) async throws -> IdempotencyClaim
    func completeIdempotency(key: String, principal: String, response: StoredResponse) async throws
    /// Frees a reservation whose request failed without an answer worth repeating (a server error).
    func releaseIdempotency(key: String, principal: String) async throws

    /// Takes the daily cycle's turn for `day`: true for the one instance that runs it (or takes
    /// over a turn whose lease ran out unfinished), false for everyone else.
    func claimCycle(day: CalendarDate, worker: String, now: String, leaseUntil: String) async throws -> Bool
    func finishCycle(day: CalendarDate, worker: String, now: String) async throws
}

/// Turns passwords into stored hashes and checks them (bcrypt, at the edge).
public protocol PasswordHasher: Sendable {
    func hash(_ password: String) -> String
    func verify(_ password: String, hash: String) -> Bool
}
