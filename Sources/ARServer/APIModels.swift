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
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("null".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func response(_ object: Any, status: HTTPResponse.Status = .ok) -> Response {
        Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: text(object))))
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
