import ARCore
import Crypto
import Foundation
import Synchronization

/// Why a portal or tracking link is refused. The page says only this: nothing of the ledger.
public enum PortalRefusal: Error, Sendable, Equatable, CustomStringConvertible {
    case invalid, expired, revoked, unknown

    public var description: String {
        switch self {
        case .invalid: "This link is not valid. Please use the link in our most recent message, or contact us."
        case .expired: "This link has expired. Please use the link in our most recent message, or contact us for a new one."
        case .revoked: "This link has been withdrawn. Please use the link in our most recent message, or contact us."
        case .unknown: "This link no longer leads anywhere. Please contact us."
        }
    }
}

/// What a customer asks on the portal that cannot be done as asked.
public struct PortalInputError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// One customer's portal session, opened by a valid link: the customer, the message's action
/// and what is open now.
public struct PortalAccess: Sendable {
    public var token: String
    public var actionID: String
    public var customer: Customer
    public var openInvoices: [Invoice]
}

/// The customer portal's use cases: a signed, expiring link of one message opens its
/// customer's account (no password); what the customer does there becomes a promise, a
/// dispute or a request for a person, each also recorded as a signal with its audit entry.
public struct PortalService: Sendable {
    public let ledger: any WorkbenchLedger
    /// The visits this process recorded (or found recorded): a reload within the window costs
    /// no write transaction, which every other request would queue behind.
    let visits = VisitMemo()
    let key: SymmetricKey
    let now: @Sendable () -> Date
    /// The policy's limits (``DunningPolicy/portalPromiseMaxDays``) come from the active policy.
    let today: @Sendable () throws -> CalendarDate

    public init(ledger: any WorkbenchLedger, key: SymmetricKey, now: @escaping @Sendable () -> Date, today: @escaping @Sendable () throws -> CalendarDate) {
        self.ledger = ledger
        self.key = key
        self.now = now
        self.today = today
    }

    /// The largest file a customer may attach to a dispute, and how many.
    public static let maximumAttachmentBytes = 5 * 1024 * 1024
    public static let maximumAttachments = 3
    /// A visit is recorded once in this many seconds per message: a customer reloading the page
    /// is one visit, a customer coming back the next day another.
    public static let visitWindowSeconds: Int64 = 600
    /// The longest comment or contact field accepted, in characters.
    public static let maximumTextLength = 4_000

    /// The actor of everything a customer does on the portal, in the audit log.
    public static func actor(_ customer: CustomerID) -> String { "portal:\(customer.rawValue)" }

    /// Opens the portal for a link's token, or says why not.
    public func open(_ token: String) async throws -> PortalAccess {
        let verified: TrackingToken
        do {
            verified = try TrackingToken.verify(token, with: key, now: Int64(now().timeIntervalSince1970))
        } catch .expired { throw PortalRefusal.expired } catch { throw PortalRefusal.invalid }
        guard verified.purpose == .portal else { throw PortalRefusal.invalid }
        return try await access(actionID: verified.actionID, token: token)
    }

    func access(actionID: String, token: String) async throws -> PortalAccess {
        guard let stored = try await ledger.action(id: actionID),
              let customer = try await ledger.customers(ids: [stored.action.customerID])[stored.action.customerID] else {
            throw PortalRefusal.unknown
        }
        if let revoked = try await ledger.portalRevokedAt(customer: customer.id), stored.createdAt <= revoked { throw PortalRefusal.revoked }
        return PortalAccess(token: token, actionID: actionID, customer: customer, openInvoices: try await ledger.openInvoices(customer: customer.id))
    }

    /// A portal link for the same message (the payment links of older messages lead here).
    public func portalToken(actionID: String) -> String {
        TrackingToken(actionID: actionID, purpose: .portal, expires: Int64(now().timeIntervalSince1970) + Self.portalLinkSeconds).signed(with: key)
    }

    /// A tracked link from the portal to a payment page: the click is recorded as the message's.
    public func redirectToken(actionID: String, target: String) -> String {
        TrackingToken(actionID: actionID, purpose: .redirect, expires: Int64(now().timeIntervalSince1970) + Self.portalLinkSeconds, target: target)
            .signed(with: key)
    }

    /// How long a portal link made by the server (not by a message) is valid.
    public static let portalLinkSeconds: Int64 = 7 * 86_400

    public func recordVisit(_ access: PortalAccess, userAgent: String?, method: String) async throws {
        let reason = VisitScreening.automatedReason(userAgent: userAgent, method: method, secondsSinceSent: nil)
        let window = Int64(now().timeIntervalSince1970) / Self.visitWindowSeconds
        let key = "view:\(access.actionID):\(reason == nil ? "person" : "machine"):\(window)"
        guard !visits.contains(key) else { return }
        try await ledger.record(NewSignal(customerID: access.customer.id, actionID: access.actionID, kind: .portalView, automatedReason: reason,
                                          detail: "opened the portal", dedupeKey: key),
                                attachments: [], actor: Self.actor(access.customer.id))
        visits.insert(key)
    }

    /// Records a promise to pay the chosen invoices by `date`: each invoice's promise is recorded
    /// (chasing pauses until the date plus the policy's grace days). An amount is spread over
    /// the invoices oldest due first; invoices it does not reach are not promised.
    public func promise(_ access: PortalAccess, invoices numbers: [InvoiceNumber], date: CalendarDate, amount: String?) async throws -> [InvoiceNumber] {
        let chosen = try own(access, numbers)
        let today = try self.today()
        let policy = try await ledger.activePolicy()?.policy ?? DunningPolicy()
        let latest = today.adding(days: policy.portalPromiseMaxDays)
        guard date >= today else { throw PortalInputError("\(date.iso) is in the past; choose a date from \(today.iso) to \(latest.iso)") }
        guard date <= latest else {
            throw PortalInputError("a promise can be at most \(policy.portalPromiseMaxDays) days ahead (\(latest.iso)); for a longer plan, write to us")
        }
        let currencies = Set(chosen.map(\.openAmount.currency))
        var remaining: Money?
        if let amount, !amount.trimmingCharacters(in: .whitespaces).isEmpty {
            guard currencies.count == 1, let currency = currencies.first else {
                throw PortalInputError("an amount can be given for invoices of one currency at a time; choose invoices of one currency or leave the amount empty")
            }
            guard let parsed = try? Money(parsing: amount.trimmingCharacters(in: .whitespaces), currency: currency), parsed.isPositive else {
                throw PortalInputError("'\(amount)' is not an amount in \(currency.code), such as 250.00")
            }
            remaining = parsed
        }
        var promised: [InvoiceNumber] = []
        for invoice in chosen.sorted(by: { ($0.dueDate, $0.number) < ($1.dueDate, $1.number) }) {
            var part: Money?
            if let left = remaining {
                guard left.isPositive else { break }
                if left.minorUnits < invoice.openAmount.minorUnits {
                    part = left
                    remaining = Money(minorUnits: 0, currency: left.currency)
                } else {
                    remaining = try left.subtracting(invoice.openAmount)
                }
            }
            try await ledger.addPromise(invoice: invoice.number, date: date, amount: part, actor: Self.actor(access.customer.id))
            try await ledger.record(NewSignal(customerID: access.customer.id, actionID: access.actionID, kind: .promise, invoice: invoice.number,
                                              detail: "promised to pay \(part.map(\.description) ?? "in full (\(invoice.openAmount))") by \(date.iso) on the portal"),
                                    attachments: [], actor: Self.actor(access.customer.id))
            promised.append(invoice.number)
        }
        return promised
    }

    /// Opens a dispute on the invoice (chasing it stops until a person resolves it) with the
    /// customer's comment and files.
    public func dispute(_ access: PortalAccess, invoice number: InvoiceNumber, type: String, comment: String?, attachments: [NewAttachment]) async throws {
        let invoice = try own(access, [number])[0]
        guard let kind = DisputeType(rawValue: type), kind != .unspecified else {
            throw PortalInputError("choose what is wrong: \(DisputeType.namedByPeople.map(\.rawValue).joined(separator: ", "))")
        }
        let note = try text(comment, "The comment")
        guard attachments.count <= Self.maximumAttachments else { throw PortalInputError("attach at most \(Self.maximumAttachments) files") }
        for file in attachments {
            guard !file.bytes.isEmpty else { throw PortalInputError("the file '\(file.filename)' is empty") }
            guard file.bytes.count <= Self.maximumAttachmentBytes else {
                throw PortalInputError("the file '\(file.filename)' is larger than \(Self.maximumAttachmentBytes / 1024 / 1024) MB")
            }
            guard AttachmentType.allowed(file.bytes, filename: file.filename) != nil else {
                throw PortalInputError("the file '\(file.filename)' is not a PDF, an image (PNG, JPEG, GIF) or a text or CSV file")
            }
        }
        try await ledger.openDispute(invoice: invoice.number, type: kind.rawValue, note: note.map { "from the portal: \($0)" } ?? "from the portal",
                                     actor: Self.actor(access.customer.id))
        let typed = attachments.map { file in
            NewAttachment(filename: AttachmentType.safeName(file.filename), contentType: AttachmentType.allowed(file.bytes, filename: file.filename) ?? "application/octet-stream",
                          bytes: file.bytes)
        }
        try await ledger.record(NewSignal(customerID: access.customer.id, actionID: access.actionID, kind: .dispute, invoice: invoice.number,
                                          detail: "disputed (\(kind.rawValue))\(note.map { ": \($0)" } ?? "")\(typed.isEmpty ? "" : "; \(typed.count) file\(typed.count == 1 ? "" : "s") attached")"),
                                attachments: typed, actor: Self.actor(access.customer.id))
    }

    /// Asks for a copy of an invoice: a task for a person (the signal says which invoice).
    public func requestCopy(_ access: PortalAccess, invoice number: InvoiceNumber) async throws {
        let invoice = try own(access, [number])[0]
        try await ledger.record(NewSignal(customerID: access.customer.id, actionID: access.actionID, kind: .copyRequest, invoice: invoice.number,
                                          detail: "asked for a copy of invoice \(invoice.number)"),
                                attachments: [], actor: Self.actor(access.customer.id))
    }

    /// Proposes a new AR contact: recorded for a person to check and apply, never applied as is
    /// (a link forwarded to the wrong person must not redirect the reminders).
    public func proposeContact(_ access: PortalAccess, name: String?, email: String?, phone: String?) async throws {
        let name = try text(name, "The name"), email = try text(email, "The email address"), phone = try text(phone, "The phone number")
        guard name != nil || email != nil || phone != nil else { throw PortalInputError("give a name, an email address or a phone number") }
        if let email, !(email.contains("@") && !email.contains(" ") && email.count <= 254) {
            throw PortalInputError("'\(email)' is not an email address, such as ap@example.com")
        }
        let parts = [name.map { "name \($0)" }, email.map { "email \($0)" }, phone.map { "phone \($0)" }].compactMap { $0 }
        try await ledger.record(NewSignal(customerID: access.customer.id, actionID: access.actionID, kind: .contactChange,
                                          detail: "proposed a new AR contact: \(parts.joined(separator: ", ")) (to be checked and applied by a person)"),
                                attachments: [], actor: Self.actor(access.customer.id))
    }

    /// The statement as CSV: every open invoice, with what is overdue marked.
    public func statementCSV(_ access: PortalAccess) throws -> String {
        let today = try self.today()
        var lines = ["invoice_number,issue_date,due_date,currency,amount,open_amount,days_overdue"]
        for invoice in access.openInvoices {
            lines.append([Self.csvField(invoice.number.rawValue), invoice.issueDate.iso, invoice.dueDate.iso, invoice.amount.currency.code,
                          invoice.amount.decimalString, invoice.openAmount.decimalString, String(max(0, invoice.daysPastDue(on: today)))].joined(separator: ","))
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A CSV field as the reports write it: quoted when needed, and neutralised so a spreadsheet
    /// never runs it as a formula.
    static func csvField(_ text: String) -> String { CSVWriter.escape(CSVWriter.neutralised(text)) }

    private func own(_ access: PortalAccess, _ numbers: [InvoiceNumber]) throws -> [Invoice] {
        guard !numbers.isEmpty else { throw PortalInputError("choose at least one invoice") }
        let open = Dictionary(access.openInvoices.map { ($0.number, $0) }, uniquingKeysWith: { first, _ in first })
        return try numbers.map { number in
            guard let invoice = open[number] else { throw PortalInputError("invoice \(number) is not one of your open invoices") }
            return invoice
        }
    }

    private func text(_ value: String?, _ what: String) throws -> String? {
        guard let trimmed = value?.trimmingCharacters(in: .whitespacesAndNewlines), !trimmed.isEmpty else { return nil }
        guard trimmed.count <= Self.maximumTextLength else { throw PortalInputError("\(what) is at most \(Self.maximumTextLength) characters") }
        return trimmed
    }
}

/// Which files a customer may send: judged by their first bytes, not by the name or the type
/// the browser claims, so a script named `.pdf` is refused.
public enum AttachmentType {
    /// The content type the file is, if it is one that is accepted.
    public static func allowed(_ bytes: [UInt8], filename: String) -> String? {
        func starts(_ prefix: [UInt8]) -> Bool { bytes.count >= prefix.count && Array(bytes.prefix(prefix.count)) == prefix }
        if starts(Array("%PDF-".utf8)) { return "application/pdf" }
        if starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if starts([0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if starts(Array("GIF87a".utf8)) || starts(Array("GIF89a".utf8)) { return "image/gif" }
        let lower = filename.lowercased()
        if lower.hasSuffix(".txt") || lower.hasSuffix(".csv"), !bytes.contains(0), String(validating: bytes, as: UTF8.self) != nil {
            return lower.hasSuffix(".csv") ? "text/csv" : "text/plain"
        }
        return nil
    }

    /// The file's name without any folder, control characters or quotes, at most 120 characters.
    public static func safeName(_ name: String) -> String {
        let last = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(last.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\"" && $0.value != 0x7F }.map(Character.init))
        return cleaned.isEmpty ? "attachment" : String(cleaned.prefix(120))
    }
}

/// Dedupe keys of signals already in the database, remembered by one process so that repeats
/// are answered without a write. Bounded: when full it is emptied, and the database's unique
/// key still refuses a repeat.
final class VisitMemo: Sendable {
    private let keys = Mutex<Set<String>>([])
    static let limit = 100_000

    func contains(_ key: String) -> Bool { keys.withLock { $0.contains(key) } }

    func insert(_ key: String) {
        keys.withLock { set in
            if set.count >= Self.limit { set.removeAll(keepingCapacity: true) }
            set.insert(key)
        }
    }
}
