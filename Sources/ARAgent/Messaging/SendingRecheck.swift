import ARCore

/// The one re-check every message passes at the moment it leaves (email, text, letter), on the
/// facts read in the transaction that claims it: the action is still approved, the customer has
/// not unsubscribed from the channel and is not on hold, and each invoice is still open and not
/// disputed, promised or held. Invoices that no longer qualify are dropped (the message is
/// composed for the rest); with none left, or the action no longer approved, it is cancelled.
public enum SendingRecheck {
    public enum Verdict: Sendable, Hashable {
        /// Send for these invoices; `dropped` says which were left out and why.
        case send(still: [Invoice], dropped: [String])
        /// Send nothing, for this reason.
        case cancel(String)
    }

    public static func check(_ facts: DeliveryFacts, asOf: CalendarDate, promiseGraceDays: Int) -> Verdict {
        guard let stored = facts.action else { return .cancel("action \(facts.entry.actionID) is no longer in the ledger") }
        guard stored.status == .approved else {
            return .cancel("action \(stored.action.id) is \(stored.status.rawValue)\(stored.note.map { " (\($0))" } ?? ""); nothing is sent for it")
        }
        let action = stored.action
        if facts.unsubscribed.contains(facts.entry.channel) {
            return .cancel("customer \(action.customerID) unsubscribed from \(facts.entry.channel.rawValue)")
        }
        if !facts.customerHolds.isEmpty {
            return .cancel("customer \(action.customerID) is on hold (\(facts.customerHolds.joined(separator: "; ")))")
        }
        var still: [Invoice] = []
        var dropped: [String] = []
        for number in action.invoices {
            guard let standing = facts.invoices[number] else { dropped.append("\(number) is no longer in the ledger"); continue }
            let invoice = standing.invoice
            if invoice.paidDate != nil || invoice.openAmount.minorUnits <= 0 { dropped.append("\(number) is paid"); continue }
            if invoice.isDisputed { dropped.append("\(number) is disputed"); continue }
            if let promised = standing.promisedUntil, asOf <= promised.adding(days: promiseGraceDays) {
                dropped.append("\(number) is promised for \(promised.iso)")
                continue
            }
            if !standing.holds.isEmpty { dropped.append("\(number) is on hold (\(standing.holds.joined(separator: "; ")))"); continue }
            still.append(invoice)
        }
        guard !still.isEmpty else { return .cancel("re-checked before sending: \(dropped.joined(separator: ", ")); nothing left to remind") }
        return .send(still: still, dropped: dropped)
    }
}
