import ARCore

/// The formats ARAgent reads payments from. Detected from a file's content, never its name.
public enum BankFileFormat: String, Sendable, Hashable, CaseIterable {
    case bai2, camt052, camt053, camt054, mt940, mt942, ofx, csv, nacha, lockbox
}

/// One booked movement on a bank account, as a statement or remittance file describes it,
/// normalized across formats. Credits (money received) are positive.
public struct BankTransaction: Sendable, Hashable {
    /// The bank's own reference for the entry, when the format has one (BAI2 bank reference,
    /// camt `AcctSvcrRef`/`NtryRef`, MT940 bank reference, OFX `FITID`, NACHA trace number).
    public var bankReference: String?
    /// The account the statement is for (IBAN or account number), when the file says.
    public var accountID: String?
    /// The statement or file identifier the entry came in (for deduplication with the reference).
    public var statementID: String?
    public var bookingDate: CalendarDate?
    public var valueDate: CalendarDate?
    /// Signed: credits positive, debits negative. Exact, in the currency's minor units.
    public var amount: Money
    public var payerName: String?
    public var payerAccount: String?
    /// All remittance text the file carries for the entry (unstructured lines joined with a
    /// space; for BAI2 the type-16 text and its continuations; for MT940 field 86).
    public var remittance: String?
    /// References the file gives in structured form (camt `Strd/CdtrRefInf/Ref`, `RfrdDocInf/Nb`,
    /// NACHA addenda, lockbox invoice numbers), in file order.
    public var structuredReferences: [String]
    /// The end-to-end identification the payer gave, if any.
    public var endToEndID: String?
    /// The format's transaction type or code (BAI2 type code, camt `BkTxCd`, MT940 GVC or
    /// transaction type, OFX TRNTYPE, NACHA transaction code), as written.
    public var typeCode: String?
    /// The 1-based line in the file where the entry starts (for messages).
    public var line: Int

    public init(
        bankReference: String? = nil, accountID: String? = nil, statementID: String? = nil,
        bookingDate: CalendarDate? = nil, valueDate: CalendarDate? = nil, amount: Money,
        payerName: String? = nil, payerAccount: String? = nil, remittance: String? = nil,
        structuredReferences: [String] = [], endToEndID: String? = nil, typeCode: String? = nil, line: Int = 0
    ) {
        self.bankReference = bankReference
        self.accountID = accountID
        self.statementID = statementID
        self.bookingDate = bookingDate
        self.valueDate = valueDate
        self.amount = amount
        self.payerName = payerName
        self.payerAccount = payerAccount
        self.remittance = remittance
        self.structuredReferences = structuredReferences
        self.endToEndID = endToEndID
        self.typeCode = typeCode
        self.line = line
    }

    public var isCredit: Bool { amount.isPositive }
}

/// One account's statement (or one batch of a remittance file).
public struct BankStatement: Sendable, Hashable {
    public var statementID: String?
    public var accountID: String?
    public var currency: Currency?
    public var openingBalance: Money?
    public var closingBalance: Money?
    public var transactions: [BankTransaction]

    public init(statementID: String? = nil, accountID: String? = nil, currency: Currency? = nil,
                openingBalance: Money? = nil, closingBalance: Money? = nil, transactions: [BankTransaction] = []) {
        self.statementID = statementID
        self.accountID = accountID
        self.currency = currency
        self.openingBalance = openingBalance
        self.closingBalance = closingBalance
        self.transactions = transactions
    }
}

/// Something real banks send that a strict reading rejects, tolerated and reported.
public struct BankFileWarning: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
    public var description: String { "line \(line): \(message)" }
}

/// A parsed file: its format, its statements, and what was tolerated.
public struct BankFile: Sendable, Hashable {
    public var format: BankFileFormat
    public var statements: [BankStatement]
    public var warnings: [BankFileWarning]

    public init(format: BankFileFormat, statements: [BankStatement], warnings: [BankFileWarning] = []) {
        self.format = format
        self.statements = statements
        self.warnings = warnings
    }

    public var transactions: [BankTransaction] { statements.flatMap(\.transactions) }
}

/// A file that cannot be read as its format: where, which field, and what is wrong.
public struct BankFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var field: String?
    public var message: String

    public init(line: Int, field: String? = nil, message: String) {
        self.line = line
        self.field = field
        self.message = message
    }

    public var description: String { "line \(line)\(field.map { " (\($0))" } ?? ""): \(message)" }
}
