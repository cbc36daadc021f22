import ARCore

/// Reads BAI lockbox transmissions: the checks a bank collected at a lockbox, as credits.
///
/// Records (the layout of the FundersClub `bai-lockbox` files): `1` immediate address header
/// (processing date), `2` service record, `5` detail header (lockbox number and deposit date;
/// each opens a ``BankStatement``), `6` check detail, `4` overflow of the check before it
/// (type `6`: memo lines → `remittance`; type `4`: invoice/document references →
/// `structuredReferences`), `7` batch total, `8` service total, `9` destination trailer.
///
/// A check becomes a credit in USD: remitter name as payer, routing/account as payer account,
/// check number (without its zero padding) as `bankReference`, the deposit date as booking and
/// value date. The date written on the check and the payee name (the lockbox owner) have no
/// place in the normalized transaction and are not kept. Totals and counts that do not add up
/// are warnings; a check amount that is not a number is an error.
public enum LockboxParser {
    public static func parse(_ bytes: [UInt8]) throws -> BankFile {
        try bytes.withUnsafeBufferPointer { buffer in
            var lines = BankFixedWidthLines(buffer, recordLength: 80)
            var builder = LockboxBuilder()
            while let record = lines.next() {
                try builder.consume(record)
            }
            return try builder.finish()
        }
    }
}

/// The lockbox structure read record by record.
struct LockboxBuilder {
    private var statements: [BankStatement] = []
    private var warnings: [BankFileWarning] = []
    private var records = 0
    private var sawHeader = false
    private var processingDate: CalendarDate?

    private var batch: BankStatement?
    private var depositDate: CalendarDate?
    private var lockboxChecks = 0
    private var lockboxTotal: Int64 = 0
    private var batchChecks = 0
    private var batchTotal: Int64 = 0
    /// Index in `batch.transactions` of the check that overflow records continue.
    private var lastCheck: Int?

    mutating func consume(_ record: BankFixedWidthRecord) throws {
        records += 1
        switch record.typeCode {
        case UInt8(ascii: "1"):
            sawHeader = true
            processingDate = record.date(24)
        case UInt8(ascii: "2"):
            break
        case UInt8(ascii: "5"):
            closeBatch()
            openBatch(record)
        case UInt8(ascii: "6"):
            if batch == nil {
                warnings.append(BankFileWarning(line: record.line, message: "a check (6) before any detail header (5); it was read into a lockbox of its own"))
                batch = BankStatement(currency: .usd)
                depositDate = processingDate
            }
            try readCheck(record)
        case UInt8(ascii: "4"):
            try readOverflow(record)
        case UInt8(ascii: "7"):
            check(record, "batch total (7)", "check count", record.number(21, 23), Int64(batchChecks))
            check(record, "batch total (7)", "check total", record.number(24, 33), batchTotal)
            batchChecks = 0
            batchTotal = 0
        case UInt8(ascii: "8"):
            check(record, "service total (8)", "check count", record.number(21, 24), Int64(lockboxChecks))
            check(record, "service total (8)", "check total", record.number(25, 34), lockboxTotal)
            lockboxChecks = 0
            lockboxTotal = 0
        case UInt8(ascii: "9"):
            check(record, "destination trailer (9)", "record count", record.number(2, 7), Int64(records))
        default:
            warnings.append(BankFileWarning(line: record.line, message: "record type '\(record.shown(1, 1))' is not a lockbox record (1, 2, 5, 6, 4, 7, 8, 9); it was skipped"))
        }
    }

    mutating func finish() throws -> BankFile {
        guard sawHeader || !statements.isEmpty || batch != nil else {
            throw BankFileError(line: 1, message: "the file holds no lockbox records; a lockbox transmission starts with an immediate address header (1)")
        }
        closeBatch()
        warnings.sort { $0.line < $1.line }
        return BankFile(format: .lockbox, statements: statements, warnings: warnings)
    }

    private mutating func openBatch(_ record: BankFixedWidthRecord) {
        let lockbox = record.text(8, 14)
        depositDate = record.date(15) ?? processingDate
        let parts = [lockbox, depositDate?.iso, record.text(2, 4)].compactMap { $0 }
        batch = BankStatement(statementID: parts.joined(separator: "-"), accountID: lockbox, currency: .usd)
        lastCheck = nil
    }

    private mutating func closeBatch() {
        if let batch { statements.append(batch) }
        batch = nil
        lastCheck = nil
    }

    private mutating func readCheck(_ record: BankFixedWidthRecord) throws {
        guard let amount = record.number(8, 17) else {
            throw BankFileError(line: record.line, field: "check amount", message: "'\(record.shown(8, 17))' is not an amount; columns 8–17 of a check record hold ten digits of cents")
        }
        var checkNumber = record.text(37, 46)
        if let number = checkNumber, number.utf8.allSatisfy(BankFieldBytes.isDigit) {
            let significant = number.drop { $0 == "0" }
            checkNumber = significant.isEmpty ? "0" : String(significant)
        }
        let account = [record.text(18, 26), record.text(27, 36)].compactMap { $0 }.joined(separator: "/")
        let transaction = BankTransaction(
            bankReference: checkNumber, accountID: batch?.accountID, statementID: batch?.statementID,
            bookingDate: depositDate, valueDate: depositDate,
            amount: Money(minorUnits: amount, currency: .usd),
            payerName: record.text(53, 82), payerAccount: account.isEmpty ? nil : account,
            line: record.line)
        batch?.transactions.append(transaction)
        lastCheck = (batch?.transactions.count ?? 1) - 1
        batchChecks += 1
        batchTotal += amount
        lockboxChecks += 1
        lockboxTotal += amount
    }

    private mutating func readOverflow(_ record: BankFixedWidthRecord) throws {
        guard let index = lastCheck, var transaction = batch?.transactions[index] else {
            throw BankFileError(line: record.line, field: "record type", message: "an overflow record (4) with no check (6) before it")
        }
        guard let data = record.text(12, 41) else { return }
        switch record.text(8, 8) {
        case "4":
            if !transaction.structuredReferences.contains(data) { transaction.structuredReferences.append(data) }
        default:
            transaction.remittance = transaction.remittance.map { $0 + " " + data } ?? data
        }
        batch?.transactions[index] = transaction
    }

    private mutating func check(_ record: BankFixedWidthRecord, _ what: String, _ name: String, _ written: Int64?, _ computed: Int64) {
        guard let written else {
            warnings.append(BankFileWarning(line: record.line, message: "the \(what) \(name) is not a number; it could not be checked"))
            return
        }
        if written != computed {
            warnings.append(BankFileWarning(line: record.line, message: "the \(what) gives \(name) \(written), the file has \(computed); the checks were read as written"))
        }
    }
}
