import ARCore
import Foundation

/// One line of a customer's timeline.
public struct TimelineEvent: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case invoice, paid, message, payment, promise, dispute, hold, action, note, audit, signal
    }

    /// When: a `YYYY-MM-DD` date or an ISO 8601 instant; both sort as text.
    public var at: String
    public var kind: Kind
    public var title: String
    public var detail: String
    /// The invoice it concerns, if one.
    public var invoice: InvoiceNumber?
}

/// The customer page's one timeline, merged from every part of the customer's story, newest
/// first. Pure: the story is read by ``WorkbenchQueries/customerStory(_:limit:)``.
public enum CustomerTimeline {
    /// The audit actions that are notes people wrote (shown as notes, not as audit lines).
    public static let noteAction = "note"
    /// The audit actions of customer signals (`signal:open`, …): the timeline shows the signal.
    public static let signalActionPrefix = "signal:"

    public static func events(_ story: CustomerStory) -> [TimelineEvent] {
        var events: [TimelineEvent] = []
        for invoice in story.invoices {
            events.append(TimelineEvent(at: invoice.issueDate.iso, kind: .invoice, title: "Invoice \(invoice.number) issued",
                                        detail: "\(invoice.amount), due \(invoice.dueDate.iso)\(invoice.poNumber.map { ", PO \($0)" } ?? "")",
                                        invoice: invoice.number))
            if let paid = invoice.paidDate {
                events.append(TimelineEvent(at: paid.iso, kind: .paid, title: "Invoice \(invoice.number) paid",
                                            detail: "\(paid.days(since: invoice.dueDate)) days after its due date", invoice: invoice.number))
            }
        }
        for message in story.messages {
            events.append(TimelineEvent(at: message.sentAt ?? message.nextAttemptAt, kind: .message,
                                        title: "\(message.channel.rawValue.capitalized) \(message.status): \(message.subject)",
                                        detail: "to \(message.recipients.joined(separator: ", "))\(message.attempts > 1 ? ", \(message.attempts) attempts" : "")\(message.lastError.map { "; last error: \($0)" } ?? "")",
                                        invoice: nil))
        }
        for action in story.actions {
            let a = action.action
            events.append(TimelineEvent(at: action.createdAt, kind: .action, title: "\(a.kind.rawValue) by \(a.channel.rawValue) \(action.status.rawValue)",
                                        detail: a.reason + (action.decidedBy.map { " — decided by \($0)" } ?? "") + (action.note.map { ": \($0)" } ?? ""),
                                        invoice: a.invoices.count == 1 ? a.invoices.first : nil))
        }
        for payment in story.payments {
            let allocation = payment.allocation
            let reversal = allocation.reverses != nil
            events.append(TimelineEvent(at: allocation.createdAt, kind: .payment,
                                        title: reversal ? "Allocation reversed on \(allocation.invoice)" : "Payment of \(allocation.amount) applied to \(allocation.invoice)",
                                        detail: "bank line \(allocation.transactionID) of \(payment.valueDate.iso)\(payment.payerName.map { " from \($0)" } ?? ""), by \(allocation.decidedBy): \(allocation.reason)",
                                        invoice: allocation.invoice))
        }
        for promise in story.promises {
            events.append(TimelineEvent(at: promise.createdAt, kind: .promise,
                                        title: "Promise to pay \(promise.amount.map(\.description) ?? "in full") by \(promise.promisedDate.iso): \(promise.status.rawValue)",
                                        detail: "recorded by \(promise.createdBy)\(promise.closeNote.map { "; \($0)" } ?? "")", invoice: promise.invoice))
        }
        for dispute in story.disputes {
            events.append(TimelineEvent(at: dispute.openedAt, kind: .dispute, title: "Dispute (\(dispute.type)) \(dispute.status.rawValue)",
                                        detail: (dispute.note ?? "") + (dispute.outcome.map { " — outcome \($0.rawValue)" } ?? "")
                                            + (dispute.resolutionNote.map { ": \($0)" } ?? ""), invoice: dispute.invoice))
        }
        for hold in story.holds {
            events.append(TimelineEvent(at: hold.placedAt, kind: .hold, title: "Hold on \(hold.target) \(hold.status.rawValue)",
                                        detail: hold.reason + (hold.until.map { " until \($0.iso)" } ?? "") + (hold.releaseNote.map { "; released: \($0)" } ?? ""),
                                        invoice: nil))
        }
        for signal in story.signals {
            let what = signal.kind.rawValue.replacingOccurrences(of: "_", with: " ")
            events.append(TimelineEvent(at: signal.occurredAt, kind: .signal,
                                        title: signal.isPersons ? "Customer: \(what)" : "Machine \(what) (not counted)",
                                        detail: signal.detail, invoice: signal.invoice))
        }
        for entry in story.audit where !entry.event.action.hasPrefix(signalActionPrefix) {
            let event = entry.event
            let isNote = event.action == noteAction
            events.append(TimelineEvent(at: entry.occurredAt, kind: isNote ? .note : .audit,
                                        title: isNote ? "Note by \(event.actor)" : "\(event.entity.rawValue) \(event.entityID) \(event.action) by \(event.actor)",
                                        detail: event.details, invoice: event.entity == .invoice ? InvoiceNumber(event.entityID) : nil))
        }
        return events.sorted { $0.at != $1.at ? $0.at > $1.at : $0.kind.rawValue < $1.kind.rawValue }
    }
}
