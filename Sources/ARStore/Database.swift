import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresKit
import SQLKit
import SQLiteKit

/// Which SQL engine a ``Database`` talks to; the few statements that differ ask this.
public enum DatabaseEngine: String, Sendable {
    case sqlite, postgres
}

/// The database could not be opened or used, said so that the user can fix it.
public struct DatabaseError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// One connection to the ledger's database, SQLite (the embedded default) or PostgreSQL,
/// behind one SQL layer (sql-kit). Transactions are serialized on the connection, and a
/// statement from outside a transaction waits for the open one to end (``ConnectionGate``), so a
/// command's writes are all-or-nothing, never interleave, and no reader sees them half-done.
public final class Database: Sendable {
    public let engine: DatabaseEngine
    public let sql: any SQLDatabase
    /// Where the database is, for messages: a path, or a URL with the password removed.
    public let displayLocation: String
    let sqliteConnection: SQLiteConnection?
    /// The SQLite connection's own thread: a connection waiting for the write lock (busy_timeout)
    /// blocks the thread it runs on, and on the shared pool (one thread per core) two waiting
    /// connections would starve the one holding the lock until the timeout fails them all.
    let sqliteThread: NIOThreadPool?
    let postgresConnection: PostgresConnection?
    let logger: Logger
    let gate: ConnectionGate

    private init(engine: DatabaseEngine, sql: any SQLDatabase, displayLocation: String,
                 sqlite: SQLiteConnection?, sqliteThread: NIOThreadPool? = nil, postgres: PostgresConnection?, logger: Logger) {
        self.engine = engine
        let gate = ConnectionGate()
        self.gate = gate
        self.sql = GatedSQLDatabase(base: sql, gate: gate)
        self.displayLocation = displayLocation
        self.sqliteConnection = sqlite
        self.sqliteThread = sqliteThread
        self.postgresConnection = postgres
        self.logger = logger
    }

    /// Opens `location`: a `postgres://` (or `postgresql://`) URL, or a path to a SQLite file
    /// (created if missing), and brings its schema up to date. A value that is neither (see
    /// ``DatabaseLocation``) is an error; no message ever shows the URL's password.
    public static func open(_ location: String, logger: Logger = Logger(label: "aragent.db"), migrate: Bool = true) async throws -> Database {
        let database: Database
        switch try DatabaseLocation(parsing: location) {
        case .postgres(let url):
            let redacted = Database.redact(url)
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: url)
            } catch {
                throw DatabaseError("'\(redacted)' is not a PostgreSQL URL; write postgres://user:password@host:port/database?sslmode=disable")
            }
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration.coreConfiguration,
                    id: 1, logger: logger)
            } catch {
                let why = Database.scrub(String(reflecting: error), secretsOf: url)
                throw DatabaseError("cannot connect to PostgreSQL at \(redacted): \(why). Check that the server runs and the URL's user, password and database are right.")
            }
            database = Database(engine: .postgres, sql: connection.sql(queryLogLevel: .trace, logger: logger),
                                displayLocation: redacted, sqlite: nil, postgres: connection, logger: logger)
            try await database.sql.raw("SET client_min_messages = warning").run()
        case .sqlite(let path):
            let connection: SQLiteConnection
            let thread = NIOThreadPool(numberOfThreads: 1)
            thread.start()
            do {
                connection = try await SQLiteConnection.open(storage: .file(path: path), threadPool: thread, logger: logger,
                                                             on: MultiThreadedEventLoopGroup.singleton.any())
            } catch {
                try? await thread.shutdownGracefully()
                throw DatabaseError("cannot open the SQLite database '\(path)': \(error). Check that its folder exists and is writable.")
            }
            database = Database(engine: .sqlite, sql: connection.sql(queryLogLevel: .trace), displayLocation: path,
                                sqlite: connection, sqliteThread: thread, postgres: nil, logger: logger)
            // WAL lets reports read while an import writes; NORMAL sync is durable at each
            // checkpoint and safe against corruption; foreign keys are off by default in SQLite.
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                           "PRAGMA busy_timeout = \(Self.sqliteBusyTimeoutMilliseconds)", "PRAGMA cache_size = -\(Self.usualSQLiteCacheKiB)", "PRAGMA temp_store = MEMORY",
                           "PRAGMA mmap_size = \(Self.sqliteMemoryMapBytes)"] {
                try await database.sql.raw(SQLQueryString(pragma)).run()
            }
        }
        if migrate {
            do { try await Migrator(database: database).migrate() } catch {
                await database.close()
                throw error
            }
        }
        return database
    }

    /// How much of a SQLite ledger is read through a memory map instead of copies into the page
    /// cache: a report over a million invoices reads the 70 MB aging index, and copying it into
    /// freshly allocated cache pages cost a tenth of `report aging`. Writes still go through the
    /// journal as usual (SQLite maps for reading only).
    static let sqliteMemoryMapBytes = 1 << 30

    /// How long a SQLite writer waits for another process's write to finish before it gives up
    /// with "database is locked": 30 s. Several processes on one file (a `serve`, a `send` from
    /// cron, an import) take turns; on a loaded machine a large import's transaction held the
    /// lock past the 10 s this used to be.
    static let sqliteBusyTimeoutMilliseconds = 30_000

    public func close() async {
        try? await sqliteConnection?.close()
        try? await sqliteThread?.shutdownGracefully()
        try? await postgresConnection?.close()
    }

    /// The databases whose transaction the current task (or a parent) has open.
    @TaskLocal static var openTransactions: Set<ObjectIdentifier> = []

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    ///
    /// Called inside a transaction of the same task (one use case's step made of others: a
    /// reply that records a promise and the message it came in), `body` runs in a savepoint of
    /// the outer transaction instead: its writes commit with the outer one, and if it throws only
    /// they are undone, so the caller can note the failure and go on.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        let id = ObjectIdentifier(self)
        if Self.openTransactions.contains(id), gate.isHeldByCurrentTask {
            return try await savepoint { try await body(self.sql) }
        }
        return try await gate.run { () async throws -> T in
            // IMMEDIATE takes SQLite's write lock at once, so two writers wait instead of failing mid-way.
            try await self.sql.raw(self.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await Self.$openTransactions.withValue(Self.openTransactions.union([id])) { try await body(self.sql) }
                try await self.sql.raw("COMMIT").run()
                return result
            } catch {
                try? await self.sql.raw("ROLLBACK").run()
                throw error
            }
        }
    }

    /// Days from date column `earlier` to date column `later` (both `YYYY-MM-DD` text), in this engine's SQL.
    func daysBetween(_ earlier: String, _ later: String) -> String {
        switch engine {
        case .sqlite: "CAST(julianday(\(later)) - julianday(\(earlier)) AS INTEGER)"
        case .postgres: "(CAST(\(later) AS DATE) - CAST(\(earlier) AS DATE))"
        }
    }

    /// A URL with its password replaced by `***`, safe for messages and logs; a path unchanged.
    ///
    /// Done on the text, not by a URL parser, because the URLs that most need it are the ones
    /// that do not parse: the password is whatever stands between the user's `:` and the last
    /// `@` (a password may hold an unencoded `@` or `/`); with no `@` at all, anything after a `:`
    /// in the host part that is not a port number, or all of a `scheme:opaque` value. A
    /// `password=` query parameter is hidden too.
    public static func redact(_ location: String) -> String {
        guard let schemeEnd = DatabaseLocation.schemeEnd(location) else { return location }
        let prefix = location[..<schemeEnd]
        var rest = String(location[schemeEnd...])
        let hierarchical = location[..<schemeEnd].hasSuffix("//")
        if let at = rest.lastIndex(of: "@") {
            let userInfo = rest[..<at]
            if let colon = userInfo.firstIndex(of: ":") {
                rest = String(userInfo[..<colon]) + ":***" + rest[at...]
            }
        } else if !hierarchical {
            // `scheme:something` with no `//` and no `@`: nothing in it is known to be safe to show.
            rest = rest.isEmpty ? rest : "***"
        } else {
            let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
            if let colon = rest[..<authorityEnd].firstIndex(of: ":") {
                let port = rest[rest.index(after: colon)..<authorityEnd]
                if port.isEmpty || !port.allSatisfy(\.isASCII) || !port.allSatisfy(\.isNumber) {
                    rest = String(rest[..<colon]) + ":***" + rest[authorityEnd...]
                }
            }
        }
        // libpq also takes the password as a query parameter.
        var result = String(prefix) + rest
        var searchFrom = result.startIndex
        while let found = result.range(of: "password=", options: .caseInsensitive, range: searchFrom..<result.endIndex) {
            let valueEnd = result[found.upperBound...].firstIndex { $0 == "&" || $0 == "#" } ?? result.endIndex
            result.replaceSubrange(found.upperBound..<valueEnd, with: "***")
            searchFrom = result.index(found.upperBound, offsetBy: 3, limitedBy: result.endIndex) ?? result.endIndex
        }
        return result
    }

    /// `message` with the password of `url` (as written and percent-decoded) removed, for errors
    /// that a driver wrote and that might echo it.
    static func scrub(_ message: String, secretsOf url: String) -> String {
        guard let password = URLComponents(string: url)?.password, !password.isEmpty else { return message }
        var result = message
        for secret in Set([password, password.removingPercentEncoding ?? password]) where secret.count >= 1 {
            result = result.replacingOccurrences(of: secret, with: "***")
        }
        return result
    }
}

/// What a `--db` value names: a SQLite file or a PostgreSQL URL, and nothing else.
///
/// A value that looks like a URL but is none (`postgres:user:pw@host`, `postgresql//x`,
/// `mysql://…`) is an error instead of the name of a new SQLite file: the mistake would
/// otherwise leave the team writing to an empty local ledger while believing it used the server.
public enum DatabaseLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public init(parsing value: String) throws(DatabaseError) {
        let shown = Database.redact(value)
        let lower = value.lowercased()
        let fix = "write a path to a SQLite file (such as aragent.sqlite) or postgres://user:password@host:5432/database"
        guard !value.isEmpty else { throw DatabaseError("--db is empty; \(fix)") }
        if let scheme = DatabaseLocation.postgresSchemes.first(where: { lower.hasPrefix($0) }) {
            // A Unix-socket URL names no host; every other one must.
            guard let components = URLComponents(string: value), scheme.contains("+uds") || !(components.host ?? "").isEmpty else {
                throw DatabaseError("'\(shown)' is not a valid PostgreSQL URL (it needs a host, and characters such as @ : / in the password written as %40 %3A %2F); write postgres://user:password@host:5432/database")
            }
            self = .postgres(url: value)
            return
        }
        // An existing file is a SQLite database whatever its name.
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: value, isDirectory: &isFolder) {
            guard !isFolder.boolValue else { throw DatabaseError("--db '\(value)' is a folder; \(fix)") }
            self = .sqlite(path: value)
            return
        }
        if let range = value.range(of: "://") {
            throw DatabaseError("--db '\(shown)' has the scheme '\(value[..<range.lowerBound])', which ARAgent does not know; \(fix)")
        }
        if DatabaseLocation.schemeEnd(value) != nil {
            throw DatabaseError("--db '\(shown)' looks like a URL but is not one (a URL has '://' after its scheme); \(fix)")
        }
        if lower.hasPrefix("postgres") && value.contains("//") {
            throw DatabaseError("--db '\(shown)' looks like a PostgreSQL URL with its ':' missing; \(fix)")
        }
        self = .sqlite(path: value)
    }

    /// The URL schemes of PostgreSQL, as postgres-kit reads them (`+uds` for a Unix socket).
    static let postgresSchemes = ["postgres://", "postgresql://", "postgres+tcp://", "postgresql+tcp://", "postgres+uds://", "postgresql+uds://"]

    /// Where the part after a scheme starts (`postgres://` or `postgres:`), when `value` starts
    /// with a scheme of two or more letters (one letter is a Windows drive, `C:`).
    static func schemeEnd(_ value: String) -> String.Index? {
        guard let colon = value.firstIndex(of: ":") else { return nil }
        let scheme = value[..<colon]
        guard scheme.count >= 2, let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        let afterColon = value.index(after: colon)
        return value[afterColon...].hasPrefix("//") ? value.index(afterColon, offsetBy: 2) : afterColon
    }
}
