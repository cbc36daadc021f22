import ARCore

/// Reads NACHA ACH files (94-character records 1, 5, 6, 7, 8, 9): each batch becomes a
/// ``BankStatement`` in USD, each entry detail a ``BankTransaction``.
///
/// - Amount: cents; transaction codes ending in 1–4 are credits (positive), 5–9 debits.
/// - Payer: who the money comes from. For a debit that is the receiver (the entry's
///   individual or receiving-company name and its RDFI account), and so it is for returns and
///   notifications of change, which are about the receiver's entry; for a CIE credit the
///   consumer named in the entry; for other credits the originator named in the batch header;
///   for IAT the names in the 10/11 addenda.
/// - `bankReference` is the trace number; `endToEndID` the entry's identification number
///   (the check serial number for ARC, BOC, RCK and POP); `typeCode` the transaction code and
///   SEC code (`27 CCD`).
/// - Addenda 05 (and IAT 17) go to `remittance`; invoice and purchase-order references in X12
///   RMR segments to `structuredReferences`; returns (99) and notifications of change (98)
///   become remittance text led by their reason code.
///
/// Control totals, counts, entry hashes and routing check digits that do not add up are
/// warnings: the entries are still what the file says. Non-numeric amounts or transaction
/// codes, unknown record types and records out of order are errors.
public enum NACHAParser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            var lines = BankFixedWidthLines(buffer, recordLength: 94)
            var builder = NACHAFileBuilder()
            while let record = lines.next() {
                try builder.consume(record)
            }
            return try builder.finish()
        }
    }
}

/// The NACHA structure read record by record, with each entry held until its addenda are in.
struct NACHAFileBuilder {
    private var statements: [BankStatement] = []
    private var warnings: [BankFileWarning] = []

    private var sawFileHeader = false
    private var fileDate: CalendarDate?
    private var fileKey = ""
    private var fileBatches = 0
    private var fileEntryAddenda = 0
    private var fileHash: Int64 = 0
    private var fileDebits: Int64 = 0
    private var fileCredits: Int64 = 0
    private var sawFileControl = false

    private var batch: BankStatement?
    private var batchLine = 0
    private var companyName: String?
    private var secCode = ""
    private var effectiveDate: CalendarDate?
    private var batchEntryAddenda = 0
    private var batchHash: Int64 = 0
    private var batchDebits: Int64 = 0
    private var batchCredits: Int64 = 0

    private var entry: BankFixedWidthRecord?
    private var addenda: [BankFixedWidthRecord] = []

    mutating func consume(_ record: BankFixedWidthRecord) throws {
        if record.isBlockFiller { return }
        if record.end - record.start > 94 {
            warnings.append(BankFileWarning(line: record.line, message: "the record is \(record.end - record.start) characters long; NACHA records have 94, the rest was ignored"))
        }
        switch record.typeCode {
        case UInt8(ascii: "1"):
            try finishEntry()
            if batch != nil { closeBatch(control: nil, line: record.line) }
            readFileHeader(record)
        case UInt8(ascii: "5"):
            guard sawFileHeader else { throw outOfOrder(record, "a batch header (5) before the file header (1)") }
            try finishEntry()
            if batch != nil { closeBatch(control: nil, line: record.line) }
            openBatch(record)
        case UInt8(ascii: "6"):
            guard batch != nil else { throw outOfOrder(record, "an entry detail (6) outside a batch: the batch header (5) before it is missing") }
            try finishEntry()
            entry = record
            batchEntryAddenda += 1
        case UInt8(ascii: "7"):
            guard entry != nil else { throw outOfOrder(record, "an addenda record (7) with no entry detail (6) before it") }
            addenda.append(record)
            batchEntryAddenda += 1
        case UInt8(ascii: "8"):
            guard batch != nil else { throw outOfOrder(record, "a batch control (8) with no batch header (5) before it") }
            try finishEntry()
            closeBatch(control: record, line: record.line)
        case UInt8(ascii: "9"):
            guard sawFileHeader else { throw outOfOrder(record, "a file control (9) before the file header (1)") }
            try finishEntry()
            if batch != nil { closeBatch(control: nil, line: record.line) }
            checkFileControl(record)
        default:
            throw BankFileError(line: record.line, field: "record type", message: "'\(record.shown(1, 1))' is not a NACHA record type; records start with 1, 5, 6, 7, 8 or 9 and are 94 characters long")
        }
    }

    mutating func finish() throws -> BankFile {
        guard sawFileHeader else {
            throw BankFileError(line: 1, message: "the file holds no NACHA records; a NACHA file starts with a file header record (101…)")
        }
        try finishEntry()
        if batch != nil { closeBatch(control: nil, line: nil) }
        if !sawFileControl {
            warnings.append(BankFileWarning(line: 1, message: "the file has no file control record (9); its totals could not be checked"))
        }
        warnings.sort { $0.line < $1.line }
        return BankFile(format: .nacha, statements: statements, warnings: warnings)
    }

    private func outOfOrder(_ record: BankFixedWidthRecord, _ message: String) -> BankFileError {
        BankFileError(line: record.line, field: "record type", message: message)
    }

    // MARK: - File and batch

    private mutating func readFileHeader(_ record: BankFixedWidthRecord) {
        sawFileHeader = true
        sawFileControl = false
        fileDate = record.date(24)
        let modifier = record.text(34, 34) ?? ""
        fileKey = (record.text(24, 29) ?? "") + modifier
        fileBatches = 0
        fileEntryAddenda = 0
        fileHash = 0
        fileDebits = 0
        fileCredits = 0
    }

    private mutating func openBatch(_ record: BankFixedWidthRecord) {
        batchLine = record.line
        secCode = record.text(51, 53) ?? ""
        // IAT headers use columns 5–50 for foreign-exchange data; the originator is in the addenda.
        companyName = secCode == "IAT" ? nil : record.text(5, 20)
        effectiveDate = record.date(70) ?? fileDate
        let batchNumber = record.text(88, 94) ?? String(fileBatches + 1)
        batch = BankStatement(statementID: fileKey.isEmpty ? batchNumber : fileKey + "-" + batchNumber,
                              accountID: record.text(41, 50), currency: .usd)
        batchEntryAddenda = 0
        batchHash = 0
        batchDebits = 0
        batchCredits = 0
        fileBatches += 1
    }

    private mutating func closeBatch(control: BankFixedWidthRecord?, line: Int?) {
        guard let statement = batch else { return }
        if let control {
            check(control, "batch control (8)", "entry and addenda count", control.number(5, 10), Int64(batchEntryAddenda))
            check(control, "batch control (8)", "entry hash", control.number(11, 20), batchHash % 10_000_000_000)
            check(control, "batch control (8)", "total debits", control.number(21, 32), batchDebits)
            check(control, "batch control (8)", "total credits", control.number(33, 44), batchCredits)
        } else {
            warnings.append(BankFileWarning(line: line ?? batchLine, message: "the batch from line \(batchLine) has no batch control (8); its totals could not be checked"))
        }
        fileEntryAddenda += batchEntryAddenda
        fileHash += batchHash
        fileDebits += batchDebits
        fileCredits += batchCredits
        statements.append(statement)
        batch = nil
    }

    private mutating func checkFileControl(_ record: BankFixedWidthRecord) {
        sawFileControl = true
        check(record, "file control (9)", "batch count", record.number(2, 7), Int64(fileBatches))
        check(record, "file control (9)", "entry and addenda count", record.number(14, 21), Int64(fileEntryAddenda))
        check(record, "file control (9)", "entry hash", record.number(22, 31), fileHash % 10_000_000_000)
        check(record, "file control (9)", "total debits", record.number(32, 43), fileDebits)
        check(record, "file control (9)", "total credits", record.number(44, 55), fileCredits)
    }

    private mutating func check(_ record: BankFixedWidthRecord, _ what: String, _ name: String, _ written: Int64?, _ computed: Int64) {
        guard let written else {
            warnings.append(BankFileWarning(line: record.line, message: "the \(what) \(name) is not a number"))
            return
        }
        if written != computed {
            warnings.append(BankFileWarning(line: record.line, message: "the \(what) gives \(name) \(written), the records add up to \(computed); the entries were read as written"))
        }
    }

    // MARK: - Entries

    private mutating func finishEntry() throws {
        guard let record = entry else { return }
        defer {
            entry = nil
            addenda.removeAll(keepingCapacity: true)
        }
        let iat = secCode == "IAT"
        guard let transactionCode = record.number(2, 3) else {
            throw BankFileError(line: record.line, field: "transaction code", message: "'\(record.shown(2, 3))' is not a transaction code; columns 2–3 of an entry detail hold two digits such as 22 (credit) or 27 (debit)")
        }
        guard let amount = record.number(30, 39) else {
            throw BankFileError(line: record.line, field: "amount", message: "'\(record.shown(30, 39))' is not an amount; columns 30–39 of an entry detail hold ten digits of cents")
        }
        let routing = record.number(4, 11)
        if let routing {
            batchHash += routing
            let weights: [Int64] = [3, 7, 1, 3, 7, 1, 3, 7]
            var sum: Int64 = 0
            var rest = routing
            for weight in weights.reversed() {
                sum += (rest % 10) * weight
                rest /= 10
            }
            let expected = (10 - sum % 10) % 10
            if record.number(12, 12) != expected {
                warnings.append(BankFileWarning(line: record.line, message: "the RDFI routing number \(record.shown(4, 12)) has check digit \(record.shown(12, 12)), expected \(expected); the entry was read as written"))
            }
        } else {
            warnings.append(BankFileWarning(line: record.line, message: "the RDFI routing number '\(record.shown(4, 11))' is not eight digits"))
        }
        let credit: Bool
        switch transactionCode % 10 {
        case 1...4: credit = true
        case 5...9: credit = false
        default:
            warnings.append(BankFileWarning(line: record.line, message: "transaction code \(record.shown(2, 3)) is neither a credit nor a debit code; the entry was left out"))
            return
        }
        if credit { batchCredits += amount } else { batchDebits += amount }

        var transaction = BankTransaction(
            bankReference: record.text(80, 94), accountID: batch?.accountID, statementID: batch?.statementID,
            bookingDate: effectiveDate, valueDate: effectiveDate,
            amount: Money(minorUnits: credit ? amount : -amount, currency: .usd),
            typeCode: record.shown(2, 3) + (secCode.isEmpty ? "" : " " + secCode), line: record.line)
        let receiverAccount = [record.text(4, 12), iat ? record.text(40, 74) : record.text(13, 29)].compactMap { $0 }.joined(separator: "/")

        if iat {
            var originator: String?
            var receiver: String?
            var remittance: [String] = []
            for addendum in addenda {
                switch addendum.text(2, 3) {
                case "10": receiver = addendum.text(47, 81)
                case "11": originator = addendum.text(4, 38)
                case "17": if let text = addendum.text(4, 83) { remittance.append(text) }
                default: readReturnOrChange(addendum, into: &remittance)
                }
            }
            transaction.payerName = credit ? originator : receiver
            transaction.payerAccount = credit ? nil : receiverAccount
            transaction.remittance = remittance.isEmpty ? nil : remittance.joined(separator: " | ")
        } else {
            let identification: String?
            let name: String?
            switch secCode {
            case "CIE":
                name = record.text(40, 54)
                identification = record.text(55, 76)
            case "CTX":
                name = record.text(59, 74)
                identification = record.text(40, 54)
            default:
                name = record.text(55, 76)
                identification = record.text(40, 54)
            }
            // Returns and notifications of change are about the receiver's original entry.
            let aboutReceiver = addenda.contains { $0.text(2, 3) == "99" || $0.text(2, 3) == "98" }
            if credit && secCode == "CIE" {
                transaction.payerName = name
                transaction.payerAccount = identification
            } else if credit && !aboutReceiver {
                transaction.payerName = companyName
            } else {
                transaction.payerName = name
                transaction.payerAccount = receiverAccount.isEmpty ? nil : receiverAccount
            }
            transaction.endToEndID = identification
            readAddenda(into: &transaction)
        }
        batch?.transactions.append(transaction)
    }

    /// Payment-related information (05) as remittance and RMR references; returns and
    /// notifications of change as text led by their code.
    private func readAddenda(into transaction: inout BankTransaction) {
        var notes: [String] = []
        var information: [UInt8] = []
        var pieces = 0
        for addendum in addenda {
            guard addendum.text(2, 3) == "05" else {
                readReturnOrChange(addendum, into: &notes)
                continue
            }
            let range = addendum.columns(4, 83)
            pieces += 1
            if secCode == "CTX" {
                // CTX splits one X12 message over many addenda at fixed width: join them as they are.
                information.append(contentsOf: UnsafeBufferPointer(rebasing: addendum.buffer[range]))
                information.append(contentsOf: repeatElement(BankFieldBytes.space, count: 80 - range.count))
            } else {
                let trimmed = BankFieldBytes.trimmed(addendum.buffer, range)
                guard !trimmed.isEmpty else { continue }
                if !information.isEmpty { information.append(BankFieldBytes.space) }
                information.append(contentsOf: UnsafeBufferPointer(rebasing: addendum.buffer[trimmed]))
            }
        }
        if pieces > 0 && secCode == "CTX" && !looksLikeX12(information) {
            // Plain text in CTX addenda: one line per addenda record reads better.
            information.removeAll()
            for addendum in addenda where addendum.text(2, 3) == "05" {
                guard let text = addendum.text(4, 83) else { continue }
                if !information.isEmpty { information.append(BankFieldBytes.space) }
                information.append(contentsOf: text.utf8)
            }
        }
        information.withUnsafeBufferPointer { text in
            let trimmed = BankFieldBytes.trimmed(text, 0..<text.count)
            if !trimmed.isEmpty {
                notes.insert(String(decoding: UnsafeBufferPointer(rebasing: text[trimmed]), as: UTF8.self), at: 0)
            }
            transaction.structuredReferences = NACHAAddenda.remittanceReferences(text)
        }
        transaction.remittance = notes.isEmpty ? nil : notes.joined(separator: " | ")
    }

    private func readReturnOrChange(_ addendum: BankFixedWidthRecord, into notes: inout [String]) {
        switch addendum.text(2, 3) {
        case "99": notes.append(NACHAAddenda.returnNote(addendum))
        case "98": notes.append(NACHAAddenda.changeNote(addendum))
        default: break
        }
    }

    private func looksLikeX12(_ text: [UInt8]) -> Bool {
        text.contains(UInt8(ascii: "*")) || text.starts(with: Array("ISA".utf8))
    }
}
