import ARAgent
import ARCore
import Foundation
import HTTPTypes
import Hummingbird

/// The JSON the API answers, in CONTRACTS.md's field names: amounts as decimal strings with the
/// currency's digits, dates as `YYYY-MM-DD`.
enum APIJSON {
    static func invoice(_ i: Invoice) -> [String: Any] {
        var object: [String: Any] = [
            "invoice_number": i.number.rawValue, "customer_id": i.customerID.rawValue, "currency": i.currency.code,
            "amount": i.amount.decimalString, "open_amount": i.openAmount.decimalString, "issue_date": i.issueDate.iso,
            "due_date": i.dueDate.iso, "status": i.status.rawValue, "disputed": i.isDisputed,
        ]
        object["po_number"] = i.poNumber ?? NSNull()
        object["paid_date"] = i.paidDate?.iso ?? NSNull()
        return object
    }

    static func customer(_ c: Customer) -> [String: Any] {
        [
            "customer_id": c.id.rawValue, "name": c.name, "email": c.email ?? NSNull(), "phone": c.phone ?? NSNull(),
            "payment_terms_days": c.paymentTermsDays ?? NSNull(), "currency": c.currency?.code ?? NSNull(), "key_account": c.isKeyAccount,
            "credit_limit": c.creditLimit?.decimalString ?? NSNull(), "parent_customer_id": c.parentID?.rawValue ?? NSNull(),
            "account_owner": c.accountOwner ?? NSNull(),
        ]
    }

    /// The same object as `aragent actions list --format json`.
    static func action(_ stored: StoredAction) -> [String: Any] {
        let a = stored.action
        return [
            "id": a.id, "kind": a.kind.rawValue, "customer_id": a.customerID.rawValue, "invoice_numbers": a.invoices.map(\.rawValue),
            "channel": a.channel.rawValue, "template": a.template, "tone": a.tone.rawValue, "requires_approval": a.requiresApproval,
            "status": stored.status.rawValue, "reason": a.reason, "amount": a.total.decimalString, "currency": a.total.currency.code,
            "planned_for": stored.plannedFor.iso, "decided_by": stored.decidedBy ?? NSNull(),
        ]
    }

    /// The same object as `aragent report aging --format json`.
    static func aging(_ report: AgingReport) -> [String: Any] {
        func row(_ r: AgingRow) -> [String: Any] {
            var object: [String: Any] = ["currency": r.currency.code, "total": r.total.decimalString]
            for bucket in AgingBucket.allCases { object[bucket.key] = r[bucket].decimalString }
            return object
        }
        return [
            "as_of": report.asOf.iso, "totals": report.totals.map(row),
            "customers": report.customers.map { c -> [String: Any] in
                var object = row(c.row)
                object["customer_id"] = c.customerID.rawValue
                object["name"] = c.name
                return object
            },
        ]
    }

    static func text(_ object: Any) -> String {
        String(decoding: JSONText.encode(object), as: UTF8.self)
    }

    static func response(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: JSONText.encode(object))))
    }
}

/// An opaque page cursor: the last key of the page, base64url, so clients cannot mistake it
/// for an offset or build one by hand that means something else.
enum Cursor {
    static func encode(_ key: String) -> String {
        Data(key.utf8).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ cursor: String) throws -> String {
        var base64 = cursor.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard let data = Data(base64Encoded: base64), let key = String(data: data, encoding: .utf8), !key.isEmpty else {
            throw Problem.invalid("cursor", "cursor '\(cursor)' is not one this server gave; pass the `next` value of the previous page unchanged")
        }
        return key
    }
}

/// Page size: `limit` between 1 and ``maximum``, ``standard`` when absent.
enum PageLimit {
    static let standard = 100
    /// Large enough for an export loop, small enough that one page is answered in milliseconds.
    static let maximum = 1000

    static func read(_ request: Request) throws -> Int {
        guard let text = request.uri.queryParameters["limit"] else { return standard }
        guard let value = Int(text), (1...maximum).contains(value) else {
            throw Problem.invalid("limit", "limit '\(text)' must be a whole number from 1 to \(maximum)")
        }
        return value
    }
}

/// The JSON of the workbench's records (bank lines in review, promises, disputes, holds,
/// metrics, import outcomes), in the field names of the CLI's `--format json` where it has them.
extension APIJSON {
    /// A bank line with the matcher's suggestions, best first (rank 1), and, when asked, the
    /// allocations made from it. The payer's account is masked, as everywhere it is shown.
    static func reviewItem(_ line: StoredBankTransaction, suggestions: [MatchProposal], allocations: [StoredAllocation]? = nil) -> [String: Any] {
        let p = line.line.payment
        var object: [String: Any] = [
            "id": line.id, "status": line.status?.rawValue ?? NSNull(), "value_date": p.valueDate.iso,
            "booking_date": line.line.bookingDate?.iso ?? NSNull(), "amount": p.amount.decimalString, "currency": p.amount.currency.code,
            "unapplied": line.unapplied.decimalString, "payer_name": p.payerName ?? NSNull(),
            "payer_account": p.payerAccount.map(CashMatcher.masked) ?? NSNull(), "remittance": p.remittance ?? NSNull(),
            "references": p.references, "bank_reference": line.line.bankReference ?? NSNull(), "format": line.line.format,
            "summary": line.summary,
            "suggestions": suggestions.enumerated().map { index, proposal in suggestion(proposal, rank: index + 1) },
        ]
        if let allocations { object["allocations"] = allocations.map(allocation) }
        return object
    }

    /// One way to explain a payment. `confidence` is a decimal from 0 to 1 (the matcher's per
    /// mille), the same scale as `aragent import statement --threshold`.
    static func suggestion(_ proposal: MatchProposal, rank: Int) -> [String: Any] {
        [
            "rank": rank, "confidence": MoneyFormat.decimalString(minorUnits: Int64(proposal.confidence), digits: 3),
            "unapplied": proposal.unapplied.decimalString, "reasons": proposal.reasons,
            "allocations": proposal.allocations.map { a -> [String: Any] in
                ["invoice": a.invoice.rawValue, "customer_id": a.customer.rawValue, "amount": a.amount.decimalString,
                 "adjustment": a.adjustment?.decimalString ?? NSNull(), "adjustment_reason": a.adjustmentReason?.rawValue ?? NSNull()]
            },
        ]
    }

    static func allocation(_ a: StoredAllocation) -> [String: Any] {
        [
            "id": a.id, "invoice": a.invoice.rawValue, "amount": a.amount.decimalString, "currency": a.amount.currency.code,
            "adjustment": a.adjustment.decimalString, "adjustment_reason": a.adjustmentReason?.rawValue ?? NSNull(),
            "confidence": MoneyFormat.decimalString(minorUnits: Int64(a.confidence), digits: 3), "decided_by": a.decidedBy,
            "created_at": a.createdAt, "reverses": a.reverses ?? NSNull(), "reason": a.reason,
        ]
    }

    /// The same object as `aragent promise list --format json`.
    static func promise(_ p: PromiseRecord) -> [String: Any] {
        [
            "id": p.id, "invoice_number": p.invoice.rawValue, "customer_id": p.customerID.rawValue, "promised_date": p.promisedDate.iso,
            "amount": p.amount?.decimalString ?? NSNull(), "currency": p.amount?.currency.code ?? NSNull(), "status": p.status.rawValue,
            "created_at": p.createdAt, "created_by": p.createdBy, "closed_at": p.closedAt ?? NSNull(), "closed_by": p.closedBy ?? NSNull(),
            "close_note": p.closeNote ?? NSNull(),
        ]
    }

    /// The same object as `aragent dispute list --format json`.
    static func dispute(_ d: DisputeRecord) -> [String: Any] {
        [
            "id": d.id, "invoice_number": d.invoice.rawValue, "customer_id": d.customerID.rawValue, "type": d.type, "note": d.note ?? NSNull(),
            "status": d.status.rawValue, "outcome": d.outcome?.rawValue ?? NSNull(), "opened_at": d.openedAt, "opened_by": d.openedBy,
            "resolved_at": d.resolvedAt ?? NSNull(), "resolved_by": d.resolvedBy ?? NSNull(), "resolution_note": d.resolutionNote ?? NSNull(),
            "adjustment": d.adjustment?.decimalString ?? NSNull(), "currency": d.adjustment?.currency.code ?? NSNull(),
        ]
    }

    /// The same object as `aragent hold list --format json`; `state` is as of `day` (today).
    static func hold(_ h: HoldRecord, on day: CalendarDate) -> [String: Any] {
        var customer: Any = NSNull(), invoice: Any = NSNull()
        switch h.target {
        case .customer(let id): customer = id.rawValue
        case .invoice(let number): invoice = number.rawValue
        }
        return [
            "id": h.id, "customer_id": customer, "invoice_number": invoice, "reason": h.reason, "until": h.until?.iso ?? NSNull(),
            "status": h.status.rawValue, "state": h.state(on: day), "placed_at": h.placedAt, "placed_by": h.placedBy,
            "released_at": h.releasedAt ?? NSNull(), "released_by": h.releasedBy ?? NSNull(), "release_note": h.releaseNote ?? NSNull(),
        ]
    }

    /// One currency's metrics as `aragent report metrics --format json`, except that the ratios
    /// are decimal strings (two digits) rather than JSON numbers, as every figure of the API is;
    /// null where the formula divides by zero (no sales in the period).
    static func metrics(_ m: ReceivablesMetrics) -> [String: Any] {
        let c = m.input.currency
        func money(_ minor: Int64) -> String { Money(minorUnits: minor, currency: c).decimalString }
        func ratio(_ value: Hundredths?) -> Any { value?.description ?? NSNull() }
        return [
            "currency": c.code, "days": m.days, "sales": money(m.input.sales), "ar_begin": money(m.input.arBegin), "ar_end": money(m.input.arEnd),
            "ar_end_current": money(m.input.arEndCurrent), "dso": ratio(m.dso), "dso_countback": ratio(m.countbackDSO),
            "best_possible_dso": ratio(m.bestPossibleDSO), "average_days_delinquent": ratio(m.averageDaysDelinquent),
            "cei": ratio(m.collectionEffectivenessIndex),
        ]
    }
}
