import ARTestSupport
import Foundation
import Testing

/// Eight `aragent` processes on one PostgreSQL ledger at once, as several agents or a cron job
/// beside a person would be: each imports bank statements that overlap the others' (the same
/// credits in several files, several credits per invoice, more paid than is owed) and accepts
/// review items the others are accepting too. Whatever the interleaving, the money must add up.
@Suite("Eight processes posting and accepting on one PostgreSQL ledger",
       .enabled(if: TestEnvironment.postgresURL != nil,
                "ARAGENT_TEST_POSTGRES_URL is not set: the concurrency test needs a PostgreSQL server (scripts/test.sh starts one)"))
struct ConcurrencyTests {
    /// Processes at once: the figure, and more than the 2 CI cores, so they really overlap.
    static let processes = 8
    /// Review items each process tries to accept per round: enough that processes collide on the
    /// same items, few enough to keep the test's running time modest.
    static let acceptsPerRound = 4
    /// In how many of the statement files each credit appears.
    static let copiesPerCredit = 3
    /// Fixed, so the files (and the test) are the same on every run; printed on failure.
    static let seed: UInt64 = 0xC0_2026_1202

    /// A customer, its three invoices and the credits paying them.
    struct Payer {
        let id: String
        let name: String
        let account: String
        /// The third is the oldest (due first), so the review credits' "oldest first" suggestion
        /// lands on it, where no credit with a reference goes: two review credits together are
        /// more than it, so accepting both (or one twice) would over-apply it.
        let invoices: [(number: String, amount: String, due: String)]
    }

    /// What the review credits say (and how the processes pick them from `review list`).
    static let reviewRemittances = ["payment", "on account"]

    static let names = ["Acme Trading", "Globex Industrial", "Initech Software", "Umbrella Pharma", "Hooli Networks",
                        "Stark Engineering", "Wayne Logistics", "Soylent Foods"]

    static var payers: [Payer] {
        names.enumerated().map { index, name in
            let id = String(format: "C%02d", index + 1)
            return Payer(id: id, name: name, account: String(format: "US%02dBANK%08d", index + 1, 4_711 + index),
                         invoices: [("INV-\(id)-1", "1000.00", "2026-06-02"), ("INV-\(id)-2", "600.00", "2026-06-03"), ("INV-\(id)-3", "300.00", "2026-06-01")])
        }
    }

    /// Every credit: per customer three of 400.00 naming its first invoice (1,200 for 1,000 owed),
    /// two of 400.00 naming its second (800 for 600), and two without a reference whose amounts
    /// fit no invoice (123.45 + 234.56 = 358.01 for the third's 300.00), which go to review with
    /// "apply oldest first" as the suggestion.
    static var credits: [StatementLine] {
        payers.flatMap { payer -> [StatementLine] in
            let first = payer.invoices[0].number, second = payer.invoices[1].number
            func line(_ suffix: String, _ amount: String, _ remittance: String) -> StatementLine {
                StatementLine(reference: "BNK-\(payer.id)-\(suffix)", date: "2026-06-05", amount: amount, payer: payer.name,
                              account: payer.account, remittance: remittance)
            }
            return [line("A1", "400.00", "Invoice \(first) part 1"), line("A2", "400.00", "Invoice \(first) part 2"),
                    line("A3", "400.00", "Invoice \(first) part 3"), line("B1", "400.00", "Invoice \(second) part 1"),
                    line("B2", "400.00", "Invoice \(second) part 2"), line("R1", "123.45", reviewRemittances[0]), line("R2", "234.56", reviewRemittances[1])]
        }
    }

    @Test("8 processes import overlapping statements and accept review items at once: verify is clean, no invoice over-applied, every credit stored once and balanced")
    func eightProcesses() async throws {
        let binary = try RealBinary()
        let db = try await TestEnvironment.freshDatabaseLocation(.postgres)
        print("concurrency test: seed \(Self.seed), ledger in \(binary.folder.path)")
        let customers = "customer_id,name,email\n" + Self.payers.map { "\($0.id),\($0.name),ap@\($0.id.lowercased()).example\n" }.joined()
        let invoices = "invoice_number,customer_id,issue_date,due_date,currency,amount\n"
            + Self.payers.flatMap { payer in payer.invoices.map { "\($0.number),\(payer.id),2026-05-01,\($0.due),USD,\($0.amount)\n" } }.joined()
        let setup = [try await binary.run(["import", "customers", try binary.write("customers.csv", customers), "--db", db]),
                     try await binary.run(["import", "invoices", try binary.write("invoices.csv", invoices), "--db", db])]
        for run in setup { try #require(run.succeeded, "\(run)") }

        // Statement files: credit k is in files k, k+1 and k+3 (mod 8), each file in its own
        // seeded order, so every file overlaps several others at different positions.
        var generator = SeededGenerator(seed: Self.seed)
        let credits = Self.credits
        var files: [[StatementLine]] = Array(repeating: [], count: Self.processes)
        for (index, credit) in credits.enumerated() {
            for offset in [0, 1, 3].prefix(Self.copiesPerCredit) { files[(index + offset) % Self.processes].append(credit) }
        }
        var paths: [String] = []
        for (index, lines) in files.enumerated() {
            paths.append(try binary.write("statement-\(index + 1).csv", StatementLine.csv(lines.shuffled(using: &generator))))
        }
        // Processes w and w+4 start from the same review item, so some surely collide.
        let offsets = (0..<Self.processes).map { _ in Int.random(in: 0..<1_000, using: &generator) }

        // Each process: import its file, accept review items, import a neighbour's file (mostly
        // known lines by then), accept again. All eight at once; each step waits for the last.
        let logs = try await withThrowingTaskGroup(of: [BinaryRun].self) { group in
            for worker in 0..<Self.processes {
                let ownFile = paths[worker], neighbour = paths[(worker + 4) % Self.processes], offset = offsets[worker % (Self.processes / 2)]
                group.addTask {
                    var runs: [BinaryRun] = []
                    for (round, file) in [ownFile, neighbour].enumerated() {
                        runs.append(try await binary.run(["import", "statement", file, "--db", db]))
                        // The review credits (not the automatic postings queued because the ledger
                        // moved): the items whose acceptance may collide on one invoice.
                        let waiting = try await binary.reviewItems(db).filter { Self.reviewRemittances.contains($0.remittance) }.map(\.id)
                        guard !waiting.isEmpty else { continue }
                        for step in 0..<min(Self.acceptsPerRound, waiting.count) {
                            // The second round starts further along the list (any stride will do).
                            let id = waiting[(offset + round * Self.acceptsPerRound + step) % waiting.count]
                            runs.append(try await binary.run(["review", "accept", String(id), "--suggestion", "1", "--as", "worker-\(worker + 1)", "--db", db]))
                        }
                    }
                    return runs
                }
            }
            var all: [BinaryRun] = []
            for try await runs in group { all += runs }
            return all
        }

        // Every import succeeds, whoever else is importing the same lines.
        let imports = logs.filter { $0.arguments.starts(with: ["import", "statement"]) }
        #expect(imports.count == 2 * Self.processes)
        for run in imports { #expect(run.succeeded, "a concurrent import failed: \(run)") }
        // An accept may lose the race for its item, but it says so; it does not crash or pass on a
        // raw database error.
        let accepts = logs.filter { $0.arguments.starts(with: ["review", "accept"]) }
        for run in accepts {
            #expect(!run.signalled, "\(run)")
            if !run.succeeded {
                #expect(!run.err.isEmpty, "\(run)")
                let raw = Self.rawDatabaseErrors.filter { run.err.localizedCaseInsensitiveContains($0) }
                #expect(raw.isEmpty, "an accept that lost a race failed with a raw database error (\(raw)): \(run)")
            }
        }
        #expect(accepts.contains { $0.succeeded }, "no review item was accepted at all: \(accepts.prefix(3))")
        print("concurrency test: \(imports.filter(\.succeeded).count)/\(imports.count) imports and \(accepts.filter(\.succeeded).count)/\(accepts.count) accepts succeeded")

        try await Self.expectConsistent(db, credits: credits, binary: binary)
    }

    /// Words that only a database engine's own error carries: a command that fails with one
    /// relied on the engine to refuse instead of deciding itself.
    static let rawDatabaseErrors = ["deadlock", "duplicate key", "could not serialize", "violates", "PSQLError", "database is locked", "UNIQUE constraint"]

    /// After the dust settles: verify is clean, and the tables say the same independently.
    static func expectConsistent(_ db: String, credits: [StatementLine], binary: RealBinary) async throws {
        let verify = try await binary.verify(db)
        #expect(verify.ok, "aragent verify: \(verify.violations.prefix(20).joined(separator: "\n"))")
        let figures = try await LedgerFigures.read(db)
        for invoice in figures.invoices {
            #expect(invoice.applied <= invoice.amount, "invoice \(invoice.number) of \(invoice.amount) has \(invoice.applied) applied")
            // The ERP's export never changes in this test, so what is open is the amount less what was applied.
            #expect(invoice.open == invoice.amount - invoice.applied,
                    "invoice \(invoice.number): open \(invoice.open), but \(invoice.amount) − \(invoice.applied) applied = \(invoice.amount - invoice.applied)")
        }
        let stored = Dictionary(grouping: figures.bankLines, by: \.reference)
        for credit in credits {
            #expect(stored[credit.reference]?.count == 1, "credit \(credit.reference) is stored \(stored[credit.reference]?.count ?? 0) times")
        }
        #expect(figures.bankLines.count == credits.count, "\(figures.bankLines.count) bank lines for \(credits.count) credits")
        for line in figures.bankLines {
            #expect(line.allocated + line.unapplied == line.amount,
                    "bank line \(line.id) (\(line.reference)): allocations \(line.allocated) + unapplied \(line.unapplied) ≠ amount \(line.amount)")
        }
    }
}
