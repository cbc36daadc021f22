import ARCore
import Crypto
import Foundation
import Synchronization

/// The rules of signing in and of access, in one place for the CLI and the server: users with
/// bcrypt passwords, database sessions, API tokens, and the throttle on failed sign-ins.
/// Secrets (session ids, tokens, one-time passwords) are random, shown once, and stored only as
/// SHA-256 hashes, so a copy of the database signs nobody in.
public struct AccessService: Sendable {
    public let store: any AccessStore
    public let hasher: any PasswordHasher
    public let policy: AccessPolicy
    /// Tokens already looked up, by their digest: an API client sends its token with every
    /// request, and a token never changes once created (none is revoked yet: a token's name and
    /// role are fixed), so the lookup is kept for ``AccessPolicy/tokenCacheSeconds``.
    private let tokens = TokenCache()

    public init(store: any AccessStore, hasher: any PasswordHasher, policy: AccessPolicy = AccessPolicy()) {
        self.store = store
        self.hasher = hasher
        self.policy = policy
    }

    // MARK: Users

    /// Adds a user. - Throws: ``AccessError`` for a bad name, a short password or a taken name.
    public func addUser(name: String, role: Role, password: String, actor: String) async throws {
        try Self.checkName(name)
        try policy.checkPassword(password)
        try await store.addUser(UserAccount(name: name, role: role, passwordHash: hasher.hash(password), disabled: false), actor: actor)
    }

    public func changePassword(name: String, password: String, actor: String) async throws {
        try policy.checkPassword(password)
        guard try await store.user(named: name) != nil else { throw AccessError.notFound("there is no user '\(name)'; `aragent users add` creates one") }
        try await store.setPassword(user: name, hash: hasher.hash(password), actor: actor)
    }

    public func disable(name: String, actor: String) async throws {
        guard try await store.user(named: name) != nil else { throw AccessError.notFound("there is no user '\(name)'") }
        try await store.setDisabled(user: name, disabled: true, actor: actor)
    }

    /// On a ledger with no users, creates `admin` with a random password and returns it (to be
    /// shown once); nil when users exist.
    public func bootstrapAdmin(actor: String) async throws -> (name: String, password: String)? {
        guard try await store.userCount() == 0 else { return nil }
        let password = Self.randomSecret(bytes: AccessPolicy.generatedPasswordBytes)
        do {
            try await addUser(name: AccessPolicy.firstAdminName, role: .admin, password: password, actor: actor)
        } catch AccessError.conflict {
            // Two instances started at once on an empty ledger: the other one created it and printed its password.
            return nil
        }
        return (AccessPolicy.firstAdminName, password)
    }

    static func checkName(_ name: String) throws(AccessError) {
        let allowed = name.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0) }
        guard !name.isEmpty, name.count <= AccessPolicy.maximumNameLength, allowed else {
            throw AccessError.invalid("user name '\(name)' must be 1 to \(AccessPolicy.maximumNameLength) letters, digits or . _ - @")
        }
    }

    // MARK: Sessions

    /// A new session for a correct name and password, after the throttle allowed the attempt.
    /// Returns the cookie value (shown to the browser only) and the session.
    /// - Throws: ``AccessError/throttled(retryAfterSeconds:)`` or ``AccessError/badCredentials``.
    public func signIn(name: String, password: String, address: String, now: Date) async throws -> (cookie: String, session: SessionRecord) {
        let windowStart = Self.instant(now.addingTimeInterval(-policy.throttleWindow))
        let accountKey = "user:\(name.lowercased())", addressKey = "addr:\(address)"
        let accountFailures = try await store.loginFailures(key: accountKey, since: windowStart)
        let addressFailures = try await store.loginFailures(key: addressKey, since: windowStart)
        if accountFailures >= policy.maximumFailuresPerAccount || addressFailures >= policy.maximumFailuresPerAddress {
            throw AccessError.throttled(retryAfterSeconds: Int(policy.throttleWindow))
        }
        // A missing user costs a hash too, so the answer's timing does not tell which names exist.
        let user = try await store.user(named: name)
        let matches: Bool
        if let user { matches = hasher.verify(password, hash: user.passwordHash) } else { _ = hasher.hash(password); matches = false }
        guard let user, matches, !user.disabled else {
            try await store.recordLoginFailure(keys: [accountKey, addressKey], at: Self.instant(now))
            throw AccessError.badCredentials
        }
        try await store.clearLoginFailures(key: accountKey)
        let cookie = Self.randomSecret(bytes: AccessPolicy.secretBytes), csrf = Self.randomSecret(bytes: AccessPolicy.secretBytes)
        let expires = Self.instant(now.addingTimeInterval(policy.sessionLifetime))
        try await store.createSession(idHash: Self.digest(cookie), user: user.name, csrfToken: csrf, expiresAt: expires, address: address,
                                      now: Self.instant(now))
        return (cookie, SessionRecord(user: user.name, role: user.role, csrfToken: csrf, expiresAt: expires))
    }

    public func session(cookie: String, now: Date) async throws -> SessionRecord? {
        try await store.session(idHash: Self.digest(cookie), now: Self.instant(now))
    }

    public func signOut(cookie: String, actor: String) async throws {
        try await store.deleteSession(idHash: Self.digest(cookie), actor: actor)
    }

    // MARK: API tokens

    /// Creates a token and returns it: the only time it is seen whole.
    public func createToken(name: String, role: Role, actor: String) async throws -> String {
        try Self.checkName(name)
        let token = AccessPolicy.tokenPrefix + Self.randomSecret(bytes: AccessPolicy.secretBytes)
        try await store.createToken(name: name, role: role, hash: Self.digest(token), actor: actor)
        return token
    }

    public func token(_ presented: String) async throws -> APITokenRecord? {
        let digest = Self.digest(presented)
        let now = ContinuousClock.now
        if let known = tokens.lookup(digest, at: now) { return known }
        guard let record = try await store.token(hash: digest) else { return nil }
        tokens.keep(digest, record, until: now.advanced(by: .seconds(policy.tokenCacheSeconds)), limit: AccessPolicy.tokenCacheEntries)
        return record
    }

    // MARK: Secrets

    /// `bytes` random bytes from the system's secure generator, base64url without padding.
    public static func randomSecret(bytes: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let data = Data((0..<bytes).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a secret, hex: what the database keeps instead of the secret.
    public static func digest(_ secret: String) -> String {
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            out.append(hex[Int(byte >> 4)])
            out.append(hex[Int(byte & 0x0f)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// UTC ISO 8601 with milliseconds, as every stored instant (sorts as text).
    public static func instant(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }
}

/// Known API tokens by digest, each until its time is up; at most `limit` (the oldest go first).
final class TokenCache: Sendable {
    private let entries = Mutex<[String: (record: APITokenRecord, until: ContinuousClock.Instant)]>([:])

    func lookup(_ digest: String, at now: ContinuousClock.Instant) -> APITokenRecord? {
        entries.withLock { entries in
            guard let entry = entries[digest] else { return nil }
            guard entry.until > now else {
                entries[digest] = nil
                return nil
            }
            return entry.record
        }
    }

    func keep(_ digest: String, _ record: APITokenRecord, until: ContinuousClock.Instant, limit: Int) {
        entries.withLock { entries in
            if entries.count >= limit, let oldest = entries.min(by: { $0.value.until < $1.value.until })?.key { entries[oldest] = nil }
            entries[digest] = (record, until)
        }
    }
}

/// The numbers of access: how long a session lives, how many failed sign-ins are allowed.
public struct AccessPolicy: Sendable {
    /// A working day and a half: a session started in the morning survives the day, and one left
    /// open overnight does not survive the next.
    public var sessionLifetime: TimeInterval = 12 * 3600
    /// Failed sign-ins counted over this window.
    public var throttleWindow: TimeInterval = 15 * 60
    /// Per account: enough for typos, far too few to guess a password.
    public var maximumFailuresPerAccount = 5
    /// Per address: an office behind one NAT has several people mistyping.
    public var maximumFailuresPerAddress = 20
    /// NIST SP 800-63B's minimum for a password a person chooses.
    public var minimumPasswordLength = 8
    /// How long a looked-up API token is kept in memory. Tokens are never changed once made; the
    /// bound is there so that a token revoked in the database some day stops within a minute.
    public var tokenCacheSeconds: Int64 = 60
    /// Tokens kept at most (an installation has a handful; the bound keeps a flood of made-up
    /// tokens, which are never kept, from mattering either way).
    public static let tokenCacheEntries = 1_000

    public init() {}

    func checkPassword(_ password: String) throws(AccessError) {
        guard password.count >= minimumPasswordLength else {
            throw AccessError.invalid("the password is too short: at least \(minimumPasswordLength) characters")
        }
        // bcrypt reads only the first 72 bytes; a longer password would silently match its prefix.
        guard password.utf8.count <= AccessPolicy.maximumPasswordBytes else {
            throw AccessError.invalid("the password is too long: at most \(AccessPolicy.maximumPasswordBytes) bytes (bcrypt ignores the rest)")
        }
    }

    static let maximumPasswordBytes = 72
    static let maximumNameLength = 64
    /// 256 bits: unguessable, and short enough for a cookie or a header.
    static let secretBytes = 32
    /// 96 bits for a password printed once and typed by a person.
    static let generatedPasswordBytes = 12
    public static let firstAdminName = "admin"
    /// Tokens say what they are, so a leaked one is recognised in a log or a repository scan.
    public static let tokenPrefix = "arat_"
}
