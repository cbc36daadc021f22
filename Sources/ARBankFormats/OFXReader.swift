import ARCore

/// The OFX aggregates and elements the reader acts on. Aggregates it does not know are read
/// through (their children count as children of the nearest known one), so vendor extensions
/// and message-set wrappers need no entry here.
enum OFXTag: String, Sendable {
    // Aggregates.
    case ofx = "OFX", status = "STATUS", sonrs = "SONRS", stmttrnrs = "STMTTRNRS", ccstmttrnrs = "CCSTMTTRNRS"
    case stmtrs = "STMTRS", ccstmtrs = "CCSTMTRS", invstmtrs = "INVSTMTRS", acctinfors = "ACCTINFORS"
    case bankacctfrom = "BANKACCTFROM", ccacctfrom = "CCACCTFROM", bankacctto = "BANKACCTTO", ccacctto = "CCACCTTO"
    case banktranlist = "BANKTRANLIST", stmttrn = "STMTTRN", ledgerbal = "LEDGERBAL", availbal = "AVAILBAL"
    case payee = "PAYEE", currency = "CURRENCY", origcurrency = "ORIGCURRENCY"
    // Elements.
    case code = "CODE", severity = "SEVERITY", message = "MESSAGE", curdef = "CURDEF", acctid = "ACCTID"
    case trntype = "TRNTYPE", dtposted = "DTPOSTED", dtuser = "DTUSER", dtavail = "DTAVAIL", trnamt = "TRNAMT"
    case fitid = "FITID", checknum = "CHECKNUM", name = "NAME", memo = "MEMO", cursym = "CURSYM", balamt = "BALAMT"

    var isAggregate: Bool {
        switch self {
        case .ofx, .status, .sonrs, .stmttrnrs, .ccstmttrnrs, .stmtrs, .ccstmtrs, .invstmtrs, .acctinfors,
             .bankacctfrom, .ccacctfrom, .bankacctto, .ccacctto, .banktranlist, .stmttrn, .ledgerbal, .availbal,
             .payee, .currency, .origcurrency:
            true
        default:
            false
        }
    }
}

/// One `STMTTRN` as written, checked when its statement ends.
struct OFXTransaction {
    var line: Int
    var type: String?
    var posted: String?
    var user: String?
    var available: String?
    var amount: String?
    var fitID: String?
    var checkNumber: String?
    var name: String?
    var payeeName: String?
    var memo: String?
    var currencyCode: String?
}

/// One `STMTRS` (bank) or `CCSTMTRS` (credit card) while it is read.
struct OFXStatement {
    var line: Int
    var tag: OFXTag
    var currencyCode: String?
    var accountID: String?
    var ledgerBalance: String?
    var sawLedgerBalance = false
    var transactions: [OFXTransaction] = []
}

/// The tolerant tag reader behind ``OFXParser``: the same code reads OFX 1.x SGML (leaf elements
/// without end tags) and OFX 2.x XML, because in practice both kinds mix the two styles.
struct OFXReader {
    private let bytes: UnsafeBufferPointer<UInt8>
    private let encoding: TextEncoding
    private var lines: LineCounter
    private var position = 0
    private var stack: [OFXTag] = []
    private var statement: OFXStatement?
    private var transaction: OFXTransaction?
    private var status: (code: String?, severity: String?, message: String?, line: Int)?
    private var statements: [BankStatement] = []
    private var warnings: [BankFileWarning] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.lines = LineCounter(bytes: bytes)
        self.encoding = OFXReader.encoding(of: bytes)
    }

    /// OFX 1.x names its character set in the header (`ENCODING:UTF-8`, `CHARSET:1252`); 2.x in
    /// the XML declaration. Files often lie, so valid UTF-8 is read as UTF-8 whatever the header
    /// says, and anything else as Windows-1252, which the 1.x `CHARSET:1252`/ISO-8859-1 files are.
    private static func encoding(of bytes: UnsafeBufferPointer<UInt8>) -> TextEncoding {
        TextEncoding.detect(bytes, legacyDefault: .windows1252)
    }

    mutating func read() throws -> BankFile {
        guard let start = findOFXStart() else {
            throw BankFileError(line: 1, message: "this is not an OFX file: there is no <OFX> element; download the statement as OFX (Money/Quicken) again")
        }
        position = start
        let count = bytes.count
        while position < count {
            guard bytes[position] == UInt8(ascii: "<") else {
                position += 1
                continue
            }
            if starts(with: "<!--") {
                position = find("-->", from: position + 4).map { $0 + 3 } ?? count
                continue
            }
            if starts(with: "<?") || starts(with: "<!") {
                position = find(">", from: position).map { $0 + 1 } ?? count
                continue
            }
            let tagStart = position
            let closing = position + 1 < count && bytes[position + 1] == UInt8(ascii: "/")
            let nameStart = position + (closing ? 2 : 1)
            var nameEnd = nameStart
            while nameEnd < count, !isSpace(bytes[nameEnd]), bytes[nameEnd] != UInt8(ascii: ">"), bytes[nameEnd] != UInt8(ascii: "/") { nameEnd += 1 }
            guard let tagEnd = find(">", from: nameEnd) else { break }
            position = tagEnd + 1
            let tag = OFXReader.tag(bytes, nameStart..<nameEnd)
            if closing {
                if let tag, tag.isAggregate, stack.contains(tag) {
                    while let top = stack.popLast() {
                        try didEnd(top)
                        if top == tag { break }
                    }
                }
                continue
            }
            let selfClosing = tagEnd > nameEnd && bytes[tagEnd - 1] == UInt8(ascii: "/")
            if let tag, tag.isAggregate {
                try didStart(tag, at: tagStart)
                if selfClosing { try didEnd(tag) } else { stack.append(tag) }
                continue
            }
            // An element: its value runs to the next tag; an end tag of its own, if present, is skipped.
            let valueStart = position
            let valueEnd = selfClosing ? valueStart : textEnd(from: valueStart)
            position = valueEnd
            if let tag {
                let value = XMLScanner.text(bytes, valueStart..<valueEnd, encoding: encoding)
                element(tag, value: value, at: tagStart)
            }
            if !selfClosing, matchesEndTag(nameStart..<nameEnd, at: position), let end = find(">", from: position) {
                position = end + 1
            }
        }
        while let top = stack.popLast() { try didEnd(top) }
        return BankFile(format: .ofx, statements: statements, warnings: warnings)
    }

    // MARK: - Aggregates

    private mutating func didStart(_ tag: OFXTag, at offset: Int) throws {
        switch tag {
        case .stmtrs, .ccstmtrs:
            statement = OFXStatement(line: lines.line(at: offset), tag: tag)
        case .stmttrn:
            if statement != nil { transaction = OFXTransaction(line: lines.line(at: offset)) }
        case .ledgerbal:
            statement?.sawLedgerBalance = true
        case .status:
            status = (nil, nil, nil, lines.line(at: offset))
        case .invstmtrs:
            warnings.append(BankFileWarning(line: lines.line(at: offset), message: "an investment statement (INVSTMTRS) was skipped: ARAgent reads bank and credit-card statements"))
        case .acctinfors:
            warnings.append(BankFileWarning(line: lines.line(at: offset), message: "the file lists accounts (ACCTINFORS) but holds no statement; download the statement itself"))
        default:
            break
        }
    }

    private mutating func didEnd(_ tag: OFXTag) throws {
        switch tag {
        case .stmttrn:
            if let finished = transaction {
                statement?.transactions.append(finished)
                transaction = nil
            }
        case .stmtrs, .ccstmtrs:
            if let finished = statement {
                statement = nil
                try finish(finished)
            }
        case .status:
            if let finished = status, let code = finished.code, code != "0" {
                warnings.append(BankFileWarning(line: finished.line, message: "the bank answered with status \(code) (\(finished.severity ?? "no severity")): \(finished.message ?? "no message"); the file holds no statement for that request, so download it again later"))
            }
            status = nil
        default:
            break
        }
    }

    // MARK: - Elements

    private mutating func element(_ tag: OFXTag, value: String?, at offset: Int) {
        let parent = stack.last
        switch (parent, tag) {
        case (.status?, .code): status?.code = value
        case (.status?, .severity): status?.severity = value
        case (.status?, .message): status?.message = value
        case (.stmtrs?, .curdef), (.ccstmtrs?, .curdef): statement?.currencyCode = value
        case (.bankacctfrom?, .acctid), (.ccacctfrom?, .acctid): statement?.accountID = value
        case (.ledgerbal?, .balamt): statement?.ledgerBalance = value
        case (.stmttrn?, .trntype): transaction?.type = value
        case (.stmttrn?, .dtposted): transaction?.posted = value
        case (.stmttrn?, .dtuser): transaction?.user = value
        case (.stmttrn?, .dtavail): transaction?.available = value
        case (.stmttrn?, .trnamt): transaction?.amount = value
        case (.stmttrn?, .fitid): transaction?.fitID = value
        case (.stmttrn?, .checknum): transaction?.checkNumber = value
        case (.stmttrn?, .name): transaction?.name = value
        case (.stmttrn?, .memo): transaction?.memo = value
        case (.payee?, .name): transaction?.payeeName = value
        case (.currency?, .cursym): transaction?.currencyCode = value
        default: break
        }
    }

    // MARK: - Statements

    private mutating func finish(_ statement: OFXStatement) throws {
        let accountElement = statement.tag == .ccstmtrs ? "CCACCTFROM" : "BANKACCTFROM"
        guard let accountID = statement.accountID else {
            throw BankFileError(line: statement.line, field: accountElement,
                                message: "the \(statement.tag.rawValue) statement names no account (no <\(accountElement)> with <ACCTID>), so its lines cannot be told apart from another account's; the file is incomplete: export it again")
        }
        var currency: Currency?
        if let code = statement.currencyCode {
            currency = Currency(code: code)
            if currency == nil {
                warnings.append(BankFileWarning(line: statement.line, message: "CURDEF \"\(code)\" is not an ISO 4217 currency code"))
            }
        } else {
            warnings.append(BankFileWarning(line: statement.line, message: "the statement for account \(accountID) has no CURDEF currency; only entries that name their own CURRENCY can be read"))
        }
        var transactions: [BankTransaction] = []
        for entry in statement.transactions {
            if let transaction = bankTransaction(from: entry, accountID: accountID, currency: currency) { transactions.append(transaction) }
        }
        var closing: Money?
        if statement.sawLedgerBalance {
            if let text = statement.ledgerBalance, let currency {
                do {
                    closing = try OFXReader.amount(text).money(currency)
                } catch {
                    warnings.append(BankFileWarning(line: statement.line, message: "the ledger balance \"\(text)\" \(error.description); it was left out"))
                }
            } else if statement.ledgerBalance == nil {
                warnings.append(BankFileWarning(line: statement.line, message: "the ledger balance (LEDGERBAL/BALAMT) is empty; the statement has no closing balance"))
            }
        }
        statements.append(BankStatement(accountID: accountID, currency: currency, closingBalance: closing, transactions: transactions))
    }

    /// The entry as a ``BankTransaction``, or `nil` (with a warning) when it lacks what every
    /// entry needs: a posting date and an amount in a known currency. Skipping such an entry
    /// (and saying so) lets the rest of the statement be imported.
    private mutating func bankTransaction(from entry: OFXTransaction, accountID: String, currency: Currency?) -> BankTransaction? {
        let label = entry.fitID.map { "entry \($0)" } ?? "an entry"
        func skip(_ reason: String) -> BankTransaction? {
            warnings.append(BankFileWarning(line: entry.line, message: "\(label) was skipped: \(reason)"))
            return nil
        }
        guard let postedText = entry.posted else { return skip("it has no DTPOSTED date") }
        guard let posted = OFXReader.date(postedText) else { return skip("DTPOSTED \"\(postedText)\" is not a date YYYYMMDD") }
        guard let amountText = entry.amount else { return skip("it has no TRNAMT amount") }
        guard let entryCurrency = entry.currencyCode.flatMap({ Currency(code: $0) }) ?? currency else {
            return skip("neither the statement (CURDEF) nor the entry (CURRENCY) names a currency")
        }
        let amount: Money
        do {
            amount = try OFXReader.amount(amountText).money(entryCurrency)
        } catch {
            return skip("TRNAMT \"\(amountText)\" \(error.description)")
        }
        var references: [String] = []
        if let check = entry.checkNumber, check.contains(where: { $0 != "0" }) { references.append(check) }
        return BankTransaction(
            bankReference: entry.fitID, accountID: accountID, bookingDate: posted,
            valueDate: entry.available.flatMap(OFXReader.date) ?? entry.user.flatMap(OFXReader.date),
            amount: amount, payerName: entry.name ?? entry.payeeName, remittance: entry.memo,
            structuredReferences: references, typeCode: entry.type, line: entry.line)
    }

    /// `-12.34`, `+5`, `12,34` (European banks write a decimal comma).
    static func amount(_ text: String) throws(MoneyParseError) -> DecimalAmount {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(MoneyParseError) in
            try DecimalAmount.parse(buffer, separators: (UInt8(ascii: "."), UInt8(ascii: ",")), allowSign: true)
        }
    }

    /// `YYYYMMDD[HHMMSS[.XXX]][[offset:TZ]]`: the calendar date as written. The time and zone are
    /// not applied: the date is the bank's business day, and UTC would move evening postings.
    static func date(_ text: String) -> CalendarDate? {
        let bytes = Array(text.utf8.prefix(8))
        guard bytes.count == 8, bytes.allSatisfy(isDigit) else { return nil }
        let year = bytes[0..<4].reduce(0) { $0 * 10 + Int($1 - 0x30) }
        let month = Int(bytes[4] - 0x30) * 10 + Int(bytes[5] - 0x30)
        let day = Int(bytes[6] - 0x30) * 10 + Int(bytes[7] - 0x30)
        return CalendarDate(year: year, month: month, day: day)
    }

    // MARK: - Bytes

    private static func tag(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> OFXTag? {
        guard range.count <= 16 else { return nil }
        var name = ""
        for index in range {
            let byte = bytes[index]
            name.unicodeScalars.append(Unicode.Scalar(byte >= 0x61 && byte <= 0x7A ? byte - 0x20 : byte))
        }
        return OFXTag(rawValue: name)
    }

    private func findOFXStart() -> Int? {
        var index = 0
        while index + 4 < bytes.count {
            if bytes[index] == UInt8(ascii: "<"),
               bytes[index + 1] | 0x20 == UInt8(ascii: "o"), bytes[index + 2] | 0x20 == UInt8(ascii: "f"), bytes[index + 3] | 0x20 == UInt8(ascii: "x"),
               bytes[index + 4] == UInt8(ascii: ">") || isSpace(bytes[index + 4]) {
                return index
            }
            index += 1
        }
        return nil
    }

    /// Where an element's value ends: at the next tag, reading through CDATA sections.
    private func textEnd(from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "<") {
                if starts(with: "<![CDATA[", at: index), let close = find("]]>", from: index + 9) {
                    index = close + 3
                    continue
                }
                return index
            }
            index += 1
        }
        return index
    }

    private func matchesEndTag(_ name: Range<Int>, at index: Int) -> Bool {
        guard index + name.count + 2 <= bytes.count, bytes[index] == UInt8(ascii: "<"), bytes[index + 1] == UInt8(ascii: "/") else { return false }
        for offset in 0..<name.count where bytes[index + 2 + offset] | 0x20 != bytes[name.lowerBound + offset] | 0x20 { return false }
        let after = index + 2 + name.count
        return after < bytes.count && (bytes[after] == UInt8(ascii: ">") || isSpace(bytes[after]))
    }

    private func starts(with literal: StaticString, at index: Int? = nil) -> Bool {
        let at = index ?? position
        let count = literal.utf8CodeUnitCount
        guard at + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[at + offset] != literal.utf8Start[offset] { return false }
        return true
    }

    private func find(_ literal: StaticString, from start: Int) -> Int? {
        var index = start
        while index + literal.utf8CodeUnitCount <= bytes.count {
            if starts(with: literal, at: index) { return index }
            index += 1
        }
        return nil
    }
}
