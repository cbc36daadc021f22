import ARStore
import SQLKit
import Foundation

/// Where the tests find what lives outside the repository, and fresh databases to run against.
public enum TestEnvironment {
    /// The package's root folder.
    public static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` beside the repository (or `$ARAGENT_SHARED_DATA`), when it is there.
    public static let sharedData: URL? = {
        let candidates = [ProcessInfo.processInfo.environment["ARAGENT_SHARED_DATA"].map { URL(fileURLWithPath: $0) },
                          packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")]
        return candidates.compactMap { $0 }.first { FileManager.default.fileExists(atPath: $0.path) }
    }()

    public static var hasSharedData: Bool { sharedData != nil }

    public static func sharedFile(_ relativePath: String) throws -> URL {
        guard let folder = sharedData else { throw TestSetupError("../shared/data is absent") }
        return folder.appendingPathComponent(relativePath)
    }

    /// `ARAGENT_TEST_POSTGRES_URL`: a server the tests may create and drop databases on.
    public static let postgresURL: String? = ProcessInfo.processInfo.environment["ARAGENT_TEST_POSTGRES_URL"].flatMap { $0.isEmpty ? nil : $0 }

    /// The engines the store contract runs on: SQLite always, PostgreSQL when a server is given.
    public static var engines: [DatabaseEngine] { postgresURL == nil ? [.sqlite] : [.sqlite, .postgres] }

    /// A fresh temporary folder.
    public static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aragent-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A location (path or URL) of a new, empty ledger database of `engine`.
    public static func freshDatabaseLocation(_ engine: DatabaseEngine) async throws -> String {
        switch engine {
        case .sqlite:
            return try temporaryFolder().appendingPathComponent("ledger.sqlite").path
        case .postgres:
            guard let url = postgresURL, var components = URLComponents(string: url) else {
                throw TestSetupError("ARAGENT_TEST_POSTGRES_URL is not set")
            }
            let name = "aragent_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
            let admin = try await Database.open(url, migrate: false)
            do {
                try await admin.sql.raw("CREATE DATABASE \(unsafeRaw: name)").run()
            } catch {
                await admin.close()
                throw error
            }
            await admin.close()
            components.path = "/" + name
            return components.string ?? url
        }
    }

    /// Opens `count` connections to the same ledger (as several agents would), runs `body`, and
    /// closes them all whatever happens: a PostgreSQL connection must be closed before release.
    public static func withConnections<T>(to location: String, count: Int, _ body: ([Database]) async throws -> T) async throws -> T {
        var opened: [Database] = []
        do {
            for _ in 0..<count { opened.append(try await Database.open(location)) }
            let result = try await body(opened)
            for database in opened { await database.close() }
            return result
        } catch {
            for database in opened { await database.close() }
            throw error
        }
    }

    /// Opens a fresh ledger of `engine`, runs `body`, and closes it.
    public static func withFreshDatabase<T>(_ engine: DatabaseEngine, _ body: (Database) async throws -> T) async throws -> T {
        let database = try await Database.open(try await freshDatabaseLocation(engine))
        do {
            let result = try await body(database)
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

public struct TestSetupError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
