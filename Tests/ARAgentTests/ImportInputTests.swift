import ARAgent
import ARCore
import Testing

/// The inputs a careless export or a hostile user produces: each is an error at file:line:column
/// (or skipped and reported under --skip-invalid), never stored as something else.
@Suite("Import: every input checked")
struct ImportInputTests {
    func parse(_ bytes: [UInt8], _ kind: ImportKind, options: ImportOptions = ImportOptions()) throws -> ParsedImport {
        try ImportParser(kind: kind, options: options).parse(bytes: bytes, file: "in.csv")
    }

    func problems(_ text: String, _ kind: ImportKind = .invoices, options: ImportOptions = ImportOptions()) -> [String] {
        problems(Array(text.utf8), kind, options: options)
    }

    func problems(_ bytes: [UInt8], _ kind: ImportKind = .invoices, options: ImportOptions = ImportOptions()) -> [String] {
        do {
            _ = try parse(bytes, kind, options: options)
            return []
        } catch let rejected as ImportRejected {
            return rejected.problems.map(\.description)
        } catch {
            return ["unexpected: \(error)"]
        }
    }

    func customers(_ parsed: ParsedImport) -> [Customer] {
        guard case .customers(let customers) = parsed.records else { return [] }
        return customers
    }

    let invoiceHeader = "invoice_number,customer_id,issue_date,due_date,currency,amount,open_amount,po_number,paid_date,disputed\n"
    let customerHeader = "customer_id,name,email,phone,payment_terms_days,credit_limit,currency,key_account,annual_revenue,parent_customer_id\n"

    // MARK: Rows

    @Test("a row with too few fields is an error at its line: a short row would clear a customer's email")
    func shortRow() {
        let found = problems(customerHeader + "C1,Acme,ap@acme.example,,30,,,,,\nC2,Globex\n", .customers)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("in.csv:3:3: the row has 2 fields but the header has 10") == true, "\(found)")
    }

    @Test("a row with too many fields is an error at its line, naming the first extra field")
    func longRow() {
        let found = problems(invoiceHeader + "I1,C1,2026-01-01,2026-01-31,USD,1,,,,false,surprise\n")
        #expect(found == ["in.csv:2:11: the row has 11 fields but the header has 10; quote fields that contain commas, or remove the extra ones"])
    }

    @Test("--skip-invalid skips a ragged row and reports it; the good rows are imported")
    func raggedSkipped() throws {
        let text = customerHeader + "C1,Acme,ap@acme.example,,30,,,,,\nC2,Globex\n"
        let parsed = try parse(Array(text.utf8), .customers, options: ImportOptions(skipInvalid: true))
        #expect(customers(parsed).map(\.id) == ["C1"])
        #expect(parsed.skippedProblems.map(\.line) == [3])
        #expect(parsed.skipped["invalid rows (--skip-invalid)"] == 1)
    }

    // MARK: Text

    @Test("a NUL byte is an error at its line and column")
    func nul() {
        let bytes = Array((invoiceHeader + "I1,C1,2026-01-01,2026-01-31,USD,1,,PO").utf8) + [0] + Array("7,,\n".utf8)
        let found = problems(bytes)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("in.csv:2:8: a NUL byte (0x00) is in the field") == true, "\(found)")
    }

    @Test("bytes that are not UTF-8 are an error naming them and --encoding; with --encoding latin1 they are read")
    func latin1() throws {
        let bytes = Array((customerHeader + "C1,M").utf8) + [0xFC] + Array("ller GmbH,,,,,,,,\n".utf8)
        let found = problems(bytes, .customers)
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("in.csv:2:2: the bytes 0xFC 0x6C 0x6C 0x65 are not UTF-8") == true, "\(found)")
        #expect(found.first?.contains("--encoding latin1") == true)
        let parsed = try parse(bytes, .customers, options: ImportOptions(encoding: .latin1))
        #expect(customers(parsed).first?.name == "Müller GmbH")
    }

    @Test("windows-1252 reads its printable C1 characters; a byte it leaves unassigned is an error")
    func windows1252() throws {
        let bytes = Array((customerHeader + "C1,").utf8) + [0x84, 0x41, 0x93] + Array(",,,,,,,,\n".utf8)
        let parsed = try parse(bytes, .customers, options: ImportOptions(encoding: .windows1252))
        #expect(customers(parsed).first?.name == "\u{201E}A\u{201C}")
        let unassigned = Array((customerHeader + "C1,").utf8) + [0x81] + Array(",,,,,,,,\n".utf8)
        let found = problems(unassigned, .customers, options: ImportOptions(encoding: .windows1252))
        #expect(found.first?.hasPrefix("in.csv:2:2: a byte with no character in windows-1252") == true, "\(found)")
        #expect(CSVEncoding(name: "Latin-1") == .latin1)
        #expect(CSVEncoding(name: "cp1252") == .windows1252)
        #expect(CSVEncoding(name: "ebcdic") == nil)
    }

    @Test("a byte-order mark in mid-file is an error; at the very start it is fine")
    func strayBOM() throws {
        // Two exports joined: the second one's BOM would make a twin customer "\u{FEFF}C1".
        let joined = "\u{FEFF}" + customerHeader + "C1,Acme,,,,,,,,\n" + "\u{FEFF}C2,Globex,,,,,,,,\n"
        let found = problems(joined, .customers)
        #expect(found == ["in.csv:3:1: a byte-order mark (U+FEFF) is inside the file, not at its start (were two files joined?); remove it"])
        #expect(customers(try parse(Array(("\u{FEFF}" + customerHeader + "C1,Acme,,,,,,,,\n").utf8), .customers)).map(\.id) == ["C1"])
    }

    @Test("a bad byte in the header rejects the file")
    func badHeader() {
        let bytes = Array("invoice_number,customer_id,issue_date,due_date,currency,amou".utf8) + [0] + Array("nt\n".utf8)
        #expect(problems(bytes).first?.hasPrefix("in.csv:1:6: a NUL byte") == true)
    }

    // MARK: Values

    @Test("negative amounts are errors", arguments: [
        ("credit_limit", "C1,Acme,,,,-5.00,,,,\n", "in.csv:2:6: credit_limit -5.00 is negative"),
        ("annual_revenue", "C1,Acme,,,,,,,-1,\n", "in.csv:2:9: annual_revenue -1.00 is negative"),
    ])
    func negativeCustomerAmounts(field: String, row: String, expected: String) {
        let found = problems(customerHeader + row, .customers)
        #expect(found.first?.hasPrefix(expected) == true, "\(found)")
    }

    @Test("negative invoice and receipt amounts are errors")
    func negativeAmounts() {
        #expect(problems(invoiceHeader + "I1,C1,2026-01-01,2026-01-31,USD,-10.00,,,,\n").first?.hasPrefix("in.csv:2:6: amount -10.00 is negative") == true)
        #expect(problems(invoiceHeader + "I1,C1,2026-01-01,2026-01-31,USD,10.00,-1.00,,,\n").first?.hasPrefix("in.csv:2:7: open_amount -1.00 is negative") == true)
        let history = "transaction_id,value_date,amount,currency,customer_id\nT1,2026-01-05,-150.00,USD,C1\n"
        #expect(problems(history, .history).first?.hasPrefix("in.csv:2:3: amount -150.00 is negative") == true)
    }

    @Test("amounts above the maximum are refused with file:line:column; the maximum itself is accepted")
    func maximum() throws {
        let found = problems(invoiceHeader + "I1,C1,2026-01-01,2026-01-31,USD,1000000000000.00,,,,\n")
        #expect(found.first?.hasPrefix("in.csv:2:6: amount '1000000000000.00' is above the largest amount accepted, 999999999999.99 USD") == true, "\(found)")
        let yen = problems(invoiceHeader + "I1,C1,2026-01-01,2026-01-31,JPY,1000000000000,,,,\n")
        #expect(yen.first?.contains("999999999999 JPY") == true, "\(yen)")
        let limit = try parse(Array((invoiceHeader + "I1,C1,2026-01-01,2026-01-31,USD,999999999999.99,,,,\n").utf8), .invoices)
        #expect(limit.count == 1)
        let history = "transaction_id,value_date,amount,currency,customer_id\nT1,2026-01-05,92233720368547758.07,USD,C1\n"
        #expect(problems(history, .history).first?.hasPrefix("in.csv:2:3: amount '92233720368547758.07' is above the largest amount") == true)
        let limitRow = problems(customerHeader + "C1,Acme,,,,1000000000000,,,,\n", .customers)
        #expect(limitRow.first?.hasPrefix("in.csv:2:6: credit_limit") == true)
    }

    // MARK: Hierarchy

    @Test("a cycle of parents is an error at each member's row, naming the whole cycle")
    func cycle() {
        let found = problems(customerHeader + "C1,One,,,,,,,,C2\nC2,Two,,,,,,,,C3\nC3,Three,,,,,,,,C1\nC4,Four,,,,,,,,C1\n", .customers)
        #expect(found.count == 3)
        #expect(found.allSatisfy { $0.contains("makes a cycle C1 → C2 → C3 → C1") }, "\(found)")
        #expect(found.first?.hasPrefix("in.csv:2:10: parent_customer_id 'C2' of 'C1'") == true, "\(found)")
    }

    @Test("a customer that is its own parent is an error")
    func selfParent() {
        let found = problems(customerHeader + "C1,One,,,,,,,,C1\n", .customers)
        #expect(found.first?.hasPrefix("in.csv:2:10: parent_customer_id 'C1' is the customer itself") == true, "\(found)")
    }

    @Test("--skip-invalid skips every member of a cycle and reports each; the rest is imported")
    func cycleSkipped() throws {
        let text = customerHeader + "C1,One,,,,,,,,C2\nC2,Two,,,,,,,,C1\nC3,Three,,,,,,,,C1\n"
        let parsed = try parse(Array(text.utf8), .customers, options: ImportOptions(skipInvalid: true))
        #expect(customers(parsed).map(\.id) == ["C3"])
        #expect(parsed.lines == [4])
        #expect(parsed.skippedProblems.map(\.line) == [2, 3])
    }

    @Test("history naming customers or invoices nobody knows is an error at the row, decided with what is known")
    func unknownReferences() throws {
        let text = """
            transaction_id,value_date,amount,currency,customer_id,invoice_numbers
            T1,2026-01-05,150.00,USD,C1,INV-1
            T2,2026-01-06,10.00,USD,C9,INV-1
            T3,2026-01-07,10.00,USD,C1,INV-1;INV-404

            """
        var parsed = try parse(Array(text.utf8), .history)
        let found = ReferenceCheck.history(parsed, file: "in.csv", knownCustomers: ["C1"], knownInvoices: ["INV-1"])
        #expect(found.map { $0.problem.description } == [
            "in.csv:3:5: customer_id 'C9' is not a known customer; import the customers first, or correct the id",
            "in.csv:4:6: invoice_numbers names 'INV-404', not a known invoice; import the invoices first (settled ones too), or correct the numbers",
        ])
        #expect(throws: ImportRejected.self) { try ReferenceCheck.apply(found, to: &parsed, file: "in.csv", skipInvalid: false, hint: "") }
        try ReferenceCheck.apply(found, to: &parsed, file: "in.csv", skipInvalid: true, hint: "")
        guard case .history(let kept) = parsed.records else { Issue.record("not history"); return }
        #expect(kept.map(\.payment.id) == ["T1"])
        #expect(parsed.skippedProblems.count == 2)
    }
}
