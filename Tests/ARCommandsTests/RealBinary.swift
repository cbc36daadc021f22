import ARStore
import ARTestSupport
import Foundation
import SQLKit

/// The real `aragent` executable run as a separate process, as a user or cron would run it: for
/// the tests that need several processes at once or a process killed mid-way (ConcurrencyTests,
/// CrashTests). Output goes to files (no pipe can fill up and stall the child), and a run ends
/// when the process exits: nothing waits on a clock except the deliberate kill delay.
struct RealBinary: Sendable {
    /// Where commands run and their output is kept.
    let folder: URL
    let executable: URL

    /// The built executable: `$ARAGENT_TEST_BINARY`, else `aragent` beside the test bundle
    /// (the same build folder `swift build --build-tests` fills), else `.build/debug/aragent`.
    static func locate() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let path = environment["ARAGENT_TEST_BINARY"], !path.isEmpty { candidates.append(URL(fileURLWithPath: path)) }
        if let bundle = Bundle.main.executableURL { candidates.append(bundle.deletingLastPathComponent().appendingPathComponent("aragent")) }
        candidates.append(TestEnvironment.packageRoot.appendingPathComponent(".build/debug/aragent"))
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw TestSetupError("no aragent executable at \(candidates.map(\.path).joined(separator: " or ")); build it with `swift build --build-tests` (or set ARAGENT_TEST_BINARY)")
        }
        return found
    }

    init() throws {
        folder = try TestEnvironment.temporaryFolder()
        executable = try Self.locate()
    }

    /// Every child sees "today" in UTC, so the test and the binary agree on the date.
    static let timeZone = "UTC"

    func write(_ name: String, _ text: String) throws -> String {
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Runs `aragent ARGUMENTS` to its end; with `killAfter`, sends SIGKILL once that much time
    /// has passed since the start (if it is still running).
    func run(_ arguments: [String], killAfter: Duration? = nil) async throws -> BinaryRun {
        let name = UUID().uuidString
        let outURL = folder.appendingPathComponent("\(name).out"), errURL = folder.appendingPathComponent("\(name).err")
        guard FileManager.default.createFile(atPath: outURL.path, contents: nil), FileManager.default.createFile(atPath: errURL.path, contents: nil) else {
            throw TestSetupError("cannot create the output files in \(folder.path)")
        }
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var environment = ProcessInfo.processInfo.environment
        environment["ARAGENT_TIMEZONE"] = Self.timeZone
        environment["ARAGENT_DB"] = nil
        process.environment = environment
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        let (exits, exited) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in
            exited.yield()
            exited.finish()
        }
        let clock = ContinuousClock(), started = clock.now
        try process.run()
        let pid = process.processIdentifier
        let killer = killAfter.map { delay in
            Task {
                try await Task.sleep(for: delay)
                kill(pid, SIGKILL)
            }
        }
        for await _ in exits {}
        killer?.cancel()
        try out.close()
        try err.close()
        let signalled = process.terminationReason == .uncaughtSignal
        return BinaryRun(arguments: arguments, out: String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
                         err: String(decoding: try Data(contentsOf: errURL), as: UTF8.self),
                         status: process.terminationStatus, signalled: signalled, elapsed: clock.now - started)
    }

    /// `aragent verify --format json`: ok, and each violation as "rule [ids]: detail".
    func verify(_ db: String) async throws -> (ok: Bool, violations: [String], run: BinaryRun) {
        let result = try await run(["verify", "--format", "json", "--db", db])
        guard !result.signalled, result.status == 0 || result.status == 1,
              let report = try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any], let ok = report["ok"] as? Bool else {
            throw TestSetupError("aragent verify did not report: \(result)")
        }
        let violations = (report["violations"] as? [[String: Any]] ?? []).map { violation in
            "\(violation["rule"] ?? "?") \(violation["ids"] ?? "") : \(violation["detail"] ?? "")"
        }
        return (ok && result.status == 0, violations, result)
    }

    /// The bank lines waiting for review (`aragent review list --format json`).
    func reviewItems(_ db: String) async throws -> [ReviewItem] {
        let result = try await run(["review", "list", "--format", "json", "--db", db])
        guard result.succeeded, let rows = try? JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [[String: Any]] else {
            throw TestSetupError("aragent review list failed: \(result)")
        }
        return rows.compactMap { row in
            guard let id = (row["id"] as? NSNumber)?.int64Value else { return nil }
            return ReviewItem(id: id, payer: row["payer_name"] as? String ?? "", remittance: row["remittance"] as? String ?? "")
        }
    }
}

/// A bank line in `aragent review list`, as much of it as the tests choose by.
struct ReviewItem: Sendable {
    let id: Int64
    let payer: String
    let remittance: String
}

/// How one run of the binary ended.
struct BinaryRun: Sendable, CustomStringConvertible {
    let arguments: [String]
    let out: String
    let err: String
    /// The exit code, or the number of the signal that ended it when `signalled`.
    let status: Int32
    let signalled: Bool
    /// From start to exit: for the log, so a reader sees where a kill landed.
    let elapsed: Duration

    var succeeded: Bool { !signalled && status == 0 }
    var killed: Bool { signalled && status == SIGKILL }
    var description: String {
        "`aragent \(arguments.joined(separator: " "))` \(signalled ? "ended by signal \(status)" : "exited \(status)")"
            + (err.isEmpty ? "" : "; stderr: \(err.prefix(2_000))")
    }
}

/// One credit in a statement CSV (the canonical layout of CONTRACTS.md).
struct StatementLine: Sendable {
    let reference: String
    let date: String
    /// A decimal amount as the bank prints it, such as "400.00".
    let amount: String
    let payer: String
    let account: String
    let remittance: String

    static func csv(_ lines: [StatementLine]) -> String {
        "transaction_id,booking_date,value_date,amount,currency,payer_name,payer_account,remittance\n"
            + lines.map { "\($0.reference),\($0.date),\($0.date),\($0.amount),USD,\($0.payer),\($0.account),\($0.remittance)\n" }.joined()
    }
}

/// The test SMTP server's Maildir (scripts/start-smtp.sh): what a customer's mail server received.
enum TestMaildir {
    static let path = ProcessInfo.processInfo.environment["ARAGENT_TEST_MAILDIR"].flatMap { $0.isEmpty ? nil : $0 }

    /// How many times each Message-ID arrived among the messages to a recipient containing
    /// `recipientMark`. The server writes a message before it answers 250, so everything a
    /// finished command sent is there.
    static func messageIDs(toRecipientsContaining recipientMark: String) throws -> [String: Int] {
        guard let path else { throw TestSetupError("ARAGENT_TEST_MAILDIR is not set (scripts/test.sh starts the SMTP test server)") }
        var counts: [String: Int] = [:]
        for sub in ["new", "cur"] {
            let folder = URL(fileURLWithPath: path).appendingPathComponent(sub)
            for name in (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [] {
                let text = String(decoding: try Data(contentsOf: folder.appendingPathComponent(name)), as: UTF8.self)
                let headers = headerFields(text)
                guard headers["to"]?.contains(recipientMark) == true else { continue }
                counts[headers["message-id"] ?? "(no Message-ID in \(name))", default: 0] += 1
            }
        }
        return counts
    }

    /// The header fields (lower-cased names, folded lines joined) up to the first empty line.
    static func headerFields(_ message: String) -> [String: String] {
        var fields: [String: String] = [:]
        var last: String?
        // "\r\n" is one Character in Swift: split the normalized text, not on "\n" alone.
        for line in message.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if line.isEmpty { break }
            if line.first == " " || line.first == "\t", let name = last {
                fields[name, default: ""] += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                let name = line[..<colon].lowercased()
                fields[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                last = name
            }
        }
        return fields
    }
}

/// The ledger's money as the tables hold it, read with plain SQL, independently of `verify`.
struct LedgerFigures: Sendable {
    struct InvoiceFigure: Sendable { let number: String; let amount: Int64; let open: Int64; let applied: Int64 }
    struct BankLine: Sendable { let id: Int64; let reference: String; let amount: Int64; let unapplied: Int64; let allocated: Int64; let status: String; let summary: String }

    let invoices: [InvoiceFigure]
    let bankLines: [BankLine]

    static func read(_ location: String) async throws -> LedgerFigures {
        let database = try await Database.open(location, migrate: false)
        do {
            let invoiceRows = try await database.sql.raw("""
                SELECT i.invoice_number, i.amount_minor, i.open_amount_minor,
                       CAST(COALESCE((SELECT SUM(a.amount_minor + a.adjustment_minor) FROM allocations a WHERE a.invoice_number = i.invoice_number), 0)
                          + COALESCE((SELECT SUM(d.amount_minor) FROM invoice_adjustments d WHERE d.invoice_number = i.invoice_number), 0) AS BIGINT) AS applied
                FROM invoices i ORDER BY i.invoice_number
                """).all()
            let lineRows = try await database.sql.raw("""
                SELECT t.id, COALESCE(t.bank_reference, '') AS reference, t.amount_minor, t.unapplied_minor, t.status, t.summary,
                       CAST(COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.transaction_id = t.id), 0) AS BIGINT) AS allocated
                FROM bank_transactions t ORDER BY t.id
                """).all()
            let figures = LedgerFigures(
                invoices: try invoiceRows.map { row in
                    InvoiceFigure(number: try row.decode(column: "invoice_number", as: String.self), amount: try row.decode(column: "amount_minor", as: Int64.self),
                                  open: try row.decode(column: "open_amount_minor", as: Int64.self), applied: try row.decode(column: "applied", as: Int64.self))
                },
                bankLines: try lineRows.map { row in
                    BankLine(id: try row.decode(column: "id", as: Int64.self), reference: try row.decode(column: "reference", as: String.self),
                             amount: try row.decode(column: "amount_minor", as: Int64.self), unapplied: try row.decode(column: "unapplied_minor", as: Int64.self),
                             allocated: try row.decode(column: "allocated", as: Int64.self), status: try row.decode(column: "status", as: String.self),
                             summary: try row.decode(column: "summary", as: String.self))
                })
            await database.close()
            return figures
        } catch {
            await database.close()
            throw error
        }
    }
}

/// SplitMix64: a small, fast generator whose whole sequence follows from its seed, so a failing
/// run's random choices can be replayed from the seed it printed.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
