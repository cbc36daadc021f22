import ARAgent
import ARCore
import Synchronization

/// `aragent verify` and `aragent report reconciliation` over SQL. Each rule is one query (or one
/// streamed pass) over the whole ledger, so the check stays linear in its size.
extension SQLLedgerStore: LedgerVerification {
    public func verify(limit: Int) async throws -> VerificationReport {
        var report = VerificationReport()
        try await checkOpenAmountRule(&report, limit: limit)
        try await checkOverApplication(&report, limit: limit)
        try await checkBankLines(&report, limit: limit)
        try await checkReversals(&report, limit: limit)
        try await checkSentMessages(&report, limit: limit)
        try await checkActionTransitions(&report, limit: limit)
        for kind in Lifecycles.Kind.allCases { try await checkRecordTransitions(kind, &report, limit: limit) }
        try await checkBankLineTransitions(&report, limit: limit)
        return report
    }

    private func count(_ query: String) async throws -> Int {
        guard case .int(let value)? = try await database.fetch(query).first?.first else { return 0 }
        return Int(value)
    }

    private static func text(_ value: SQLValue) -> String {
        switch value {
        case .text(let text): text
        case .int(let number): String(number)
        case .bool(let flag): String(flag)
        case .null: ""
        }
    }

    /// Adds the rows of `query` (ids first, detail last) as violations of `rule`, at most `limit`.
    private func violations(_ rule: String, _ query: String, ids: Int, limit: Int, into report: inout VerificationReport) async throws {
        for row in try await database.fetch(query + " LIMIT \(limit)") {
            report.violations.append(Violation(rule: rule, ids: row.prefix(ids).map(Self.text), detail: Self.text(row[ids])))
        }
    }

    /// open_amount_rule: every invoice's derived state equals OpenAmountRule over its facts and records.
    private func checkOpenAmountRule(_ report: inout VerificationReport, limit: Int) async throws {
        let found = Mutex<(checked: Int, broken: [Violation], problems: [String])>((0, [], []))
        try await database.forEachRow("""
            SELECT i.invoice_number, i.amount_minor, i.erp_open_minor, i.erp_paid_date, i.open_amount_minor, i.paid_date, i.disputed, i.status,
                   COALESCE(u.total, 0), p.last_payment, CASE WHEN d.invoice_number IS NULL THEN 0 ELSE 1 END
            FROM invoices i
            LEFT JOIN (SELECT invoice_number, CAST(SUM(amount) AS BIGINT) AS total FROM (
                    SELECT invoice_number, amount_minor + adjustment_minor AS amount FROM allocations WHERE erp_reflected_at IS NULL
                    UNION ALL SELECT invoice_number, amount_minor AS amount FROM invoice_adjustments WHERE erp_reflected_at IS NULL) x
                GROUP BY invoice_number) u ON u.invoice_number = i.invoice_number
            LEFT JOIN (SELECT a.invoice_number, MAX(t.value_date) AS last_payment FROM allocations a JOIN bank_transactions t ON t.id = a.transaction_id
                WHERE a.reverses IS NULL AND NOT EXISTS (SELECT 1 FROM allocations r WHERE r.reverses = a.id) GROUP BY a.invoice_number) p
                ON p.invoice_number = i.invoice_number
            LEFT JOIN (SELECT DISTINCT invoice_number FROM disputes WHERE status = 'open') d ON d.invoice_number = i.invoice_number
            """) { values in
            do {
                var unreflected: Int64 = 0
                if case .int(let sum) = values[8] { unreflected = sum }
                var last: CalendarDate?
                if case .text(let day) = values[9] { last = CalendarDate(iso: day) }
                var disputed = false
                if case .int(let flag) = values[10] { disputed = flag != 0 }
                let row = try LedgerState.row(Array(values[0..<8]), records: { _ in
                    OpenAmountRule.Records(unreflected: unreflected, lastPaymentDate: last, openDispute: disputed)
                })
                let derived = row.derived
                found.withLock { state in
                    state.checked += 1
                    guard derived != row.stored, state.broken.count < limit else { return }
                    state.broken.append(Violation(rule: "open_amount_rule", ids: [row.number], detail: """
                        stored open \(row.stored.open), paid \(row.stored.paidDate?.iso ?? "-"), disputed \(row.stored.disputed), \(row.stored.status.rawValue); \
                        the rule gives open \(derived.open), paid \(derived.paidDate?.iso ?? "-"), disputed \(derived.disputed), \(derived.status.rawValue) \
                        (ERP open \(row.facts.erpOpen), unreflected \(unreflected))
                        """))
                }
            } catch {
                found.withLock { $0.problems.append("\(error)") }
            }
        }
        let result = found.withLock { $0 }
        if let problem = result.problems.first { throw DatabaseError(problem) }
        report.checked["invoices"] = result.checked
        report.violations += result.broken
    }

    /// no_over_application: no invoice settled beyond its amount by allocations and adjustments.
    private func checkOverApplication(_ report: inout VerificationReport, limit: Int) async throws {
        try await violations("no_over_application", """
            SELECT i.invoice_number, 'settled ' || CAST(s.total AS TEXT) || ' of an invoice of ' || CAST(i.amount_minor AS TEXT) || ' minor units'
            FROM invoices i JOIN (SELECT invoice_number, SUM(amount) AS total FROM (
                    SELECT invoice_number, amount_minor + adjustment_minor AS amount FROM allocations
                    UNION ALL SELECT invoice_number, amount_minor FROM invoice_adjustments) x GROUP BY invoice_number) s
                ON s.invoice_number = i.invoice_number
            WHERE s.total > i.amount_minor ORDER BY i.invoice_number
            """, ids: 1, limit: limit, into: &report)
    }

    /// bank_line_balance and bank_line_status: allocations + unapplied = amount, and the status says what the amounts say.
    private func checkBankLines(_ report: inout VerificationReport, limit: Int) async throws {
        report.checked["bank_lines"] = try await count("SELECT COUNT(*) FROM bank_transactions")
        report.checked["allocations"] = try await count("SELECT COUNT(*) FROM allocations")
        let applied = "COALESCE((SELECT SUM(a.amount_minor) FROM allocations a WHERE a.transaction_id = t.id), 0)"
        try await violations("bank_line_balance", """
            SELECT t.id, 'allocations ' || CAST(\(applied) AS TEXT) || ' + unapplied ' || CAST(t.unapplied_minor AS TEXT) || ' ≠ amount ' || CAST(t.amount_minor AS TEXT)
            FROM bank_transactions t WHERE \(applied) + t.unapplied_minor <> t.amount_minor ORDER BY t.id
            """, ids: 1, limit: limit, into: &report)
        try await violations("bank_line_status", """
            SELECT t.id, 'status ' || t.status || ' with ' || CAST(t.unapplied_minor AS TEXT) || ' of ' || CAST(t.amount_minor AS TEXT) || ' unapplied'
            FROM bank_transactions t
            WHERE (t.status = 'applied' AND t.unapplied_minor <> 0)
               OR (t.status = 'partially_applied' AND (t.unapplied_minor = 0 OR t.unapplied_minor = t.amount_minor))
               OR (t.status IN ('new', 'unmatched', 'review', 'rejected') AND t.unapplied_minor <> t.amount_minor)
            ORDER BY t.id
            """, ids: 1, limit: limit, into: &report)
    }

    /// reversal_once: each reversal undoes exactly one allocation (same line, invoice and amounts), once.
    private func checkReversals(_ report: inout VerificationReport, limit: Int) async throws {
        try await violations("reversal_once", """
            SELECT r.id, COALESCE(CAST(o.id AS TEXT), ''), 'reversal ' || CAST(r.id AS TEXT) || ' does not mirror allocation ' || COALESCE(CAST(r.reverses AS TEXT), '?')
            FROM allocations r LEFT JOIN allocations o ON o.id = r.reverses
            WHERE r.reverses IS NOT NULL AND (o.id IS NULL OR o.reverses IS NOT NULL OR o.transaction_id <> r.transaction_id
                OR o.invoice_number <> r.invoice_number OR o.amount_minor <> -r.amount_minor OR o.adjustment_minor <> -r.adjustment_minor)
            ORDER BY r.id
            """, ids: 2, limit: limit, into: &report)
    }

    /// sent_message_chaseable: when a message left, every invoice it names was open and not disputed, held or promised.
    private func checkSentMessages(_ report: inout VerificationReport, limit: Int) async throws {
        report.checked["messages"] = try await count("SELECT COUNT(*) FROM outbox WHERE status = 'sent'")
        let grace = Int64((try await activePolicy()?.policy ?? DunningPolicy()).promiseGraceDays)
        let sentDay = "substr(o.sent_at, 1, 10)"
        let promiseEnd = database.engine == .sqlite
            ? "date(p.promised_date, '+' || \(grace) || ' days')"
            : "to_char(CAST(p.promised_date AS DATE) + \(grace), 'YYYY-MM-DD')"
        // The invoices a message named are the action's invoices whose number its text shows
        // (the re-check at sending drops the others before rendering).
        let named = """
            FROM outbox o JOIN action_invoices ai ON ai.action_id = o.action_id JOIN invoices i ON i.invoice_number = ai.invoice_number
            WHERE o.status = 'sent' AND o.sent_at IS NOT NULL AND \(database.engine == .sqlite ? "instr(o.text_body, ai.invoice_number) > 0" : "strpos(o.text_body, ai.invoice_number) > 0")
            """
        try await violations("sent_message_chaseable", """
            SELECT o.id, ai.invoice_number, 'sent at ' || o.sent_at || ' while ' || CASE
                WHEN EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_number = ai.invoice_number AND d.created_at <= o.sent_at
                             AND (d.resolved_at IS NULL OR d.resolved_at > o.sent_at)) THEN 'disputed'
                WHEN EXISTS (SELECT 1 FROM holds h WHERE (h.invoice_number = ai.invoice_number OR h.customer_id = i.customer_id)
                             AND h.created_at <= o.sent_at AND (h.released_at IS NULL OR h.released_at > o.sent_at)
                             AND (h.until_date IS NULL OR h.until_date >= \(sentDay))) THEN 'on hold'
                WHEN EXISTS (SELECT 1 FROM promises p WHERE p.invoice_number = ai.invoice_number AND p.created_at <= o.sent_at
                             AND (p.status = 'open' OR p.closed_at > o.sent_at) AND \(promiseEnd) >= \(sentDay)) THEN 'promised'
                ELSE 'paid by allocations made before it' END
            \(named) AND (
                EXISTS (SELECT 1 FROM disputes d WHERE d.invoice_number = ai.invoice_number AND d.created_at <= o.sent_at
                        AND (d.resolved_at IS NULL OR d.resolved_at > o.sent_at))
                OR EXISTS (SELECT 1 FROM holds h WHERE (h.invoice_number = ai.invoice_number OR h.customer_id = i.customer_id)
                        AND h.created_at <= o.sent_at AND (h.released_at IS NULL OR h.released_at > o.sent_at)
                        AND (h.until_date IS NULL OR h.until_date >= \(sentDay)))
                OR EXISTS (SELECT 1 FROM promises p WHERE p.invoice_number = ai.invoice_number AND p.created_at <= o.sent_at
                        AND (p.status = 'open' OR p.closed_at > o.sent_at) AND \(promiseEnd) >= \(sentDay))
                OR (i.erp_open_minor > 0 AND COALESCE((SELECT SUM(a.amount_minor + a.adjustment_minor) FROM allocations a
                        WHERE a.invoice_number = ai.invoice_number AND a.created_at <= o.sent_at AND a.erp_reflected_at IS NULL), 0) >= i.erp_open_minor))
            ORDER BY o.id
            """, ids: 2, limit: limit, into: &report)
        try await violations("sent_message_chaseable", """
            SELECT o.id, o.action_id, 'sent for an action that is ' || a.status
            FROM outbox o JOIN actions a ON a.id = o.action_id WHERE o.status = 'sent' AND a.status <> 'executed' ORDER BY o.id
            """, ids: 2, limit: limit, into: &report)
    }

    /// status_transitions for disputes, holds and promises: each record's audit trail follows its
    /// lifecycle (ARCore `Lifecycles`) and ends at its stored status. Records made by a migration
    /// carry no audit trail and are judged by their stored status alone (the CHECKs).
    private func checkRecordTransitions(_ kind: Lifecycles.Kind, _ report: inout VerificationReport, limit: Int) async throws {
        let table = ["dispute": "disputes", "hold": "holds", "promise": "promises"][kind.rawValue] ?? kind.rawValue
        var current: [String: String] = [:]
        for row in try await database.fetch("SELECT id, status FROM \(table)") {
            if case .int(let id) = row[0], case .text(let status) = row[1] { current[String(id)] = status }
        }
        report.checked[table] = current.count
        var last: [String: String] = [:]
        var broken: [Violation] = []
        for row in try await database.fetch("SELECT entity_id, action FROM audit_log WHERE entity = ? ORDER BY id", [.text(kind.auditEntity.rawValue)]) {
            guard case .text(let id) = row[0], case .text(let action) = row[1], current[id] != nil, kind.auditActions.contains(action) else { continue }
            if !kind.allowed(fromAudit: last[id], toAudit: action), broken.count < limit {
                broken.append(Violation(rule: "status_transitions", ids: ["\(kind.rawValue):\(id)"],
                                        detail: "\(kind.rawValue) went from \(last[id] ?? "nothing") to \(action)"))
            }
            last[id] = action
        }
        for (id, status) in current.sorted(by: { $0.key < $1.key }) where broken.count < limit {
            guard let audited = last[id] else { continue }
            let auditedStatus = ["opened": kind == .hold ? "active" : "open", "placed": "active", "resolved": "resolved", "released": "released"][audited] ?? audited
            if auditedStatus != status {
                broken.append(Violation(rule: "status_transitions", ids: ["\(kind.rawValue):\(id)"],
                                        detail: "\(kind.rawValue) is \(status) but its audit trail ends at \(audited)"))
            }
        }
        report.violations += broken
    }

    /// status_transitions for bank lines: every status change in the audit log (`status: FROM → TO; …`)
    /// is one BankLineLifecycle allows, each starts where the previous ended, and the last ends at
    /// the line's stored status.
    private func checkBankLineTransitions(_ report: inout VerificationReport, limit: Int) async throws {
        var current: [String: String] = [:]
        for row in try await database.fetch("SELECT id, status FROM bank_transactions") {
            if case .int(let id) = row[0], case .text(let status) = row[1] { current[String(id)] = status }
        }
        var last: [String: BankLineStatus] = [:]
        var broken: [Violation] = []
        for row in try await database.fetch("SELECT entity_id, details FROM audit_log WHERE entity = 'payment' ORDER BY id") {
            guard case .text(let id) = row[0], case .text(let details) = row[1], current[id] != nil,
                  let change = BankLineLifecycle.transition(inAuditDetails: details) else { continue }
            if broken.count < limit, !BankLineLifecycle.allowed(from: change.from, to: change.to) || (last[id].map { $0 != change.from } ?? false) {
                broken.append(Violation(rule: "status_transitions", ids: ["bank_line:\(id)"],
                                        detail: "bank line went from \(change.from.rawValue) to \(change.to.rawValue)\(last[id].map { " after reaching \($0.rawValue)" } ?? "")"))
            }
            last[id] = change.to
        }
        for (id, status) in current.sorted(by: { $0.key < $1.key }) where broken.count < limit {
            if let audited = last[id], audited.rawValue != status {
                broken.append(Violation(rule: "status_transitions", ids: ["bank_line:\(id)"],
                                        detail: "bank line is \(status) but its audit trail ends at \(audited.rawValue)"))
            }
        }
        report.violations += broken
    }

    /// status_transitions: every action's audit trail follows ActionLifecycle and ends at its stored status.
    private func checkActionTransitions(_ report: inout VerificationReport, limit: Int) async throws {
        var current: [String: ActionStatus] = [:]
        for row in try await database.fetch("SELECT id, status FROM actions") {
            if case .text(let id) = row[0], case .text(let status) = row[1], let value = ActionStatus(rawValue: status) { current[id] = value }
        }
        report.checked["actions"] = current.count
        var last: [String: ActionStatus] = [:]
        var broken: [Violation] = []
        for row in try await database.fetch("SELECT entity_id, action FROM audit_log WHERE entity = 'action' ORDER BY id") {
            guard case .text(let id) = row[0], case .text(let verb) = row[1], current[id] != nil,
                  let status = ActionLifecycle.status(ofAuditAction: verb) else { continue }
            if let previous = last[id], previous != status, !ActionLifecycle.allowed(from: previous, to: status), broken.count < limit {
                broken.append(Violation(rule: "status_transitions", ids: [id], detail: "action went from \(previous.rawValue) to \(status.rawValue)"))
            }
            last[id] = status
        }
        for (id, status) in current.sorted(by: { $0.key < $1.key }) where broken.count < limit {
            if let audited = last[id], audited != status {
                broken.append(Violation(rule: "status_transitions", ids: [id], detail: "action is \(status.rawValue) but its audit trail ends at \(audited.rawValue)"))
            } else if last[id] == nil {
                broken.append(Violation(rule: "status_transitions", ids: [id], detail: "action is \(status.rawValue) with no audit entry"))
            }
        }
        report.violations += broken
    }
}
