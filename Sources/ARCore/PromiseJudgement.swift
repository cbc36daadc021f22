/// The rule that closes a promise to pay: kept, broken, or moot, judged from the invoice as the
/// ledger holds it on a day. Pure, so the agent cycle, the tests and `aragent verify` agree.
///
/// The deadline is the promised date plus the policy's grace days (the same slack the planner
/// gives before chasing again).
/// - The invoice is settled: kept if its paid date is on or before the deadline, broken if later.
///   Settled without a paid date (written off or credited in full, no payment): cancelled, the
///   promise no longer applies.
/// - A promise of an amount, with the open amount known when it was made: kept once the open
///   amount has fallen by at least that amount. A part payment's day is not known, only that a
///   cycle saw it; the daily cycle sees it by the next day, and a cycle that did not run for a
///   while counts one that came in meanwhile as in time.
/// - Otherwise, broken once the deadline has passed; still open before.
public enum PromiseJudgement {
    public struct Promise: Sendable, Hashable {
        public var promisedDate: CalendarDate
        /// The amount promised, if the customer named one (minor units of the invoice's currency).
        public var amount: Int64?
        /// What the invoice had open when the promise was made (nil for promises recorded before it was kept).
        public var openAtPromise: Int64?
        public init(promisedDate: CalendarDate, amount: Int64? = nil, openAtPromise: Int64? = nil) {
            self.promisedDate = promisedDate
            self.amount = amount
            self.openAtPromise = openAtPromise
        }
    }

    /// The invoice's derived state now.
    public struct InvoiceState: Sendable, Hashable {
        public var open: Int64
        public var currency: Currency
        public var status: InvoiceStatus
        public var paidDate: CalendarDate?
        public init(open: Int64, currency: Currency, status: InvoiceStatus, paidDate: CalendarDate?) {
            self.open = open
            self.currency = currency
            self.status = status
            self.paidDate = paidDate
        }
    }

    public struct Verdict: Sendable, Hashable {
        public var status: PromiseStatus
        /// The facts behind it, for the audit log.
        public var why: String
    }

    /// The promise's new status on `day`, or nil while it stays open.
    public static func judge(_ promise: Promise, invoice: InvoiceState, on day: CalendarDate, graceDays: Int) -> Verdict? {
        func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: invoice.currency).description }
        let deadline = promise.promisedDate.adding(days: graceDays)
        let terms = "promised by \(promise.promisedDate.iso), \(graceDays) grace day\(graceDays == 1 ? "" : "s") to \(deadline.iso)"
        if invoice.status == .paid || invoice.open == 0 {
            guard let paid = invoice.paidDate else {
                return Verdict(status: .cancelled, why: "the invoice was settled without a payment (written off or credited); \(terms)")
            }
            return paid <= deadline
                ? Verdict(status: .kept, why: "paid in full on \(paid.iso); \(terms)")
                : Verdict(status: .broken, why: "paid in full on \(paid.iso), after the deadline; \(terms)")
        }
        if let amount = promise.amount, let before = promise.openAtPromise {
            let (target, overflow) = before.subtractingReportingOverflow(amount)
            if !overflow && target > 0 && invoice.open <= target {
                return Verdict(status: .kept, why: "the open amount fell from \(money(before)) to \(money(invoice.open)), at least the \(money(amount)) promised; \(terms)")
            }
        }
        if day > deadline {
            return Verdict(status: .broken, why: "still \(money(invoice.open)) open on \(day.iso); \(terms)")
        }
        return nil
    }
}
