import ARAgent
import ARCore
import Testing

@Suite("Importing CSV files")
struct ImportParserTests {
    func parse(_ text: String, _ kind: ImportKind = .invoices, options: ImportOptions = ImportOptions()) throws -> ParsedImport {
        try ImportParser(kind: kind, options: options).parse(bytes: Array(text.utf8), file: "in.csv")
    }

    func invoices(_ parsed: ParsedImport) -> [Invoice] {
        guard case .invoices(let invoices, _) = parsed.records else { return [] }
        return invoices
    }

    func problems(_ text: String, _ kind: ImportKind = .invoices, options: ImportOptions = ImportOptions()) -> [String] {
        do {
            _ = try parse(text, kind, options: options)
            return []
        } catch let rejected as ImportRejected {
            return rejected.problems.map(\.description)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    let header = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number,paid_date,disputed\n"

    @Test("reads the contract's columns in any order, with quoting, CRLF and a byte-order mark")
    func canonical() throws {
        let text = "\u{FEFF}disputed,amount,currency,due_date,issue_date,customer_id,invoice_number,po_number\r\n"
            + "yes,1234.50,USD,2026-02-28,2026-01-29,C1,INV-1,\"PO 7, \"\"rush\"\"\"\r\n"
            + "0,10,JPY,2026-03-01,2026-02-01,C2,INV-2,\r\n"
        let rows = invoices(try parse(text))
        #expect(rows.count == 2)
        #expect(rows[0].amount == Money(minorUnits: 123_450, currency: .usd))
        #expect(rows[0].openAmount == rows[0].amount)
        #expect(rows[0].poNumber == "PO 7, \"rush\"")
        #expect(rows[0].isDisputed)
        #expect(rows[1].amount.minorUnits == 10)
        #expect(rows[1].poNumber == nil)
    }

    @Test("a settled invoice owes nothing")
    func settled() throws {
        let rows = invoices(try parse(header + "I1,C1,2026-01-01,2026-01-31,USD,100.00,,,2026-02-03,false\n"))
        #expect(rows[0].openAmount.isZero)
        #expect(rows[0].status == .paid)
        #expect(rows[0].daysLate == 3)
    }

    @Test("bad values are reported with file, line, column, the value and what to do", arguments: [
        ("I1,C1,2026-01-01,2026-01-31,USD,12.345,,,,\n", "in.csv:2:6: amount '12.345' has more than 2 digits"),
        ("I1,C1,2026-01-01,2026-01-31,USD,1O0.00,,,,\n", "in.csv:2:6: amount '1O0.00' is not a decimal amount"),
        ("I1,C1,2026-02-30,2026-03-31,USD,1.00,,,,\n", "in.csv:2:3: issue_date '2026-02-30' is not a date"),
        ("I1,C1,2026-01-01,2026-01-31,XXX,1.00,,,,\n", "in.csv:2:5: currency 'XXX' is not an ISO 4217 currency code"),
        ("I1,,2026-01-01,2026-01-31,USD,1.00,,,,\n", "in.csv:2:2: customer_id is empty; it is required"),
        ("I1,C1,2026-01-01,2026-01-31,USD,1.00,2.00,,,\n", "in.csv:2:7: open_amount 2.00 is more than amount 1.00"),
        ("I1,C1,2026-01-31,2026-01-01,USD,1.00,,,,\n", "in.csv:2:4: due_date 2026-01-01 is before issue_date 2026-01-31"),
        ("I1,C1,2026-01-01,2026-01-31,USD,1.00,,,,maybe\n", "in.csv:2:10: disputed 'maybe' is not true or false"),
        ("I1,C1,2026-01-01,2026-01-31,USD,1.00,0.50,,2026-02-01,\n", "in.csv:2:7: open_amount 0.50 is not zero but paid_date"),
    ])
    func badValues(row: String, expected: String) {
        let found = problems(header + row)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix(expected) == true, "\(found)")
    }

    @Test("every problem in a file is reported, not only the first")
    func allProblems() {
        let found = problems(header + "I1,C1,2026-01-01,2026-01-31,USD,x,,,,\nI2,C1,bad,2026-01-31,USD,1,,,,\n")
        #expect(found.count == 2)
        #expect(found[0].hasPrefix("in.csv:2:6:"))
        #expect(found[1].hasPrefix("in.csv:3:3:"))
    }

    @Test("--skip-invalid imports the good rows and reports each skipped one")
    func skipInvalid() throws {
        let parsed = try parse(header + "I1,C1,2026-01-01,2026-01-31,USD,x,,,,\nI2,C1,2026-01-01,2026-01-31,USD,1,,,,\n",
                               options: ImportOptions(skipInvalid: true))
        #expect(invoices(parsed).map(\.number) == ["I2"])
        #expect(parsed.skippedProblems.map(\.line) == [2])
        #expect(parsed.skipped["invalid rows (--skip-invalid)"] == 1)
    }

    @Test("a missing required column or an unknown column rejects the header")
    func headerProblems() {
        let missing = problems("invoice_number,customer_id,issue_date,due_date,currency\nI1,C1,2026-01-01,2026-01-31,USD\n")
        #expect(missing.count == 1)
        #expect(missing[0].contains("required column 'amount' is missing"))
        let unknown = problems("invoice_number,customer_id,issue_date,due_date,currency,amount,region\nI1,C1,2026-01-01,2026-01-31,USD,1,EU\n")
        #expect(unknown == ["in.csv:1:7: unknown column 'region'; the invoices columns are invoice_number, customer_id, issue_date, due_date, currency, amount, open_amount, po_number, paid_date, disputed, customer_name. Rename it, map it with --map, or pass --ignore-unknown-columns"])
        let ignored = try? parse("invoice_number,customer_id,issue_date,due_date,currency,amount,region\nI1,C1,2026-01-01,2026-01-31,USD,1,EU\n",
                                 options: ImportOptions(ignoreUnknownColumns: true))
        #expect(ignored?.count == 1)
    }

    @Test("a repeated invoice number is an error naming both lines")
    func duplicates() {
        let found = problems(header + "I1,C1,2026-01-01,2026-01-31,USD,1,,,,\nI1,C1,2026-01-01,2026-01-31,USD,2,,,,\n")
        #expect(found == ["in.csv:3:1: invoice_number 'I1' appears again (first at line 2); each invoice_number must be unique in a file"])
    }

    @Test("malformed quoting is reported with its line")
    func quoting() {
        let found = problems(header + "I1,C1,2026-01-01,2026-01-31,USD,1,,\"PO,,,\n")
        #expect(found.first?.hasPrefix("in.csv:2:8: a quoted field is never closed") == true, "\(found)")
    }

    @Test("customers: terms, limits in their currency, key accounts, parents")
    func customers() throws {
        let parsed = try parse("""
            customer_id,name,email,phone,payment_terms_days,credit_limit,currency,key_account,annual_revenue,parent_customer_id
            C1,"Acme, Inc.",ap@acme.example,,30,50000,EUR,yes,2000000.00,
            C2,Acme Sub,,,45,,,no,,C1

            """, .customers)
        guard case .customers(let customers) = parsed.records else { Issue.record("not customers"); return }
        #expect(customers.count == 2)
        #expect(customers[0].name == "Acme, Inc.")
        #expect(customers[0].creditLimit == Money(minorUnits: 5_000_000, currency: .eur))
        #expect(customers[0].isKeyAccount)
        #expect(customers[1].parentID == "C1")
        #expect(customers[1].paymentTermsDays == 45)
    }

    @Test("history: receipts with the invoices they paid")
    func history() throws {
        let parsed = try parse("""
            transaction_id,value_date,amount,currency,payer_name,payer_account,remittance,customer_id,invoice_numbers
            T1,2026-01-05,150.00,USD,ACME INC,DE89370400440532013000,INV 1 and 2,C1,INV-1; INV-2

            """, .history)
        guard case .history(let receipts) = parsed.records else { Issue.record("not history"); return }
        #expect(receipts[0].invoiceNumbers == ["INV-1", "INV-2"])
        #expect(receipts[0].payment.amount.minorUnits == 15_000)
    }
}

