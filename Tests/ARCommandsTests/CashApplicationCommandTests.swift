import ARBankFormats
import ARCommands
import ARCore
import ARTestSupport
import Foundation
import Testing

/// Cash application from the command line, with real statement files in three formats.
@Suite("Cash application from the command line")
struct CashApplicationCommandTests {
    let cli: CLIHarness
    var db: String { cli.db }

    init() throws { cli = try CLIHarness() }

    func write(_ name: String, _ text: String) throws -> String { try cli.write(name, text) }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }

    static let customers = """
        customer_id,name,email
        C1,Acme International Trading Inc.,ap@acme.example
        C2,Globex GmbH,ap@globex.example

        """
    static let invoices = """
        invoice_number,customer_id,issue_date,due_date,currency,amount,paid_date
        OLD-1,C2,2026-02-01,2026-03-03,USD,100.00,2026-03-01
        INV-2026-0101,C1,2026-05-01,2026-05-31,USD,1500.00,
        INV-2026-0102,C1,2026-05-02,2026-06-01,USD,200.00,
        INV-2026-0201,C2,2026-05-03,2026-06-02,USD,999.00,

        """
    static let history = """
        transaction_id,value_date,amount,currency,payer_name,payer_account,remittance,customer_id,invoice_numbers
        H1,2026-03-01,100.00,USD,GLOBEX GMBH,DE89370400440532013000,,C2,OLD-1

        """

    var transactions: [BankTransaction] {
        let day = CalendarDate(iso: "2026-06-05")!
        func money(_ cents: Int64) -> Money { Money(minorUnits: cents, currency: .usd) }
        return [
            BankTransaction(bankReference: "T1", bookingDate: day, valueDate: day, amount: money(150_000), payerName: "ACME INTL TRADING",
                            payerAccount: "US11ACME0001", remittance: "Invoice 2026-101"),
            BankTransaction(bankReference: "T2", bookingDate: day, valueDate: day, amount: money(99_900), payerName: "GLOBEX",
                            payerAccount: "DE89370400440532013000", remittance: "payment"),
            BankTransaction(bankReference: "T3", bookingDate: day, valueDate: day, amount: money(1_234), payerName: "OUR BANK",
                            payerAccount: "US00BANK", remittance: "INTEREST JUNE"),
            BankTransaction(bankReference: "T4", bookingDate: day, valueDate: day, amount: money(-5_000), payerName: "SUPPLIER", remittance: "fees"),
        ]
    }

    func statement(_ format: BankFileFormat) throws -> String {
        let day = CalendarDate(iso: "2026-06-05")!
        switch format {
        case .camt053: return try write("statement.xml", StatementWriter.camt053(transactions, account: "DE00OURS", statementID: "S1", created: day))
        case .bai2: return try write("statement.bai2", StatementWriter.bai2(transactions, account: "1234567", created: day))
        case .mt940: return try write("statement.sta", StatementWriter.mt940(transactions, account: "NL91ABNA0417164300", statementID: "S1", created: day))
        default: return try write("statement.csv", StatementWriter.csv(transactions))
        }
    }

    @Test("cash-apply over files writes the contract's rows: posted, reviewed, nothing for interest", arguments: [BankFileFormat.csv, .camt053, .bai2, .mt940])
    func cashApply(format: BankFileFormat) async throws {
        let out = cli.folder.appendingPathComponent("result-\(format.rawValue).csv").path
        let result = await run(["cash-apply", "--customers", try write("customers.csv", Self.customers), "--invoices", try write("invoices.csv", Self.invoices),
                                "--history", try write("history.csv", Self.history), "--statement", try statement(format), "--out", out, "--explain"])
        #expect(result.code == 0, "\(result.err)")
        let rows = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(rows.first == "transaction_id,invoice_number,amount,confidence,decision,reason")
        #expect(rows.contains { $0.hasPrefix("T1,INV-2026-0101,1500.00,") && $0.contains(",auto,") })
        #expect(rows.contains { $0.hasPrefix("T2,INV-2026-0201,999.00,") && $0.contains(",auto,") })
        #expect(!rows.contains { $0.hasPrefix("T3,") || $0.hasPrefix("T4,") })
    }

    @Test("import statement posts, queues and never counts a line twice; review accept and reverse")
    func importStatementAndReview() async throws {
        #expect(await run(["import", "customers", try write("customers.csv", Self.customers), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("invoices.csv", Self.invoices), "--db", db]).code == 0)
        #expect(await run(["import", "history", try write("history.csv", Self.history), "--db", db]).code == 0)
        let file = try statement(.camt053)
        let first = await run(["import", "statement", file, "--db", db])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("3 credits, 3 new"))
        #expect(first.out.contains("Applied automatically: 2"))
        let again = await run(["import", "statement", file, "--db", db])
        #expect(again.out.contains("Nothing new"))
        // The same lines as CSV (an overlapping export of the same account day) add nothing either... when the bank reference and account agree.
        let aging = await run(["report", "aging", "--as-of", "2026-06-05", "--format", "json", "--db", db])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(aging.out.utf8)) as? [String: Any])
        let totals = try #require(report["totals"] as? [[String: String]])
        #expect(totals.first?["total"] == "200.00")  // only INV-2026-0102 is still open
        let unapplied = await run(["report", "unapplied", "--db", db, "--format", "json"])
        #expect(unapplied.out.contains("\"unapplied\": \"12.34\""))
        // The interest line is unmatched: a person rejects it.
        let list = await run(["review", "list", "--status", "unmatched", "--format", "json", "--db", db])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(list.out.utf8)) as? [[String: Any]])
        let id = try #require((rows.first?["id"] as? NSNumber)?.intValue)
        #expect(await run(["review", "reject", String(id), "--note", "bank interest", "--as", "jane", "--db", db]).code == 0)
        // Reverse the first allocation: its invoice is open again.
        let show = await run(["review", "show", "1", "--db", db])
        #expect(show.out.contains("Allocation 1: INV-2026-0101 1500.00"))
        #expect(await run(["review", "reverse", "1", "--reason", "wrong customer", "--as", "jane", "--db", db]).code == 0)
        let after = await run(["report", "aging", "--as-of", "2026-06-05", "--format", "json", "--db", db])
        #expect(after.out.contains("\"total\": \"1700.00\""))
        let audit = await run(["audit", "--db", db])
        #expect(audit.out.contains("jane"))
    }

    @Test("a malformed statement is rejected with its line and nothing is stored")
    func malformed() async throws {
        let bad = try write("bad.csv", "transaction_id,value_date,amount,currency\nT1,2026-06-05,12.3.4,USD\n")
        let result = await run(["import", "statement", bad, "--db", db])
        #expect(result.code != 0)
        #expect(result.err.contains("bad.csv:2"))
        #expect(result.err.contains("nothing was imported"))
        let list = await run(["review", "list", "--status", "all", "--db", db])
        #expect(list.out.contains("0 transaction(s)"))
    }

    func ledger() async throws {
        #expect(await run(["import", "customers", try write("customers.csv", Self.customers), "--db", db]).code == 0)
        #expect(await run(["import", "invoices", try write("invoices.csv", Self.invoices), "--db", db]).code == 0)
    }

    @Test("two credits sharing a transaction_id in one file are both imported; the file again adds nothing")
    func sharedReference() async throws {
        let day = CalendarDate(iso: "2026-06-05")!
        let file = try write("shared.csv", StatementWriter.csv([
            BankTransaction(bankReference: "NOTPROVIDED", valueDate: day, amount: Money(minorUnits: 20_000, currency: .usd), payerName: "ACME INTL TRADING",
                            remittance: "INV-2026-0102"),
            BankTransaction(bankReference: "NOTPROVIDED", valueDate: day, amount: Money(minorUnits: 99_900, currency: .usd), payerName: "GLOBEX",
                            remittance: "INV-2026-0201"),
        ]))
        try await ledger()
        let first = await run(["import", "statement", file, "--db", db])
        #expect(first.code == 0, "\(first.err)")
        #expect(first.out.contains("2 credits, 2 new, 0 already in the ledger"))
        let again = await run(["import", "statement", file, "--db", db])
        #expect(again.out.contains("2 credits, 0 new, 2 already in the ledger"))
        let list = await run(["review", "list", "--status", "all", "--db", db])
        #expect(list.out.contains("2 transaction(s)"))
    }

    @Test("review: an applied line is refused rejection and a split until reversed; a rejected one until re-opened")
    func reviewLifecycle() async throws {
        try await ledger()
        #expect(await run(["import", "statement", try statement(.camt053), "--db", db]).code == 0)
        let show = await run(["review", "show", "1", "--db", db])
        #expect(show.out.contains("applied"), "\(show.out)")
        let reject = await run(["review", "reject", "1", "--note", "interest", "--as", "jane", "--db", db])
        #expect(reject.code != 0)
        #expect(reject.err.contains("reverse its allocations first"), "\(reject.err)")
        #expect(reject.err.contains("allocation 1 (1500.00 USD on INV-2026-0101)"), "\(reject.err)")
        let split = await run(["review", "split", "1", "--allocate", "INV-2026-0102=100.00", "--as", "jane", "--db", db])
        #expect(split.code != 0)
        #expect(split.err.contains("reverse its allocations first"), "\(split.err)")
        #expect(await run(["review", "reverse", "1", "--reason", "not ours", "--as", "jane", "--db", db]).code == 0)
        #expect(await run(["review", "reject", "1", "--note", "a refund", "--as", "jane", "--db", db]).code == 0)
        let rejectedSplit = await run(["review", "split", "1", "--allocate", "INV-2026-0101=1500.00", "--as", "jane", "--db", db])
        #expect(rejectedSplit.code != 0)
        #expect(rejectedSplit.err.contains("review reopen 1"), "\(rejectedSplit.err)")
        let reopen = await run(["review", "reopen", "1", "--note", "it was a payment", "--as", "jane", "--db", db])
        #expect(reopen.code == 0, "\(reopen.err)")
        #expect(reopen.out.contains("re-opened"))
        let resplit = await run(["review", "split", "1", "--allocate", "INV-2026-0101=1500.00", "--as", "jane", "--db", db])
        #expect(resplit.code == 0, "\(resplit.err)")
        let audit = await run(["audit", "--db", db])
        #expect(audit.out.contains("status: rejected → unmatched; it was a payment"))
    }

    @Test("rematch applies the lines that arrived before their invoices, from the command line")
    func rematch() async throws {
        #expect(await run(["import", "customers", try write("customers.csv", Self.customers), "--db", db]).code == 0)
        let imported = await run(["import", "statement", try statement(.camt053), "--db", db])
        #expect(imported.out.contains("Applied automatically: 0"), "\(imported.out)")
        #expect(await run(["import", "invoices", try write("invoices.csv", Self.invoices), "--db", db, "--no-rematch"]).code == 0)
        // History names invoices, so it comes after them (an unknown invoice in history is an error).
        #expect(await run(["import", "history", try write("history.csv", Self.history), "--db", db, "--no-rematch"]).code == 0)
        let none = await run(["rematch", "--since", "2026-06-06", "--format", "json", "--db", db])
        #expect(none.code == 0, "\(none.err)")
        #expect(none.out.contains("\"matched\": 0"))
        let result = await run(["rematch", "--format", "json", "--db", db])
        #expect(result.code == 0, "\(result.err)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect((json["matched"] as? NSNumber)?.intValue == 3)
        #expect((json["applied"] as? NSNumber)?.intValue == 2)
        let lines = try #require(json["transactions"] as? [[String: Any]])
        #expect(lines.filter { $0["to"] as? String == "applied" }.count == 2)
        let aging = await run(["report", "aging", "--as-of", "2026-06-05", "--format", "json", "--db", db])
        #expect(aging.out.contains("\"total\": \"200.00\""), "only INV-2026-0102 is still open")
        // Applied lines are not matched again: only the interest line is.
        let again = await run(["rematch", "--db", db])
        #expect(again.code == 0, "\(again.err)")
        #expect(again.out.contains("1 line(s) matched again: applied 0"), "\(again.out)")
        let audit = await run(["audit", "--db", db])
        #expect(audit.out.contains("rematch"))
    }

    @Test("import invoices and import history match again the lines that waited for them")
    func importRematches() async throws {
        #expect(await run(["import", "customers", try write("customers.csv", Self.customers), "--db", db]).code == 0)
        let imported = await run(["import", "statement", try statement(.csv), "--db", db])
        #expect(imported.out.contains("Applied automatically: 0"), "\(imported.out)")
        // The invoices arrive: T1 names INV-2026-0101 and pays it exactly, T2 (from GLOBEX) pays
        // Globex's one invoice of 999.00; the interest still matches nothing.
        let invoices = await run(["import", "invoices", try write("invoices.csv", Self.invoices), "--db", db])
        #expect(invoices.code == 0, "\(invoices.err)")
        #expect(invoices.out.contains("Matched again 3 bank line(s) that were new, unmatched or in review: applied 2, for review 0, unmatched 1"), "\(invoices.out)")
        // The history changes the ledger too: only the interest line is tried again.
        let history = await run(["import", "history", try write("history.csv", Self.history), "--db", db])
        #expect(history.out.contains("Matched again 1 bank line(s) that were new, unmatched or in review: applied 0"), "\(history.out)")
        let aging = await run(["report", "aging", "--as-of", "2026-06-05", "--format", "json", "--db", db])
        #expect(aging.out.contains("\"total\": \"200.00\""), "only INV-2026-0102 is still open")
        // Importing the same file again changes nothing, and so matches nothing again.
        let again = await run(["import", "invoices", try write("invoices.csv", Self.invoices), "--db", db])
        #expect(!again.out.contains("Matched again"), "\(again.out)")
    }
}
