import ARBankFormats
import ARCore
import Testing

/// Amounts that are each valid but whose sums pass Int64: the parsers check balances, batch
/// totals and control totals without trapping (these crashed with SIGILL), and reading a file
/// refuses any amount above the import limit at its line.
@Suite("Bank files with huge amounts")
struct HugeAmountTests {
    /// 50,000,000,000,000,000.00: valid in Int64 alone, not twice.
    static let huge = "50000000000000000,00"
    static let hugeDot = "50000000000000000.00"

    @Test("camt: a batch entry whose parts pass Int64 together is read, and refused at its line by the import limit")
    func camtBatch() throws {
        let details = """
        <TxDtls><Amt Ccy="EUR">\(Self.hugeDot)</Amt></TxDtls><TxDtls><Amt Ccy="EUR">\(Self.hugeDot)</Amt></TxDtls>
        """
        let bytes = CamtTests.statement(CamtTests.entry(amount: "1.00", details: details))
        let file = try CamtParser.parse(bytes)
        #expect(file.transactions.count == 2)
        #expect(file.warnings.first?.message.contains("do not add up") == true)
        let error = #expect(throws: BankFileError.self) { try BankFileReader.read(bytes) }
        #expect(error?.line == file.transactions.first?.line)
        #expect(error?.message.contains("is above the largest amount accepted, 999999999999.99 EUR") == true, "\(String(describing: error))")
    }

    @Test("camt: huge debits are negated without trapping")
    func camtDebit() throws {
        let file = try CamtParser.parse(CamtTests.statement(CamtTests.entry(amount: "92233720368547758.07", indicator: "DBIT")))
        #expect(file.transactions.first?.amount.minorUnits == -Int64.max)
    }

    @Test("MT940: lines and balances that pass Int64 together give a warning, not a crash")
    func mt940Balance() throws {
        let lines = """
        :61:2401020102C\(Self.huge)NTRFNONREF
        :86:one
        :61:2401020102C\(Self.huge)NTRFNONREF
        :86:two
        """
        let bytes = MT940Tests.statement(lines, closing: "C240102EUR100,00")
        let file = try MT940Parser.parse(bytes)
        #expect(file.transactions.count == 2)
        #expect(file.warnings.contains { $0.message.contains("beyond any amount that can be held") }, "\(file.warnings)")
        let error = #expect(throws: BankFileError.self) { try BankFileReader.read(bytes) }
        #expect(error?.message.contains("above the largest amount accepted") == true)
    }

    @Test("BAI2: control totals of huge amounts are compared exactly, without wrapping or trapping")
    func bai2Control() throws {
        // Eleven details of 9,000,000,000,000,000.00 (the longest amount BAI2 takes): 9.9e18 minor units.
        let details = (1...11).map { "16,195,900000000000000000,0,REF\($0),,PART/\n" }.joined()
        let text = "01,SENDER,RECEIVER,240115,0800,7,,,2/\n02,RECEIVER,BANK,1,240115,,USD,2/\n03,123,,010,100,,/\n"
            + details + "49,,13/\n98,,1,15/\n99,,1,17/\n"
        let file = try BAI2Parser.parse(Array(text.utf8))
        #expect(file.transactions.count == 11)
        // Summed exactly: 100 + 11 × 900,000,000,000,000,000, past Int64 and not wrapped.
        #expect(file.warnings.contains { $0.message.contains("add up to 9900000000000000100") }, "\(file.warnings)")
        #expect(throws: BankFileError.self) { try BankFileReader.read(Array(text.utf8)) }
    }

    @Test("statement CSV: an amount above the limit is an error at its line")
    func csvLimit() throws {
        let text = "transaction_id,value_date,amount,currency\nT1,2026-01-05,1.00,USD\nT2,2026-01-05,\(Self.hugeDot),USD\n"
        let error = #expect(throws: BankFileError.self) { try BankFileReader.read(Array(text.utf8)) }
        #expect(error?.line == 3)
        #expect(error?.field == "amount")
    }
}

@Suite("Statement CSV text")
struct StatementCSVTextTests {
    let header = "transaction_id,value_date,amount,currency,payer_name\n"

    func error(_ bytes: [UInt8]) -> BankFileError? {
        #expect(throws: BankFileError.self) { try StatementCSVParser.parse(bytes) }
    }

    @Test("a NUL byte is an error at its line and column")
    func nul() {
        let found = error(Array((header + "T1,2026-01-05,1.00,USD,Ac").utf8) + [0] + Array("me\n".utf8))
        #expect(found?.line == 2)
        #expect(found?.field == "column 5")
        #expect(found?.message.contains("NUL byte") == true)
    }

    @Test("bytes that are not UTF-8 are an error at their line and column")
    func invalidUTF8() {
        let found = error(Array((header + "T1,2026-01-05,1.00,USD,Acme\nT2,2026-01-05,1.00,USD,M").utf8) + [0xFC] + Array("ller\n".utf8))
        #expect(found?.line == 3)
        #expect(found?.field == "column 5")
        #expect(found?.message.contains("are not UTF-8") == true)
    }

    @Test("a byte-order mark in mid-file is an error; at the start it is fine")
    func strayBOM() throws {
        let found = error(Array(("\u{FEFF}" + header + "T1,2026-01-05,1.00,USD,Acme\n\u{FEFF}T2,2026-01-05,1.00,USD,Acme\n").utf8))
        #expect(found?.line == 3)
        #expect(found?.field == "column 1")
        #expect(found?.message.contains("byte-order mark") == true)
        #expect(try StatementCSVParser.parse(Array(("\u{FEFF}" + header + "T1,2026-01-05,1.00,USD,Müller\n").utf8)).transactions.first?.payerName == "Müller")
    }

    @Test("a row with too few or too many fields is an error at its line")
    func ragged() {
        #expect(error(Array((header + "T1,2026-01-05,1.00\n").utf8))?.line == 2)
        #expect(error(Array((header + "T1,2026-01-05,1.00,USD,Acme,extra\n").utf8))?.line == 2)
    }
}
