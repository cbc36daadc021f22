import ARAgent
import ARCore
import Foundation

/// People and access in SQL: users, sessions, tokens, idempotency keys, the sign-in throttle
/// and the daily cycle's turn. Each change and its audit entry in one transaction.
extension SQLLedgerStore: AccessStore {
    public func userCount() async throws -> Int {
        let rows = try await database.fetch("SELECT COUNT(*) FROM users")
        return Int(rows.first?.first?.intValue ?? 0)
    }

    public func user(named name: String) async throws -> UserAccount? {
        try await database.fetch("SELECT name, role, password_hash, disabled FROM users WHERE name = ?", [.text(name)]).first.map(Self.userAccount)
    }

    public func users() async throws -> [UserAccount] {
        try await database.fetch("SELECT name, role, password_hash, disabled FROM users ORDER BY name").map(Self.userAccount)
    }

    static func userAccount(_ row: [SQLValue]) throws -> UserAccount {
        guard case .text(let name) = row[0], case .text(let roleName) = row[1], case .text(let hash) = row[2], let role = Role(rawValue: roleName) else {
            throw DatabaseError("users holds a row that is not a user (name, role, password_hash): \(row)")
        }
        return UserAccount(name: name, role: role, passwordHash: hash, disabled: row[3].boolValue)
    }

    public func addUser(_ user: UserAccount, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard try await database.fetch("SELECT 1 FROM users WHERE name = ?", [.text(user.name)]).isEmpty else {
                throw AccessError.conflict("there is already a user '\(user.name)'; `aragent users passwd` changes a password")
            }
            let now = Timestamp.now()
            try await database.execute("INSERT INTO users (name, role, password_hash, disabled, created_at) VALUES (?, ?, ?, ?, ?)",
                                       [.text(user.name), .text(user.role.rawValue), .text(user.passwordHash), .bool(user.disabled), .text(now)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.user, user.name, "created", "role: \(user.role.rawValue)")
            try await audit.write(to: database)
        }
    }

    public func setPassword(user: String, hash: String, actor: String) async throws {
        try await changeUser(user, actor: actor, audit: "password_changed", details: "") { database in
            try await database.execute("UPDATE users SET password_hash = ? WHERE name = ?", [.text(hash), .text(user)])
            // A new password ends the sessions the old one opened.
            try await database.execute("DELETE FROM sessions WHERE user_name = ?", [.text(user)])
        }
    }

    public func setDisabled(user: String, disabled: Bool, actor: String) async throws {
        try await changeUser(user, actor: actor, audit: disabled ? "disabled" : "enabled", details: "") { database in
            try await database.execute("UPDATE users SET disabled = ? WHERE name = ?", [.bool(disabled), .text(user)])
            if disabled { try await database.execute("DELETE FROM sessions WHERE user_name = ?", [.text(user)]) }
        }
    }

    private func changeUser(_ name: String, actor: String, audit action: String, details: String,
                            _ change: @Sendable @escaping (Database) async throws -> Void) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.lockRows(of: "users", key: "name", texts: [name])
            guard !(try await database.fetch("SELECT 1 FROM users WHERE name = ?", [.text(name)])).isEmpty else {
                throw AccessError.notFound("there is no user '\(name)'; `aragent users add` creates one")
            }
            try await change(database)
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.user, name, action, details)
            try await audit.write(to: database)
        }
    }

    public func createSession(idHash: String, user: String, csrfToken: String, expiresAt: String, address: String, now: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            // Expired sessions go as new ones come, so the table holds only the live ones.
            try await database.execute("DELETE FROM sessions WHERE expires_at <= ?", [.text(now)])
            try await database.execute("INSERT INTO sessions (id_hash, user_name, csrf_token, address, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                                       [.text(idHash), .text(user), .text(csrfToken), .text(address), .text(now), .text(expiresAt)])
            var audit = AuditWriter(now: now, actor: user, importID: nil)
            audit.add(.user, user, "signed_in", "from \(address)")
            try await audit.write(to: database)
        }
    }

    public func session(idHash: String, now: String) async throws -> SessionRecord? {
        let rows = try await database.fetch("""
            SELECT s.user_name, u.role, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.name = s.user_name
            WHERE s.id_hash = ? AND s.expires_at > ? AND NOT u.disabled
            """, [.text(idHash), .text(now)])
        guard let row = rows.first else { return nil }
        guard case .text(let user) = row[0], case .text(let roleName) = row[1], let role = Role(rawValue: roleName),
              case .text(let csrf) = row[2], case .text(let expires) = row[3] else {
            throw DatabaseError("sessions holds a row that is not a session: \(row)")
        }
        return SessionRecord(user: user, role: role, csrfToken: csrf, expiresAt: expires)
    }

    public func deleteSession(idHash: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard !(try await database.fetch("SELECT 1 FROM sessions WHERE id_hash = ?", [.text(idHash)])).isEmpty else { return }
            try await database.execute("DELETE FROM sessions WHERE id_hash = ?", [.text(idHash)])
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.user, actor, "signed_out", "")
            try await audit.write(to: database)
        }
    }

    public func createToken(name: String, role: Role, hash: String, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard try await database.fetch("SELECT 1 FROM api_tokens WHERE name = ?", [.text(name)]).isEmpty else {
                throw AccessError.conflict("there is already an API token named '\(name)'; choose another --name")
            }
            let now = Timestamp.now()
            try await database.execute("INSERT INTO api_tokens (hash, name, role, created_at, created_by) VALUES (?, ?, ?, ?, ?)",
                                       [.text(hash), .text(name), .text(role.rawValue), .text(now), .text(actor)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.apiToken, name, "created", "role: \(role.rawValue)")
            try await audit.write(to: database)
        }
    }

    public func token(hash: String) async throws -> APITokenRecord? {
        guard let row = try await database.fetch("SELECT name, role FROM api_tokens WHERE hash = ?", [.text(hash)]).first else { return nil }
        guard case .text(let name) = row[0], case .text(let roleName) = row[1], let role = Role(rawValue: roleName) else {
            throw DatabaseError("api_tokens holds a row that is not a token: \(row)")
        }
        return APITokenRecord(name: name, role: role)
    }

    public func loginFailures(key: String, since: String) async throws -> Int {
        let rows = try await database.fetch("SELECT COUNT(*) FROM login_failures WHERE throttle_key = ? AND failed_at >= ?", [.text(key), .text(since)])
        return Int(rows.first?.first?.intValue ?? 0)
    }

    public func recordLoginFailure(keys: [String], at: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.insertRows(into: "login_failures", columns: ["throttle_key", "failed_at"], rows: keys.map { [.text($0), .text(at)] })
        }
    }

    public func clearLoginFailures(key: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.execute("DELETE FROM login_failures WHERE throttle_key = ?", [.text(key)])
        }
    }

    public func reserveIdempotency(key: String, principal: String, fingerprint: String, now: String) async throws -> IdempotencyClaim {
        let database = self.database
        let owner = UUID().uuidString
        return try await database.transaction { _ in
            // Two requests with one key at once: the second's insert waits for the first's and does nothing.
            try await database.execute("""
                INSERT INTO idempotency_keys (principal, idempotency_key, fingerprint, owner, created_at) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (principal, idempotency_key) DO NOTHING
                """, [.text(principal), .text(key), .text(fingerprint), .text(owner), .text(now)])
            guard let row = try await database.fetch("""
                SELECT owner, fingerprint, status, content_type, body FROM idempotency_keys WHERE principal = ? AND idempotency_key = ?
                """, [.text(principal), .text(key)]).first else {
                throw DatabaseError("idempotency key '\(key)' vanished while it was being reserved")
            }
            if case .text(let found) = row[0], found == owner { return .reserved }
            if case .text(let first) = row[1], first != fingerprint {
                return .mismatch("Idempotency-Key '\(key)' was used for \(first); use a new key for each request")
            }
            guard let status = row[2].intValue, case .text(let type) = row[3], case .text(let body) = row[4] else { return .inProgress }
            return .replay(StoredResponse(status: Int(status), contentType: type, body: body))
        }
    }

    public func completeIdempotency(key: String, principal: String, response: StoredResponse) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.execute("UPDATE idempotency_keys SET status = ?, content_type = ?, body = ? WHERE principal = ? AND idempotency_key = ?",
                                       [.int(Int64(response.status)), .text(response.contentType), .text(response.body), .text(principal), .text(key)])
        }
    }

    public func releaseIdempotency(key: String, principal: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.execute("DELETE FROM idempotency_keys WHERE principal = ? AND idempotency_key = ? AND status IS NULL",
                                       [.text(principal), .text(key)])
        }
    }

    public func claimCycle(day: CalendarDate, worker: String, now: String, leaseUntil: String) async throws -> Bool {
        let database = self.database
        return try await database.transaction { _ in
            // Taken by the first; taken over only when its holder's lease ran out before it finished.
            try await database.execute("""
                INSERT INTO cycle_runs (day, worker, started_at, lease_until) VALUES (?, ?, ?, ?)
                ON CONFLICT (day) DO UPDATE SET worker = excluded.worker, started_at = excluded.started_at, lease_until = excluded.lease_until
                WHERE cycle_runs.finished_at IS NULL AND cycle_runs.lease_until < ?
                """, [.text(day.iso), .text(worker), .text(now), .text(leaseUntil), .text(now)])
            let rows = try await database.fetch("SELECT worker, started_at FROM cycle_runs WHERE day = ?", [.text(day.iso)])
            guard let row = rows.first, case .text(let holder) = row[0], case .text(let started) = row[1] else { return false }
            return holder == worker && started == now
        }
    }

    public func finishCycle(day: CalendarDate, worker: String, now: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            try await database.execute("UPDATE cycle_runs SET finished_at = ? WHERE day = ? AND worker = ?", [.text(now), .text(day.iso), .text(worker)])
        }
    }
}

extension SQLValue {
    var intValue: Int64? {
        switch self {
        case .int(let value): value
        case .text(let text): Int64(text)
        case .bool(let flag): flag ? 1 : 0
        case .null: nil
        }
    }

    /// SQLite stores booleans as integers; PostgreSQL answers them as booleans.
    var boolValue: Bool {
        switch self {
        case .bool(let flag): flag
        case .int(let value): value != 0
        case .text(let text): text == "t" || text == "true" || text == "1"
        case .null: false
        }
    }
}
