/// The one rule for what an invoice still owes, from the ERP's facts and ARAgent's records.
///
/// The ERP's export says what the ERP knows: the invoice's amount, its own open amount and the
/// day it considers the invoice settled. ARAgent adds what it did on top: cash applied from bank
/// lines (with the fees and discounts settled with them), reversals of those, write-offs and
/// credit notes recorded here. Until the ERP's export reflects one of these records, it is
/// "unreflected" and counts against the ERP's open amount; once reflected it is already inside
/// the ERP's figure and is not counted twice.
///
/// ```
/// open = 0                                        if the ERP says the invoice is settled (a paid date)
/// open = clamp(erp_open − unreflected, 0, amount) otherwise
/// ```
///
/// Clamping never hides money silently: the part cut off (`excess`) is what the ERP and ARAgent
/// disagree on, and `aragent report reconciliation` lists every invoice where it is not zero.
public enum OpenAmountRule {
    /// What the ERP's export says about an invoice.
    public struct Facts: Sendable, Hashable {
        public var amount: Int64
        public var erpOpen: Int64
        public var erpPaidDate: CalendarDate?
        public init(amount: Int64, erpOpen: Int64, erpPaidDate: CalendarDate?) {
            self.amount = amount
            self.erpOpen = erpOpen
            self.erpPaidDate = erpPaidDate
        }
    }

    /// ARAgent's own records about the invoice, summed.
    public struct Records: Sendable, Hashable {
        /// Allocations (cash plus the fee or discount settled with it, reversals negative) and
        /// adjustments that the ERP's export does not reflect yet.
        public var unreflected: Int64
        /// The value date of the latest payment applied to the invoice and not reversed.
        public var lastPaymentDate: CalendarDate?
        /// An open dispute record exists (opened here, or by an import flagging it).
        public var openDispute: Bool
        public init(unreflected: Int64 = 0, lastPaymentDate: CalendarDate? = nil, openDispute: Bool = false) {
            self.unreflected = unreflected
            self.lastPaymentDate = lastPaymentDate
            self.openDispute = openDispute
        }
    }

    /// The state every feature reads.
    public struct Derived: Sendable, Hashable {
        public var open: Int64
        public var paidDate: CalendarDate?
        public var disputed: Bool
        public var status: InvoiceStatus
        /// What clamping cut off: negative when ARAgent's records take the ERP's open amount below
        /// zero (both reduced it: a double count to reconcile), positive when reversals take it
        /// above the invoice's amount.
        public var excess: Int64
        public init(open: Int64, paidDate: CalendarDate?, disputed: Bool, status: InvoiceStatus, excess: Int64) {
            self.open = open
            self.paidDate = paidDate
            self.disputed = disputed
            self.status = status
            self.excess = excess
        }
    }

    public static func derive(_ facts: Facts, _ records: Records) -> Derived {
        if let paid = facts.erpPaidDate {
            return Derived(open: 0, paidDate: paid, disputed: records.openDispute, status: .paid, excess: 0)
        }
        // Both operands are bounded by stored amounts, but a hand-edited row must not trap:
        // an overflow counts as the whole invoice cut off.
        let (raw, overflow) = facts.erpOpen.subtractingReportingOverflow(records.unreflected)
        let value = overflow ? (records.unreflected > 0 ? Int64.min : Int64.max) : raw
        let open = min(max(value, 0), facts.amount)
        let excess = value < 0 ? value : value - open
        let settled = open == 0
        return Derived(open: open, paidDate: settled ? records.lastPaymentDate : nil, disputed: records.openDispute,
                       status: settled ? .paid : .open, excess: excess)
    }
}
