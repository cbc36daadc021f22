import ARCore

/// Reads BAI2 (Cash Management Balance Reporting, version 2) files: each account of each
/// group becomes a ``BankStatement``, each type-16 detail a ``BankTransaction``.
///
/// Amounts are whole minor units with no decimal point; a detail's sign comes from its type
/// code (100–399 and 920–959 credits, 400–699 and 960–999 debits). What real banks get wrong
/// but leaves the transactions readable (record counts and control totals that do not add up,
/// blank trailer amounts, missing trailers, type codes outside the credit and debit ranges,
/// records wrapped without an `88`) is reported as a ``BankFileWarning``; what makes a value
/// unreadable (a non-numeric amount, an unknown record code or funds type) throws a
/// ``BankFileError`` with the line and the field.
///
/// A statement has the account number, the currency (the account's, else the group's, else
/// USD), the opening and closing ledger balances (summary codes 010 and 015) and as ID the
/// group's as-of date and the file ID (`2024-01-15/001`). A transaction has the bank reference
/// as `bankReference`, the customer reference as `endToEndID` (an `EREF:` in the text when that
/// field is blank), the as-of date as booking date, the funds-type `V` date (else the as-of
/// date) as value date, the type code as written, and the text with its continuations joined by
/// a space. Where the text labels its parts (see ``BAI2TextLabels``), `remittance` is the
/// labelled remittance information and the counterparty becomes `payerName`/`payerAccount`;
/// otherwise `remittance` is the whole text.
public enum BAI2Parser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            var reader = BAI2RecordReader(buffer)
            var builder = BAI2FileBuilder()
            var pending: BAI2RawRecord?
            var continuations: [BAI2RawRecord] = []
            while let record = try reader.next() {
                if record.code == 88 {
                    guard pending != nil else {
                        throw BankFileError(line: record.line, field: "record code", message: "a continuation record (88) must follow the record it continues; this one is the first in the file")
                    }
                    continuations.append(record)
                    continue
                }
                if let previous = pending { try builder.consume(previous, continuations, buffer) }
                pending = record
                continuations.removeAll(keepingCapacity: true)
            }
            if let previous = pending { try builder.consume(previous, continuations, buffer) }
            return try builder.finish(readerWarnings: reader.warnings)
        }
    }
}

/// The BAI2 structure (file → groups → accounts → details) read one logical record at a time,
/// with the trailers' counts and totals checked against what was read.
struct BAI2FileBuilder {
    private var statements: [BankStatement] = []
    private var warnings: [BankFileWarning] = []
    private var segments: [BAI2FieldCursor.Segment] = []
    /// Scratch space for a detail's text, reused so that a detail costs no buffer allocation.
    private var text: [UInt8] = []
    private var labelScratch: [BAI2TextLabels.Found] = []

    private var fileOpen = false
    private var sawFileHeader = false
    private var fileID = ""
    private var fileRecords = 0
    private var fileGroups = 0
    /// Control totals are summed in 128 bits: amounts that pass Int64 together neither trap nor wrap.
    private var fileControl: Int128 = 0

    private var groupOpen = false
    private var groupLine = 0
    private var groupCurrency: Currency?
    private var groupDate = CalendarDate(daysSinceEpoch: 0)
    private var statementID = ""
    private var groupRecords = 0
    private var groupAccounts = 0
    private var groupControl: Int128 = 0

    /// The open account's statement (its details are kept in `transactions`). A flag says whether
    /// one is open: testing an optional statement against nil would copy it on every record.
    private var account = BankStatement()
    private var accountOpen = false
    private var accountID: String?
    private var accountLine = 0
    private var accountCurrency = Currency.usd
    private var accountRecords = 0
    private var accountControl: Int128 = 0
    /// The open account's details, kept apart from `account` so that appending never copies.
    private var transactions: [BankTransaction] = []

    /// Reads one record with its continuations.
    mutating func consume(_ record: BAI2RawRecord, _ continuations: [BAI2RawRecord], _ buffer: UnsafeBufferPointer<UInt8>) throws {
        segments.removeAll(keepingCapacity: true)
        var wrapped = record.spansLines
        segments.append(.init(start: record.start, end: record.end, line: record.line))
        for continuation in continuations {
            segments.append(.init(start: continuation.start, end: continuation.end, line: continuation.line))
            wrapped = wrapped || continuation.spansLines
        }
        let physicalRecords = 1 + continuations.count
        guard wrapped else {
            try handle(record.code, line: record.line, records: physicalRecords, buffer, segments)
            return
        }
        // Rare: a record wrapped onto the next line without an 88. Read a copy without the line breaks.
        var cleaned: [UInt8] = []
        var cleanedSegments: [BAI2FieldCursor.Segment] = []
        for segment in segments {
            let start = cleaned.count
            for byte in buffer[segment.start..<segment.end] where byte != BankFieldBytes.newline && byte != BankFieldBytes.carriageReturn {
                cleaned.append(byte)
            }
            cleanedSegments.append(.init(start: start, end: cleaned.count, line: segment.line))
        }
        try cleaned.withUnsafeBufferPointer { copy in
            try handle(record.code, line: record.line, records: physicalRecords, copy, cleanedSegments)
        }
    }

    private mutating func handle(_ code: Int, line: Int, records: Int, _ buffer: UnsafeBufferPointer<UInt8>, _ segments: [BAI2FieldCursor.Segment]) throws {
        var fields = BAI2FieldCursor(buffer, segments)
        if !sawFileHeader && code != 1 {
            throw BankFileError(line: line, field: "record code", message: "a BAI2 file starts with a file header (01); this one starts with record \(code < 10 ? "0" : "")\(code)")
        }
        switch code {
        case 1:
            // Several files may be sent as one; a header before the last trailer closes what is open.
            if accountOpen { closeAccount(atLine: line, trailer: nil) }
            if groupOpen { closeGroup(atLine: line, trailer: nil) }
            if fileOpen { closeFile(atLine: line, trailer: nil) }
            openFile(&fields, buffer, line: line)
            count(records)
        case 2:
            guard fileOpen else { throw outsideOf("group header (02)", "file", line) }
            if accountOpen { closeAccount(atLine: line, trailer: nil) }
            if groupOpen { closeGroup(atLine: line, trailer: nil) }
            try openGroup(&fields, buffer, line: line)
            count(records)
        case 3:
            guard groupOpen else {
                throw BankFileError(line: line, field: "record code", message: "an account identifier (03) outside a group: the group header (02) before it is missing")
            }
            if accountOpen { closeAccount(atLine: line, trailer: nil) }
            try openAccount(&fields, buffer, line: line)
            count(records)
        case 16:
            guard accountOpen else {
                throw BankFileError(line: line, field: "record code", message: "a transaction detail (16) outside an account: the account identifier (03) before it is missing")
            }
            count(records)
            try readDetail(&fields, buffer, line: line)
        case 49:
            guard accountOpen else {
                throw BankFileError(line: line, field: "record code", message: "an account trailer (49) with no account identifier (03) before it")
            }
            count(records)
            try closeAccount(atLine: line, trailer: trailer(&fields, buffer, counts: 1))
        case 98:
            guard groupOpen else { throw outsideOf("group trailer (98)", "group", line) }
            if accountOpen { closeAccount(atLine: line, trailer: nil) }
            count(records)
            try closeGroup(atLine: line, trailer: trailer(&fields, buffer, counts: 2))
        case 99:
            guard fileOpen else { throw outsideOf("file trailer (99)", "file", line) }
            if accountOpen { closeAccount(atLine: line, trailer: nil) }
            if groupOpen { closeGroup(atLine: line, trailer: nil) }
            count(records)
            try closeFile(atLine: line, trailer: trailer(&fields, buffer, counts: 2))
        default:
            throw BankFileError(line: line, field: "record code", message: "unsupported record type \(code)")
        }
    }

    /// Counts physical records (a record and each of its continuations) in every open level.
    private mutating func count(_ records: Int) {
        if fileOpen { fileRecords += records }
        if groupOpen { groupRecords += records }
        if accountOpen { accountRecords += records }
    }

    mutating func finish(readerWarnings: [BankFileWarning]) throws -> BankFile {
        guard sawFileHeader else {
            throw BankFileError(line: 1, message: "the file holds no BAI2 records; a BAI2 file starts with a file header (01)")
        }
        if accountOpen { closeAccount(atLine: nil, trailer: nil) }
        if groupOpen { closeGroup(atLine: nil, trailer: nil) }
        if fileOpen { closeFile(atLine: nil, trailer: nil) }
        var all = readerWarnings + warnings
        all.sort { $0.line < $1.line }
        return BankFile(format: .bai2, statements: statements, warnings: all)
    }

    // MARK: - Headers

    private mutating func openFile(_ fields: inout BAI2FieldCursor, _ buffer: UnsafeBufferPointer<UInt8>, line: Int) {
        sawFileHeader = true
        fileOpen = true
        fileRecords = 0
        fileGroups = 0
        fileControl = 0
        _ = fields.nextOrEmpty()  // sender
        _ = fields.nextOrEmpty()  // receiver
        _ = fields.nextOrEmpty()  // creation date
        _ = fields.nextOrEmpty()  // creation time
        fileID = BankFieldBytes.text(buffer, fields.nextOrEmpty()) ?? ""
        _ = fields.nextOrEmpty()  // physical record length
        _ = fields.nextOrEmpty()  // block size
        let version = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
        if BankFieldBytes.unsigned(buffer, version) != 2 {
            let shown = version.isEmpty ? "blank" : "'\(BankFieldBytes.shown(buffer, version))'"
            warnings.append(BankFileWarning(line: line, message: "the file header gives version \(shown), not 2; the file was read as BAI2"))
        }
    }

    private mutating func openGroup(_ fields: inout BAI2FieldCursor, _ buffer: UnsafeBufferPointer<UInt8>, line: Int) throws {
        groupOpen = true
        groupLine = line
        groupRecords = 0
        groupAccounts = 0
        groupControl = 0
        fileGroups += 1
        _ = fields.nextOrEmpty()  // ultimate receiver
        _ = fields.nextOrEmpty()  // originator
        let status = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
        let dateRange = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
        guard let date = BankFieldBytes.yymmdd(buffer, dateRange) else {
            throw BankFileError(line: fields.line, field: "as-of date", message: "the group's as-of date '\(BankFieldBytes.shown(buffer, dateRange))' is not a date in the form YYMMDD")
        }
        groupDate = date
        _ = fields.nextOrEmpty()  // as-of time
        groupCurrency = try currency(buffer, fields.nextOrEmpty(), line: fields.line)
        statementID = fileID.isEmpty ? date.iso : date.iso + "/" + fileID
        switch BankFieldBytes.unsigned(buffer, status) {
        case 2: warnings.append(BankFileWarning(line: line, message: "group status 2 (deletion): the bank withdraws data it sent before; its details were read as usual"))
        case 4: warnings.append(BankFileWarning(line: line, message: "group status 4 (test only): its details were read as usual"))
        default: break
        }
    }

    private mutating func openAccount(_ fields: inout BAI2FieldCursor, _ buffer: UnsafeBufferPointer<UInt8>, line: Int) throws {
        accountLine = line
        accountRecords = 0
        accountControl = 0
        transactions = []
        groupAccounts += 1
        accountID = BankFieldBytes.text(buffer, fields.nextOrEmpty())
        if accountID == nil {
            warnings.append(BankFileWarning(line: line, message: "the account identifier (03) has no account number"))
        }
        accountCurrency = try currency(buffer, fields.nextOrEmpty(), line: fields.line) ?? groupCurrency ?? .usd
        var statement = BankStatement(statementID: statementID, accountID: accountID, currency: accountCurrency)
        var expectedDetails = 0
        // Summary and status: type code, amount, item count, funds type (with its own fields), repeated.
        while let typeRange = fields.next() {
            // Some banks end the record with one comma too many (`…,015,35217175,,,/`): an empty
            // last field is not the start of another summary.
            if fields.lastFieldEndedSegment && BankFieldBytes.trimmed(buffer, typeRange).isEmpty { continue }
            let amountRange = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
            let itemCount = fields.nextOrEmpty()
            let fundsRange = fields.nextOrEmpty()
            let fieldLine = fields.line
            _ = try readFundsType(&fields, buffer, fundsRange, line: fieldLine)
            let type = BankFieldBytes.trimmed(buffer, typeRange)
            if type.isEmpty && amountRange.isEmpty { continue }
            guard type.count == 3, let typeCode = BankFieldBytes.unsigned(buffer, type) else {
                throw BankFileError(line: fieldLine, field: "type code", message: "the summary type code '\(BankFieldBytes.shown(buffer, type))' is not a three-digit number")
            }
            guard !amountRange.isEmpty else { continue }
            let amount = try signedAmount(buffer, amountRange, line: fieldLine, field: "amount (type code \(BankFieldBytes.shown(buffer, type)))")
            accountControl += Int128(amount)
            // Total credits (100) and debits (400) count the details to come: room is made for them.
            if typeCode == 100 || typeCode == 400, let items = BankFieldBytes.unsigned(buffer, BankFieldBytes.trimmed(buffer, itemCount)) {
                expectedDetails += Int(min(items, 100_000))
            }
            switch typeCode {
            case 10: statement.openingBalance = Money(minorUnits: amount, currency: accountCurrency)
            case 15: statement.closingBalance = Money(minorUnits: amount, currency: accountCurrency)
            default: break
            }
        }
        account = statement
        accountOpen = true
        transactions.reserveCapacity(expectedDetails)
    }

    // MARK: - Details

    private mutating func readDetail(_ fields: inout BAI2FieldCursor, _ buffer: UnsafeBufferPointer<UInt8>, line: Int) throws {
        let type = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
        guard type.count == 3, let typeCode = BankFieldBytes.unsigned(buffer, type) else {
            throw BankFileError(line: fields.line, field: "type code", message: "the detail type code '\(BankFieldBytes.shown(buffer, type))' is not a three-digit number")
        }
        let amountRange = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
        let amountLine = fields.line
        let fundsRange = fields.nextOrEmpty()
        let availableOn = try readFundsType(&fields, buffer, fundsRange, line: fields.line)
        let bankReference = BankFieldBytes.text(buffer, fields.nextOrEmpty())
        let customerReference = BankFieldBytes.text(buffer, fields.nextOrEmpty())
        text.removeAll(keepingCapacity: true)
        fields.appendRemainingText(to: &text)

        let magnitude = try detailAmount(buffer, amountRange, line: amountLine)
        accountControl += Int128(magnitude)
        let sign: Int64
        switch typeCode {
        case 100...399, 920...959: sign = 1
        case 400...699, 960...999: sign = -1
        default:
            warnings.append(BankFileWarning(line: line, message: "type code \(BankFieldBytes.shown(buffer, type)) is neither a credit (100–399, 920–959) nor a debit (400–699, 960–999); the detail was left out"))
            return
        }

        // What the text says; built into the transaction in one go, so that it is stored without a copy.
        var remittance: String?
        var payerName: String?
        var payerAccount: String?
        var references: [String] = []
        var endToEndID = customerReference
        if !text.isEmpty {
            text.withUnsafeBufferPointer { text in
                guard let parts = BAI2TextLabels.read(text, credit: sign > 0, wantsEndToEnd: endToEndID == nil, found: &labelScratch) else {
                    remittance = String(decoding: text, as: UTF8.self)
                    return
                }
                // Credits: who sent the money. Debits: who received it (the account holder paid).
                payerName = sign > 0 ? parts.payerName : parts.payeeName
                payerAccount = sign > 0 ? parts.payerAccount : parts.payeeAccount
                switch parts.remittance.count {
                case 0: remittance = String(decoding: text, as: UTF8.self)
                case 1: remittance = parts.remittance[0]
                default: remittance = parts.remittance.joined(separator: " ")
                }
                // The customer reference field is the structured form; a labelled one stands in for it.
                if endToEndID == nil { endToEndID = parts.endToEndID }
                references = parts.references
            }
        }
        transactions.append(BankTransaction(
            bankReference: bankReference, accountID: accountID, statementID: statementID,
            bookingDate: groupDate, valueDate: availableOn ?? groupDate,
            amount: Money(minorUnits: sign * magnitude, currency: accountCurrency),
            payerName: payerName, payerAccount: payerAccount, remittance: remittance,
            structuredReferences: references, endToEndID: endToEndID,
            typeCode: String(decoding: UnsafeBufferPointer(rebasing: buffer[type]), as: UTF8.self), line: line))
    }

    /// Reads the fields a funds type brings with it; returns the value date of type `V`.
    private mutating func readFundsType(_ fields: inout BAI2FieldCursor, _ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int) throws -> CalendarDate? {
        let funds = BankFieldBytes.trimmed(buffer, range)
        guard funds.count <= 1 else {
            throw fundsTypeError(buffer, funds, line: line)
        }
        guard let code = funds.first.map({ buffer[$0] }) else { return nil }
        switch code {
        case UInt8(ascii: "0"), UInt8(ascii: "1"), UInt8(ascii: "2"), UInt8(ascii: "Z"), UInt8(ascii: "z"):
            return nil
        case UInt8(ascii: "V"), UInt8(ascii: "v"):
            // Value dated: date (YYMMDD) and time.
            let dateRange = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
            _ = fields.nextOrEmpty()
            guard !dateRange.isEmpty else { return nil }
            guard let date = BankFieldBytes.yymmdd(buffer, dateRange) else {
                warnings.append(BankFileWarning(line: fields.line, message: "the value date '\(BankFieldBytes.shown(buffer, dateRange))' of funds type V is not a date in the form YYMMDD; the as-of date was used"))
                return nil
            }
            return date
        case UInt8(ascii: "S"), UInt8(ascii: "s"):
            // Availability distributed as immediate, one-day and two-or-more-day amounts.
            _ = fields.nextOrEmpty()
            _ = fields.nextOrEmpty()
            _ = fields.nextOrEmpty()
            return nil
        case UInt8(ascii: "D"), UInt8(ascii: "d"):
            // A count of distributions, then that many (days, amount) pairs.
            let countRange = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
            guard let count = BankFieldBytes.unsigned(buffer, countRange), count < 1_000 else {
                throw BankFileError(line: fields.line, field: "funds type D distribution count", message: "the number of availability distributions '\(BankFieldBytes.shown(buffer, countRange))' is not a number")
            }
            for _ in 0..<(2 * count) { _ = fields.nextOrEmpty() }
            return nil
        default:
            throw fundsTypeError(buffer, funds, line: line)
        }
    }

    private func fundsTypeError(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int) -> BankFileError {
        BankFileError(line: line, field: "funds type", message: "the funds type '\(BankFieldBytes.shown(buffer, range))' is not one of 0, 1, 2, V, S, D or Z; the fields after it cannot be placed")
    }

    /// A detail amount: unsigned digits (the type code carries the sign).
    private mutating func detailAmount(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int) throws -> Int64 {
        guard !range.isEmpty else {
            throw BankFileError(line: line, field: "amount", message: "the detail has no amount; BAI2 writes it in minor units without a decimal point, such as 150000 for 1500.00")
        }
        var digits = range
        if buffer[digits.lowerBound] == UInt8(ascii: "+") {
            digits = digits.dropFirst()
        } else if buffer[digits.lowerBound] == UInt8(ascii: "-") {
            digits = digits.dropFirst()
            warnings.append(BankFileWarning(line: line, message: "the detail amount '\(BankFieldBytes.shown(buffer, range))' has a minus sign; details are unsigned, so the type code decided the sign"))
        }
        guard let value = BankFieldBytes.unsigned(buffer, digits) else {
            throw amountError(buffer, range, line: line, field: "amount")
        }
        return value
    }

    /// A summary or trailer amount: digits with an optional sign.
    private func signedAmount(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, field: String) throws -> Int64 {
        var digits = range
        var negative = false
        if let first = digits.first, buffer[first] == UInt8(ascii: "+") || buffer[first] == UInt8(ascii: "-") {
            negative = buffer[first] == UInt8(ascii: "-")
            digits = digits.dropFirst()
        }
        guard let value = BankFieldBytes.unsigned(buffer, digits) else {
            throw amountError(buffer, range, line: line, field: field)
        }
        return negative ? -value : value
    }

    private func amountError(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int, field: String) -> BankFileError {
        BankFileError(line: line, field: field, message: "'\(BankFieldBytes.shown(buffer, range))' is not an amount; BAI2 writes amounts as whole minor units without a decimal point, such as 150000 for 1500.00")
    }

    private func currency(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int) throws -> Currency? {
        guard let code = BankFieldBytes.text(buffer, range) else { return nil }
        guard let currency = Currency(code: code) else {
            throw BankFileError(line: line, field: "currency", message: "'\(code)' is not an ISO 4217 currency code; leave it blank for USD or write one such as USD, CAD or GBP")
        }
        return currency
    }

    // MARK: - Trailers

    /// A trailer's control total (nil when blank) and its counts.
    private struct Trailer {
        var line: Int
        var control: Int64?
        var counts: [Int64?]
    }

    private mutating func trailer(_ fields: inout BAI2FieldCursor, _ buffer: UnsafeBufferPointer<UInt8>, counts: Int) throws -> Trailer {
        let line = fields.line
        let controlRange = BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())
        let control = controlRange.isEmpty ? nil : try signedAmount(buffer, controlRange, line: fields.line, field: "control total")
        var values: [Int64?] = []
        for _ in 0..<counts {
            values.append(BankFieldBytes.unsigned(buffer, BankFieldBytes.trimmed(buffer, fields.nextOrEmpty())))
        }
        return Trailer(line: line, control: control, counts: values)
    }

    private mutating func closeAccount(atLine line: Int?, trailer: Trailer?) {
        guard accountOpen else { return }
        var statement = account
        let name = statement.accountID ?? "without a number"
        if let trailer {
            if let control = trailer.control {
                if Int128(control) != accountControl {
                    warnings.append(BankFileWarning(line: trailer.line, message: "account \(name): the trailer (49) gives control total \(control), the amounts in the account add up to \(accountControl); the details were read as written"))
                }
                groupControl += Int128(control)
            } else {
                warnings.append(BankFileWarning(line: trailer.line, message: "account \(name): the trailer (49) has a blank control total; the amounts in the account add up to \(accountControl)"))
                groupControl += accountControl
            }
            if let expected = trailer.counts[0], expected != Int64(accountRecords) {
                warnings.append(BankFileWarning(line: trailer.line, message: "account \(name): the trailer (49) counts \(expected) records, the account has \(accountRecords); the details were read as written"))
            }
        } else {
            warnings.append(BankFileWarning(line: line ?? accountLine, message: "account \(name) (from line \(accountLine)) has no account trailer (49); it was closed \(line == nil ? "at the end of the file" : "here")"))
            groupControl += accountControl
        }
        statement.transactions = transactions
        transactions = []
        statements.append(statement)
        account = BankStatement()
        accountOpen = false
    }

    private mutating func closeGroup(atLine line: Int?, trailer: Trailer?) {
        guard groupOpen else { return }
        if let trailer {
            if let control = trailer.control, Int128(control) != groupControl {
                warnings.append(BankFileWarning(line: trailer.line, message: "the group trailer (98) gives control total \(control), its accounts' totals add up to \(groupControl)"))
            }
            if let expected = trailer.counts[0], expected != Int64(groupAccounts) {
                warnings.append(BankFileWarning(line: trailer.line, message: "the group trailer (98) counts \(expected) accounts, the group has \(groupAccounts)"))
            }
            if let expected = trailer.counts[1], expected != Int64(groupRecords) {
                warnings.append(BankFileWarning(line: trailer.line, message: "the group trailer (98) counts \(expected) records, the group has \(groupRecords)"))
            }
            fileControl += trailer.control.map { Int128($0) } ?? groupControl
        } else {
            warnings.append(BankFileWarning(line: line ?? groupLine, message: "the group from line \(groupLine) has no group trailer (98); it was closed \(line == nil ? "at the end of the file" : "here")"))
            fileControl += groupControl
        }
        groupOpen = false
    }

    private mutating func closeFile(atLine line: Int?, trailer: Trailer?) {
        guard fileOpen else { return }
        if let trailer {
            if let control = trailer.control, Int128(control) != fileControl {
                warnings.append(BankFileWarning(line: trailer.line, message: "the file trailer (99) gives control total \(control), the groups' totals add up to \(fileControl)"))
            }
            if let expected = trailer.counts[0], expected != Int64(fileGroups) {
                warnings.append(BankFileWarning(line: trailer.line, message: "the file trailer (99) counts \(expected) groups, the file has \(fileGroups)"))
            }
            if let expected = trailer.counts[1], expected != Int64(fileRecords) {
                warnings.append(BankFileWarning(line: trailer.line, message: "the file trailer (99) counts \(expected) records, the file has \(fileRecords)"))
            }
        } else {
            warnings.append(BankFileWarning(line: line ?? 1, message: "the file has no file trailer (99)\(line == nil ? "" : " before the next file header")"))
        }
        fileOpen = false
    }

    private func outsideOf(_ record: String, _ container: String, _ line: Int) -> BankFileError {
        BankFileError(line: line, field: "record code", message: "a \(record) outside a \(container): the \(container) header before it is missing")
    }
}
