import ARCore

/// The state machine behind ``CamtParser``: follows the element stack of one camt document and
/// fills statements, entries and transaction details as their elements end.
///
/// Elements are recognised by their local name and their parents' names, never by a namespace,
/// so camt.052, .053 and .054 in versions .01 to .08 share one reading: the elements the parser
/// needs have kept their names and nesting across versions.
struct CamtReader {
    private let source: [UInt8]
    private let bytes: UnsafeBufferPointer<UInt8>
    private var scanner: XMLScanner
    private let encoding: TextEncoding

    /// Ancestors of the element being handled (the element itself is not on it).
    private var stack: [CamtTag] = []
    private var previousWasStart = false
    private var lastContentStart = 0
    private var lastAttributes = 0..<0

    private var format: BankFileFormat?
    private var messageName = ""
    private var messageLine = 1
    private var record: CamtRecord?
    private var balance: CamtBalance?
    private var entry: CamtEntry?
    private var details: CamtTransactionDetails?
    private var statements: [BankStatement] = []
    private var warnings: [BankFileWarning] = []

    init(source: [UInt8], bytes: UnsafeBufferPointer<UInt8>) {
        self.source = source
        self.bytes = bytes
        self.scanner = XMLScanner(bytes: bytes)
        self.encoding = TextEncoding.detect(bytes, legacyDefault: .windows1252)
    }

    mutating func read() throws -> BankFile {
        stack.reserveCapacity(32)
        loop: while true {
            switch try scanner.next() {
            case .endOfDocument:
                break loop
            case let .start(name, localNameStart, attributes, selfClosing, tagStart, contentStart):
                let tag = CamtTag.lookup(bytes, localNameStart..<name.upperBound)
                try didStart(tag, tagStart: tagStart)
                if selfClosing {
                    try didEnd(tag, content: contentStart..<contentStart, attributes: attributes, tagStart: tagStart)
                    previousWasStart = false
                } else {
                    stack.append(tag)
                    previousWasStart = true
                    lastContentStart = contentStart
                    lastAttributes = attributes
                }
            case let .end(_, _, tagStart):
                let tag = stack.removeLast()
                let content: Range<Int>? = previousWasStart ? lastContentStart..<tagStart : nil
                previousWasStart = false
                try didEnd(tag, content: content, attributes: lastAttributes, tagStart: tagStart)
            }
        }
        guard let format else {
            throw BankFileError(line: 1, message: "this is not a camt statement: no BkToCstmrStmt, BkToCstmrDbtCdtNtfctn or BkToCstmrAcctRpt element; export the statement as ISO 20022 camt.052, camt.053 or camt.054")
        }
        if statements.isEmpty {
            let recordName = format == .camt053 ? "Stmt" : format == .camt054 ? "Ntfctn" : "Rpt"
            throw BankFileError(line: messageLine, field: messageName,
                                message: "the \(messageName) message holds no \(recordName): the document is not a valid \(format.rawValue) (it has a group header and nothing else); ask the bank for the complete statement")
        }
        return BankFile(format: format, statements: statements, warnings: warnings)
    }

    // MARK: - Structure

    private func ancestor(_ level: Int) -> CamtTag {
        let index = stack.count - level
        return index >= 0 ? stack[index] : .other
    }

    private mutating func didStart(_ tag: CamtTag, tagStart: Int) throws {
        switch tag {
        case .bkToCstmrStmt, .bkToCstmrDbtCdtNtfctn, .bkToCstmrAcctRpt:
            guard format == nil else { return }
            format = tag == .bkToCstmrStmt ? .camt053 : tag == .bkToCstmrDbtCdtNtfctn ? .camt054 : .camt052
            messageName = tag.elementName
            messageLine = scanner.line(at: tagStart)
        case .stmt, .ntfctn, .rpt:
            if format != nil, ancestor(1) == .bkToCstmrStmt || ancestor(1) == .bkToCstmrDbtCdtNtfctn || ancestor(1) == .bkToCstmrAcctRpt {
                record = CamtRecord(line: scanner.line(at: tagStart), tag: tag)
            }
        case .bal:
            if record != nil, ancestor(1).isRecord { balance = CamtBalance(line: scanner.line(at: tagStart)) }
        case .ntry:
            if record != nil, ancestor(1).isRecord { entry = CamtEntry(line: scanner.line(at: tagStart)) }
        case .txDtls:
            if entry != nil, ancestor(1) == .ntryDtls { details = CamtTransactionDetails() }
        default:
            break
        }
    }

    private mutating func didEnd(_ tag: CamtTag, content: Range<Int>?, attributes: Range<Int>, tagStart: Int) throws {
        if let content, tag != .other {
            try leaf(tag, content: content, attributes: attributes, tagStart: tagStart)
            return
        }
        switch tag {
        case .txDtls:
            if let finished = details, ancestor(1) == .ntryDtls {
                entry?.details.append(finished)
                details = nil
            }
        case .ntry:
            if let finished = entry, ancestor(1).isRecord {
                entry = nil
                try finish(finished)
            }
        case .bal:
            if let finished = balance, ancestor(1).isRecord {
                balance = nil
                try finish(finished)
            }
        case .stmt, .ntfctn, .rpt:
            if let finished = record, ancestor(1) == .bkToCstmrStmt || ancestor(1) == .bkToCstmrDbtCdtNtfctn || ancestor(1) == .bkToCstmrAcctRpt {
                record = nil
                try finish(finished)
            }
        default:
            break
        }
    }

    // MARK: - Leaves

    private mutating func leaf(_ tag: CamtTag, content: Range<Int>, attributes: Range<Int>, tagStart: Int) throws {
        switch tag {
        case .id:
            if ancestor(1).isRecord {
                record?.id = Self.text(bytes, content, encoding)
            } else if ancestor(1) == .othr || ancestor(1) == .prtryAcct, ancestor(2) == .id {
                // `Othr/Id`; camt.05x.001.01 wrote `PrtryAcct/Id`.
                switch ancestor(3) {
                case .acct where ancestor(4).isRecord: record?.otherID = Self.text(bytes, content, encoding)
                case .dbtrAcct: details?.debtorOtherID = Self.text(bytes, content, encoding)
                case .cdtrAcct: details?.creditorOtherID = Self.text(bytes, content, encoding)
                default: break
                }
            }
        case .iban, .bban:
            // IBAN, or the domestic BBAN that version .01 allowed.
            guard ancestor(1) == .id else { return }
            switch ancestor(2) {
            case .acct where ancestor(3).isRecord: record?.iban = Self.text(bytes, content, encoding)
            case .dbtrAcct: details?.debtorIBAN = Self.text(bytes, content, encoding)
            case .cdtrAcct: details?.creditorIBAN = Self.text(bytes, content, encoding)
            default: break
            }
        case .ccy:
            if ancestor(1) == .acct, ancestor(2).isRecord { record?.currencyCode = Self.text(bytes, content, encoding) }
        case .cd:
            if balance != nil, ancestor(1) == .cdOrPrtry && ancestor(2) == .tp && ancestor(3) == .bal || ancestor(1) == .tp && ancestor(2) == .bal {
                balance?.code = Self.text(bytes, content, encoding)
            } else if ancestor(1) == .domn, ancestor(2) == .bkTxCd {
                setTypeCode(\.domain, Self.text(bytes, content, encoding))
            } else if ancestor(1) == .fmly, ancestor(2) == .domn {
                setTypeCode(\.family, Self.text(bytes, content, encoding))
            } else if ancestor(1) == .prtry, ancestor(2) == .bkTxCd {
                setTypeCode(\.proprietary, Self.text(bytes, content, encoding))
            }
        case .subFmlyCd:
            if ancestor(1) == .fmly { setTypeCode(\.subFamily, Self.text(bytes, content, encoding)) }
        case .amt:
            switch ancestor(1) {
            case .bal where balance != nil:
                let value = try money(content, attributes: attributes, tagStart: tagStart, field: "Bal/Amt")
                balance?.amount = value
            case .ntry where entry != nil:
                let value = try money(content, attributes: attributes, tagStart: tagStart, field: "Ntry/Amt")
                entry?.amount = value
            case .txDtls where details != nil:
                let value = try money(content, attributes: attributes, tagStart: tagStart, field: "TxDtls/Amt")
                details?.amount = value
            case .txAmt where details != nil && ancestor(2) == .amtDtls && ancestor(3) == .txDtls:
                let value = try money(content, attributes: attributes, tagStart: tagStart, field: "TxDtls/AmtDtls/TxAmt/Amt")
                details?.transactionAmount = value
            default:
                break
            }
        case .cdtDbtInd:
            switch ancestor(1) {
            case .bal where balance != nil: 
                let value = try indicator(content, tagStart: tagStart, field: "Bal/CdtDbtInd")
                balance?.credit = value
            case .ntry where entry != nil: 
                let value = try indicator(content, tagStart: tagStart, field: "Ntry/CdtDbtInd")
                entry?.credit = value
            case .txDtls where details != nil: 
                let value = try indicator(content, tagStart: tagStart, field: "TxDtls/CdtDbtInd")
                details?.credit = value
            default: break
            }
        case .dt, .dtTm:
            guard entry != nil, ancestor(2) == .ntry else { return }
            if ancestor(1) == .bookgDt {
                let value = try date(content, tagStart: tagStart, field: "BookgDt/\(tag.elementName)")
                entry?.bookingDate = value
            } else if ancestor(1) == .valDt {
                let value = try date(content, tagStart: tagStart, field: "ValDt/\(tag.elementName)")
                entry?.valueDate = value
            }
        case .acctSvcrRef:
            if ancestor(1) == .ntry {
                entry?.accountServicerReference = Self.text(bytes, content, encoding)
            } else if ancestor(1) == .refs, ancestor(2) == .txDtls {
                details?.accountServicerReference = Self.text(bytes, content, encoding)
            }
        case .ntryRef:
            if ancestor(1) == .ntry { entry?.entryReference = Self.text(bytes, content, encoding) }
        case .addtlNtryInf:
            if ancestor(1) == .ntry { entry?.additionalInformation = Self.text(bytes, content, encoding) }
        case .endToEndId:
            if ancestor(1) == .refs, ancestor(2) == .txDtls, let value = Self.text(bytes, content, encoding), value.uppercased() != "NOTPROVIDED" {
                details?.endToEndID = value
            }
        case .nm:
            guard details != nil else { return }
            // `Dbtr/Nm` (.02–.07), `Dbtr/Pty/Nm` (.08), or a bank as the party: `Cdtr/Agt/FinInstnId/Nm` (.08).
            let level = ancestor(1) == .pty ? 2 : ancestor(1) == .finInstnId && ancestor(2) == .agt ? 3 : 1
            let party = ancestor(level)
            let partiesLevel = level + 1
            guard ancestor(partiesLevel) == .rltdPties else { return }
            switch party {
            case .dbtr: details?.debtorName = Self.text(bytes, content, encoding)
            case .ultmtDbtr: details?.ultimateDebtorName = Self.text(bytes, content, encoding)
            case .cdtr: details?.creditorName = Self.text(bytes, content, encoding)
            case .ultmtCdtr: details?.ultimateCreditorName = Self.text(bytes, content, encoding)
            default: break
            }
        case .ustrd:
            if ancestor(1) == .rmtInf, let value = Self.text(bytes, content, encoding) { details?.unstructured.append(value) }
        case .ref:
            if ancestor(1) == .cdtrRefInf, ancestor(2) == .strd, let value = Self.text(bytes, content, encoding) { details?.structuredReferences.append(value) }
        case .nb:
            if ancestor(1) == .rfrdDocInf, ancestor(2) == .strd, let value = Self.text(bytes, content, encoding) { details?.structuredReferences.append(value) }
        case .addtlTxInf:
            if ancestor(1) == .txDtls { details?.additionalInformation = Self.text(bytes, content, encoding) }
        default:
            break
        }
    }

    /// `BkTxCd` belongs to the transaction details when it sits inside them, else to the entry. The
    /// entry's code wins when both are given: it is the one the bank booked the entry under.
    private mutating func setTypeCode(_ part: WritableKeyPath<CamtTypeCode, String?>, _ value: String?) {
        if details != nil {
            details?.typeCode[keyPath: part] = value
        } else {
            entry?.typeCode[keyPath: part] = value
        }
    }

    private static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ encoding: TextEncoding) -> String? {
        XMLScanner.text(bytes, range, encoding: encoding)
    }

    private mutating func money(_ content: Range<Int>, attributes: Range<Int>, tagStart: Int, field: String) throws -> Money {
        let line = scanner.line(at: tagStart)
        guard let codeRange = scanner.attribute("Ccy", in: attributes) else {
            throw BankFileError(line: line, field: field, message: "the amount has no Ccy attribute, so its currency is unknown; the file does not follow the camt schema")
        }
        let code = encoding.string(bytes, codeRange)
        guard let currency = Currency(code: code) else {
            throw BankFileError(line: line, field: field, message: "the currency \"\(code)\" is not an ISO 4217 code")
        }
        var start = content.lowerBound, end = content.upperBound
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        let minor: Int64
        do {
            minor = try MoneyFormat.parseMinorUnits(source[start..<end], digits: currency.minorUnitDigits)
        } catch {
            throw BankFileError(line: line, field: field, message: "the amount \"\(encoding.string(bytes, start..<end))\" \(error.description)")
        }
        if record?.firstAmountCurrency == nil { record?.firstAmountCurrency = currency }
        return Money(minorUnits: minor, currency: currency)
    }

    private mutating func indicator(_ content: Range<Int>, tagStart: Int, field: String) throws -> Bool {
        switch Self.text(bytes, content, encoding) {
        case "CRDT"?: return true
        case "DBIT"?: return false
        case let other:
            throw BankFileError(line: scanner.line(at: tagStart), field: field,
                                message: "the credit/debit indicator is \"\(other ?? "")\"; it must be CRDT or DBIT")
        }
    }

    /// `Dt` (`2014-12-31`) or `DtTm` (`2014-12-31T13:15:00+01:00`): the calendar date as the bank
    /// wrote it. A time zone is not applied: a booking date is a day in the bank's calendar, and
    /// moving it to UTC would shift late-evening bookings to the wrong day.
    private mutating func date(_ content: Range<Int>, tagStart: Int, field: String) throws -> CalendarDate {
        var start = content.lowerBound
        while start < content.upperBound && isSpace(bytes[start]) { start += 1 }
        let end = min(start + 10, content.upperBound)
        guard end - start == 10, let date = CalendarDate.parseISO(source[start..<end]) else {
            throw BankFileError(line: scanner.line(at: tagStart), field: field,
                                message: "\"\(Self.text(bytes, content, encoding) ?? "")\" is not a date; camt dates are written YYYY-MM-DD")
        }
        return date
    }

    // MARK: - Finishing

    private mutating func finish(_ balance: CamtBalance) throws {
        guard let code = balance.code, let amount = balance.amount else { return }
        guard let credit = balance.credit else {
            throw BankFileError(line: balance.line, field: "Bal/CdtDbtInd", message: "the \(code) balance does not say whether it is CRDT or DBIT")
        }
        let signed = credit ? amount : try Self.negated(amount, line: balance.line)
        switch code {
        case "OPBD": if record?.openingBooked == nil { record?.openingBooked = signed }
        case "PRCD": if record?.previousClosing == nil { record?.previousClosing = signed }
        case "CLBD": if record?.closingBooked == nil { record?.closingBooked = signed }
        default: break
        }
    }

    private mutating func finish(_ entry: CamtEntry) throws {
        guard let amount = entry.amount else {
            throw BankFileError(line: entry.line, field: "Ntry/Amt", message: "the entry has no amount; the file does not follow the camt schema")
        }
        guard let credit = entry.credit else {
            throw BankFileError(line: entry.line, field: "Ntry/CdtDbtInd", message: "the entry of \(amount) does not say whether it is CRDT or DBIT")
        }
        let signed = credit ? amount : try Self.negated(amount, line: entry.line)
        let parts = entry.details
        if parts.count > 1, parts.allSatisfy({ $0.ownAmount != nil }) {
            // A batch booked as one entry: one transaction per payment, so each can be matched to
            // its own invoice. The parts should add up to the entry; say so when they do not.
            // Summed in 128 bits: parts that pass Int64 together cannot wrap or trap here; a
            // part beyond the import limit is refused with its line when the file is read.
            var sum: Int128 = 0
            var sameCurrency = true
            for part in parts {
                guard let partAmount = part.ownAmount else { continue }
                let partCredit = part.credit ?? credit
                let partSigned = partCredit ? partAmount : try Self.negated(partAmount, line: entry.line)
                if partAmount.currency == amount.currency { sum += Int128(partSigned.minorUnits) } else { sameCurrency = false }
                append(transaction(entry, part, amount: partSigned, credit: partCredit))
            }
            if !sameCurrency || sum != Int128(signed.minorUnits) {
                warnings.append(BankFileWarning(line: entry.line, message: "the \(parts.count) transactions of this batch entry do not add up to the entry amount \(signed); each was kept with its own amount"))
            }
        } else {
            if parts.count > 1 {
                warnings.append(BankFileWarning(line: entry.line, message: "the entry holds \(parts.count) transaction details without amounts of their own; it was kept as one transaction of \(signed)"))
            }
            append(transaction(entry, CamtTransactionDetails.merged(parts), amount: signed, credit: credit))
        }
    }

    /// A debit's amount: an amount is parsed as a magnitude, so negating cannot overflow, but it
    /// is checked all the same rather than trusted.
    private static func negated(_ amount: Money, line: Int) throws -> Money {
        do { return try amount.negated() } catch {
            throw BankFileError(line: line, field: "Amt", message: error.description)
        }
    }

    private mutating func append(_ transaction: BankTransaction) {
        record?.transactions.append(transaction)
    }

    private func transaction(_ entry: CamtEntry, _ details: CamtTransactionDetails?, amount: Money, credit: Bool) -> BankTransaction {
        // The counterparty: whoever paid us for a credit, whoever we paid for a debit.
        let name: String?
        let account: String?
        if credit {
            name = details?.debtorName ?? details?.ultimateDebtorName
            account = details?.debtorIBAN ?? details?.debtorOtherID
        } else {
            name = details?.creditorName ?? details?.ultimateCreditorName
            account = details?.creditorIBAN ?? details?.creditorOtherID
        }
        var remittance: String?
        if let lines = details?.unstructured, !lines.isEmpty {
            remittance = lines.joined(separator: " ")
        } else {
            remittance = details?.additionalInformation ?? entry.additionalInformation
        }
        return BankTransaction(
            bankReference: details?.accountServicerReference ?? entry.accountServicerReference ?? entry.entryReference,
            accountID: record?.accountID, statementID: record?.id,
            bookingDate: entry.bookingDate, valueDate: entry.valueDate, amount: amount,
            payerName: name, payerAccount: account, remittance: remittance,
            structuredReferences: details?.structuredReferences ?? [], endToEndID: details?.endToEndID,
            typeCode: entry.typeCode.code ?? details?.typeCode.code, line: entry.line)
    }

    private mutating func finish(_ record: CamtRecord) throws {
        var currency = record.firstAmountCurrency
        if let code = record.currencyCode {
            guard let declared = Currency(code: code) else {
                throw BankFileError(line: record.line, field: "Acct/Ccy", message: "the account currency \"\(code)\" is not an ISO 4217 code")
            }
            currency = declared
        }
        var transactions = record.transactions
        for index in transactions.indices {
            if transactions[index].accountID == nil { transactions[index].accountID = record.accountID }
            if transactions[index].statementID == nil { transactions[index].statementID = record.id }
        }
        statements.append(BankStatement(
            statementID: record.id, accountID: record.accountID, currency: currency,
            openingBalance: record.openingBooked ?? record.previousClosing, closingBalance: record.closingBooked,
            transactions: transactions))
    }
}
