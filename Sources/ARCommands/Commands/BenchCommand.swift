import ARAgent
import ARCore
import ArgumentParser
import Foundation

/// `aragent bench`: the foundation's performance figures on generated data, measured the way a
/// user meets them (whole commands' work: read, validate, store with audit; report).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks: the ledger (import, reports) and cash application (speed and quality).",
        subcommands: [LedgerBench.self, CashBench.self, ParseBench.self, PlanBench.self, ClassifyBench.self],
        defaultSubcommand: LedgerBench.self)
}

struct LedgerBench: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "ledger",
        abstract: "Measure import and report speed on a generated ledger (use a release build).",
        discussion: """
            Generates customers.csv and invoices.csv (every invoice open, spread over all aging buckets),
            imports them into an empty ledger (--db; default a new SQLite file in a temporary folder),
            imports the invoices again (must change nothing), and times the aging, metrics and baseline
            reports. Prints each figure and the process's peak memory.
            """)

    @Option(help: "Invoices to generate.") var invoices: Int = 1_000_000
    @Option(help: "Customers to generate.") var customers: Int = 100_000
    @Option(help: "Random seed.") var seed: UInt64 = 7
    @Option(help: ArgumentHelp("An empty ledger to use (SQLite path or postgres:// URL); default a fresh temporary SQLite file.", valueName: "path-or-url"))
    var db: String?
    @Option(help: ArgumentHelp("Folder for the generated CSV files (default: a temporary folder).", valueName: "dir")) var workdir: String?

    func execute(console: Console) async throws {
        let folder = workdir ?? (NSTemporaryDirectory() as NSString).appendingPathComponent("aragent-bench-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var databaseOptions = DatabaseOptions()
        databaseOptions.location = db ?? (folder as NSString).appendingPathComponent("bench.sqlite")
        let asOf = CalendarDate(year: 2026, month: 6, day: 30)!
        let clock = ContinuousClock()

        var started = clock.now
        let company = DemoCompany(seed: seed, size: .init(customers: customers, invoices: invoices, openPercent: 10, settles: false),
                                  asOf: asOf, progress: TerminalProgress(console: console))
        let files = try DemoFiles.write(company, to: folder)
        let generated = clock.now - started
        let invoiceBytes = Array(try Data(contentsOf: URL(fileURLWithPath: files[1])))
        let customerBytes = Array(try Data(contentsOf: URL(fileURLWithPath: files[0])))
        console.out("generated \(customers) customers and \(invoices) invoices (\(invoiceBytes.count / 1_000_000) MB of CSV) in \(Self.seconds(generated))")

        let timings = try await databaseOptions.withStore { store -> [(String, Duration)] in
            guard try await store.existingCustomerIDs(among: [company.customers[0].id]).isEmpty else {
                throw ValidationError("the ledger \(databaseOptions.displayLocation) is not empty; bench needs an empty one")
            }
            var results: [(String, Duration)] = []
            let service = ImportService(store: store)
            started = clock.now
            _ = try await service.importFile(bytes: customerBytes, file: files[0], kind: .customers, options: ImportOptions())
            results.append(("import \(customers) customers", clock.now - started))

            started = clock.now
            let parsed = try await ImportParser(kind: .invoices, options: ImportOptions()).parseInParts(bytes: invoiceBytes, file: files[1])
            results.append(("  of which: parse and validate \(parsed.count) invoices", clock.now - started))
            started = clock.now
            let first = try await service.importFile(bytes: invoiceBytes, file: files[1], kind: .invoices, options: ImportOptions())
            results.append(("import \(first.outcome.inserted) invoices (parse, validate, store, audit)", clock.now - started))

            started = clock.now
            let again = try await service.importFile(bytes: invoiceBytes, file: files[1], kind: .invoices, options: ImportOptions())
            guard !again.outcome.changedAnything else { throw ValidationError("re-importing changed the ledger: \(again.outcome)") }
            results.append(("re-import the same invoices (no change)", clock.now - started))

            let reports = ReportService(store: store)
            started = clock.now
            let aging = try await reports.aging(asOf: asOf)
            results.append(("aging report over \(invoices) open invoices (\(aging.customers.count) customer rows)", clock.now - started))
            started = clock.now
            _ = try await reports.metrics(from: asOf.adding(months: -3).advanced(by: 1), to: asOf)
            results.append(("metrics report (one quarter)", clock.now - started))
            started = clock.now
            _ = try await reports.baseline(asOf: asOf)
            results.append(("baseline report", clock.now - started))
            return results
        }
        for (label, duration) in timings { console.out("\(Self.seconds(duration))  \(label)") }
        console.out("peak memory (max RSS): \(Self.peakResidentMegabytes()) MB")
        console.out("database: \(databaseOptions.displayLocation)")
    }

    static func seconds(_ duration: Duration) -> String {
        let (s, atto) = duration.components
        return String(format: "%8.3f s", Double(s) + Double(atto) / 1e18)
    }

    static func peakResidentMegabytes() -> Int {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) / 1024  // kilobytes on Linux
    }
}
