import ARBankFormats
import ARCore
import Foundation
import Testing

/// The canonical statement CSV of CONTRACTS.md: columns, quoting, exact amounts, and errors
/// that name the line, the column and the value.
@Suite("Statement CSV")
struct StatementCSVTests {
    static func parse(_ text: String) throws -> BankFile {
        try StatementCSVParser.parse(Array(text.utf8))
    }

    static let header = "transaction_id,booking_date,value_date,amount,currency,payer_name,payer_account,remittance\n"

    @Test("reads every column of the contract into the transaction")
    func allColumns() throws {
        let file = try Self.parse(Self.header + "TX-1,2026-01-30,2026-01-31,1234.50,USD,Acme Corp,DE89370400440532013000,INV-1001 INV-1002\n")
        #expect(file.format == .csv)
        let transaction = try #require(file.transactions.first)
        #expect(transaction.bankReference == "TX-1")
        #expect(transaction.bookingDate == CalendarDate(year: 2026, month: 1, day: 30))
        #expect(transaction.valueDate == CalendarDate(year: 2026, month: 1, day: 31))
        #expect(transaction.amount == Money(minorUnits: 123_450, currency: .usd))
        #expect(transaction.payerName == "Acme Corp")
        #expect(transaction.payerAccount == "DE89370400440532013000")
        #expect(transaction.remittance == "INV-1001 INV-1002")
        #expect(transaction.line == 2)
        #expect(file.statements.first?.currency == .usd)
        #expect(BankFileReader.detect(Array((Self.header + "TX-1,,2026-01-31,1,USD,,,\n").utf8)) == .csv)
    }

    @Test("any column order, only the required columns, a byte-order mark, CRLF and RFC 4180 quoting")
    func layout() throws {
        let text = "\u{FEFF}Amount,Currency,Transaction_ID,Value_Date,Remittance\r\n"
            + "-75.5,EUR,\"TX,2\",2026-02-01,\"Invoice \"\"7\"\", part 1\r\nand part 2\"\r\n"
            + "\r\n"
            + "  100 ,eur, TX-3 ,2026-02-02,\r\n"
        let file = try Self.parse(text)
        #expect(file.transactions.map(\.bankReference) == ["TX,2", "TX-3"])
        #expect(file.transactions.map(\.amount.minorUnits) == [-7_550, 10_000])
        #expect(file.transactions.map(\.amount.currency) == [.eur, .eur])
        #expect(file.transactions[0].remittance == "Invoice \"7\", part 1\r\nand part 2")
        #expect(file.transactions[1].remittance == nil)
        #expect(file.transactions.map(\.bookingDate) == [nil, nil])
        #expect(file.transactions.map(\.line) == [2, 5])
        #expect(BankFileReader.detect(Array(text.utf8)) == .csv)
    }

    @Test("amounts are exact in each currency's minor units", arguments: [
        ("1234.50", "USD", Int64(123_450)), ("0.01", "USD", 1), ("-0.01", "USD", -1), ("+3", "USD", 300),
        ("1000", "JPY", 1_000), ("1.234", "KWD", 1_234), ("12.300", "USD", 1_230), ("92233720368547758.07", "USD", Int64.max),
    ])
    func amounts(amount: String, currency: String, minorUnits: Int64) throws {
        let file = try Self.parse(Self.header + "TX-1,,2026-01-31,\(amount),\(currency),,,\n")
        #expect(file.transactions.first?.amount == Money(minorUnits: minorUnits, currency: Currency(code: currency)!))
    }

    @Test("mixed currencies leave the statement's currency open")
    func mixedCurrencies() throws {
        let file = try Self.parse(Self.header + "A,,2026-01-31,1,USD,,,\nB,,2026-01-31,1,EUR,,,\nC,,2026-01-31,1,USD,,,\n")
        #expect(file.transactions.map(\.amount.currency.code) == ["USD", "EUR", "USD"])
        #expect(file.statements.count == 1)
        #expect(file.statements.first?.currency == nil)
    }

    @Test("a bad value names the line, the column and the value", arguments: [
        ("TX-1,,2026-01-31,12.345,USD,,,", "amount", "'12.345'"),
        ("TX-1,,2026-01-31,1 234.50,USD,,,", "amount", "'1 234.50'"),
        ("TX-1,,2026-01-31,1e5,USD,,,", "amount", "'1e5'"),
        ("TX-1,,2026-01-31,,USD,,,", "amount", "is empty"),
        ("TX-1,,2026-01-31,10.5,JPY,,,", "amount", "'10.5'"),
        ("TX-1,,2026-02-30,1,USD,,,", "value_date", "'2026-02-30'"),
        ("TX-1,,31.01.2026,1,USD,,,", "value_date", "'31.01.2026'"),
        ("TX-1,,,1,USD,,,", "value_date", "value_date is empty"),
        ("TX-1,2026-13-01,2026-01-31,1,USD,,,", "booking_date", "'2026-13-01'"),
        ("TX-1,,2026-01-31,1,XYZ,,,", "currency", "'XYZ'"),
        ("TX-1,,2026-01-31,1,,,,", "currency", "currency is empty"),
        (",,2026-01-31,1,USD,,,", "transaction_id", "transaction_id is empty"),
    ])
    func badValues(row: String, field: String, mentions: String) throws {
        let error = try #require(throws: BankFileError.self) { try Self.parse(Self.header + "OK-1,,2026-01-31,1,USD,,,\n" + row + "\n") }
        #expect(error.line == 3)
        #expect(error.field == field)
        #expect(error.message.contains(mentions), "\(error)")
    }

    @Test("header problems: unknown, missing and duplicate columns", arguments: [
        ("transaction_id,value_date,amount,currency,iban,note", "iban, note", "unknown columns iban, note"),
        ("transaction_id,value_date,amount", "currency", "required column currency"),
        ("value_date,amount", "transaction_id, currency", "required columns transaction_id, currency"),
        ("transaction_id,value_date,amount,currency,amount", "amount", "appears twice"),
    ])
    func headers(header: String, field: String, mentions: String) throws {
        let error = try #require(throws: BankFileError.self) { try Self.parse(header + "\n") }
        #expect(error.line == 1)
        #expect(error.field == field)
        #expect(error.message.contains(mentions), "\(error)")
    }

    @Test("unknown columns can be ignored on request, with a warning that names them")
    func ignoringUnknownColumns() throws {
        let text = "note,transaction_id,value_date,amount,currency,iban\nhello,TX-1,2026-01-31,5.00,USD,DE89\n"
        let file = try StatementCSVParser.parse(Array(text.utf8), ignoringUnknownColumns: true)
        #expect(file.transactions.map(\.bankReference) == ["TX-1"])
        #expect(file.transactions.map(\.amount.minorUnits) == [500])
        #expect(file.warnings.map(\.description) == ["line 1: the columns note, iban are not part of the statement CSV and were ignored"])
        #expect(throws: BankFileError.self) { try StatementCSVParser.parse(Array(text.utf8)) }
    }

    @Test("quoting errors and ragged rows are errors with their line", arguments: [
        ("TX-1,,2026-01-31,1,USD,,,\"never closed\n", 2, "never closed"),
        ("TX-1,,2026-01-31,1,USD,,,\"closed\" then text\n", 2, "after a closing quote"),
        ("TX-1,,2026-01-31,1,USD,,\n", 2, "has 7 fields, the header has 8"),
        ("TX-1,,2026-01-31,1,USD,,,,\n", 2, "has 9 fields, the header has 8"),
    ])
    func syntax(row: String, line: Int, mentions: String) throws {
        let error = try #require(throws: BankFileError.self) { try Self.parse(Self.header + row) }
        #expect(error.line == line)
        #expect(error.message.contains(mentions), "\(error)")
    }

    @Test("an empty file is an error; a header alone is an empty statement")
    func empty() throws {
        #expect(throws: BankFileError.self) { try Self.parse("") }
        let file = try Self.parse(Self.header)
        #expect(file.transactions.isEmpty)
        #expect(file.statements.count == 1)
    }

    // MARK: - Throughput
}
