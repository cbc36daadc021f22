import ARAgent
import ARCommands
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// The real binary SIGKILLed at random points of `import statement`, `review accept` and
/// `worker --once` (delivering to the test SMTP server), 20 times, each command restarted after
/// its kill and left to finish, as an operator would after a power cut. A kill may land before
/// anything happened or after the command ended; what must hold whatever it interrupted: the
/// ledger passes `aragent verify`, no statement line is left stored but never matched, and no
/// message reached the customer's mailbox twice.
@Suite("Crashes: the real binary killed at random points, restarted, the ledger still sound",
       .enabled(if: TestMaildir.path != nil && ProcessInfo.processInfo.environment["ARAGENT_TEST_SMTP_HOST"] != nil,
                "no test SMTP server: the crash test delivers to it (scripts/test.sh starts one)"))
struct CrashTests {
    /// One seed per engine, fixed so that every run kills at the same moments (as far as a
    /// machine's speed allows). `ARAGENT_CRASH_SEED=N` replays a seed a failure printed.
    static let seeds: [DatabaseEngine: UInt64] = [.sqlite: 0x5EED_0001, .postgres: 0x5EED_0002]

    /// Kills per command, 20 in all (the issue's figure).
    static let importKills = 7, acceptKills = 7, workerKills = 6

    /// Review credits in the statement imported (whole) before the kills, so the accepts have
    /// items even when every killed import stranded its lines; each killed file has as many more.
    static let reviewCreditsPerFile = 10
    /// How the review credits' payers are named (and told apart in `review list`).
    static let reviewPayerPrefix = "Reviewed "
    /// Customers with an overdue invoice each: one reminder apiece, approved in batches of
    /// `messagesPerWorkerRun` before each worker run, so every run has mail to deliver.
    static let dunnedCustomers = 30, messagesPerWorkerRun = 5

    /// What differs by engine: PostgreSQL answers each statement over the network, so an import
    /// of the same lines takes about ten times as long as on SQLite (debug build, 2 busy cores:
    /// 450 lines in about 1 s on SQLite, 100 in 2-5 s on PostgreSQL).
    struct Profile {
        /// Credits per killed statement file: enough that an import runs long enough for a kill
        /// to land while it stores or matches, few enough for a modest running time.
        let creditsPerFile: Int
        /// The longest kill delay per command, in milliseconds: about how long the command takes
        /// here, so the delay (uniform below it) lands anywhere from start-up to the end.
        let killWindow: [Command: Int]
    }

    static let profiles: [DatabaseEngine: Profile] = [
        .sqlite: Profile(creditsPerFile: 450, killWindow: [.importStatement: 1_000, .reviewAccept: 150, .worker: 800]),
        .postgres: Profile(creditsPerFile: 100, killWindow: [.importStatement: 2_500, .reviewAccept: 250, .worker: 1_500]),
    ]

    enum Command: String, CaseIterable { case importStatement = "import statement", reviewAccept = "review accept", worker = "worker --once" }

    @Test("20 SIGKILLs at random points of import statement, review accept and worker --once; verify is clean, nothing stranded, no message twice",
          arguments: TestEnvironment.engines)
    func killed(engine: DatabaseEngine) async throws {
        let environment = ProcessInfo.processInfo.environment
        let seed = environment["ARAGENT_CRASH_SEED"].flatMap { UInt64($0) } ?? Self.seeds[engine] ?? 1
        let host = try #require(environment["ARAGENT_TEST_SMTP_HOST"]), port = try #require(environment["ARAGENT_TEST_SMTP_PORT"])
        let binary = try RealBinary()
        let db = try await TestEnvironment.freshDatabaseLocation(engine)
        let mark = "crash-\(UUID().uuidString.prefix(8).lowercased())-"
        print("crash test on \(engine.rawValue): seed \(seed) (replay with ARAGENT_CRASH_SEED=\(seed)); files in \(binary.folder.path)")
        var generator = SeededGenerator(seed: seed)
        let profile = try #require(Self.profiles[engine])

        let files = try Self.writeLedger(binary, mark: mark, creditsPerFile: profile.creditsPerFile)
        try await Self.setUp(files, db: db)
        let smtp = ["--smtp-host", host, "--smtp-port", port, "--smtp-tls", "none", "--from", "ar@supplier.example"]
        let actions = try await Self.proposedActions(db)
        try #require(actions.count >= Self.workerKills, "the cycle planned \(actions.count) reminders; the crash test needs at least \(Self.workerKills)")

        // The kills in a seeded order.
        var plan = Array(repeating: Command.importStatement, count: Self.importKills) + Array(repeating: Command.reviewAccept, count: Self.acceptKills)
            + Array(repeating: Command.worker, count: Self.workerKills)
        plan.shuffle(using: &generator)
        var nextFile = 0, nextBatch = 0
        for (index, command) in plan.enumerated() {
            let delay = Int.random(in: 0..<(profile.killWindow[command] ?? 1_000), using: &generator)
            let arguments: [String]
            var reviewed: Int64?
            switch command {
            case .importStatement:
                arguments = ["import", "statement", files.statements[nextFile], "--db", db]
                nextFile += 1
            case .reviewAccept:
                // One of the review credits written for this (their suggestion fits whenever accepted).
                let waiting = try await binary.reviewItems(db).filter { $0.payer.hasPrefix(Self.reviewPayerPrefix) }.map(\.id)
                try #require(!waiting.isEmpty, "nothing waits for review before kill \(index + 1)")
                let id = waiting[Int.random(in: 0..<waiting.count, using: &generator)]
                reviewed = id
                arguments = ["review", "accept", String(id), "--suggestion", "1", "--as", "jane", "--db", db]
            case .worker:
                let batch = actions.dropFirst(nextBatch * Self.messagesPerWorkerRun).prefix(Self.messagesPerWorkerRun)
                nextBatch += 1
                for id in batch { try await Self.inProcess(["actions", "approve", id, "--as", "jane", "--db", db]) }
                arguments = ["worker", "--once", "--db", db] + smtp
            }
            let step = "kill \(index + 1)/\(plan.count) (\(engine.rawValue), seed \(seed)): \(command.rawValue) after \(delay) ms"
            let killed = try await binary.run(arguments, killAfter: .milliseconds(delay))
            print("crash test: \(step): \(killed.killed ? "killed" : "had ended after \(killed.elapsed)")")
            // Ended by our kill, or finished first; never a crash of its own.
            #expect(killed.killed || killed.succeeded, "\(step): \(killed)")
            // Restarted and left to finish. An accept the kill did not stop has nothing left to do.
            var stillWaiting = true
            if let reviewed { stillWaiting = try await binary.reviewItems(db).contains { $0.id == reviewed } }
            let finished = try await binary.run(arguments)
            print("crash test: \(step), restarted: \(finished.succeeded ? "finished" : "failed") in \(finished.elapsed)")
            if stillWaiting {
                #expect(finished.succeeded, "\(step), restarted: \(finished)")
            } else {
                #expect(!finished.signalled, "\(step), restarted: \(finished)")
            }
        }

        let verify = try await binary.verify(db)
        #expect(verify.ok, "aragent verify after the kills (seed \(seed)): \(verify.violations.prefix(20).joined(separator: "\n"))")
        let figures = try await LedgerFigures.read(db)
        let stranded = figures.bankLines.filter { $0.status == "new" || $0.summary == "not yet matched" }
        #expect(stranded.count == 0, "\(stranded.count) statement line(s) stored but never matched after the restarts (seed \(seed)), such as \(stranded.prefix(5).map { "\($0.id) \($0.reference)" })")
        let unbalanced = figures.bankLines.filter { $0.allocated + $0.unapplied != $0.amount }
        #expect(unbalanced.count == 0, "bank lines whose allocations + unapplied ≠ amount (seed \(seed)): \(unbalanced.prefix(5).map { "\($0.id): \($0.allocated) + \($0.unapplied) ≠ \($0.amount)" })")
        let delivered = try TestMaildir.messageIDs(toRecipientsContaining: mark)
        #expect(!delivered.isEmpty, "no reminder reached the Maildir at all")
        for (id, count) in delivered.sorted(by: { $0.key < $1.key }) where count > 1 {
            Issue.record("message \(id) arrived \(count) times (seed \(seed))")
        }
        print("crash test on \(engine.rawValue): \(figures.bankLines.count) bank lines, \(delivered.count) message(s) delivered, \(stranded.count) stranded")
    }

    /// Runs a setup or bookkeeping command in this process (faster than a process; not what is tested).
    @discardableResult
    static func inProcess(_ arguments: [String]) async throws -> String {
        let (console, captured) = Console.capturing()
        do {
            try await AragentCommand.run(arguments, console: console)
        } catch {
            throw TestSetupError("aragent \(arguments.joined(separator: " ")) failed: \(captured.err) \(AragentCommand.message(for: error))")
        }
        return captured.out
    }

    /// Customers, invoices and the policy imported, and today's cycle run (reminders proposed).
    static func setUp(_ files: LedgerFiles, db: String) async throws {
        try await inProcess(["import", "customers", files.customers, "--db", db])
        try await inProcess(["import", "invoices", files.invoices, "--db", db])
        try await inProcess(["policy", "set", files.policy, "--db", db])
        try await inProcess(["import", "statement", files.reviewStatement, "--db", db])
        try await inProcess(["run", "--timezone", RealBinary.timeZone, "--db", db])
    }

    static func proposedActions(_ db: String) async throws -> [String] {
        let listed = try await inProcess(["actions", "list", "--status", "proposed", "--format", "json", "--db", db])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(listed.utf8)) as? [[String: Any]])
        return rows.compactMap { $0["id"] as? String }.sorted()
    }

    /// Today in UTC, as the binaries see it (RealBinary sets their time zone).
    static func today() throws -> CalendarDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: RealBinary.timeZone))
        let parts = calendar.dateComponents([.year, .month, .day], from: Date())
        return try #require(CalendarDate(year: parts.year ?? 0, month: parts.month ?? 0, day: parts.day ?? 0))
    }

    struct LedgerFiles {
        let customers: String, invoices: String, policy: String
        /// Imported whole before the kills: review items for the accepts.
        let reviewStatement: String
        /// One per import kill.
        let statements: [String]
    }

    /// Writes the ledger's files: customers and invoices (statement payers' invoices due in two
    /// months, so nobody chases them; one overdue invoice per dunned customer), a policy that
    /// sends at any hour, and the statements: each line pays one invoice by reference, except the
    /// review credits, one per customer of its own whose two invoices no other credit touches,
    /// for an amount that fits neither (the suggestion applies it oldest first, and still fits
    /// whenever it is accepted).
    static func writeLedger(_ binary: RealBinary, mark: String, creditsPerFile: Int) throws -> LedgerFiles {
        let today = try today()
        let later = today.adding(days: 60).iso, issued = today.adding(days: -40).iso
        var customers = "customer_id,name,email\n", invoices = "invoice_number,customer_id,issue_date,due_date,currency,amount\n"
        // The referenced credits' payers: several invoices each, as real customers have.
        let payers = 60
        for payer in 0..<payers { customers += String(format: "P%03d,Payer %03d Trading,ap-p%03d@example.test\n", payer, payer, payer) }
        var reviewSerial = 0
        func reviewCredit() -> StatementLine {
            let customer = String(format: "R%03d", reviewSerial)
            reviewSerial += 1
            customers += "\(customer),\(reviewPayerPrefix)\(customer) Holdings,ap-\(customer.lowercased())@example.test\n"
            invoices += "INV-\(customer)-1,\(customer),\(issued),\(later),USD,500.00\nINV-\(customer)-2,\(customer),\(issued),\(later),USD,700.00\n"
            return StatementLine(reference: "RV-\(customer)", date: today.iso, amount: "777.77", payer: "\(reviewPayerPrefix)\(customer) Holdings",
                                 account: "US\(customer)ACCT", remittance: "transfer")
        }
        let reviewLines = (0..<reviewCreditsPerFile).map { _ in reviewCredit() }
        var files: [[StatementLine]] = Array(repeating: [], count: importKills)
        for file in 0..<importKills {
            for line in 0..<(creditsPerFile - reviewCreditsPerFile) {
                let serial = file * creditsPerFile + line
                let payer = serial % payers
                let cents = 10_000 + (serial * 7_919) % 900_000
                let amount = String(format: "%d.%02d", cents / 100, cents % 100)
                let invoice = String(format: "INV-S%05d", serial)
                invoices += "\(invoice),\(String(format: "P%03d", payer)),\(issued),\(later),USD,\(amount)\n"
                files[file].append(StatementLine(reference: String(format: "CR%05d", serial), date: today.iso, amount: amount,
                                                 payer: String(format: "Payer %03d Trading", payer), account: String(format: "US%03dACCT", payer),
                                                 remittance: "Invoice \(invoice)"))
            }
            files[file] += (0..<reviewCreditsPerFile).map { _ in reviewCredit() }
        }
        for customer in 1...dunnedCustomers {
            let id = String(format: "D%02d", customer)
            customers += "\(id),Dunned \(id) Supplies,\(mark)\(id.lowercased())@example.test\n"
            invoices += "INV-\(id),\(id),\(issued),\(today.adding(days: -5).iso),USD,\(String(format: "%d.%02d", 1_000 + customer, customer))\n"
        }
        // Send at any hour, any day: the test must not depend on when it runs.
        let policy = "version = \"always\"\nbusiness_days_only = false\nsend_hours = [0, 23]\n" + DunningPolicyFile.render(DunningPolicy())
            .split(separator: "\n").drop { !$0.hasPrefix("[[steps]]") }.joined(separator: "\n")
        return LedgerFiles(customers: try binary.write("customers.csv", customers), invoices: try binary.write("invoices.csv", invoices),
                           policy: try binary.write("policy.toml", policy), reviewStatement: try binary.write("review.csv", StatementLine.csv(reviewLines)),
                           statements: try files.enumerated().map { index, lines in try binary.write("statement-\(index + 1).csv", StatementLine.csv(lines)) })
    }
}
