import ARAgent
@testable import ARCommands
import ARCore
import ARStore
import ARTestSupport
import Foundation
import Testing

/// "Crashes and bad input" from the command line: amounts whose sums pass Int64 in each command
/// that crashed, CSV that used to be stored wrongly, spreadsheet formulas in CSV output, the
/// database argument and its password, and a mistyped templates folder.
@Suite("Command line: every input checked, nothing crashes")
struct InputSafetyCommandTests {
    let cli: CLIHarness
    var db: String { cli.db }

    init() throws { cli = try CLIHarness() }

    func write(_ name: String, _ text: String) throws -> String { try cli.write(name, text) }
    func write(_ name: String, bytes: [UInt8]) throws -> String {
        let url = cli.folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }

    /// 46,116,860,184,273,879.04 USD: valid alone, past Int64 twice.
    static let half = Int64.max / 2 + 1
    let usd = Currency.usd
    let day = CalendarDate(iso: "2026-06-10")!

    /// A ledger as an older version could have stored it: two invoices of one customer whose open
    /// amounts pass Int64 together (imports now refuse such amounts, so they go in through the store).
    func seedHugeLedger() async throws {
        let database = try await Database.open(db)
        do {
            let store = SQLLedgerStore(database: database)
            _ = try await store.store(ImportBatch(kind: .customers, source: "seed", sourceFingerprint: "seed", actor: "test",
                                                  records: .customers([Customer(id: "C1", name: "Acme", email: "ap@acme.example")])))
            let invoices = ["I1", "I2"].map { number in
                Invoice(number: InvoiceNumber(number), customerID: "C1", issueDate: day.advanced(by: -60), dueDate: day.advanced(by: -30),
                        amount: Money(minorUnits: Self.half, currency: usd))
            }
            _ = try await store.store(ImportBatch(kind: .invoices, source: "seed", sourceFingerprint: "seed", actor: "test",
                                                  records: .invoices(invoices, customerNames: [:])))
            await database.close()
        } catch {
            await database.close()
            throw error
        }
    }

    func expectCleanFailure(_ result: (out: String, err: String, code: Int32), _ fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(result.code != 0, "exit code", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.err.contains(fragment), "stderr lacks '\(fragment)': \(result.err)", sourceLocation: sourceLocation)
        }
    }

    // MARK: Huge amounts

    @Test("run: open amounts whose sum passes Int64 are an error naming them, not a crash")
    func runOverflow() async throws {
        try await seedHugeLedger()
        let result = await run(["run", "--as-of", day.iso, "--db", db])
        expectCleanFailure(result, ["run: the open invoices to plan for in USD", "goes beyond", "46116860184273879.04 USD"])
    }

    @Test("report aging, metrics and baseline: a sum the database cannot hold names the customer and currency")
    func reportsOverflow() async throws {
        try await seedHugeLedger()
        let aging = await run(["report", "aging", "--as-of", day.iso, "--db", db])
        expectCleanFailure(aging, ["report aging: the open invoices of one customer in one currency add up to more than", "C1 in USD"])
        let metrics = await run(["report", "metrics", "--from", day.advanced(by: -90).iso, "--to", day.iso, "--db", db])
        expectCleanFailure(metrics, ["report metrics", "USD"])
        let baseline = await run(["report", "baseline", "--as-of", day.iso, "--db", db])
        expectCleanFailure(baseline, ["add up to more than"])
    }

    @Test("import statement: lines above the limit are refused at their line; matching against a huge ledger is an error, not a crash")
    func importStatementOverflow() async throws {
        let huge = try write("huge.csv", "transaction_id,value_date,amount,currency\nT1,2026-06-05,50000000000000000.00,USD\nT2,2026-06-05,50000000000000000.00,USD\n")
        expectCleanFailure(await run(["import", "statement", huge, "--db", db]),
                           ["huge.csv:2: amount: the amount 50000000000000000.00 USD is above the largest amount accepted, 999999999999.99 USD", "nothing was imported"])
        try await seedHugeLedger()
        let normal = try write("normal.csv", "transaction_id,value_date,amount,currency,remittance\nT3,2026-06-05,10.00,USD,I1\n")
        expectCleanFailure(await run(["import", "statement", normal, "--db", db]), ["the open invoices and the payments to match in USD", "goes beyond"])
    }

    @Test("cash-apply: amounts above the limit in the input files are errors at file:line:column")
    func cashApplyOverflow() async throws {
        let customers = try write("customers.csv", "customer_id,name\nC1,Acme\n")
        let invoices = try write("invoices.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            I1,C1,2026-05-01,2026-05-31,USD,50000000000000000.00
            I2,C1,2026-05-01,2026-05-31,USD,50000000000000000.00

            """)
        let statement = try write("statement.csv", "transaction_id,value_date,amount,currency,remittance\nT1,2026-06-05,10.00,USD,I1\n")
        let out = cli.folder.appendingPathComponent("out.csv").path
        let result = await run(["cash-apply", "--customers", customers, "--invoices", invoices, "--statement", statement, "--out", out])
        expectCleanFailure(result, ["invoices.csv:2:6: amount '50000000000000000.00' is above the largest amount accepted", "invoices.csv:3:6:"])
        let hugeStatement = try write("huge-statement.csv", "transaction_id,value_date,amount,currency\nT1,2026-06-05,50000000000000000.00,USD\n")
        let small = try write("small.csv", "invoice_number,customer_id,issue_date,due_date,currency,amount\nI1,C1,2026-05-01,2026-05-31,USD,10.00\n")
        let second = await run(["cash-apply", "--customers", customers, "--invoices", small, "--statement", hugeStatement, "--out", out])
        expectCleanFailure(second, ["huge-statement.csv:2: amount: the amount 50000000000000000.00 USD is above the largest amount accepted"])
    }

    @Test("review split: allocations whose sum passes Int64 are an error, not a crash")
    func reviewSplitOverflow() async throws {
        #expect(await run(["import", "customers", try write("c.csv", "customer_id,name\nC1,Acme\n"), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("i.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            I1,C1,2026-05-01,2026-05-31,USD,100.00
            I2,C1,2026-05-01,2026-05-31,USD,100.00

            """), "--db", db]).code == 0)
        let imported = await run(["import", "statement", try write("s.csv", "transaction_id,value_date,amount,currency,payer_name\nT1,2026-06-05,7.00,USD,NOBODY\n"), "--db", db])
        #expect(imported.code == 0, "\(imported.err)")
        let result = await run(["review", "split", "1", "--allocate", "I1=50000000000000000.00", "--allocate", "I2=50000000000000000.00", "--db", db])
        expectCleanFailure(result, ["the allocations to bank transaction", "add up beyond the largest amount the ledger holds"])
    }

    @Test("report unapplied: unapplied cash whose sum passes Int64 is an error naming the currency, not a crash")
    func unappliedOverflow() async throws {
        let database = try await Database.open(db)
        do {
            let lines = ["T1", "T2"].map { id in
                NewBankTransaction(naturalKey: "ref||\(id)", format: "csv", accountID: nil, statementID: nil, bankReference: id, bookingDate: nil,
                                   payment: IncomingPayment(id: PaymentID(id), valueDate: day, amount: Money(minorUnits: Self.half, currency: usd)))
            }
            _ = try await SQLLedgerStore(database: database).storeStatement(lines, source: "seed", fingerprint: "seed", actor: "test")
            await database.close()
        } catch {
            await database.close()
            throw error
        }
        expectCleanFailure(await run(["report", "unapplied", "--db", db]), ["report unapplied: the unapplied cash in USD", "goes beyond"])
    }

    // MARK: CSV input through the ledger

    @Test("customers.csv's language column is kept and chooses the message's language; a value that is no language code is an error at file:line:column")
    func languageColumn() async throws {
        let bad = await run(["import", "customers", try write("bad.csv", "customer_id,name,email,language\nC1,Acme,ap@acme.example,de\nC2,Globex,ap@globex.example,Deutsch\n"), "--db", db])
        #expect(bad.code != 0)
        #expect(bad.err.contains("bad.csv:3:4") && bad.err.contains("language 'Deutsch'"), "\(bad.err)")
        #expect(await run(["import", "customers", try write("c.csv", "customer_id,name,email,language\nC1,Acme,ap@acme.example,fr-CA\n"), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("i.csv", "invoice_number,customer_id,issue_date,due_date,currency,amount\nF-1,C1,2026-04-01,2026-05-01,EUR,1234.50\n"), "--db", db]).code == 0)
        let cycle = await run(["run", "--as-of", "2026-06-10", "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(cycle.out.utf8)) as? [[String: Any]])
        let id = try #require(actions.first?["id"] as? String)
        let preview = await run(["actions", "preview", id, "--db", db])
        #expect(preview.out.contains("Bonjour Acme,") && preview.out.contains("1\u{00A0}234,50 EUR") && preview.out.contains("01/05/2026"), "\(preview.out)")
        // The file again changes nothing.
        let again = await run(["import", "customers", try write("c.csv", "customer_id,name,email,language\nC1,Acme,ap@acme.example,fr-CA\n"), "--db", db])
        #expect(again.out.contains("unchanged 1") || again.out.contains("1 unchanged"), "\(again.out)")
    }

    @Test("a short row never clears a customer's email: the file is rejected and the email kept")
    func shortRowKeepsEmail() async throws {
        #expect(await run(["import", "customers", try write("c1.csv", "customer_id,name,email\nC1,Acme,ap@acme.example\n"), "--db", db]).code == 0)
        let again = await run(["import", "customers", try write("c2.csv", "customer_id,name,email\nC1,Acme\n"), "--db", db])
        expectCleanFailure(again, ["c2.csv:2:3: the row has 2 fields but the header has 3", "nothing was imported"])
        let database = try await Database.open(db)
        let customers = try await SQLLedgerStore(database: database).customers()
        await database.close()
        #expect(customers.first?.email == "ap@acme.example")
    }

    @Test("a parent that closes a cycle with the ledger's hierarchy is an error naming the cycle")
    func ledgerCycle() async throws {
        #expect(await run(["import", "customers", try write("c1.csv", "customer_id,name,parent_customer_id\nC1,One,C2\nC2,Two,\n"), "--db", db]).code == 0)
        let cycle = await run(["import", "customers", try write("c2.csv", "customer_id,name,parent_customer_id\nC2,Two,C1\n"), "--db", db])
        expectCleanFailure(cycle, ["c2.csv:2:3: parent_customer_id 'C1' of 'C2' makes a cycle C1 → C2 → C1"])
    }

    @Test("history naming a customer or invoice the ledger does not know is an error at file:line:column; --skip-invalid reports it")
    func unknownHistory() async throws {
        #expect(await run(["import", "customers", try write("c.csv", "customer_id,name\nC1,Acme\n"), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("i.csv", "invoice_number,customer_id,issue_date,due_date,currency,amount\nI1,C1,2026-05-01,2026-05-31,USD,10.00\n"), "--db", db]).code == 0)
        let history = try write("history.csv", """
            transaction_id,value_date,amount,currency,payer_name,payer_account,remittance,customer_id,invoice_numbers
            H1,2026-05-05,10.00,USD,ACME,,,C1,I1
            H2,2026-05-06,10.00,USD,WHO,,,C9,
            H3,2026-05-07,10.00,USD,ACME,,,C1,I404

            """)
        let strict = await run(["import", "history", history, "--db", db])
        expectCleanFailure(strict, ["history.csv:3:8: customer_id 'C9' is not a known customer", "history.csv:4:9: invoice_numbers names 'I404'", "nothing was imported"])
        let lenient = await run(["import", "history", history, "--skip-invalid", "--db", db])
        #expect(lenient.code == 0, "\(lenient.err)")
        #expect(lenient.err.contains("skipped: \(history):3:8:"), "\(lenient.err)")
        #expect(lenient.err.contains("skipped: \(history):4:9:"))
        #expect(lenient.out.contains("1 history records read"))
    }

    @Test("--encoding latin1 reads a Latin-1 export; without it the bytes are an error at file:line:column")
    func encoding() async throws {
        let file = try write("latin1.csv", bytes: Array("customer_id,name\nC1,M".utf8) + [0xFC] + Array("ller GmbH\n".utf8))
        expectCleanFailure(await run(["import", "customers", file, "--db", db]), ["latin1.csv:2:2: the bytes 0xFC"])
        let read = await run(["import", "customers", file, "--encoding", "latin1", "--db", db])
        #expect(read.code == 0, "\(read.err)")
        let database = try await Database.open(db)
        let customers = try await SQLLedgerStore(database: database).customers()
        await database.close()
        #expect(customers.first?.name == "Müller GmbH")
        expectCleanFailure(await run(["import", "customers", file, "--encoding", "ebcdic", "--db", db]), ["--encoding 'ebcdic'"])
    }

    // MARK: CSV output

    @Test("CSV reports neutralise formula-like cells: =HYPERLINK and +cmd from customer data are inert")
    func formulaInjection() async throws {
        let customers = try write("c.csv", """
            customer_id,name
            +cmd|' /C calc'!A0,"=HYPERLINK(""http://evil.example"",""click"")"
            @SUM,-2+3

            """)
        #expect(await run(["import", "customers", customers, "--db", db]).code == 0)
        let invoices = try write("i.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount
            I1,+cmd|' /C calc'!A0,2026-05-01,2026-05-31,USD,12.50
            I2,@SUM,2026-05-01,2026-05-31,USD,10.00

            """)
        #expect(await run(["import", "invoices", invoices, "--db", db]).code == 0)
        let csv = await run(["report", "aging", "--as-of", day.iso, "--format", "csv", "--db", db])
        #expect(csv.code == 0, "\(csv.err)")
        #expect(csv.out.contains("'+cmd|' /C calc'!A0,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\""), "\(csv.out)")
        #expect(csv.out.contains("'@SUM,'-2+3,USD"), "\(csv.out)")
        #expect(!csv.out.split(separator: "\n").contains { $0.split(separator: ",").contains { $0.hasPrefix("=") || $0.hasPrefix("+") || $0.hasPrefix("@") } })
        let baseline = await run(["report", "baseline", "--as-of", day.iso, "--format", "csv", "--db", db])
        #expect(baseline.out.contains("'+cmd|' /C calc'!A0"), "\(baseline.out)")
    }

    @Test("numbers stay numbers; formula triggers get a leading apostrophe", arguments: [
        ("-12.50", "-12.50"), ("+3", "+3"), ("0.00", "0.00"), ("-", "'-"), ("=1+2", "'=1+2"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"), ("-1e5", "'-1e5"), ("Acme", "Acme"), ("", ""),
    ])
    func neutralised(cell: String, written: String) {
        #expect(CSVWriter.neutralised(cell) == written)
        var verbatim = CSVWriter(.verbatim)
        verbatim.row(["+1-555-0100"])
        #expect(verbatim.text == "+1-555-0100\n")
    }

    // MARK: The database argument

    @Test("a --db that is neither a path nor a valid URL is an error, and no SQLite file is made of it", arguments: [
        "postgres:aragent:s3cr3t-pw@localhost", "postgresql//x", "mysql://aragent:s3cr3t-pw@db.example/ledger", "sqlite://ledger.sqlite",
        "postgres://aragent:s3cr3t-pw@[::1/ledger", "ledger:s3cr3t-pw",
    ])
    func badDatabaseArgument(value: String) async throws {
        let result = await run(["report", "aging", "--db", value])
        #expect(result.code != 0)
        #expect(result.err.contains("--db") || result.err.contains("PostgreSQL URL"), "\(result.err)")
        #expect(!(result.out + result.err).contains("s3cr3t"), "the password was printed: \(result.err)")
        // Relative to the working directory, where the old code made a SQLite file of it.
        #expect(!FileManager.default.fileExists(atPath: value), "a file was made of the argument")
    }

    @Test("the password of a PostgreSQL URL is never printed, whatever goes wrong", arguments: [
        "postgres://aragent:s3cr3t-pw@127.0.0.1:1/ledger?sslmode=disable",
        "postgres://127.0.0.1:1/ledger?sslmode=disable&password=s3cr3t-pw",
        "postgres://aragent:s3cr3t@pw@127.0.0.1:1/ledger",
        "postgres://aragent:s3cr3t-pw@/ledger",
        "postgres://aragent:s3cr3t pw@127.0.0.1:1/ledger",
    ])
    func passwordNeverPrinted(value: String) async {
        let result = await run(["report", "aging", "--db", value])
        #expect(result.code != 0)
        #expect(!(result.out + result.err).contains("s3cr3t"), "the password was printed: \(result.err)")
    }

    // MARK: Templates

    @Test("a mistyped --templates folder is an error naming it, not the built-in wording", arguments: ["missing", "file", "empty"])
    func templatesFolder(kind: String) async throws {
        #expect(await run(["import", "customers", try write("c.csv", "customer_id,name,email\nC1,Acme,ap@acme.example\n"), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("i.csv", "invoice_number,customer_id,issue_date,due_date,currency,amount\nI1,C1,2026-04-01,2026-05-01,USD,500.00\n"), "--db", db]).code == 0)
        let planned = await run(["run", "--as-of", day.iso, "--format", "json", "--db", db])
        let actions = try #require(try JSONSerialization.jsonObject(with: Data(planned.out.utf8)) as? [[String: Any]])
        let id = try #require(actions.first?["id"] as? String)
        let folder = cli.folder.appendingPathComponent("my-templates")
        switch kind {
        case "file": try Data("x".utf8).write(to: folder)
        case "empty": try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        default: break
        }
        let result = await run(["actions", "preview", id, "--templates", folder.path, "--db", db])
        let why = ["missing": "does not exist", "file": "is a file, not a folder", "empty": "holds no templates"][kind] ?? ""
        expectCleanFailure(result, ["the templates folder '\(folder.path)' \(why)", "check --templates"])
    }
}
