import ARCore

/// What a credit on the test set's statement is, in the terms of the spec (see
/// ``IndependentCashWorld``), with its share of statement lines in permille.
public enum IndependentPattern: String, CaseIterable, Sendable, Hashable {
    case exactReference = "exact_reference"
    case referenceVariant = "reference_variant"
    case poReference = "po_reference"
    case noReference = "no_reference"
    case multiListed = "multi_listed"
    case multiFirstNamed = "multi_first_named"
    case multiUnreferenced = "multi_unreferenced"
    case sameAmountNamed = "same_amount_named"
    case sameAmountUnnamed = "same_amount_unnamed"
    case bankFee = "bank_fee"
    case earlyDiscount = "early_discount"
    case partial
    case shortDeduction = "short_deduction"
    case competingExplanations = "competing_explanations"
    case misKeyed = "mis_keyed"
    case absurdOverpayment = "absurd_overpayment"
    case roundedOverpayment = "rounded_overpayment"
    case parentPays = "parent_pays"
    case paymentProcessor = "payment_processor"
    case invoiceNotImported = "invoice_not_imported"
    case duplicatePayment = "duplicate_payment"
    case bankInterest = "bank_interest"
    case supplierRefund = "supplier_refund"
    case internalTransfer = "internal_transfer"
    case cardSettlement = "card_settlement"
    case taxRefund = "tax_refund"
    case returnedPayment = "returned_payment"

    /// Share of statement lines, permille (they add up to 1,000).
    public var permille: Int {
        switch self {
        case .exactReference: 295
        case .referenceVariant: 130
        case .poReference: 30
        case .noReference: 80
        case .multiListed: 60
        case .multiFirstNamed: 40
        case .multiUnreferenced: 25
        case .sameAmountNamed: 20
        case .sameAmountUnnamed: 20
        case .bankFee: 40
        case .earlyDiscount: 35
        case .partial: 30
        case .shortDeduction: 25
        case .competingExplanations: 20
        case .misKeyed: 15
        case .absurdOverpayment: 5
        case .roundedOverpayment: 10
        case .parentPays: 20
        case .paymentProcessor: 15
        case .invoiceNotImported: 15
        case .duplicatePayment: 5
        case .bankInterest: 10
        case .supplierRefund: 15
        case .internalTransfer: 15
        case .cardSettlement: 15
        case .taxRefund: 5
        case .returnedPayment: 5
        }
    }

    /// Money that is not a customer's payment of open invoices at all.
    public var isNonCustomer: Bool {
        switch self {
        case .bankInterest, .supplierRefund, .internalTransfer, .cardSettlement, .taxRefund, .returnedPayment: true
        default: false
        }
    }
}

/// How the bank presents who paid.
public enum PayerPresentation: String, CaseIterable, Sendable, Hashable {
    /// Name and account in their own fields (camt `Dbtr`/`DbtrAcct`, BAI2 `ORIG CO NAME:`, MT940 `/NAME/`).
    case structured
    /// A name field, no account (cheques read by a lockbox, some ACH).
    case nameOnly = "name_only"
    /// An account and no usable name.
    case accountOnly = "account_only"
    /// Only the last four characters of the account, and no name.
    case maskedAccountOnly = "masked_account_only"
    /// Name and account only inside one unstructured text with the remittance.
    case freeTextOnly = "free_text_only"
    /// Nothing about the payer (a cheque deposited over the counter).
    case nothing
}

/// The rail a payment came by: it decides the name field's length, the remittance field's
/// length and which accounts appear.
public enum PaymentChannel: String, CaseIterable, Sendable, Hashable {
    case ach, wire, swift, check
    /// Credits the bank books itself (interest, sweeps, card settlements).
    case book

    /// NACHA batch header Company Name (16); Fedwire and SWIFT originator name lines (35);
    /// a lockbox's keyed name (35).
    public var nameLength: Int {
        switch self {
        case .ach: 16
        case .wire, .swift, .check, .book: 35
        }
    }

    /// NACHA CCD+ addenda payment-related information (80); Fedwire `{6000}` originator to
    /// beneficiary information and SWIFT MT103 field 70 (4 × 35 = 140); a lockbox's keyed stub
    /// line (80).
    public var remittanceLength: Int {
        switch self {
        case .ach, .check: 80
        case .wire, .swift, .book: 140
        }
    }
}

/// How one credit of the test set came about: the answer in full, beyond what the scorer compares.
public struct IndependentCredit: Sendable, Hashable {
    public var pattern: IndependentPattern
    public var presentation: PayerPresentation
    public var channel: PaymentChannel
    /// The customer whose money it is; `nil` for credits that are not a customer's.
    public var payer: CustomerID?
    /// Cash applied per invoice (the truth's allocations).
    public var cash: [InvoiceNumber: Int64]
    /// Fee or discount settled with the cash, per invoice.
    public var adjustments: [InvoiceNumber: Int64]
    /// What stays on account (overpayments) or is not the invoices' at all.
    public var unapplied: Int64
    /// The remittance as the payer wrote it, before the rail cut it.
    public var written: String?
    /// A careful clerk would not post it without looking, even knowing the allocation.
    public var requiresReview: Bool
}
