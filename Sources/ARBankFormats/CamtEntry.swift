import ARCore

/// One camt `Ntry` while it is being read: what the entry itself says, and its `TxDtls`.
struct CamtEntry {
    var line: Int
    var amount: Money?
    var credit: Bool?
    var bookingDate: CalendarDate?
    var valueDate: CalendarDate?
    var accountServicerReference: String?
    var entryReference: String?
    var additionalInformation: String?
    var typeCode = CamtTypeCode()
    var details: [CamtTransactionDetails] = []

    init(line: Int) { self.line = line }
}

/// One `TxDtls`: a single payment inside an entry (several of them make a batch).
struct CamtTransactionDetails {
    /// `TxDtls/Amt` (camt.05x.001.03 and later).
    var amount: Money?
    /// `TxDtls/AmtDtls/TxAmt/Amt` (every version).
    var transactionAmount: Money?
    var credit: Bool?
    var accountServicerReference: String?
    var endToEndID: String?
    var debtorName: String?
    var ultimateDebtorName: String?
    var debtorIBAN: String?
    var debtorOtherID: String?
    var creditorName: String?
    var ultimateCreditorName: String?
    var creditorIBAN: String?
    var creditorOtherID: String?
    var unstructured: [String] = []
    var structuredReferences: [String] = []
    var additionalInformation: String?
    var typeCode = CamtTypeCode()

    /// The amount of this payment alone, when the file gives one.
    var ownAmount: Money? { amount ?? transactionAmount }

    /// Several details that cannot be split (they carry no amounts of their own) folded into one,
    /// so that no reference or remittance line is lost.
    static func merged(_ details: [CamtTransactionDetails]) -> CamtTransactionDetails? {
        guard var result = details.first else { return nil }
        for other in details.dropFirst() {
            result.unstructured += other.unstructured
            result.structuredReferences += other.structuredReferences
            if result.endToEndID == nil { result.endToEndID = other.endToEndID }
            if result.accountServicerReference == nil { result.accountServicerReference = other.accountServicerReference }
            if result.debtorName == nil { result.debtorName = other.debtorName }
            if result.creditorName == nil { result.creditorName = other.creditorName }
            if result.additionalInformation == nil { result.additionalInformation = other.additionalInformation }
        }
        return result
    }
}

/// `BkTxCd`: the ISO domain/family/sub-family code, or the bank's proprietary code.
struct CamtTypeCode {
    var domain: String?
    var family: String?
    var subFamily: String?
    var proprietary: String?

    /// `PMNT/RCDT/ESCT` when the structured code is there (it is the one every bank shares),
    /// otherwise the proprietary code.
    var code: String? {
        if let domain {
            return [domain, family, subFamily].compactMap { $0 }.joined(separator: "/")
        }
        return proprietary
    }
}

/// One camt `Bal` while it is being read.
struct CamtBalance {
    var line: Int
    var code: String?
    var amount: Money?
    var credit: Bool?
}

/// One `Stmt`, `Ntfctn` or `Rpt` while it is being read.
struct CamtRecord {
    var line: Int
    var tag: CamtTag
    var id: String?
    var iban: String?
    var otherID: String?
    var currencyCode: String?
    /// The first currency any amount of the record is in: the statement currency when `Acct/Ccy`
    /// is absent (it is optional and often left out).
    var firstAmountCurrency: Currency?
    var openingBooked: Money?
    var previousClosing: Money?
    var closingBooked: Money?
    var transactions: [BankTransaction] = []

    init(line: Int, tag: CamtTag) {
        self.line = line
        self.tag = tag
    }

    var accountID: String? { iban ?? otherID }
}
