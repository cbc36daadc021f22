import ARBankFormats
import ARCore
import ARTestSupport
import Foundation
import Testing

@Suite("OFX")
struct OFXTests {
    static let samples = StatementFixtures.samples(in: ["ofx"], extensions: ["ofx"])

    /// The collected copy of ofxparse's `ofx-v102-empty-tags.ofx` is a 2-byte stub ("4\n"), not the
    /// fixture: it cannot be detected or read. Its case is rebuilt inline in `emptyTags()` from
    /// the structure the sidecar's own warnings quote.
    static let stub = "statements/ofx/ofxparse/ofx-v102-empty-tags.ofx"

    // MARK: - Conformance with the public samples

    @Test("detect names OFX for every sample", .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"),
          arguments: samples)
    func detection(path: String) throws {
        let bytes = try StatementFixtures.bytes(path)
        if path == Self.stub {
            withKnownIssue("the shared copy of \(path) is a \(bytes.count)-byte stub, not the OFX fixture") {
                #expect(BankFileReader.detect(bytes) == .ofx)
            }
        } else {
            #expect(BankFileReader.detect(bytes) == .ofx)
        }
    }

    @Test("every sample reads as its sidecar says", .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"),
          arguments: samples)
    func conformance(path: String) throws {
        let bytes = try StatementFixtures.bytes(path)
        let sidecar = try #require(try StatementFixtures.sidecar(path))
        let asserted = sidecar.dict("asserted_by_source_tests") ?? [:]
        if path == Self.stub {
            #expect(bytes.count < 16)
            #expect(throws: BankFileError.self) { try OFXParser.parse(bytes) }
            return
        }
        if asserted.text("expect")?.contains("returns False") == true {
            // OCA test_wrong_ofx_file_import: the bank statement's account and currency are commented out.
            let error = try #require(throws: BankFileError.self) { try OFXParser.parse(bytes) }
            #expect(error.field == "BANKACCTFROM")
            return
        }
        let file = try OFXParser.parse(bytes)
        #expect(file.format == .ofx)
        try checkAssertions(file, asserted, path: path)
        if let reference = sidecar.dict("reference_parse") { try checkReference(file, reference, path: path) }
    }

    private func checkAssertions(_ file: BankFile, _ asserted: [String: Any], path: String) throws {
        let first = file.statements.first
        if path.hasSuffix("fidelity-savings.ofx") {
            // Deliberate deviation: an investment statement (INVSTMTRS, amounts to 1/10000 USD) is out of scope.
            #expect(file.statements.isEmpty)
            #expect(file.warnings.contains { $0.message.contains("INVSTMTRS") })
            return
        }
        if let account = asserted.text("account_number") { #expect(first?.accountID == account) }
        if let balance = asserted.text("balance") { #expect(try same(first?.closingBalance, balance)) }
        if let count = asserted.number("transaction_count").flatMap({ Int($0) }) { #expect(first?.transactions.count == count) }
        for index in 0..<10 {
            guard let expected = asserted.dict("transactions[\(index)]") else { continue }
            let transaction = try #require(first.flatMap { index < $0.transactions.count ? $0.transactions[index] : nil })
            try check(transaction, expected)
        }
        if let accounts = asserted.list("accounts") as? [[String: Any]] {
            if path.hasSuffix("account_listing_aggregation.ofx") {
                // Deliberate deviation: an account list holds no statement, so none is made; a warning says why.
                #expect(file.statements.isEmpty)
                #expect(file.warnings.contains { $0.message.contains("ACCTINFORS") })
            } else {
                #expect(file.statements.count == accounts.count)
                #expect(file.statements.map(\.accountID) == accounts.map { $0.text("number") })
            }
        }
        if let status = asserted.dict("status") {
            #expect(file.statements.isEmpty)
            let warning = try #require(file.warnings.first)
            for key in ["code", "severity", "message"] {
                let value = try #require(status.number(key))
                #expect(warning.message.contains(value))
            }
        }
        if let lenient = asserted.dict("lenient_parse") {
            let statement = try #require(first)
            #expect(statement.transactions.count == lenient.number("transaction_count").flatMap { Int($0) })
            let skipped = file.warnings.filter { $0.message.contains("was skipped") }.count
            #expect(skipped == lenient.number("discarded_entries").flatMap { Int($0) })
            if let hasBalance = lenient["has_balance"] as? Bool { #expect((statement.closingBalance != nil) == hasBalance) }
        }
        if let closing = asserted["balance_end_real"], let start = asserted["balance_start"], let statement = first, let currency = statement.currency {
            // OCA derives the opening balance from the ledger balance and the lines.
            let end = try ExpectedAmount.minorUnits(golden: closing, currency)
            #expect(statement.closingBalance?.minorUnits == end)
            let opening = try ExpectedAmount.minorUnits(golden: start, currency)
            #expect(end - statement.transactions.reduce(0) { $0 + $1.amount.minorUnits } == opening)
        }
        if let fragment = asserted.text("statement_name_contains") { #expect(first?.accountID?.contains(fragment) == true) }
        if let line = asserted.dict("line_with_payment_ref_Agrolait") {
            #expect(file.transactions.first { $0.payerName == "Agrolait" }?.bookingDate?.iso == line.text("date"))
        }
    }

    /// ofxparse's own parse of the file: a regression aid, checked for every account it read.
    private func checkReference(_ file: BankFile, _ reference: [String: Any], path: String) throws {
        guard !path.hasSuffix("fidelity-savings.ofx"), !path.hasSuffix("account_listing_aggregation.ofx") else { return }
        let accounts = reference.list("accounts") as? [[String: Any]] ?? []
        #expect(file.statements.count == accounts.count)
        for (account, statement) in zip(accounts, file.statements) {
            #expect(statement.accountID == account.text("account_id"))
            let expected = try #require(account.dict("statement"))
            if let curdef = account.text("curdef") { #expect(statement.currency?.code == curdef) }
            if let balance = expected.text("balance") { #expect(try same(statement.closingBalance, balance)) }
            let lines = expected.list("transactions") as? [[String: Any]] ?? []
            #expect(statement.transactions.count == lines.count)
            for (line, transaction) in zip(lines, statement.transactions) {
                try check(transaction, line)
                #expect(transaction.bookingDate == expectedDate(line.text("date")))
                if line.has("user_date") { #expect(transaction.valueDate == expectedDate(line.text("user_date"))) }
                let check = line.text("checknum") ?? ""
                #expect(transaction.structuredReferences == (check.contains { $0 != "0" } ? [check] : []))
            }
        }
    }

    private func check(_ transaction: BankTransaction, _ expected: [String: Any]) throws {
        if let payee = expected.text("payee") { #expect(transaction.payerName == (payee.isEmpty ? nil : payee)) }
        if let memo = expected.text("memo") { #expect(transaction.remittance == (memo.isEmpty ? nil : memo)) }
        if let type = expected.text("type") { #expect(transaction.typeCode?.lowercased() == type) }
        if let id = expected.text("id") { #expect(transaction.bankReference == id) }
        if let amount = expected.text("amount") {
            let minor = try ExpectedAmount.minorUnits(amount, transaction.amount.currency)
            #expect(transaction.amount.minorUnits == minor)
        }
    }

    /// Whether `money` is the decimal amount `text` (ofxparse prints Decimal as the file wrote it).
    private func same(_ money: Money?, _ text: String) throws -> Bool {
        guard let money else { return false }
        return money.minorUnits == (try ExpectedAmount.minorUnits(text, money.currency))
    }

    // MARK: - Inline samples

    static let sgml = """
    OFXHEADER:100
    DATA:OFXSGML
    VERSION:102
    SECURITY:NONE
    ENCODING:USASCII
    CHARSET:1252
    COMPRESSION:NONE
    OLDFILEUID:NONE
    NEWFILEUID:NONE

    <OFX>
    <SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240131120000<LANGUAGE>ENG</SONRS></SIGNONMSGSRSV1>
    <BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
    <STMTRS><CURDEF>USD<BANKACCTFROM><BANKID>121000248<ACCTID>4455667788<ACCTTYPE>CHECKING</BANKACCTFROM>
    <BANKTRANLIST><DTSTART>20240101<DTEND>20240131
    <STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240115120000.000[-5:EST]<DTUSER>20240114<TRNAMT>1250.00<FITID>F-1<NAME>ACME &amp; SONS<MEMO>INV-2024-0042</STMTTRN>
    <STMTTRN><TRNTYPE>CHECK<DTPOSTED>20240131235959.000[-5:EST]<DTAVAIL>20240202<TRNAMT>-75.5<FITID>F-2<CHECKNUM>1042<PAYEE><NAME>Utility Co</PAYEE><MEMO></STMTTRN>
    </BANKTRANLIST>
    <LEDGERBAL><BALAMT>+1174.50<DTASOF>20240131</LEDGERBAL><AVAILBAL><BALAMT>999.99<DTASOF>20240131</AVAILBAL>
    </STMTRS></STMTTRNRS></BANKMSGSRSV1>
    </OFX>
    """

    @Test("OFX 1.x SGML: header, unclosed elements, entities, PAYEE, CHECKNUM, dates with zones")
    func sgml() throws {
        let file = try OFXParser.parse(Array(Self.sgml.utf8))
        #expect(file.warnings.isEmpty)
        let statement = try #require(file.statements.first)
        #expect(statement.accountID == "4455667788")
        #expect(statement.currency == .usd)
        #expect(statement.openingBalance == nil)
        #expect(statement.closingBalance == Money(minorUnits: 117450, currency: .usd))
        let transactions = statement.transactions
        try #require(transactions.count == 2)
        #expect(transactions.map(\.amount.minorUnits) == [125000, -7550])
        #expect(transactions.map(\.bankReference) == ["F-1", "F-2"])
        #expect(transactions.map(\.payerName) == ["ACME & SONS", "Utility Co"])
        #expect(transactions.map(\.remittance) == ["INV-2024-0042", nil])
        #expect(transactions.map(\.typeCode) == ["CREDIT", "CHECK"])
        #expect(transactions.map(\.structuredReferences) == [[], ["1042"]])
        // The date as the bank wrote it, whatever the zone: 23:59:59 EST stays on the 31st.
        #expect(transactions.map { $0.bookingDate?.iso } == ["2024-01-15", "2024-01-31"])
        #expect(transactions.map { $0.valueDate?.iso } == ["2024-01-14", "2024-02-02"])
        #expect(transactions.map(\.line) == [16, 17])
    }

    @Test("OFX 2.x XML with CDATA, lower-case tags, comments and a credit-card statement beside a bank one")
    func xml() throws {
        let document = """
        <?xml version="1.0" encoding="UTF-8"?>
        <?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
        <OFX>
          <BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
            <stmtrs><curdef>EUR</curdef><bankacctfrom><bankid>X</bankid><acctid>DE89370400440532013000</acctid></bankacctfrom>
              <banktranlist>
                <stmttrn><trntype>DEP</trntype><dtposted>20240301</dtposted><trnamt>12,34</trnamt><fitid>A1</fitid>
                  <name><![CDATA[Müller <GmbH>  ]]></name><!-- <memo>not this</memo> --></stmttrn>
              </banktranlist>
            </stmtrs></STMTTRNRS></BANKMSGSRSV1>
          <CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2</TRNUID>
            <CCSTMTRS><CURDEF>GBP</CURDEF><CCACCTFROM><ACCTID>4111111111111111</ACCTID></CCACCTFROM>
              <BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT</TRNTYPE><DTPOSTED>20240302</DTPOSTED><TRNAMT>-5.00</TRNAMT><FITID>C1</FITID></STMTTRN></BANKTRANLIST>
              <LEDGERBAL><BALAMT>-5.00</BALAMT><DTASOF>20240302</DTASOF></LEDGERBAL>
            </CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>
        </OFX>
        """
        let file = try OFXParser.parse(Array(document.utf8))
        #expect(file.statements.map(\.accountID) == ["DE89370400440532013000", "4111111111111111"])
        #expect(file.statements.map { $0.currency?.code } == ["EUR", "GBP"])
        let deposit = try #require(file.statements.first?.transactions.first)
        #expect(deposit.amount == Money(minorUnits: 1234, currency: .eur))
        #expect(deposit.payerName == "Müller <GmbH>")
        #expect(deposit.remittance == nil)
        #expect(file.statements.last?.closingBalance?.minorUnits == -500)
    }

    @Test("OFX 1.02 with empty elements: an empty CURDEF leaves each entry to its own CURRENCY")
    func emptyTags() throws {
        // Shaped like Newcastle Permanent's file, as ofxparse's warnings for it quote it.
        let document = """
        OFXHEADER:100
        DATA:OFXSGML
        VERSION:102

        <OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID>
        <STMTRS><CURDEF></CURDEF><BANKACCTFROM><BANKID>NPBS</BANKID><BRANCHID></BRANCHID><ACCTID>12345678</ACCTID><ACCTTYPE></ACCTTYPE></BANKACCTFROM>
        <BANKTRANLIST><DTSTART>20180506</DTSTART><DTEND>20180804</DTEND>
        <STMTTRN><TRNTYPE>Credit</TRNTYPE><DTPOSTED>20180507</DTPOSTED><TRNAMT>12.34</TRNAMT><FITID></FITID><NAME></NAME><CHECKNUM></CHECKNUM>
        <MEMO>CBA:Transfer</MEMO><CURRENCY><CURRATE>1.0000</CURRATE><CURSYM>AUD</CURSYM></CURRENCY></STMTTRN>
        <STMTTRN><TRNTYPE>Debit</TRNTYPE><DTPOSTED>20180508</DTPOSTED><TRNAMT>-1.00</TRNAMT><FITID>9</FITID></STMTTRN>
        </BANKTRANLIST><LEDGERBAL><BALAMT></BALAMT><DTASOF></DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
        """
        let file = try OFXParser.parse(Array(document.utf8))
        let statement = try #require(file.statements.first)
        #expect(statement.accountID == "12345678")
        #expect(statement.currency == nil)
        #expect(statement.closingBalance == nil)
        let transaction = try #require(statement.transactions.first)
        #expect(statement.transactions.count == 1)
        #expect(transaction.amount.description == "12.34 AUD")
        #expect(transaction.bankReference == nil)
        #expect(transaction.payerName == nil)
        #expect(transaction.remittance == "CBA:Transfer")
        #expect(transaction.structuredReferences.isEmpty)
        let messages = file.warnings.map(\.message)
        #expect(messages.contains { $0.contains("no CURDEF") })
        #expect(messages.contains { $0.contains("entry 9 was skipped") && $0.contains("names a currency") })
        #expect(messages.contains { $0.contains("ledger balance") && $0.contains("empty") })
    }

    @Test("entries without a date or a readable amount are skipped with a warning", arguments: [
        ("<TRNAMT>1.00", "no DTPOSTED"),
        ("<DTPOSTED><TRNAMT>1.00", "no DTPOSTED"),
        ("<DTPOSTED>20120231<TRNAMT>1.00", "not a date"),
        ("<DTPOSTED>20120201", "no TRNAMT"),
        ("<DTPOSTED>20120201<TRNAMT>$120", "not a decimal amount"),
        ("<DTPOSTED>20120201<TRNAMT>1.005", "more than 2 digits"),
        ("<DTPOSTED>20120201<TRNAMT>1.000", ""),
    ])
    func failNice(fields: String, reason: String) throws {
        let document = "<OFX><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n<STMTTRN><FITID>X\(fields)</STMTTRN></BANKTRANLIST></STMTRS></OFX>"
        let file = try OFXParser.parse(Array(document.utf8))
        let statement = try #require(file.statements.first)
        if reason.isEmpty {
            #expect(statement.transactions.first?.amount.minorUnits == 100)
            #expect(file.warnings.isEmpty)
        } else {
            #expect(statement.transactions.isEmpty)
            let warning = try #require(file.warnings.first)
            #expect(warning.line == 2)
            #expect(warning.message.contains("entry X was skipped"))
            #expect(warning.message.contains(reason), "\(warning)")
        }
    }

    @Test("a server error answer yields no statement and a warning with the bank's code and message")
    func errorResponse() throws {
        let document = """
        <OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS></SONRS></SIGNONMSGSRSV1>
        <BANKMSGSRSV1><STMTTRNRS><TRNUID>9</TRNUID><STATUS><CODE>2000</CODE><SEVERITY>ERROR</SEVERITY><MESSAGE>General Server Error</MESSAGE></STATUS>
        </STMTTRNRS></BANKMSGSRSV1></OFX>
        """
        let file = try OFXParser.parse(Array(document.utf8))
        #expect(file.statements.isEmpty)
        #expect(file.warnings.map(\.line) == [2])
        #expect(file.warnings.first?.message.contains("status 2000 (ERROR): General Server Error") == true)
    }

    @Test("files that are not OFX, or statements without an account, are errors", arguments: [
        ("OFXHEADER:100\nDATA:OFXSGML\n", 1, "no <OFX> element"),
        ("<OFX>\n<STMTRS><CURDEF>USD<BANKTRANLIST></BANKTRANLIST></STMTRS></OFX>", 2, "names no account"),
        ("<OFX><CCSTMTRS><CURDEF>USD</CCSTMTRS></OFX>", 1, "CCACCTFROM"),
    ])
    func rejected(document: String, line: Int, message: String) throws {
        let error = try #require(throws: BankFileError.self) { try OFXParser.parse(Array(document.utf8)) }
        #expect(error.line == line)
        #expect(error.message.contains(message), "\(error)")
    }

    @Test("text that is not UTF-8 is read as Windows-1252, as OFX 1.x CHARSET:1252 files are")
    func windows1252() throws {
        let document = Array("<OFX><STMTRS><CURDEF>EUR<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST><STMTTRN><DTPOSTED>20240101<TRNAMT>1<NAME>Caf".utf8)
            + [0xE9, 0x20, 0x80] + Array("</STMTTRN></BANKTRANLIST></STMTRS></OFX>".utf8)
        #expect(try OFXParser.parse(document).transactions.first?.payerName == "Café €")
    }
}
