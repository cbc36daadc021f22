import ARCommands
import ARTestSupport
import ArgumentParser
import Foundation
import Testing

/// The CLI end to end, as a user or an outside check runs it: real files, a real SQLite ledger.
@Suite("Command line")
struct CommandLineTests {
    let cli: CLIHarness
    var db: String { cli.db }

    init() throws { cli = try CLIHarness() }

    func write(_ name: String, _ text: String) throws -> String { try cli.write(name, text) }

    func run(_ arguments: [String]) async -> (out: String, err: String, code: Int32) { await cli.run(arguments) }

    func json(_ text: String) throws -> Any { try JSONSerialization.jsonObject(with: Data(text.utf8)) }

    func importSample() async throws {
        let customers = try write("customers.csv", """
            customer_id,name,payment_terms_days,currency
            C1,Acme Inc.,30,USD
            C2,"Globex, GmbH",30,EUR
            C3,Initech,30,USD

            """)
        let invoices = try write("invoices.csv", """
            invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,paid_date,disputed
            I1,C1,2026-03-01,2026-03-31,USD,100.00,,,false
            I2,C1,2026-01-01,2026-01-31,USD,200.00,,,false
            I3,C2,2026-04-01,2026-05-15,EUR,1000.00,,,true
            I4,C3,2026-02-01,2026-03-03,USD,50.25,,2026-04-20,false
            I5,C3,2026-05-01,2026-05-31,USD,75.00,25.00,,false

            """)
        #expect(await run(["import", "customers", customers, "--db", db]).code == 0)
        let result = await run(["import", "invoices", invoices, "--db", db])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("5 invoices records read — 5 new, 0 updated, 0 unchanged."))
    }

    @Test("aging JSON has the contract's shape and numbers")
    func agingJSON() async throws {
        try await importSample()
        let result = await run(["report", "aging", "--as-of", "2026-04-15", "--format", "json", "--db", db])
        #expect(result.code == 0, "\(result.err)")
        let report = try #require(try json(result.out) as? [String: Any])
        #expect(report["as_of"] as? String == "2026-04-15")
        let totals = try #require(report["totals"] as? [[String: String]])
        // EUR: I3 not yet due. USD: I1 15 days past due (100.00), I2 74 days (200.00), I4 paid later so
        // open on the day (50.25, 43 days); I5 not yet issued.
        #expect(totals == [
            ["currency": "EUR", "not_due": "1000.00", "d1_30": "0.00", "d31_60": "0.00", "d61_90": "0.00",
             "d91_120": "0.00", "d120_plus": "0.00", "total": "1000.00"],
            ["currency": "USD", "not_due": "0.00", "d1_30": "100.00", "d31_60": "50.25", "d61_90": "200.00",
             "d91_120": "0.00", "d120_plus": "0.00", "total": "350.25"],
        ])
        let customers = try #require(report["customers"] as? [[String: String]])
        #expect(customers.map { $0["customer_id"] } == ["C2", "C1", "C3"])
        #expect(customers.map { $0["name"] } == ["Globex, GmbH", "Acme Inc.", "Initech"])
        #expect(customers.map { $0["total"] } == ["1000.00", "300.00", "50.25"])
    }

    @Test("aging as CSV and as a table; --top limits the customers")
    func agingFormats() async throws {
        try await importSample()
        let csv = await run(["report", "aging", "--as-of", "2026-06-01", "--format", "csv", "--db", db])
        let lines = csv.out.split(separator: "\n")
        #expect(lines.first == "as_of,customer_id,name,currency,not_due,d1_30,d31_60,d61_90,d91_120,d120_plus,total")
        #expect(lines.contains("2026-06-01,C2,\"Globex, GmbH\",EUR,0.00,1000.00,0.00,0.00,0.00,0.00,1000.00"))
        let table = await run(["report", "aging", "--as-of", "2026-06-01", "--top", "1", "--db", db])
        #expect(table.out.contains("C2"))
        #expect(!table.out.contains("Acme"))
        #expect(table.out.contains("TOTAL"))
    }

    @Test("metrics JSON per currency with the contract's keys")
    func metricsJSON() async throws {
        try await importSample()
        let result = await run(["report", "metrics", "--from", "2026-04-01", "--to", "2026-05-31", "--format", "json", "--db", db])
        #expect(result.code == 0, "\(result.err)")
        let rows = try #require(try json(result.out) as? [[String: Any]])
        #expect(rows.map { $0["currency"] as? String } == ["EUR", "USD"])
        let usd = rows[1]
        #expect(Set(usd.keys) == ["currency", "days", "sales", "ar_begin", "ar_end", "ar_end_current", "dso", "dso_countback",
                                  "best_possible_dso", "average_days_delinquent", "cei"])
        #expect(usd["days"] as? Int == 61)
        #expect(usd["sales"] as? String == "75.00")
        // Open at the end of May: I1 100, I2 200, I5 25 → 325.00; DSO = 325 / 75 × 61 = 264.33.
        #expect(usd["ar_end"] as? String == "325.00")
        #expect((usd["dso"] as? NSNumber)?.doubleValue == 264.33)
    }

    @Test("a bad file fails with file:line:column on stderr, a non-zero exit, and nothing stored")
    func badFile() async throws {
        try await importSample()
        let before = await run(["report", "aging", "--as-of", "2026-06-01", "--format", "json", "--db", db]).out
        let bad = try write("bad.csv", "invoice_number,customer_id,issue_date,due_date,currency,amount\nI9,C1,2026-01-01,2026-01-31,USD,5\nI10,C1,2026-13-01,2026-01-31,USD,5\n")
        let result = await run(["import", "invoices", bad, "--db", db])
        #expect(result.code != 0)
        #expect(result.err.contains("\(bad):3:3: issue_date '2026-13-01' is not a date"))
        #expect(result.err.contains("nothing was imported"))
        #expect(await run(["report", "aging", "--as-of", "2026-06-01", "--format", "json", "--db", db]).out == before)
    }

    @Test("demo then baseline: a new user sees real numbers at once")
    func demoBaseline() async throws {
        let demo = await run(["demo", "--as-of", "2026-11-29", "--db", db])
        #expect(demo.code == 0, "\(demo.err)")
        let again = await run(["demo", "--as-of", "2026-11-29", "--db", db])
        #expect(again.out.contains("0 records new, 0 updated"))
        let result = await run(["report", "baseline", "--as-of", "2026-11-29", "--format", "json", "--db", db])
        let report = try #require(try json(result.out) as? [String: Any])
        let top = try #require(report["top_customers"] as? [[String: Any]])
        #expect(top.count == 20)
        #expect((report["largest_overdue"] as? [Any])?.isEmpty == false)
        #expect((report["late_payers"] as? [Any])?.isEmpty == false)
        let table = await run(["report", "baseline", "--as-of", "2026-11-29", "--db", db])
        #expect(table.out.contains("Top 20 customers by balance"))
    }

    @Test("the IBM sample through --map ibm", .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func ibmPreset() async throws {
        let file = try TestEnvironment.sharedFile("datasets/ibm-accounts-receivable/WA_Fn-UseC_-Accounts-Receivable.csv").path
        let result = await run(["import", "invoices", file, "--map", "ibm", "--db", db])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.out.contains("2466 new"))
        #expect(result.out.contains("Created 100 customers"))
        let aging = await run(["report", "aging", "--as-of", "2013-06-30", "--format", "json", "--db", db])
        let report = try #require(try json(aging.out) as? [String: Any])
        #expect((report["customers"] as? [Any])?.isEmpty == false)
        #expect(await run(["import", "invoices", file, "--map", "ibm", "--db", db]).out.contains("Nothing changed"))
    }
}
