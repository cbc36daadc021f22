import ARCore

/// The MT940/MT942 fields the reader knows. A line that starts with anything else (`:26:` inside
/// a wrapped time stamp, say) continues the field before it, as real files need.
enum MT940Tag: Sendable, Hashable {
    case transactionReference     // :20:
    case relatedReference         // :21:
    case account                  // :25:, :25P:
    case statementNumber          // :28:, :28C:
    case openingBalance           // :60F:, :60M:
    case statementLine            // :61:
    case details                  // :86:
    case closingBalance           // :62F:, :62M:
    case availableBalance         // :64:, :65:
    case floorLimit               // :34F: (MT942)
    case dateTime                 // :13:, :13D: (MT942)
    case entrySummary             // :90D:, :90C: (MT942)
    case nonSwift                 // :NS: (German bank-specific data, not read)

    /// The tag whose name is `bytes[range]` (`20`, `60F`…).
    static func named(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> MT940Tag? {
        let count = range.count
        guard count >= 2, count <= 3 else { return nil }
        let a = bytes[range.lowerBound], b = bytes[range.lowerBound + 1]
        let c: UInt8 = count == 3 ? bytes[range.lowerBound + 2] : 0
        switch (a, b, c) {
        case (0x32, 0x30, 0): return .transactionReference
        case (0x32, 0x31, 0): return .relatedReference
        case (0x32, 0x35, 0), (0x32, 0x35, UInt8(ascii: "P")): return .account
        case (0x32, 0x38, 0), (0x32, 0x38, UInt8(ascii: "C")): return .statementNumber
        case (0x36, 0x30, UInt8(ascii: "F")), (0x36, 0x30, UInt8(ascii: "M")): return .openingBalance
        case (0x36, 0x31, 0): return .statementLine
        case (0x38, 0x36, 0): return .details
        case (0x36, 0x32, UInt8(ascii: "F")), (0x36, 0x32, UInt8(ascii: "M")): return .closingBalance
        case (0x36, 0x34, 0), (0x36, 0x35, 0): return .availableBalance
        case (0x33, 0x34, UInt8(ascii: "F")): return .floorLimit
        case (0x31, 0x33, 0), (0x31, 0x33, UInt8(ascii: "D")): return .dateTime
        case (0x39, 0x30, UInt8(ascii: "D")), (0x39, 0x30, UInt8(ascii: "C")): return .entrySummary
        case (UInt8(ascii: "N"), UInt8(ascii: "S"), 0): return .nonSwift
        default: return nil
        }
    }
}

/// A balance field: `C110522EUR3236,28`.
struct MT940Balance: Sendable, Hashable {
    var credit: Bool
    var date: CalendarDate
    var currencyCode: String?
    var amount: DecimalAmount
    var line: Int

    var signedAmount: DecimalAmount { credit ? amount : amount.negated }
}

/// One MT940 statement (one message) while its fields are read.
struct MT940Statement {
    var line: Int
    var reference: String?
    var number: String?
    var accountID: String?
    var opening: MT940Balance?
    var closing: MT940Balance?
    /// A currency named by a field other than the booked balances (`:64:`, `:34F:`, `:90D:`).
    var otherCurrencyCode: String?
    /// The currency lines are read in, once a field before them has named one (as `:60F:` does).
    var currency: Currency?
    /// Lines read in `currency`, and their sum in minor units (128 bits: it cannot overflow).
    var transactions: [BankTransaction] = []
    var sum: Int128 = 0
    /// Lines read before any field named a known currency, turned into money when the statement
    /// ends (an MT942 names it in `:34F:`, a fragment perhaps only in `:62F:`).
    var unpriced: [(line: Int, statementLine: MT940StatementLine, details: MT940Details)] = []

    init(line: Int) { self.line = line }

    var lineCount: Int { transactions.count + unpriced.count }

    var isEmpty: Bool {
        reference == nil && number == nil && accountID == nil && opening == nil && closing == nil && lineCount == 0
    }
}

/// The line and field machine behind ``MT940Parser``.
struct MT940Reader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let encoding: TextEncoding
    private var statements: [BankStatement] = []
    private var warnings: [BankFileWarning] = []
    private var current: MT940Statement?
    private var fieldTag: MT940Tag?
    private var fieldLine = 0
    /// Where the open field's tag (`60F`) is, for messages.
    private var fieldTagRange = 0..<0
    private var fieldLines: [Range<Int>] = []
    private var pending: (line: Int, statementLine: MT940StatementLine)?
    private var pendingDetails: [Range<Int>] = []
    private var detailsReader = MT940DetailsReader()
    private var isMT942 = false
    private var sawControlCharacters = false
    private var sawField = false
    /// A line holding only `:`, which may begin a tag continued on the next line.
    private var danglingColon: Range<Int>?

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.encoding = TextEncoding.detect(bytes)
        fieldLines.reserveCapacity(16)
        pendingDetails.reserveCapacity(16)
    }

    mutating func read() throws -> BankFile {
        let count = bytes.count
        var index = count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0
        var lineNumber = 0
        while index < count {
            lineNumber += 1
            let start = index
            while index < count && bytes[index] != 0x0A && bytes[index] != 0x0D { index += 1 }
            let end = index
            if index < count {
                if bytes[index] == 0x0D {
                    index += 1
                    if index < count && bytes[index] == 0x0A { index += 1 }
                } else {
                    index += 1
                }
            }
            try line(start..<end, number: lineNumber)
        }
        if let colon = danglingColon, fieldTag != nil { fieldLines.append(colon) }
        try endOfMessage()
        if sawControlCharacters {
            warnings.append(BankFileWarning(line: 1, message: "the file holds control characters (such as SOH/ETX transmission marks) at line ends; they were ignored"))
        }
        if !sawField {
            warnings.append(BankFileWarning(line: 1, message: "no MT940 field (:20:, :25:, :60F:, :61:…) was found; the file holds no statement"))
        }
        return BankFile(format: isMT942 ? .mt942 : .mt940, statements: statements, warnings: warnings)
    }

    // MARK: - Lines

    private mutating func line(_ raw: Range<Int>, number: Int) throws {
        var start = raw.lowerBound, end = raw.upperBound
        while start < end && bytes[start] < 0x20 && bytes[start] != 0x09 {
            sawControlCharacters = true
            start += 1
        }
        while end > start && (bytes[end - 1] <= 0x20) {
            if bytes[end - 1] < 0x20 && bytes[end - 1] != 0x09 { sawControlCharacters = true }
            end -= 1
        }
        guard start < end else { return }
        if end - start == 1 && bytes[start] == UInt8(ascii: ":") {
            danglingColon = start..<end
            return
        }
        if let colon = danglingColon {
            // `:` alone on a line, then `86:…`: a tag broken after its first colon (seen from
            // Sparkasse exports), read as the field it starts.
            danglingColon = nil
            var close = start
            while close < end && close - start <= 3 && bytes[close] != UInt8(ascii: ":") { close += 1 }
            if close < end, bytes[close] == UInt8(ascii: ":"), let tag = MT940Tag.named(bytes, start..<close) {
                try finishField()
                sawField = true
                fieldTag = tag
                fieldTagRange = start..<close
                fieldLine = number - 1
                fieldLines.removeAll(keepingCapacity: true)
                fieldLines.append((close + 1)..<end)
                warnings.append(BankFileWarning(line: number - 1, message: "the tag :\(encoding.string(bytes, start..<close)): is broken across two lines; it was read as one"))
                return
            }
            if fieldTag != nil { fieldLines.append(colon) }
        }
        let first = bytes[start]
        if first == UInt8(ascii: "{") {
            try blockHeader(start..<end, number: number)
            return
        }
        if first == UInt8(ascii: "-") && (end - start == 1 || bytes[start + 1] == UInt8(ascii: "}")) {
            try endOfMessage()
            return
        }
        if first == UInt8(ascii: ":") {
            var close = start + 1
            while close < end && close - start <= 4 && bytes[close] != UInt8(ascii: ":") { close += 1 }
            if close < end, bytes[close] == UInt8(ascii: ":"), let tag = MT940Tag.named(bytes, (start + 1)..<close) {
                try finishField()
                sawField = true
                fieldTag = tag
                fieldTagRange = (start + 1)..<close
                fieldLine = number
                fieldLines.removeAll(keepingCapacity: true)
                fieldLines.append((close + 1)..<end)
                return
            }
        }
        if fieldTag != nil { fieldLines.append(start..<end) }
    }

    /// `{1:F01BANK…}{2:O940…}{3:…}{4:` wrappers: the text block's fields follow `{4:`.
    private mutating func blockHeader(_ range: Range<Int>, number: Int) throws {
        var index = range.lowerBound
        while index + 2 < range.upperBound {
            if bytes[index] == UInt8(ascii: "{") && bytes[index + 2] == UInt8(ascii: ":") {
                let block = bytes[index + 1]
                if block == UInt8(ascii: "2"), index + 7 <= range.upperBound,
                   bytes[index + 4] == UInt8(ascii: "9"), bytes[index + 5] == UInt8(ascii: "4"), bytes[index + 6] == UInt8(ascii: "2") {
                    isMT942 = true
                }
                if block == UInt8(ascii: "4") {
                    try endOfMessage()
                    if index + 3 < range.upperBound { try line((index + 3)..<range.upperBound, number: number) }
                    return
                }
            }
            index += 1
        }
    }

    private mutating func endOfMessage() throws {
        try finishField()
        try finishStatement()
    }

    // MARK: - Fields

    private mutating func finishField() throws {
        guard let tag = fieldTag else { return }
        fieldTag = nil
        let lines = fieldLines
        switch tag {
        case .statementLine:
            try finishPending()
            ensureStatement()
            let statementLine = try MT940StatementLine.parse(bytes, lines: lines, line: fieldLine, encoding: encoding)
            for message in statementLine.warnings { warnings.append(BankFileWarning(line: fieldLine, message: ":61: " + message)) }
            pending = (fieldLine, statementLine)
            pendingDetails.removeAll(keepingCapacity: true)
        case .details:
            // After a statement line it describes that line; anywhere else it is information about
            // the whole statement, which carries no payment and is left out.
            guard pending != nil else { return }
            var lineCount = 0, length = 0, longest = 0
            for range in lines where !range.isEmpty {
                lineCount += 1
                length += range.count
                longest = max(longest, range.count)
            }
            if lineCount > 6 || longest > 65 {
                warnings.append(BankFileWarning(line: fieldLine, message: ":86: is longer than the 6 lines of 65 characters MT940 allows (\(length) characters on \(lineCount) lines); it was kept whole"))
            }
            pendingDetails.append(contentsOf: lines)
        case .nonSwift, .relatedReference:
            break
        default:
            try finishPending()
            try statementField(tag, lines: lines)
        }
    }

    private mutating func statementField(_ tag: MT940Tag, lines: [Range<Int>]) throws {
        let first = lines.first ?? 0..<0
        switch tag {
        case .transactionReference:
            try finishStatement()
            var statement = MT940Statement(line: fieldLine)
            statement.reference = text(first)
            current = statement
        case .account:
            ensureStatement()
            if current?.accountID != nil, (current?.lineCount ?? 0) > 0 {
                warnings.append(BankFileWarning(line: fieldLine, message: ":25: appears after the statement lines (\"\(text(first) ?? "")\"); the account named first, \(current?.accountID ?? ""), was kept"))
            } else {
                let value = text(first)
                current?.accountID = value
            }
        case .statementNumber:
            ensureStatement()
            let value = text(first)
            current?.number = value
        case .openingBalance:
            ensureStatement()
            if current?.opening != nil {
                if current?.closing != nil {
                    try finishStatement()
                    ensureStatement()
                } else {
                    warnings.append(BankFileWarning(line: fieldLine, message: "a second opening balance without a closing balance between; the later one was kept"))
                }
            }
            let value = try balance(first)
            current?.opening = value
            if current?.lineCount == 0 { current?.currency = value.currencyCode.flatMap { Currency(code: $0) } }
        case .closingBalance:
            ensureStatement()
            let value = try balance(first)
            current?.closing = value
        case .availableBalance:
            ensureStatement()
            if let code = try balance(first).currencyCode, current?.otherCurrencyCode == nil { current?.otherCurrencyCode = code }
        case .floorLimit:
            ensureStatement()
            isMT942 = true
            if first.count >= 3, current?.otherCurrencyCode == nil, (0..<3).allSatisfy({ isUpperLetter(bytes[first.lowerBound + $0]) }) {
                current?.otherCurrencyCode = encoding.string(bytes, first.lowerBound..<(first.lowerBound + 3))
            }
        case .dateTime:
            isMT942 = true
        case .entrySummary:
            ensureStatement()
            var index = first.lowerBound
            while index < first.upperBound && isDigit(bytes[index]) { index += 1 }
            if index + 3 <= first.upperBound, current?.otherCurrencyCode == nil, (0..<3).allSatisfy({ isUpperLetter(bytes[index + $0]) }) {
                current?.otherCurrencyCode = encoding.string(bytes, index..<(index + 3))
            }
        case .statementLine, .details, .nonSwift, .relatedReference:
            break
        }
    }

    private mutating func ensureStatement() {
        if current == nil { current = MT940Statement(line: fieldLine) }
    }

    private mutating func finishPending() throws {
        guard let (line, statementLine) = pending.take() else { return }
        let details = detailsReader.read(bytes, lines: pendingDetails[...], encoding: encoding)
        pendingDetails.removeAll(keepingCapacity: true)
        // Only the fields needed are taken from the statement: copying it would share its arrays
        // and make the append below copy them.
        guard current != nil else { return }
        if let currency = current?.currency {
            let transaction = try MT940Reader.transaction(line, statementLine, details, currency: currency,
                                                          accountID: current?.accountID, statementID: current?.number ?? current?.reference,
                                                          bytes: bytes, encoding: encoding)
            current?.sum += Int128(transaction.amount.minorUnits)
            current?.transactions.append(transaction)
        } else {
            current?.unpriced.append((line, statementLine, details))
        }
    }

    /// Static, with what it needs passed in: a method would copy the whole reader to be called.
    private static func transaction(_ line: Int, _ statementLine: MT940StatementLine, _ details: MT940Details, currency: Currency,
                                    accountID: String?, statementID: String?,
                                    bytes: UnsafeBufferPointer<UInt8>, encoding: TextEncoding) throws -> BankTransaction {
        let amount = try money(statementLine.signedAmount, currency, line: line, field: ":61:")
        var bankReference = statementLine.bankReference
        if let reference = bankReference, reference == "NONREF" || reference == "NOTPROVIDED" { bankReference = nil }
        var payerAccount = details.payerAccount
        if payerAccount == nil, statementLine.supplementaryParts == 1, let supplementary = statementLine.supplementaryDetails,
           MT940Reader.looksLikeIBAN(UnsafeBufferPointer(rebasing: bytes[supplementary])) {
            payerAccount = encoding.string(bytes, supplementary)
        }
        return BankTransaction(
            bankReference: bankReference, accountID: accountID, statementID: statementID,
            bookingDate: statementLine.entryDate, valueDate: statementLine.valueDate, amount: amount,
            payerName: details.payerName, payerAccount: payerAccount, remittance: details.remittance,
            structuredReferences: details.structuredReferences, endToEndID: details.endToEndID,
            typeCode: details.typeCode ?? statementLine.transactionType, line: line)
    }

    private static func money(_ amount: DecimalAmount, _ currency: Currency, line: Int, field: String) throws -> Money {
        do {
            return try amount.money(currency)
        } catch {
            throw BankFileError(line: line, field: field, message: "the amount \(amount.units) with \(amount.scale) decimals \(error.description) (\(currency.code))")
        }
    }

    /// `C110522EUR3236,28`: mark, date, currency, amount. A missing currency is tolerated (the
    /// statement's other balances name it) with a warning.
    private mutating func balance(_ range: Range<Int>) throws -> MT940Balance {
        let field = fieldName
        func fail(_ message: String) -> BankFileError {
            BankFileError(line: fieldLine, field: field, message: message + ": \"\(encoding.string(bytes, range))\"")
        }
        guard range.count >= 8 else { throw fail("a balance needs a C/D mark, a date YYMMDD, a currency and an amount") }
        var index = range.lowerBound
        let mark = bytes[index]
        guard mark == UInt8(ascii: "C") || mark == UInt8(ascii: "D") else { throw fail("a balance starts with C (credit) or D (debit)") }
        index += 1
        var yymmdd = 0
        for _ in 0..<6 {
            guard isDigit(bytes[index]) else { throw fail("a balance needs the date YYMMDD after its mark") }
            yymmdd = yymmdd * 10 + Int(bytes[index] - 0x30)
            index += 1
        }
        let (date, dateWarning) = try MT940Date.date(yymmdd: yymmdd, line: fieldLine, field: field)
        if let dateWarning { warnings.append(BankFileWarning(line: fieldLine, message: dateWarning)) }
        var currencyCode: String?
        if index + 3 <= range.upperBound, (0..<3).allSatisfy({ isUpperLetter(bytes[index + $0]) }) {
            currencyCode = encoding.string(bytes, index..<(index + 3))
            index += 3
        } else {
            warnings.append(BankFileWarning(line: fieldLine, message: "the balance \"\(encoding.string(bytes, range))\" names no currency; the statement's currency is used"))
        }
        let amount: DecimalAmount
        do {
            amount = try DecimalAmount.parse(UnsafeBufferPointer(rebasing: bytes[index..<range.upperBound]), separators: (UInt8(ascii: ","), UInt8(ascii: ",")), allowSign: false)
        } catch {
            throw fail("the balance amount \"\(encoding.string(bytes, index..<range.upperBound))\" \(error.description)")
        }
        return MT940Balance(credit: mark == UInt8(ascii: "C"), date: date, currencyCode: currencyCode, amount: amount, line: fieldLine)
    }

    /// The open field's tag as written: `:60F:`.
    private var fieldName: String { ":" + encoding.string(bytes, fieldTagRange) + ":" }

    private func text(_ range: Range<Int>) -> String? {
        encoding.trimmedString(bytes, range)
    }

    // MARK: - Statements

    private mutating func finishStatement() throws {
        try finishPending()
        guard let statement = current else { return }
        current = nil
        guard !statement.isEmpty else { return }
        let code = statement.opening?.currencyCode ?? statement.closing?.currencyCode ?? statement.otherCurrencyCode
        let name = statement.number ?? statement.reference ?? "at line \(statement.line)"
        let statementID = statement.number ?? statement.reference
        guard let code else {
            if let first = statement.unpriced.first {
                throw BankFileError(line: first.line, field: ":61:", message: "statement \(name) names no currency (no :60F: opening balance, no :62F:, :64: or :34F:), so its amounts cannot be read; the file looks like a fragment of a statement: export the whole statement again")
            }
            statements.append(BankStatement(statementID: statementID, accountID: statement.accountID))
            return
        }
        guard let currency = statement.currency ?? Currency(code: code) else {
            warnings.append(BankFileWarning(line: statement.line, message: "statement \(name): the currency \"\(code)\" is not an active ISO 4217 code, so its amounts cannot be read; the statement and its \(statement.lineCount) transactions were skipped"))
            return
        }
        var transactions: [BankTransaction] = []
        var sum = statement.sum
        if statement.unpriced.isEmpty {
            transactions = statement.transactions
        } else {
            transactions.reserveCapacity(statement.lineCount)
            for (line, statementLine, details) in statement.unpriced {
                let transaction = try MT940Reader.transaction(line, statementLine, details, currency: currency,
                                                              accountID: statement.accountID, statementID: statementID,
                                                              bytes: bytes, encoding: encoding)
                sum += Int128(transaction.amount.minorUnits)
                transactions.append(transaction)
            }
            transactions += statement.transactions
        }
        let opening = try statement.opening.map { try MT940Reader.money($0.signedAmount, currency, line: $0.line, field: ":60F:") }
        let closing = try statement.closing.map { try MT940Reader.money($0.signedAmount, currency, line: $0.line, field: ":62F:") }
        // In 128 bits: lines and balances that pass Int64 together cannot wrap or trap here.
        if let opening, let closing, Int128(opening.minorUnits) + sum != Int128(closing.minorUnits) {
            let total = Int128(opening.minorUnits) + sum
            let expected = Int64(exactly: total).map { Money(minorUnits: $0, currency: currency).description }
                ?? "\(total) minor units of \(currency.code) (beyond any amount that can be held)"
            warnings.append(BankFileWarning(line: statement.closing?.line ?? statement.line, message: "statement \(name): the opening balance \(opening) plus its lines gives \(expected), but the closing balance is \(closing); some lines may be missing"))
        }
        statements.append(BankStatement(statementID: statementID, accountID: statement.accountID, currency: currency,
                                        openingBalance: opening, closingBalance: closing, transactions: transactions))
    }

    /// An IBAN-shaped value (country letters, check digits, 11–30 letters and digits), which some
    /// banks put in the supplementary details instead of `:86:`.
    static func looksLikeIBAN(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard (15...34).contains(bytes.count), isUpperLetter(bytes[0]), isUpperLetter(bytes[1]), isDigit(bytes[2]), isDigit(bytes[3]) else { return false }
        return bytes.dropFirst(4).allSatisfy { isDigit($0) || isUpperLetter($0) }
    }
}
