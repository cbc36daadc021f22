import ARBankFormats
import ARCore
import ARTestSupport
import Foundation
import Testing

/// NACHA: every moov-io/ach sample against its sidecar, then files built here record by record.
@Suite("NACHA")
struct NACHATests {
    static let folder = "remittance/nacha/moov-io-ach"

    // MARK: - Conformance with the shared samples

    @Test("every NACHA sample is detected as NACHA",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"),
          arguments: SharedSamples.names("remittance/nacha/moov-io-ach"))
    func detection(path: String) throws {
        #expect(BankFileReader.detect(try SharedSamples.bytes(path)) == .nacha)
    }

    /// Transaction codes ending in 1–4 are credits, 5–9 debits (NACHA rules, appendix 3).
    static func isCredit(_ transactionCode: String) -> Bool {
        guard let last = transactionCode.last?.wholeNumberValue else { return false }
        return (1...4).contains(last)
    }

    @Test("batches, entries, amounts, traces, names and addenda match the sidecar's file facts",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"),
          arguments: SharedSamples.names("remittance/nacha/moov-io-ach"))
    func fileFacts(path: String) throws {
        let facts = try SharedSamples.sidecar(path).object("file_facts")
        let file = try NACHAParser.parse(try SharedSamples.bytes(path))
        #expect(file.format == .nacha)
        let batches = try facts.objects("batches")
        #expect(file.statements.count == batches.count)
        for (statement, batch) in zip(file.statements, batches) {
            let sec = try batch.string("sec_code")
            let companyName = try batch.string("company_name")
            #expect(statement.accountID == (try batch.string("company_id")))
            #expect(statement.currency == .usd)
            let entries = try batch.objects("entries")
            let batchNumber = try batch.string("batch_number")
            #expect(statement.transactions.count == entries.count, "\(path) batch \(batchNumber)")
            for (transaction, entry) in zip(statement.transactions, entries) {
                let place = "\(path) line \(transaction.line)"
                if let raw = entry["raw"] as? String {
                    // IAT: the sidecar leaves the entry raw; read the standard IAT columns from it.
                    let columns = Array(raw)
                    let code = String(columns[1..<3])
                    let amount = try #require(Int64(String(columns[29..<39])))
                    #expect(transaction.typeCode == "\(code) IAT", "\(place)")
                    #expect(transaction.amount.minorUnits == (Self.isCredit(code) ? amount : -amount), "\(place)")
                    #expect(transaction.bankReference == String(columns[79..<94]), "\(place)")
                    let addenda = try entry.objects("addenda")
                    let originator = try addenda.first { $0["type"] as? String == "11" }.map { Array(try $0.string("raw"))[3..<38] }
                    let receiver = try addenda.first { $0["type"] as? String == "10" }.map { Array(try $0.string("raw"))[46..<81] }
                    let expectedPayer = Self.isCredit(code) ? originator : receiver
                    #expect(transaction.payerName == expectedPayer.map { String($0).trimmingCharacters(in: .whitespaces) }, "\(place)")
                    continue
                }
                let code = try entry.string("transaction_code")
                let credit = Self.isCredit(code)
                let amount = Int64(try entry.int("amount_cents"))
                #expect(transaction.amount.minorUnits == (credit ? amount : -amount), "\(place)")
                #expect(transaction.typeCode == "\(code) \(sec)", "\(place)")
                #expect(transaction.bankReference == (try entry.string("trace")), "\(place)")
                let addenda = try entry.objects("addenda")
                let aboutReceiver = addenda.contains { ["98", "99"].contains($0["type"] as? String) }
                let name = try entry.string("name")
                let identification = try entry.string("id_number")
                let receiverAccount = "\(try entry.string("rdfi"))/\(try entry.string("account"))"
                // The sidecar reads columns 40–54 and 55–76 for every SEC code; CIE swaps their
                // meaning and CTX starts the name after a four-digit addenda count.
                if sec == "CIE" {
                    #expect(transaction.payerName == Self.orNil(identification), "\(place)")
                    #expect(transaction.payerAccount == Self.orNil(name), "\(place)")
                    #expect(transaction.endToEndID == Self.orNil(name), "\(place)")
                } else {
                    #expect(transaction.endToEndID == Self.orNil(identification), "\(place)")
                    if !credit || aboutReceiver {
                        #expect(transaction.payerName == Self.orNil(sec == "CTX" ? String(name.dropFirst(4)) : name), "\(place)")
                        #expect(transaction.payerAccount == receiverAccount, "\(place)")
                    } else {
                        #expect(transaction.payerName == Self.orNil(companyName), "\(place)")
                        #expect(transaction.payerAccount == nil, "\(place)")
                    }
                }
                let remittance = transaction.remittance ?? ""
                for addendum in addenda {
                    switch try addendum.string("type") {
                    case "05":
                        #expect(remittance.contains(try addendum.string("payment_related_information")), "\(place)")
                    case "98":
                        #expect(remittance.contains("Notification of change \(try addendum.string("change_code"))"), "\(place)")
                        #expect(remittance.contains("original trace \(try addendum.string("original_trace"))"), "\(place)")
                        #expect(remittance.contains("corrected data \(try addendum.string("corrected_data"))"), "\(place)")
                    case "99":
                        #expect(remittance.contains("eturn \(try addendum.string("return_reason_code"))"), "\(place)")
                        #expect(remittance.contains("original trace \(try addendum.string("original_trace"))"), "\(place)")
                    default:
                        Issue.record("\(place): an addenda type the sidecar should not have")
                    }
                }
                if addenda.isEmpty { #expect(transaction.remittance == nil, "\(place)") }
            }
        }
    }

    static func orNil(_ text: String) -> String? { text.isEmpty ? nil : text }

    @Test("the Go Example tests' printed output: totals, SEC code, names, traces, check serials, addenda",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"),
          arguments: SharedSamples.names("remittance/nacha/moov-io-ach").filter { $0.contains("/examples__") })
    func goExampleOutput(path: String) throws {
        let asserted = try SharedSamples.sidecar(path).object("asserted_by_source_tests")
        guard let examples = asserted["go_example_tests"] as? [[String: Any]] else { return }  // written by tests, not read
        let transactions = try NACHAParser.parse(try SharedSamples.bytes(path)).transactions
        let debits = transactions.filter { !$0.isCredit }.reduce(Int64(0)) { $0 - $1.amount.minorUnits }
        let credits = transactions.filter(\.isCredit).reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        for example in examples {
            for line in example["expected_stdout"] as? [String] ?? [] {
                guard let colon = line.range(of: ": ") else { continue }
                let key = String(line[..<colon.lowerBound])
                let value = String(line[colon.upperBound...])
                switch key {
                case "Total Amount Debit", "Total File Debit Amount": #expect(debits == Int64(value), "\(path): \(line)")
                case "Total Amount Credit", "Total File Credit Amount": #expect(credits == Int64(value), "\(path): \(line)")
                case "SEC Code": #expect(transactions.allSatisfy { $0.typeCode?.hasSuffix(" " + value) == true }, "\(path): \(line)")
                case "Check Serial Number": #expect(transactions.first?.endToEndID == value, "\(path): \(line)")
                case "CCD Entry Identification Number": #expect(transactions.first?.endToEndID == value)
                case "CCD Entry Receiving Company": #expect(transactions.first?.payerName == value)
                case "CCD Entry Trace Number": #expect(transactions.first?.bankReference == value)
                case "CCD Fee Identification Number": #expect(transactions.dropFirst().first?.endToEndID == value)
                case "CCD Fee Receiving Company": #expect(transactions.dropFirst().first?.payerName == value)
                case "CCD Fee Trace Number": #expect(transactions.dropFirst().first?.bankReference == value)
                case "Entry Detail":
                    let columns = Array(value)
                    #expect(transactions.first?.bankReference == String(columns[79..<94]))
                    #expect(transactions.first?.amount.minorUnits.magnitude == UInt64(String(columns[29..<39])))
                case "Addenda1", "Addenda2", "Addenda05":
                    // Payment-related information: columns 4–83 of the addenda record.
                    let information = String(Array(value)[3..<83]).trimmingCharacters(in: .whitespaces)
                    #expect(transactions.first?.remittance?.contains(information) == true, "\(path): \(line)")
                case "Addenda98":
                    let columns = Array(value)
                    #expect(transactions.first?.remittance?.contains(String(columns[3..<6])) == true)
                    #expect(transactions.first?.remittance?.contains(String(columns[35..<64]).trimmingCharacters(in: .whitespaces)) == true)
                default:
                    Issue.record("\(path): no check for the printed line '\(line)'")
                }
            }
        }
    }

    @Test("contested dishonored return R72: every field moov's test asserts is in the remittance text",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func contestedReturn() throws {
        let path = Self.folder + "/testdata__contested_addenda.txt"
        let asserted = try SharedSamples.sidecar(path).object("asserted_by_source_tests")
        let contested = try asserted.object("addenda99_contested")
        let file = try NACHAParser.parse(try SharedSamples.bytes(path))
        #expect(file.statements.count == (try asserted.int("batch_count")))
        #expect(file.transactions.count == (try asserted.int("entry_count")))
        let remittance = try #require(file.transactions.first?.remittance)
        #expect(remittance.hasPrefix("Contested dishonored return \(try contested.string("contested_return_code"))"))
        for key in ["original_entry_trace", "return_trace", "dishonored_return_trace"] {
            #expect(remittance.contains(try contested.string(key)), "\(key)")
        }
        #expect(remittance.contains("return reason R\(try contested.string("return_reason_code"))"))
        #expect(remittance.contains("dishonored return reason R\(try contested.string("dishonored_return_reason_code"))"))
        #expect(file.transactions.first?.bankReference == (try contested.string("trace")))
    }

    @Test("returns and notifications of change are told apart, with their codes",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func returnsAndChanges() throws {
        let returns = Self.folder + "/testdata__return-WEB.ach"
        let asserted = try SharedSamples.sidecar(returns).object("asserted_by_source_tests")
        let file = try NACHAParser.parse(try SharedSamples.bytes(returns))
        #expect(file.statements.count == (try asserted.int("batch_count")))
        #expect(file.statements.allSatisfy { $0.transactions.count == (try? asserted.int("entries_per_batch")) })
        #expect(file.transactions.filter { $0.remittance?.hasPrefix("Return R") == true }.count == (try asserted.int("return_entries")))

        let changes = Self.folder + "/testdata__cor-example.ach"
        let noc = try SharedSamples.sidecar(changes).object("asserted_by_source_tests")
        let corrections = try NACHAParser.parse(try SharedSamples.bytes(changes)).transactions
        #expect(corrections.count == (try noc.int("entry_count")))
        #expect(corrections.filter { $0.remittance?.hasPrefix("Notification of change C") == true }.count == (try noc.int("notification_of_change_entries")))
        #expect(corrections.filter { $0.remittance?.hasPrefix("Return") == true }.count == (try noc.int("return_entries")))
    }

    @Test("what moov rejects but the entries survive is a warning: check digit, batch count",
          .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
    func toleratedProblems() throws {
        let checkDigit = try NACHAParser.parse(try SharedSamples.bytes(Self.folder + "/testdata__ppd-debit-invalid-entryDetail-checkDigit.ach"))
        #expect(checkDigit.transactions.count == 1)
        #expect(checkDigit.warnings.map(\.line) == [3])
        #expect(checkDigit.warnings.first?.message.contains("check digit") == true)

        // moov: ErrFileCalculatedControlEquality("BatchCount", …): the file control's batch count is off.
        let usBank = try NACHAParser.parse(try SharedSamples.bytes(Self.folder + "/testdata__20110805A.ach"))
        #expect(usBank.warnings.contains { $0.message.contains("file control (9) gives batch count 5") })

        // moov refuses a TEL batch with a debit (a reversal); the batch still holds both entries.
        let reversal = try NACHAParser.parse(try SharedSamples.bytes(Self.folder + "/testdata__NACHA_SAMPLE_TEL_REVERSAL.ach"))
        #expect(reversal.statements.count == 1)
        #expect(reversal.transactions.map(\.amount.minorUnits) == [685_100, -685_100])
    }

    // MARK: - Files built here

    /// A 94-column record with `parts` placed at their 1-based columns.
    static func record(_ parts: (Int, String)...) -> String {
        var columns = Array(repeating: Character(" "), count: 94)
        for (column, text) in parts {
            for (offset, character) in text.enumerated() { columns[column - 1 + offset] = character }
        }
        return String(columns)
    }

    struct Entry {
        var code = "22"
        var routing = "23138010"
        var checkDigit = "4"
        var account = "12345678"
        var amount = "0000150000"
        var identification = "CUST-42"
        var name = "ACME CORP"
        var addenda: [String] = []
        var trace = "231380100000001"
    }

    /// A one-batch file with correct controls, so that only what a test breaks is reported.
    static func file(sec: String = "CCD", company: String = "OUR COMPANY", entries: [Entry]) -> String {
        var lines = [
            record((1, "101"), (4, " 231380104"), (14, "0121042882"), (24, "240115"), (30, "1200"), (34, "A"), (35, "094101"), (41, "FIRST BANK"), (64, "OUR COMPANY")),
            record((1, "5200"), (5, company), (41, "1234567890"), (51, sec), (54, "PAYMENT"), (70, "240116"), (79, "1"), (80, "23138010"), (88, "0000001")),
        ]
        var count = 0, hash = 0, debits = 0, credits = 0
        for entry in entries {
            let nameColumn = sec == "CTX" ? 59 : sec == "CIE" ? 40 : 55
            let idColumn = sec == "CIE" ? 55 : 40
            lines.append(record((1, "6" + entry.code + entry.routing + entry.checkDigit), (13, entry.account), (30, entry.amount),
                                (idColumn, entry.identification), (nameColumn, entry.name), (79, entry.addenda.isEmpty ? "0" : "1"), (80, entry.trace)))
            lines += entry.addenda
            count += 1 + entry.addenda.count
            hash += Int(entry.routing) ?? 0
            if isCredit(entry.code) { credits += Int(entry.amount) ?? 0 } else { debits += Int(entry.amount) ?? 0 }
        }
        func digits(_ value: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(value).count)) + String(value) }
        lines.append(record((1, "8200"), (5, digits(count, 6)), (11, digits(hash, 10)), (21, digits(debits, 12)), (33, digits(credits, 12)), (45, "1234567890"), (80, "23138010"), (88, "0000001")))
        lines.append(record((1, "9"), (2, "000001"), (8, "000001"), (14, digits(count, 8)), (22, digits(hash, 10)), (32, digits(debits, 12)), (44, digits(credits, 12))))
        return lines.joined(separator: "\n") + "\n"
    }

    static func addenda05(_ text: String, sequence: Int = 1) -> String {
        record((1, "705"), (4, text), (84, String(format: "%04d", sequence)), (88, "0000001"))
    }

    @Test("credit codes are positive and debit codes negative", arguments: [
        ("22", true), ("23", true), ("24", true), ("32", true), ("33", true), ("34", true), ("42", true), ("52", true), ("21", true),
        ("27", false), ("28", false), ("29", false), ("37", false), ("38", false), ("47", false), ("55", false), ("26", false),
    ])
    func signs(code: String, credit: Bool) throws {
        let parsed = try NACHAParser.parse(Array(Self.file(entries: [Entry(code: code)]).utf8))
        #expect(parsed.transactions.map(\.amount.minorUnits) == [credit ? 150_000 : -150_000])
        #expect(parsed.transactions.first?.typeCode == "\(code) CCD")
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test("payer: the originator for a credit, the receiver for a debit, the consumer for CIE")
    func payers() throws {
        let credit = try NACHAParser.parse(Array(Self.file(company: "ACME CORP", entries: [Entry(code: "22", name: "OUR COMPANY")]).utf8))
        #expect(credit.transactions.first?.payerName == "ACME CORP")
        #expect(credit.transactions.first?.payerAccount == nil)
        let debit = try NACHAParser.parse(Array(Self.file(entries: [Entry(code: "27", account: "987654321", name: "BOB SMITH")]).utf8))
        #expect(debit.transactions.first?.payerName == "BOB SMITH")
        #expect(debit.transactions.first?.payerAccount == "231380104/987654321")
        #expect(debit.transactions.first?.endToEndID == "CUST-42")
        let consumer = try NACHAParser.parse(Array(Self.file(sec: "CIE", company: "BILLPAY SVC", entries: [Entry(code: "22", identification: "CUSTOMER 0042", name: "JANE DOE")]).utf8))
        #expect(consumer.transactions.first?.payerName == "JANE DOE")
        #expect(consumer.transactions.first?.payerAccount == "CUSTOMER 0042")
    }

    @Test("RMR invoice references in CCD+ and CTX addenda become structured references", arguments: [
        ("CCD", "RMR*IV*INV-1001*PI*1500.00\\", ["INV-1001"]),
        ("CCD", "RMR*IV*INV-1001*PI*1000.00~RMR*IV*INV-1002*PI*500.00~", ["INV-1001", "INV-1002"]),
        ("CCD", "RMR*PO*PO-77\\", ["PO-77"]),
        ("CCD", "RMR*ZZ*NOT-A-DOCUMENT\\", []),
        ("CCD", "INVOICE 1001 AND 1002", []),
        // CTX: one X12 message cut into 80-column addenda; here a reference spans two of them.
        ("CTX", "ISA*00*          *00*          *ZZ*PAYER          *ZZ*PAYEE          *240115*1200*U*00401*000000001*0*P*>~BPR*C*1500*C*ACH*CCP~TRN*1*0000000000012~RMR*IV*INV-2001*PI*1500~SE*5*0001~", ["INV-2001"]),
    ])
    func remittanceReferences(sec: String, message: String, references: [String]) throws {
        let characters = Array(message)
        let pieces = stride(from: 0, to: characters.count, by: 80).map { String(characters[$0..<min($0 + 80, characters.count)]) }
        #expect(sec != "CTX" || pieces.count == 3 && pieces[1].hasSuffix("INV-20"), "the test splits the reference over two addenda")
        let records = pieces.enumerated().map { Self.addenda05($1, sequence: $0 + 1) }
        let parsed = try NACHAParser.parse(Array(Self.file(sec: sec, entries: [Entry(addenda: records)]).utf8))
        let transaction = try #require(parsed.transactions.first)
        #expect(transaction.structuredReferences == references)
        #expect(transaction.remittance == message)
        #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
    }

    @Test("a return and a notification of change read as text led by their codes")
    func returnAndChange() throws {
        let returned = Self.record((1, "799"), (4, "R01"), (7, "231380100000009"), (28, "23138010"), (36, "INSUFFICIENT FUNDS"), (80, "091000010000001"))
        let changed = Self.record((1, "798"), (4, "C03"), (7, "231380100000010"), (28, "23138010"), (36, "0210000211234567"), (80, "091000010000002"))
        let parsed = try NACHAParser.parse(Array(Self.file(entries: [Entry(code: "26", addenda: [returned]), Entry(code: "21", addenda: [changed])]).utf8))
        #expect(parsed.transactions.map(\.remittance) == [
            "Return R01; original trace 231380100000009; INSUFFICIENT FUNDS",
            "Notification of change C03; original trace 231380100000010; corrected data 0210000211234567",
        ])
        // Both are about the receiver's entry, so the receiver is the party.
        #expect(parsed.transactions.map(\.payerName) == ["ACME CORP", "ACME CORP"])
    }

    @Test("short lines (trailing blanks stripped), CRLF, and 94-byte blocks without line breaks read the same")
    func layouts() throws {
        let text = Self.file(entries: [Entry(addenda: [Self.addenda05("INV 1001")])])
        let lines = text.split(separator: "\n").map(String.init)
        let variants = [
            text,
            lines.map { $0.replacingOccurrences(of: " +$", with: "", options: .regularExpression) }.joined(separator: "\r\n"),
            lines.joined(),
        ]
        for variant in variants {
            let parsed = try NACHAParser.parse(Array(variant.utf8))
            #expect(parsed.transactions.map(\.remittance) == ["INV 1001"])
            #expect(parsed.transactions.map(\.amount.minorUnits) == [150_000])
            #expect(parsed.warnings.isEmpty, "\(parsed.warnings)")
        }
    }

    @Test("a wrong check digit or control total is a warning, not an error")
    func warnings() throws {
        let text = Self.file(entries: [Entry(checkDigit: "9")])
        let parsed = try NACHAParser.parse(Array(text.utf8))
        #expect(parsed.transactions.count == 1)
        #expect(parsed.warnings.map(\.description) == ["line 3: the RDFI routing number 231380109 has check digit 9, expected 4; the entry was read as written"])
        var lines = Self.file(entries: [Entry()]).split(separator: "\n").map(String.init)
        lines[3] = Self.record((1, "8200"), (5, "000001"), (11, "0023138010"), (21, "000000000000"), (33, "000000150001"), (45, "1234567890"))
        let wrongTotal = try NACHAParser.parse(Array(lines.joined(separator: "\n").utf8))
        #expect(wrongTotal.transactions.count == 1)
        #expect(wrongTotal.warnings.map(\.description) == ["line 4: the batch control (8) gives total credits 150001, the records add up to 150000; the entries were read as written"])
    }

    @Test("malformed records throw with the line and the field", arguments: [
        (2, NACHATests.record((1, "622"), (4, "231380104"), (30, "0000100000")), "record type", "outside a batch"),
        (3, NACHATests.record((1, "622"), (4, "231380104"), (30, "00001X0000")), "amount", "'00001X0000'"),
        (3, NACHATests.record((1, "6X2"), (4, "231380104"), (30, "0000100000")), "transaction code", "'X2'"),
        (3, "705ADDENDA BEFORE ANY ENTRY", "record type", "addenda record (7) with no entry"),
        (3, "X NOT A RECORD", "record type", "'X'"),
    ])
    func malformed(line: Int, record: String, field: String, mentions: String) throws {
        var lines = Self.file(entries: []).split(separator: "\n").map(String.init)
        if line == 2 { lines[1] = record } else { lines.insert(record, at: 2) }
        let error = try #require(throws: BankFileError.self) { try NACHAParser.parse(Array(lines.joined(separator: "\n").utf8)) }
        #expect(error.line == line)
        #expect(error.field == field)
        #expect(error.message.contains(mentions), "\(error)")
    }
}
