import ARAgent
import ARCore
import ARBootstrap
import ARStore
import ArgumentParser
import Foundation

/// `aragent demo`: a realistic demo company in the ledger (or as CSV files), so a new user sees
/// real numbers at once.
struct DemoCommand: ConsoleCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Create a demo company: customers with different payment habits, a year of history, an open ledger.",
        discussion: """
            Writes into the ledger (--db) through the same idempotent import as real files: running it
            again with the same seed and date changes nothing. With --out DIR it writes customers.csv,
            invoices.csv and history.csv there instead, for trying the import commands or benchmarks.
            """)

    @OptionGroup var database: DatabaseOptions
    @Option(help: "Random seed: the same seed and date make the same company.") var seed: UInt64 = 42
    @Option(help: "Size: N × 300 customers and N × 6,000 invoices.") var scale: Int = 1
    @Option(help: "Number of customers (overrides --scale).") var customers: Int?
    @Option(help: "Number of invoices (overrides --scale).") var invoices: Int?
    @OptionGroup var asOf: AsOfOptions
    @Option(help: ArgumentHelp("Write CSV files to this folder instead of the ledger.", valueName: "dir")) var out: String?

    func validate() throws {
        if scale < 1 { throw ValidationError("--scale must be 1 or more") }
        if let customers, customers < 1 { throw ValidationError("--customers must be 1 or more") }
        if let invoices, invoices < 0 { throw ValidationError("--invoices must be 0 or more") }
    }

    func execute(console: Console) async throws {
        let day = try asOf.resolved()
        var size = DemoCompany.Size.scale(scale)
        if let customers { size.customers = customers }
        if let invoices { size.invoices = invoices }
        let company = DemoCompany(seed: seed, size: size, asOf: day, progress: TerminalProgress(console: console))
        if let out {
            let files = try DemoFiles.write(company, to: out)
            console.out("Wrote \(files.joined(separator: ", ")): \(company.customers.count) customers, \(company.invoices.count) invoices, \(company.receipts.count) receipts as of \(day.iso).")
            return
        }
        let seed = self.seed
        let outcomes = try await database.withStore { store in
            let source = "demo (seed \(seed), as of \(day.iso))"
            var results: [ImportOutcome] = []
            for records in [ParsedImport.Records.customers(company.customers), .invoices(company.invoices, customerNames: [:]),
                            .history(company.receipts)] {
                let kind: ImportKind = switch records { case .customers: .customers; case .invoices: .invoices; case .history: .history }
                results.append(try await store.store(ImportBatch(kind: kind, source: source, sourceFingerprint: "seed-\(seed)-\(day.iso)",
                                                                 actor: "demo", records: records)))
            }
            return results
        }
        let inserted = outcomes.map(\.inserted)
        let users = try await database.withStore { try await DemoUsers.add(to: $0) }
        try await database.withStore { try await $0.setCompanyProfile(DemoProfile.profile, actor: "demo") }
        // This week's bank statement, through the same import as `aragent import statement`.
        let statement = try await database.withStore { store in
            try await StatementImportService(store: store).importStatement(bytes: Array(DemoStatement.csv(company, asOf: day).utf8),
                                                                           file: "demo-statement-\(day.iso).csv")
        }
        console.out("""
            Demo company as of \(day.iso) in \(database.displayLocation): \(company.customers.count) customers, \(company.invoices.count) invoices \
            (\(company.invoices.filter { $0.status == .open }.count) open), \(company.receipts.count) past receipts; \
            \(inserted[0] + inserted[1] + inserted[2]) records new, \(outcomes.map(\.updated).reduce(0, +)) updated.
            Company profile: \(DemoProfile.profile.legalName), with bank instructions for \(DemoProfile.profile.payment.map(\.currency).joined(separator: ", ")).
            Bank statement: \(statement.stored) new line(s), \(statement.autoApplied) applied automatically, \(statement.review) for review, \(statement.unmatched) unmatched.
            Demo users for `aragent serve`, one per role (passwords are shown only now):
            \(users.map { "  \($0)" }.joined(separator: "\n"))
            Next: aragent report baseline --as-of \(day.iso), or aragent serve and sign in at http://127.0.0.1:8080/login
            """)
    }
}

/// One demo user per role, named after the role, each with a random password printed once.
/// A user that exists already keeps its password, and the output says so.
enum DemoUsers {
    /// 72 bits: typed by a person trying the demo, unguessable over the throttle.
    static let passwordBytes = 9

    static func add(to store: SQLLedgerStore) async throws -> [String] {
        let access = AccessService(store: store, hasher: BcryptHasher())
        var lines: [String] = []
        for role in Role.allCases.reversed() {
            let name = role.rawValue
            if try await store.user(named: name) != nil {
                lines.append("\(name): exists already, password unchanged")
                continue
            }
            let password = AccessService.randomSecret(bytes: passwordBytes)
            try await access.addUser(name: name, role: role, password: password, actor: "demo")
            lines.append("\(name) (\(role.rawValue)): \(password)")
        }
        return lines
    }
}

/// Writes a demo company as CSV files in the CONTRACTS.md layouts.
enum DemoFiles {
    static func write(_ company: DemoCompany, to folder: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var customers = CSVWriter(.verbatim)
        customers.row(ImportKind.customers.fields.map(\.name))
        for c in company.customers {
            customers.row([c.id.rawValue, c.name, c.email ?? "", c.phone ?? "", c.paymentTermsDays.map(String.init) ?? "",
                           c.creditLimit?.decimalString ?? "", c.currency?.code ?? "", c.isKeyAccount ? "true" : "false",
                           c.annualRevenue?.decimalString ?? "", c.parentID?.rawValue ?? "", c.accountOwner ?? "", c.timeZone ?? "", c.language ?? ""])
        }
        var invoices = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number,paid_date,disputed\n"
        invoices.reserveCapacity(company.invoices.count * 90)
        for i in company.invoices {
            invoices += "\(i.number.rawValue),\(i.customerID.rawValue),\(i.issueDate.iso),\(i.dueDate.iso),\(i.currency.code),"
            invoices += "\(i.amount.decimalString),\(i.openAmount.decimalString),\(i.poNumber ?? ""),\(i.paidDate?.iso ?? ""),\(i.isDisputed)\n"
        }
        var history = CSVWriter(.verbatim)
        history.row(ImportKind.history.fields.map(\.name))
        for r in company.receipts {
            let p = r.payment
            history.row([p.id.rawValue, p.valueDate.iso, p.amount.decimalString, p.amount.currency.code, p.payerName ?? "",
                         p.payerAccount ?? "", p.remittance ?? "", r.customerID.rawValue, r.invoiceNumbers.map(\.rawValue).joined(separator: ";")])
        }
        var written: [String] = []
        for (name, text) in [("customers.csv", customers.text), ("invoices.csv", invoices), ("history.csv", history.text)] {
            let path = (folder as NSString).appendingPathComponent(name)
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            written.append(path)
        }
        return written
    }
}
