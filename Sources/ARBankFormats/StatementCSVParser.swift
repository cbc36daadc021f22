#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import ARCore

/// Reads the canonical statement CSV of CONTRACTS.md: `transaction_id`*, `booking_date`,
/// `value_date`*, `amount`* (credits positive), `currency`*, `payer_name`, `payer_account`,
/// `remittance`, in any order, RFC 4180 quoting, LF or CRLF, with or without a UTF-8 byte-order
/// mark. Dates are `YYYY-MM-DD`; amounts are decimal strings exact in the currency's minor
/// units (`1234.50`; `1234.505` in USD is an error, never rounded).
///
/// The text must be UTF-8 with no NUL byte and no byte-order mark but at the very start (a
/// broken byte would be stored as U+FFFD in a payer's name, a second BOM would make a twin of a
/// reference): the first such byte is an error naming its line and column.
///
/// The rows become one ``BankStatement`` (its currency set when all rows share one), with
/// `transaction_id` as each transaction's `bankReference`. A bad value throws a
/// ``BankFileError`` naming the line, the column and the value; so do unknown, duplicate or
/// missing columns — unless `ignoringUnknownColumns` (the CLI's `--ignore-unknown-columns`),
/// which skips unknown columns with a warning that names them.
public enum StatementCSVParser {
    public static func parse(_ bytes: [UInt8], ignoringUnknownColumns: Bool = false) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            if let problem = StatementCSVText.firstProblem(buffer) {
                throw StatementCSVText.located(problem, in: buffer)
            }
            var reader = StatementCSVReader(buffer)
            guard let headerLine = try reader.nextRow() else {
                throw BankFileError(line: 1, message: "the file is empty; a statement CSV starts with a header such as transaction_id,value_date,amount,currency")
            }
            let columns = try StatementCSVColumns(header: reader.fields, buffer: buffer, line: headerLine, ignoringUnknown: ignoringUnknownColumns)
            var warnings: [BankFileWarning] = []
            if !columns.ignored.isEmpty {
                warnings.append(BankFileWarning(line: headerLine, message: "the column\(columns.ignored.count == 1 ? "" : "s") \(columns.ignored.joined(separator: ", ")) \(columns.ignored.count == 1 ? "is" : "are") not part of the statement CSV and \(columns.ignored.count == 1 ? "was" : "were") ignored"))
            }
            var rows = StatementCSVRows(columns: columns, bytes: bytes, buffer: buffer)
            while let line = try reader.nextRow() {
                if reader.isBlankRow { continue }
                guard reader.fields.count == columns.count else {
                    throw BankFileError(line: line, message: "the row has \(reader.fields.count) fields, the header has \(columns.count); quote fields that contain commas")
                }
                try rows.read(reader.fields, line: line)
            }
            let statement = BankStatement(currency: rows.currencies.count == 1 ? rows.currencies.first : nil, transactions: rows.transactions)
            return BankFile(format: .csv, statements: [statement], warnings: warnings)
        }
    }
}

/// Which field of a row holds which column of the contract.
struct StatementCSVColumns {
    enum Column: String, CaseIterable {
        case transactionID = "transaction_id", bookingDate = "booking_date", valueDate = "value_date", amount
        case currency, payerName = "payer_name", payerAccount = "payer_account", remittance

        var isRequired: Bool {
            switch self {
            case .transactionID, .valueDate, .amount, .currency: true
            case .bookingDate, .payerName, .payerAccount, .remittance: false
            }
        }
    }

    /// The field index of each column, or -1 when the file does not have it.
    private(set) var index: [Column: Int] = [:]
    let count: Int

    /// Unknown columns that were skipped (only when asked to ignore them).
    private(set) var ignored: [String] = []

    init(header: [StatementCSVReader.Field], buffer: UnsafeBufferPointer<UInt8>, line: Int, ignoringUnknown: Bool) throws {
        count = header.count
        var unknown: [String] = []
        for (position, field) in header.enumerated() {
            let name = (BankFieldBytes.text(buffer, field.start..<field.end) ?? "").lowercased()
            guard let column = Column(rawValue: name) else {
                unknown.append(name.isEmpty ? "(an empty name in position \(position + 1))" : name)
                continue
            }
            guard index[column] == nil else {
                throw BankFileError(line: line, field: name, message: "the column \(name) appears twice in the header; keep one")
            }
            index[column] = position
        }
        if ignoringUnknown {
            ignored = unknown
        } else if !unknown.isEmpty {
            throw BankFileError(line: line, field: unknown.joined(separator: ", "), message: "unknown column\(unknown.count == 1 ? "" : "s") \(unknown.joined(separator: ", ")); a statement CSV has the columns \(Column.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let missing = Column.allCases.filter { $0.isRequired && index[$0] == nil }.map(\.rawValue)
        if !missing.isEmpty {
            throw BankFileError(line: line, field: missing.joined(separator: ", "), message: "the header lacks the required column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", "))")
        }
    }

    func position(_ column: Column) -> Int { index[column] ?? -1 }
}

/// Turns rows into transactions, one typed value at a time.
struct StatementCSVRows {
    private(set) var transactions: [BankTransaction] = []
    /// The currencies seen (almost always one: the statement's).
    private(set) var currencies: Set<Currency> = []
    private let transactionID: Int, bookingDate: Int, valueDate: Int, amount: Int
    private let currency: Int, payerName: Int, payerAccount: Int, remittance: Int
    /// The file, as an array for the ARCore parsers that read slices and as a buffer for the rest.
    private let bytes: [UInt8]
    private let buffer: UnsafeBufferPointer<UInt8>
    /// Where a field with doubled quotes is unescaped, reused from row to row.
    private var scratch: [UInt8] = []
    /// The last currency read and its code: rows almost always repeat it, and looking a code up
    /// builds a string.
    private var lastCurrency: Currency?
    private var lastCode: (UInt8, UInt8, UInt8) = (0, 0, 0)

    init(columns: StatementCSVColumns, bytes: [UInt8], buffer: UnsafeBufferPointer<UInt8>) {
        transactionID = columns.position(.transactionID)
        bookingDate = columns.position(.bookingDate)
        valueDate = columns.position(.valueDate)
        amount = columns.position(.amount)
        currency = columns.position(.currency)
        payerName = columns.position(.payerName)
        payerAccount = columns.position(.payerAccount)
        remittance = columns.position(.remittance)
        self.bytes = bytes
        self.buffer = buffer
        transactions.reserveCapacity(Self.lineCount(buffer))
    }

    /// How many line breaks the file has: at least the number of rows, and found at memory speed,
    /// so the transactions are stored without regrowing.
    private static func lineCount(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var lines = 0
        var index = 0
        while index < buffer.count, let found = memchr(base + index, Int32(UInt8(ascii: "\n")), buffer.count - index) {
            lines += 1
            index = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base + 1
        }
        return lines
    }

    mutating func read(_ fields: [StatementCSVReader.Field], line: Int) throws {
        guard let reference = text(fields[transactionID]) else {
            throw BankFileError(line: line, field: "transaction_id", message: "transaction_id is empty; every row needs the bank's reference for the transaction")
        }
        let currency = try readCurrency(fields[currency], line: line)
        let amountBytes = value(fields[amount])
        let minorUnits: Int64
        do {
            minorUnits = try MoneyFormat.parseMinorUnits(amountBytes, digits: currency.minorUnitDigits)
        } catch {
            throw BankFileError(line: line, field: "amount", message: "amount '\(shown(amountBytes))' \(error) (\(currency.code) has \(currency.minorUnitDigits) decimals)")
        }
        guard let value = try date(fields[valueDate], line: line, name: "value_date") else {
            throw BankFileError(line: line, field: "value_date", message: "value_date is empty; write the day the money moved as YYYY-MM-DD, such as 2026-01-31")
        }
        let booking = bookingDate < 0 ? nil : try date(fields[bookingDate], line: line, name: "booking_date")
        transactions.append(BankTransaction(
            bankReference: reference, bookingDate: booking, valueDate: value,
            amount: Money(minorUnits: minorUnits, currency: currency),
            payerName: payerName < 0 ? nil : text(fields[payerName]),
            payerAccount: payerAccount < 0 ? nil : text(fields[payerAccount]),
            remittance: remittance < 0 ? nil : text(fields[remittance]), line: line))
    }

    private mutating func readCurrency(_ field: StatementCSVReader.Field, line: Int) throws -> Currency {
        let code = value(field)
        if let lastCurrency, code.count == 3, code[code.startIndex] == lastCode.0,
           code[code.startIndex + 1] == lastCode.1, code[code.startIndex + 2] == lastCode.2 {
            return lastCurrency
        }
        guard !code.isEmpty else {
            throw BankFileError(line: line, field: "currency", message: "currency is empty; write an ISO 4217 code such as USD or EUR")
        }
        guard let found = Currency(code: String(decoding: code, as: UTF8.self)) else {
            throw BankFileError(line: line, field: "currency", message: "currency '\(shown(code))' is not an ISO 4217 currency code; write one such as USD, EUR or GBP")
        }
        if code.count == 3 {
            lastCurrency = found
            lastCode = (code[code.startIndex], code[code.startIndex + 1], code[code.startIndex + 2])
        }
        currencies.insert(found)
        return found
    }

    private mutating func date(_ field: StatementCSVReader.Field, line: Int, name: String) throws -> CalendarDate? {
        let text = value(field)
        guard !text.isEmpty else { return nil }
        guard let date = CalendarDate.parseISO(text) else {
            throw BankFileError(line: line, field: name, message: "\(name) '\(shown(text))' is not a date in the form YYYY-MM-DD; write a real day such as 2026-01-31")
        }
        return date
    }

    /// The field as text, blanks trimmed; `nil` when empty.
    private mutating func text(_ field: StatementCSVReader.Field) -> String? {
        if field.escaped {
            let unescaped = value(field)
            return unescaped.isEmpty ? nil : String(decoding: unescaped, as: UTF8.self)
        }
        return BankFieldBytes.text(buffer, field.start..<field.end)
    }

    /// The field's bytes, blanks trimmed: a slice of the file, or of the scratch copy where
    /// doubled quotes were made single.
    private mutating func value(_ field: StatementCSVReader.Field) -> ArraySlice<UInt8> {
        guard field.escaped else {
            let range = BankFieldBytes.trimmed(buffer, field.start..<field.end)
            return bytes[range]
        }
        scratch.removeAll(keepingCapacity: true)
        var index = field.start
        while index < field.end {
            scratch.append(buffer[index])
            index += buffer[index] == UInt8(ascii: "\"") ? 2 : 1
        }
        var start = 0
        var end = scratch.count
        while start < end, BankFieldBytes.isBlank(scratch[start]) { start += 1 }
        while end > start, BankFieldBytes.isBlank(scratch[end - 1]) { end -= 1 }
        return scratch[start..<end]
    }

    private func shown(_ value: ArraySlice<UInt8>) -> String {
        let text = String(decoding: value.prefix(60), as: UTF8.self)
        return value.count > 60 ? text + "…" : text
    }
}

/// The text checks of the statement CSV: one pass, eight ASCII bytes at a time.
enum StatementCSVText {
    struct Problem {
        let offset: Int
        let message: String
    }

    static func firstProblem(_ buffer: UnsafeBufferPointer<UInt8>) -> Problem? {
        let count = buffer.count
        guard let base = buffer.baseAddress else { return nil }
        let raw = UnsafeRawPointer(base)
        var index = buffer.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        while index < count {
            if index + 8 <= count {
                let word = raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)
                let hasZero = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
                if word & 0x8080_8080_8080_8080 == 0 && hasZero == 0 { index += 8; continue }
            }
            let lead = buffer[index]
            if lead == 0 {
                return Problem(offset: index, message: "a NUL byte (0x00) is in the field; the file is binary or UTF-16: save it as UTF-8 text")
            }
            if lead < 0x80 { index += 1; continue }
            let length = TextEncoding.validSequenceLength(buffer, at: index)
            guard length > 0 else {
                let shown = (index..<min(count, index + 4)).map { "0x" + String(buffer[$0], radix: 16, uppercase: true) }.joined(separator: " ")
                return Problem(offset: index, message: "the bytes \(shown) are not UTF-8; the statement CSV is UTF-8: save it as UTF-8 and import it again")
            }
            if length == 3 && lead == 0xEF && buffer[index + 1] == 0xBB && buffer[index + 2] == 0xBF {
                return Problem(offset: index, message: "a byte-order mark (U+FEFF) is inside the file, not at its start (were two files joined?); remove it")
            }
            index += length
        }
        return nil
    }

    /// The problem as an error at its line and the column (field) holding it.
    static func located(_ problem: Problem, in buffer: UnsafeBufferPointer<UInt8>) -> BankFileError {
        var reader = StatementCSVReader(buffer)
        var column = 1
        var line = 1
        while let rowLine = try? reader.nextRow() {
            line = rowLine
            guard let last = reader.fields.last, last.end < problem.offset else {
                column = (reader.fields.lastIndex { $0.start <= problem.offset } ?? 0) + 1
                break
            }
        }
        // The physical line: the row's first line plus the line breaks inside it before the byte.
        var index = 0
        var physical = 1
        while index < problem.offset {
            let byte = buffer[index]
            if byte == 0x0A || (byte == 0x0D && (index + 1 >= buffer.count || buffer[index + 1] != 0x0A)) { physical += 1 }
            index += 1
        }
        return BankFileError(line: max(line, physical), field: "column \(column)", message: problem.message)
    }
}
