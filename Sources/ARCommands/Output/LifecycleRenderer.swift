import ARAgent
import ARCore
import ArgumentParser

/// How a list of records is written: a table for people, JSON for other programs.
enum ListFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, json
}

/// Tables and JSON for disputes, holds and promises. JSON amounts are decimal strings with the
/// currency's digits, dates `YYYY-MM-DD`, instants as stored (UTC); absent values are `null`.
enum LifecycleRenderer {
    private static func optional(_ text: String?) -> JSONValue { text.map(JSONValue.string) ?? .null }

    static func disputes(_ records: [DisputeRecord], format: ListFormat) -> String {
        switch format {
        case .json:
            return JSONValue.array(records.map { d in
                .object([
                    ("id", .number(String(d.id))), ("invoice_number", .string(d.invoice.rawValue)), ("customer_id", .string(d.customerID.rawValue)),
                    ("type", .string(d.type)), ("note", optional(d.note)), ("status", .string(d.status.rawValue)),
                    ("outcome", optional(d.outcome?.rawValue)), ("opened_at", .string(d.openedAt)), ("opened_by", .string(d.openedBy)),
                    ("resolved_at", optional(d.resolvedAt)), ("resolved_by", optional(d.resolvedBy)), ("resolution_note", optional(d.resolutionNote)),
                    ("adjustment", optional(d.adjustment?.decimalString)), ("currency", optional(d.adjustment?.currency.code)),
                ])
            }).rendered()
        case .table:
            var table = TextTable([("Id", .right), ("Invoice", .left), ("Customer", .left), ("Type", .left), ("Status", .left), ("Outcome", .left),
                                   ("Adjusted", .right), ("Opened", .left), ("By", .left), ("Note", .left)])
            for d in records {
                table.add([String(d.id), d.invoice.rawValue, d.customerID.rawValue, d.type, d.status.rawValue, d.outcome?.rawValue ?? "-",
                           d.adjustment?.description ?? "-", String(d.openedAt.prefix(10)), d.resolvedBy ?? d.openedBy,
                           String((d.resolutionNote ?? d.note ?? "").prefix(40))])
            }
            return table.rendered() + "\n\(records.count) dispute(s)"
        }
    }

    static func holds(_ records: [HoldRecord], on day: CalendarDate, format: ListFormat) -> String {
        func target(_ hold: HoldRecord) -> (customer: String?, invoice: String?) {
            switch hold.target {
            case .customer(let id): (id.rawValue, nil)
            case .invoice(let number): (nil, number.rawValue)
            }
        }
        switch format {
        case .json:
            return JSONValue.array(records.map { h in
                let (customer, invoice) = target(h)
                return .object([
                    ("id", .number(String(h.id))), ("customer_id", optional(customer)), ("invoice_number", optional(invoice)),
                    ("reason", .string(h.reason)), ("until", optional(h.until?.iso)), ("status", .string(h.status.rawValue)),
                    ("state", .string(h.state(on: day))), ("placed_at", .string(h.placedAt)), ("placed_by", .string(h.placedBy)),
                    ("released_at", optional(h.releasedAt)), ("released_by", optional(h.releasedBy)), ("release_note", optional(h.releaseNote)),
                ])
            }).rendered()
        case .table:
            var table = TextTable([("Id", .right), ("On", .left), ("Reason", .left), ("Until", .left), ("State", .left), ("Placed", .left), ("By", .left)])
            for h in records {
                table.add([String(h.id), h.target.description, String(h.reason.prefix(40)), h.until?.iso ?? "until released",
                           h.state(on: day), String(h.placedAt.prefix(10)), h.placedBy])
            }
            return table.rendered() + "\n\(records.count) hold(s) (state as of \(day.iso))"
        }
    }

    static func promises(_ records: [PromiseRecord], format: ListFormat) -> String {
        switch format {
        case .json:
            return JSONValue.array(records.map { p in
                .object([
                    ("id", .number(String(p.id))), ("invoice_number", .string(p.invoice.rawValue)), ("customer_id", .string(p.customerID.rawValue)),
                    ("promised_date", .string(p.promisedDate.iso)), ("amount", optional(p.amount?.decimalString)),
                    ("currency", optional(p.amount?.currency.code)), ("status", .string(p.status.rawValue)),
                    ("created_at", .string(p.createdAt)), ("created_by", .string(p.createdBy)),
                    ("closed_at", optional(p.closedAt)), ("closed_by", optional(p.closedBy)), ("close_note", optional(p.closeNote)),
                ])
            }).rendered()
        case .table:
            var table = TextTable([("Id", .right), ("Invoice", .left), ("Customer", .left), ("By", .left), ("Amount", .right), ("Status", .left),
                                   ("Recorded by", .left), ("Note", .left)])
            for p in records {
                table.add([String(p.id), p.invoice.rawValue, p.customerID.rawValue, p.promisedDate.iso, p.amount?.description ?? "in full",
                           p.status.rawValue, p.createdBy, String((p.closeNote ?? "").prefix(50))])
            }
            return table.rendered() + "\n\(records.count) promise(s)"
        }
    }

    /// A `--status` value of one lifecycle kind, or an error listing the allowed ones.
    static func status<S: LifecycleStatus>(_ text: String?, _: S.Type) throws -> S? {
        guard let text else { return nil }
        guard let status = S(rawValue: text) else {
            throw ValidationError("unknown --status '\(text)'; use \(S.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return status
    }

    /// An amount in the invoice's currency, read at the edge.
    static func amount(_ text: String, for invoice: InvoiceNumber, in store: some CollectionsStore) async throws -> Money {
        guard let known = try await store.invoice(invoice) else {
            throw ValidationError("invoice \(invoice) is not in the ledger; import it first (`aragent import invoices FILE`)")
        }
        do {
            return try Money(parsing: text, currency: known.currency)
        } catch {
            throw ValidationError("--amount '\(text)' is not an amount in \(known.currency) (invoice \(invoice)'s currency): \(error)")
        }
    }
}
