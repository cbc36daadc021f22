import ARAgent
import ARCore
import ArgumentParser
import Foundation

/// `aragent import customers|invoices|history FILE` and `aragent import presets`.
struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import customers, invoices, payment history or a bank statement (idempotent: re-importing changes nothing).",
        subcommands: [Customers.self, Invoices.self, History.self, ImportStatementCommand.self, Presets.self]
    )

    struct Customers: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Import customers.csv (CONTRACTS.md columns, or --map).")
        @OptionGroup var options: FileImportOptions
        func execute(console: Console) async throws { try await options.run(kind: .customers, console: console) }
    }

    struct Invoices: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Import invoices.csv (CONTRACTS.md columns, or --map ibm|xero|quickbooks|FILE).")
        @OptionGroup var options: FileImportOptions
        func execute(console: Console) async throws { try await options.run(kind: .invoices, console: console) }
    }

    struct History: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Import history.csv: past receipts and the invoices they paid.")
        @OptionGroup var options: FileImportOptions
        func execute(console: Console) async throws { try await options.run(kind: .history, console: console) }
    }

    struct Presets: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the built-in column-mapping presets, a starting point for your own --map file.")
        func execute(console: Console) async throws { console.out(BuiltInPresets.text) }
    }
}

/// The options every file import shares.
struct FileImportOptions: ParsableArguments {
    @Argument(help: "The CSV file to import.")
    var file: String

    @OptionGroup var database: DatabaseOptions

    @Option(help: ArgumentHelp("""
        Column mapping for another system's export: a preset (ibm, xero, quickbooks), a mapping file, \
        or FILE#preset for one preset of a file with several. See `aragent import presets`.
        """, valueName: "preset-or-file"))
    var map: String?

    @Option(help: ArgumentHelp("Override the mapping's date format: YYYY-MM-DD, M/D/YYYY, D/M/YYYY, D.M.YYYY, YYYYMMDD.", valueName: "format"))
    var dateFormat: String?

    @Option(help: ArgumentHelp("Currency for customers' credit limits and revenue when their row names none.", valueName: "code"))
    var currency: String = "USD"

    @Option(help: ArgumentHelp("The file's text encoding when it is not UTF-8: latin1 (ISO 8859-1) or windows-1252.", valueName: "name"))
    var encoding: String = "utf-8"

    @Flag(help: "Import the valid rows and report each invalid one, instead of rejecting the file.")
    var skipInvalid = false

    @Flag(help: "Accept columns that are neither ours nor mapped (they are not imported).")
    var ignoreUnknownColumns = false

    @Flag(help: "Reject invoices for customers the ledger does not know, instead of creating them as placeholders.")
    var strictCustomers = false

    @Flag(help: "Do not match bank lines in review or unmatched again after the import changed the ledger (`aragent rematch` does it later).")
    var noRematch = false

    func mapping(kind: ImportKind) throws -> ColumnMapping {
        var mapping = ColumnMapping.canonical
        if let map {
            mapping = try MappingResolver.resolve(map)
            if let mappedKind = mapping.kind, mappedKind != kind {
                throw ValidationError("the mapping '\(map)' is for \(mappedKind.rawValue), not \(kind.rawValue); use `aragent import \(mappedKind.rawValue)`")
            }
        }
        if let dateFormat {
            guard let format = DateFormat(name: dateFormat) else {
                throw ValidationError("unknown --date-format '\(dateFormat)'; use one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mapping.dateFormat = format
        }
        return mapping
    }

    func run(kind: ImportKind, console: Console) async throws {
        guard let defaultCurrency = Currency(code: currency) else {
            throw ValidationError("--currency '\(currency)' is not an ISO 4217 code such as USD or EUR")
        }
        guard let textEncoding = CSVEncoding(name: encoding) else {
            throw ValidationError("--encoding '\(encoding)' is not one ARAgent reads; use utf-8 (the default), latin1 or windows-1252")
        }
        let options = ImportOptions(mapping: try mapping(kind: kind), skipInvalid: skipInvalid,
                                    ignoreUnknownColumns: ignoreUnknownColumns, defaultCurrency: defaultCurrency, encoding: textEncoding)
        let bytes: [UInt8]
        do {
            bytes = Array(try Data(contentsOf: URL(fileURLWithPath: file)))
        } catch {
            throw ValidationError("cannot read '\(file)': \((error as NSError).localizedDescription)")
        }
        let report: ImportReport
        do {
            report = try await database.withStore { store in
                try await ImportService(store: store).importFile(
                    bytes: bytes, file: file, kind: kind, options: options, strictCustomers: strictCustomers,
                    progress: TerminalProgress(console: console))
            }
        } catch let rejected as ImportRejected {
            console.err(rejected.description)
            throw ExitCode(2)
        } catch let unknown as UnknownCustomers {
            console.err(unknown.description)
            throw ExitCode(2)
        }
        for problem in report.skippedProblems { console.err("skipped: \(problem)") }
        for warning in report.warnings.prefix(20) { console.err("warning: \(warning)") }
        if report.warnings.count > 20 { console.err("warning: … and \(report.warnings.count - 20) more") }
        let o = report.outcome
        var lines = ["\(file): \(report.records) \(kind.rawValue) records read — \(o.inserted) new, \(o.updated) updated, \(o.unchanged) unchanged."]
        if !o.changedAnything { lines.append("Nothing changed: the ledger already holds this file's contents.") }
        if !o.createdCustomers.isEmpty {
            let shown = o.createdCustomers.prefix(10).map(\.rawValue).joined(separator: ", ")
            lines.append("Created \(o.createdCustomers.count) customers the ledger did not know (\(shown)\(o.createdCustomers.count > 10 ? ", …" : "")); import customers.csv to complete their details.")
        }
        for (reason, count) in report.skipped.sorted(by: { $0.key < $1.key }) {
            lines.append("Skipped \(count) rows: \(reason).")
        }
        if let id = o.importID { lines.append("Recorded as import #\(id) in the audit log.") }
        // New invoices, customers or history may explain a line that waits for review or matched
        // nothing: match those again now (a line's payer is unknown until the new data names it,
        // so every such line is tried, not only those of the customers the file touched).
        if o.changedAnything && !noRematch {
            let rematched = try await database.withStore { store in try await StatementImportService(store: store).rematch(since: nil) }
            if !rematched.lines.isEmpty {
                lines.append("Matched again \(rematched.lines.count) bank line(s) that were new, unmatched or in review: applied \(rematched.count([.applied, .partiallyApplied])), for review \(rematched.count([.review])), unmatched \(rematched.count([.unmatched])), left alone \(rematched.leftAlone).")
            }
        }
        console.out(lines.joined(separator: "\n"))
    }
}

/// Finds the mapping that `--map` names: a built-in preset, a mapping file, or `FILE#preset`.
enum MappingResolver {
    static func resolve(_ reference: String) throws -> ColumnMapping {
        var path = reference
        var preset: String?
        if let hash = reference.lastIndex(of: "#") {
            path = String(reference[..<hash])
            preset = String(reference[reference.index(after: hash)...])
        }
        if FileManager.default.fileExists(atPath: path) {
            let text: String
            do {
                text = try String(contentsOfFile: path, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read the mapping file '\(path)': \(error.localizedDescription)")
            }
            let mappings = try MappingFile.parse(text, file: path)
            if let preset {
                guard let mapping = mappings[preset] else {
                    throw ValidationError("\(path) has no preset [\(preset)]; it has \(mappings.keys.sorted().joined(separator: ", "))")
                }
                return mapping
            }
            guard mappings.count == 1, let only = mappings.values.first else {
                throw ValidationError("\(path) holds \(mappings.count) presets (\(mappings.keys.sorted().joined(separator: ", "))); name one as \(path)#NAME")
            }
            return only
        }
        let builtIns = BuiltInPresets.all()
        guard let mapping = builtIns[reference] else {
            throw ValidationError("--map '\(reference)' is neither a file nor a preset; presets: \(builtIns.keys.sorted().joined(separator: ", "))")
        }
        return mapping
    }
}
