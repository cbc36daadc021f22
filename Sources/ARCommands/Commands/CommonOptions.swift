import ARAgent
import ARCore
import ARStore
import ArgumentParser
import Foundation
import Logging

/// `--db`: where the ledger is.
public struct DatabaseOptions: ParsableArguments {
    @Option(name: .customLong("db"), help: ArgumentHelp(
        "SQLite file or postgres:// URL of the ledger (default: $ARAGENT_DB, else aragent.sqlite); anything else is an error.", valueName: "path-or-url"))
    public var location: String?

    public init() {}

    /// The flag, else ARAGENT_DB (from the environment or the configuration file), else the default.
    var resolvedLocation: String { location ?? CommandEnvironment["ARAGENT_DB"] ?? "aragent.sqlite" }

    /// The location for messages: a URL's password is never printed.
    var displayLocation: String { Database.redact(resolvedLocation) }

    /// Opens the ledger (migrating it if needed), runs `body`, and closes it whatever happens.
    func withStore<T: Sendable>(_ body: (SQLLedgerStore) async throws -> T) async throws -> T {
        var logger = Logger(label: "aragent.db")
        logger.logLevel = .warning
        let database = try await Database.open(resolvedLocation, logger: logger)
        do {
            let result = try await body(SQLLedgerStore(database: database))
            await database.close()
            return result
        } catch {
            await database.close()
            throw error
        }
    }
}

/// A `YYYY-MM-DD` argument.
extension CalendarDate: ExpressibleByArgument {
    public init?(argument: String) { self.init(iso: argument) }
    public var defaultValueDescription: String { iso }
}

/// "Today" is decided here, at the edge, in the company's time zone, and passed inward.
enum Today {
    static func inTimeZone(_ identifier: String?) throws -> CalendarDate {
        let name = identifier ?? ProcessInfo.processInfo.environment["ARAGENT_TIMEZONE"]
        var calendar = Calendar(identifier: .gregorian)
        if let name {
            guard let zone = TimeZone(identifier: name) else {
                throw ValidationError("unknown time zone '\(name)'; use an IANA name such as Europe/Berlin or America/New_York")
            }
            calendar.timeZone = zone
        }
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        guard let year = parts.year, let month = parts.month, let day = parts.day,
              let today = CalendarDate(year: year, month: month, day: day) else {
            throw ValidationError("could not tell today's date; pass --as-of YYYY-MM-DD")
        }
        return today
    }
}

/// `--as-of` with its default of today in the company's time zone.
public struct AsOfOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The day to report on, YYYY-MM-DD (default: today).", valueName: "date"))
    public var asOf: CalendarDate?

    @Option(help: ArgumentHelp("The company's time zone for 'today' (default: $ARAGENT_TIMEZONE, else the system's).", valueName: "zone"))
    public var timezone: String?

    public init() {}

    func resolved() throws -> CalendarDate { try asOf ?? Today.inTimeZone(timezone) }
}
