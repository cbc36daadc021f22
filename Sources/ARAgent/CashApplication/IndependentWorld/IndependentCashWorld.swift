import ARCore

/// The test set for cash application: a world written from a plain-language account of what
/// banks and customers do, independently of the matcher and of the development set
/// (``CashApplicationWorld``), and never tuned against the matcher. Deterministic for a seed; no I/O.
///
/// ## The spec
///
/// **The company** is a US supplier (Harbourline Components Inc.) invoicing in USD. Its invoices
/// come from two series: its own `INV/2026/04512` and an acquired unit's ten-digit SAP numbers
/// `0090012345` (25% of customers). Terms are net 14/30/45/60; 15% of customers have an
/// early-payment discount (US 2% in 10 days; European 2% or 3% in 14 days), which no ledger field says.
///
/// **Customers** (55% US, the rest DE, GB, NL, FR, ES, IT) have legal names with their forms
/// (Inc., LLC, GmbH & Co. KG, Ltd, B.V., S.A., S.p.A.), "The … Group", ampersands, umlauts and
/// accents; 8% also pay under a trading name; 6% are subsidiaries whose parent sometimes pays.
/// 12% are subscription customers billed the same amount every month. 35% quote their own
/// purchase-order numbers (SAP `45…`, `PO-…`, `ORD 2026-…`), a fifth of them one blanket PO.
/// A few large customers hold most invoices.
///
/// **Rails**: US customers pay by ACH (55%), Fedwire (25%) or cheque (20%); European ones by
/// SWIFT wire. The rail cuts what the payer wrote: ACH addenda 80 characters and a 16-character
/// company name, wires and SWIFT field 70 140 characters (4 × 35) and 35-character names, a
/// lockbox's keyed stub line 80. Banks write the name their way (capitals, no punctuation or
/// diacritics, `&` as AND/+, legal form dropped or spelled out, MFG/INTL, cut at the field).
///
/// **Who paid** is shown (per rail) in fields (ACH 70%, wires 50–55%), by name only (cheques
/// 40%, ACH 15%), by account only (IBAN, account with ABA routing, ACH company id; 5–20%),
/// by a masked account only (5–10%), only inside one unstructured text with the remittance
/// (wires 35%, ACH 15%), or not at all (cheques 30%). 12% of payments come from an account the
/// history has not seen. 75% of customers have payment history (1–6 past receipts).
///
/// **What they paid** (share of statement lines, permille; ``IndependentPattern``): exact
/// reference 295; reference written differently 130 (no prefix, leading zeros dropped,
/// separators changed, the payer's own words RECHNUNG/FACTURE/FACTUUR, short year, one digit
/// mistyped in a tenth of them); PO number only 30; no reference 80; several invoices all
/// listed 60 (the rail's cut may drop the last ones); several invoices with only the first named
/// ("ETC", "+3 MORE") 40; the oldest open items without a word 25; one of several open invoices
/// of the same amount, named 20 and unnamed 20 (the payer's choice: the oldest 60%); an
/// intermediary's wire fee of 10.00–45.00 deducted 40; an early-payment discount 35 (a fifth of
/// them taken after the window); a partial payment 30; a short payment with a deduction 25;
/// an amount that fits two explanations, unnamed (an invoice exactly, or another less a wire fee
/// or the discount, each as likely as the exact one, 40%; or, for payers without fees or
/// discounts, paid in part, 10%) 20; transposed digits 15; an absurd overpayment (×100, ×1000, or
/// a million more) 5; an amount
/// rounded up 10; a parent paying a subsidiary's invoice 20; a payment platform (Bill.com,
/// AvidXchange, PayPal…) paying on a customer's behalf, the customer named in the text 15; a
/// payment for an invoice not yet imported 15; a duplicate payment of a settled invoice 5.
/// Not customer payments (65): bank interest 10, supplier refunds 15, internal transfers 15,
/// card settlements 15, tax refunds 5, returned outgoing payments 5.
///
/// **The answer** for each line (``CashApplicationWorld/Truth``): the cash per invoice; none
/// for money that is not a customer's payment of open invoices now (non-customer credits,
/// invoices not yet imported, duplicate payments); and `requiresReview` where a person must look
/// even though the allocation is known (absurd overpayments, a mis-keyed amount 10% or more
/// above the invoice). ``IndependentCredit`` keeps the rest: fee or discount per invoice, what is
/// left on account, the rail, how the payer was shown and what the payer wrote before the cut.
public struct IndependentCashWorld: Sendable {
    public var customers: [Customer] = []
    /// The invoices the ledger holds: open ones, and the settled ones the history names.
    public var invoices: [Invoice] = []
    public var history: [HistoricalReceipt] = []
    /// The statement's credits, in value-date order.
    public var payments: [IncomingPayment] = []
    public var truth: [PaymentID: CashApplicationWorld.Truth] = [:]
    public var credits: [PaymentID: IndependentCredit] = [:]
    /// Invoices issued but not yet imported: some payments name them.
    public var notImported: [Invoice] = []

    /// The company's own name, as internal transfers show it.
    public static let companyName = "Harbourline Components Inc."

    public init(seed: UInt64, size: CashApplicationWorld.Size, asOf: CalendarDate) {
        var builder = IndependentWorldBuilder(seed: seed, size: size, asOf: asOf)
        builder.build()
        self = builder.world
    }

    /// The invoices open on the ledger (what cash application may apply to).
    public var openInvoices: [Invoice] { invoices.filter { $0.status == .open } }

    /// The truth with another grouping than the pattern: how the bank showed the payer, or the
    /// rail, so the same scorer reports per presentation or per rail.
    public func truthGrouped(by grouping: Grouping) -> [PaymentID: CashApplicationWorld.Truth] {
        var out: [PaymentID: CashApplicationWorld.Truth] = [:]
        for payment in payments {
            guard var expected = truth[payment.id], let credit = credits[payment.id] else { continue }
            switch grouping {
            case .pattern: break
            case .presentation: expected.pattern = credit.pattern.isNonCustomer ? "non_customer" : credit.presentation.rawValue
            case .channel: expected.pattern = credit.channel.rawValue
            }
            out[payment.id] = expected
        }
        return out
    }

    public enum Grouping: String, Sendable, CaseIterable { case pattern, presentation, channel }
}
