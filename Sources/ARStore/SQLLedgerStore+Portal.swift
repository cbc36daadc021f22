import ARAgent
import ARCore
import Crypto
import Foundation
import Synchronization

/// The customer's side: signals, their attachments, portal revocations and the company profile.
extension SQLLedgerStore: PortalStore {
    static let signalColumns = "id, customer_id, action_id, kind, invoice_number, automated_reason, detail, occurred_at"
    /// The audit action of a signal: the timeline shows the signal itself, not this line.
    public static func auditAction(of kind: CustomerSignal.Kind) -> String { CustomerTimeline.signalActionPrefix + kind.rawValue }

    @discardableResult
    public func record(_ signal: NewSignal, attachments: [NewAttachment], actor: String) async throws -> Bool {
        let database = self.database
        return try await database.transaction { _ in
            let now = Timestamp.now()
            let rows = try await database.fetch("""
                INSERT INTO customer_signals (customer_id, action_id, kind, invoice_number, automated_reason, detail, dedupe_key, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (dedupe_key) DO NOTHING RETURNING id
                """, [.text(signal.customerID.rawValue), .optional(signal.actionID), .text(signal.kind.rawValue), .optional(signal.invoice?.rawValue),
                      .optional(signal.automatedReason), .text(signal.detail), .optional(signal.dedupeKey), .text(now)])
            guard let row = rows.first, case .int(let id) = row[0] else { return false }
            var generator = SystemRandomNumberGenerator()
            for file in attachments {
                let fileID = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: .min ... .max, using: &generator)) }.joined()
                let digest = SHA256.hash(data: file.bytes).map { String(format: "%02x", $0) }.joined()
                try await database.execute("""
                    INSERT INTO signal_attachments (id, signal_id, customer_id, invoice_number, filename, content_type, size, sha256, content_base64, received_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, [.text(fileID), .int(id), .text(signal.customerID.rawValue), .optional(signal.invoice?.rawValue), .text(file.filename),
                          .text(file.contentType), .int(Int64(file.bytes.count)), .text(digest), .text(Data(file.bytes).base64EncodedString()), .text(now)])
            }
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            let files = attachments.isEmpty ? "" : " [files: \(attachments.map { "\($0.filename) (\($0.bytes.count) bytes)" }.joined(separator: ", "))]"
            audit.add(.customer, signal.customerID.rawValue, Self.auditAction(of: signal.kind),
                      signal.detail + (signal.actionID.map { " — message of action \($0)" } ?? "") + files)
            try await audit.write(to: database)
            return true
        }
    }

    public func signals(customer: CustomerID, limit: Int) async throws -> [CustomerSignal] {
        try await database.fetch("SELECT \(Self.signalColumns) FROM customer_signals WHERE customer_id = ? ORDER BY id DESC LIMIT ?",
                                 [.text(customer.rawValue), .int(Int64(limit))]).map(Self.signal)
    }

    public func signals(since: String) async throws -> [CustomerSignal] {
        try await database.fetch("SELECT \(Self.signalColumns) FROM customer_signals WHERE occurred_at >= ? ORDER BY id", [.text(since)]).map(Self.signal)
    }

    static func signal(_ row: [SQLValue]) throws -> CustomerSignal {
        let read = RecordRow(row, table: "customer_signals")
        guard case .int(let id) = row[0] else { throw read.error(0, "not an id") }
        guard let kind = CustomerSignal.Kind(rawValue: try read.text(3)) else { throw read.error(3, "not a signal kind") }
        return CustomerSignal(id: id, customerID: CustomerID(try read.text(1)), actionID: read.optionalText(2), kind: kind,
                              invoice: read.optionalText(4).map { InvoiceNumber($0) }, automatedReason: read.optionalText(5),
                              detail: try read.text(6), occurredAt: try read.text(7))
    }

    static let attachmentColumns = "id, customer_id, invoice_number, filename, content_type, size, sha256, received_at"

    public func attachments(customer: CustomerID) async throws -> [AttachmentInfo] {
        try await database.fetch("SELECT \(Self.attachmentColumns) FROM signal_attachments WHERE customer_id = ? ORDER BY received_at DESC, id",
                                 [.text(customer.rawValue)]).map(Self.attachmentInfo)
    }

    public func attachment(id: String) async throws -> (info: AttachmentInfo, bytes: [UInt8])? {
        guard let row = try await database.fetch("SELECT \(Self.attachmentColumns), content_base64 FROM signal_attachments WHERE id = ?", [.text(id)]).first else {
            return nil
        }
        let read = RecordRow(row, table: "signal_attachments")
        guard let bytes = Data(base64Encoded: try read.text(8)) else { throw read.error(8, "not base64") }
        return (try Self.attachmentInfo(row), Array(bytes))
    }

    static func attachmentInfo(_ row: [SQLValue]) throws -> AttachmentInfo {
        let read = RecordRow(row, table: "signal_attachments")
        guard case .int(let size) = row[5] else { throw read.error(5, "not a size") }
        return AttachmentInfo(id: try read.text(0), customerID: CustomerID(try read.text(1)), invoice: read.optionalText(2).map { InvoiceNumber($0) },
                              filename: try read.text(3), contentType: try read.text(4), size: Int(size), sha256: try read.text(6), receivedAt: try read.text(7))
    }

    public func revokePortal(customer: CustomerID, actor: String) async throws {
        let database = self.database
        try await database.transaction { _ in
            guard !(try await database.fetch("SELECT 1 FROM customers WHERE customer_id = ?", [.text(customer.rawValue)])).isEmpty else {
                throw CashApplicationError("there is no customer '\(customer)'; no links were withdrawn")
            }
            let now = Timestamp.now()
            try await database.execute("""
                INSERT INTO portal_revocations (customer_id, revoked_at) VALUES (?, ?)
                ON CONFLICT (customer_id) DO UPDATE SET revoked_at = excluded.revoked_at
                """, [.text(customer.rawValue), .text(now)])
            var audit = AuditWriter(now: now, actor: actor, importID: nil)
            audit.add(.customer, customer.rawValue, "portal_revoked", "portal links of the messages sent so far no longer open the portal")
            try await audit.write(to: database)
        }
    }

    public func portalRevokedAt(customer: CustomerID) async throws -> String? {
        try await database.fetch("SELECT revoked_at FROM portal_revocations WHERE customer_id = ?", [.text(customer.rawValue)]).first
            .flatMap { RecordRow($0, table: "portal_revocations").optionalText(0) }
    }

    public func openInvoices(customer: CustomerID) async throws -> [Invoice] {
        try await database.fetch("""
            SELECT \(Self.invoicePageColumns) FROM invoices WHERE customer_id = ? AND open_amount_minor > 0 ORDER BY due_date, invoice_number
            """, [.text(customer.rawValue)]).map(Self.pagedInvoice)
    }

    public func firstSentAt(actionID: String) async throws -> String? {
        try await database.fetch("SELECT MIN(sent_at) FROM outbox WHERE action_id = ? AND sent_at IS NOT NULL", [.text(actionID)]).first
            .flatMap { RecordRow($0, table: "outbox").optionalText(0) }
    }

    public func customers(email address: String) async throws -> [CustomerID] {
        let wanted = address.lowercased().trimmingCharacters(in: .whitespaces)
        guard !wanted.isEmpty else { return [] }
        // A coarse filter in SQL (instr has no wildcards), the exact comparison per address here.
        return try await database.fetch("SELECT customer_id, email FROM customers WHERE email IS NOT NULL AND \(database.engine == .sqlite ? "instr(LOWER(email), ?) > 0" : "strpos(LOWER(email), ?) > 0") ORDER BY customer_id",
                                        [.text(wanted)]).compactMap { row in
            let read = RecordRow(row, table: "customers")
            guard let id = read.optionalText(0), let email = read.optionalText(1) else { return nil }
            return Self.addresses(email).contains(wanted) ? CustomerID(id) : nil
        }
    }

    /// The addresses of a customer's email field, lowercased.
    public func contactsToFix() async throws -> [ContactToFix] {
        var lastLook: [String: String] = [:]
        for row in try await database.fetch("""
            SELECT customer_id, MAX(occurred_at) FROM customer_signals
            WHERE automated_reason IS NULL AND kind IN ('open', 'click', 'portal_view') GROUP BY customer_id
            """) {
            guard case .text(let customer) = row[0], case .text(let at) = row[1] else { continue }
            lastLook[customer] = at
        }
        var found: [String: ContactToFix] = [:]
        for row in try await database.fetch("""
            SELECT s.customer_id, c.name, s.dedupe_key, s.occurred_at, s.detail, c.email FROM customer_signals s
            JOIN customers c ON c.customer_id = s.customer_id
            WHERE s.kind = 'bounce' ORDER BY s.occurred_at, s.id
            """) {
            guard case .text(let customer) = row[0], case .text(let name) = row[1], case .text(let key) = row[2], case .text(let at) = row[3],
                  case .text(let detail) = row[4], case .text(let email) = row[5], at > (lastLook[customer] ?? "") else { continue }
            // The same rule as the planner's: the address the bounce names is still the customer's.
            let address = String(key.dropFirst("bounce:".count).prefix { $0 != "|" })
            guard Self.addresses(email).contains(address) else { continue }
            let since = found[customer]?.since ?? at
            found[customer] = ContactToFix(customerID: CustomerID(customer), name: name, address: address, since: since, detail: detail)
        }
        return found.values.sorted { ($0.since, $0.customerID) < ($1.since, $1.customerID) }
    }

    static func addresses(_ field: String) -> Set<String> {
        Set(field.lowercased().split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }).map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "<>")) })
    }

    static let companyProfileSetting = "company_profile"
    /// The profile text last read and what it decoded to: every portal page and message shows
    /// the profile, and decoding its JSON each time cost more than reading it.
    static let lastDecodedProfile = Mutex<(text: String, profile: CompanyProfile)?>(nil)

    public func companyProfile() async throws -> CompanyProfile? {
        guard let row = try await database.fetch("SELECT value FROM settings WHERE name = ?", [.text(Self.companyProfileSetting)]).first,
              let text = RecordRow(row, table: "settings").optionalText(0) else { return nil }
        if let known = Self.lastDecodedProfile.withLock({ $0?.text == text ? $0?.profile : nil }) { return known }
        do {
            let profile = try JSONDecoder().decode(CompanyProfile.self, from: Data(text.utf8))
            Self.lastDecodedProfile.withLock { $0 = (text, profile) }
            return profile
        } catch {
            throw DatabaseError("the stored company profile cannot be read (\(error)); set it again with `aragent company set FILE`")
        }
    }

    public func setCompanyProfile(_ profile: CompanyProfile, actor: String) async throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(profile), as: UTF8.self)
        let database = self.database
        try await database.transaction { _ in
            try await database.execute("""
                INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value
                """, [.text(Self.companyProfileSetting), .text(text)])
            var audit = AuditWriter(now: Timestamp.now(), actor: actor, importID: nil)
            audit.add(.user, "company", "company_profile_set", text)
            try await audit.write(to: database)
        }
    }
}
