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
/// behind one SQL layer (sql-kit). Transactions are serialized on the connection, so a
/// command's writes are all-or-nothing and never interleave.
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
    private let gate = TransactionGate()

    private init(engine: DatabaseEngine, sql: any SQLDatabase, displayLocation: String,
                 sqlite: SQLiteConnection?, sqliteThread: NIOThreadPool? = nil, postgres: PostgresConnection?, logger: Logger) {
        self.engine = engine
        self.sql = sql
        self.displayLocation = displayLocation
        self.sqliteConnection = sqlite
        self.sqliteThread = sqliteThread
        self.postgresConnection = postgres
        self.logger = logger
    }

    /// Opens `location`: a `postgres://` (or `postgresql://`) URL, or a path to a SQLite file
    /// (created if missing), and brings its schema up to date.
    public static func open(_ location: String, logger: Logger = Logger(label: "aragent.db"), migrate: Bool = true) async throws -> Database {
        let database: Database
        if location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") {
            let redacted = Database.redact(location)
            let configuration: SQLPostgresConfiguration
            do {
                configuration = try SQLPostgresConfiguration(url: location)
            } catch {
                throw DatabaseError("'\(redacted)' is not a PostgreSQL URL; write postgres://user:password@host:port/database?sslmode=disable")
            }
            let connection: PostgresConnection
            do {
                connection = try await PostgresConnection.connect(
                    on: MultiThreadedEventLoopGroup.singleton.any(), configuration: configuration.coreConfiguration,
                    id: 1, logger: logger)
            } catch {
                throw DatabaseError("cannot connect to PostgreSQL at \(redacted): \(String(reflecting: error)). Check that the server runs and the URL's user, password and database are right.")
            }
            database = Database(engine: .postgres, sql: connection.sql(queryLogLevel: .trace, logger: logger),
                                displayLocation: redacted, sqlite: nil, postgres: connection, logger: logger)
            try await database.sql.raw("SET client_min_messages = warning").run()
        } else {
            let connection: SQLiteConnection
            let thread = NIOThreadPool(numberOfThreads: 1)
            thread.start()
            do {
                connection = try await SQLiteConnection.open(storage: .file(path: location), threadPool: thread, logger: logger,
                                                             on: MultiThreadedEventLoopGroup.singleton.any())
            } catch {
                try? await thread.shutdownGracefully()
                throw DatabaseError("cannot open the SQLite database '\(location)': \(error). Check that its folder exists and is writable.")
            }
            database = Database(engine: .sqlite, sql: connection.sql(queryLogLevel: .trace), displayLocation: location,
                                sqlite: connection, sqliteThread: thread, postgres: nil, logger: logger)
            // WAL lets reports read while an import writes; NORMAL sync is durable at each
            // checkpoint and safe against corruption; foreign keys are off by default in SQLite.
            for pragma in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON",
                           "PRAGMA busy_timeout = 10000", "PRAGMA cache_size = -65536", "PRAGMA temp_store = MEMORY"] {
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

    public func close() async {
        try? await sqliteConnection?.close()
        try? await sqliteThread?.shutdownGracefully()
        try? await postgresConnection?.close()
    }

    /// Runs `body` in a transaction: committed if it returns, rolled back if it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (any SQLDatabase) async throws -> T) async throws -> T {
        try await gate.run {
            // IMMEDIATE takes SQLite's write lock at once, so two writers wait instead of failing mid-way.
            try await self.sql.raw(self.engine == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN").run()
            do {
                let result = try await body(self.sql)
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

    /// A URL with its password replaced, safe for messages and logs.
    static func redact(_ location: String) -> String {
        guard var components = URLComponents(string: location), components.password != nil else { return location }
        components.password = "***"
        return components.string ?? "postgres://***"
    }
}

/// Serializes transactions on the single connection: the next waits for the previous to finish.
private actor TransactionGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        while busy {
            await withCheckedContinuation { waiters.append($0) }
        }
        busy = true
        defer {
            busy = false
            if !waiters.isEmpty { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}
