import Foundation
import ARAgent
import ARCore

/// The Phase-1 baseline in each format. CSV is written as several tables (aging totals, top
/// customers, disputes, late payers, largest overdue), each with its own header, separated by
/// a blank line, the first column naming the section.
enum BaselineRenderer {
    static func render(_ report: BaselineReport, format: ReportFormat) throws -> String {
        let asOf = report.aging.asOf
        let disputes = report.disputes.map { d -> [(String, String)] in
            let share = Hundredths.rounded(Int128(d.disputedOpen) * 100, over: Int128(d.totalOpen))
            return [("currency", d.currency.code), ("disputed_open", ReportRenderer.money(d.disputedOpen, d.currency)),
                    ("disputed_invoices", String(d.disputedCount)), ("open_total", ReportRenderer.money(d.totalOpen, d.currency)),
                    ("open_invoices", String(d.openCount)), ("disputed_share_percent", share?.description ?? "")]
        }
        let top = try report.topCustomers.map { c -> [(String, String)] in
            let b = report.behaviour[c.customerID]
            return [("customer_id", c.customerID.rawValue), ("name", c.name), ("currency", c.row.currency.code),
                    ("total", c.row.total.decimalString), ("overdue", c.row.overdue.decimalString),
                    ("d61_plus", try c.row.sum(of: [.days61to90, .days91to120, .days120Plus]).decimalString),
                    ("settled_invoices", String(b?.settledCount ?? 0)),
                    ("average_days_late", b?.averageDaysLate?.description ?? ""),
                    ("late_share_percent", b?.lateSharePercent?.description ?? "")]
        }
        let late = report.latestPayers.map { b -> [(String, String)] in
            [("customer_id", b.customerID.rawValue), ("name", report.customerNames[b.customerID] ?? ""),
             ("settled_invoices", String(b.settledCount)), ("late_invoices", String(b.lateCount)),
             ("average_days_late", b.averageDaysLate?.description ?? ""),
             ("late_share_percent", b.lateSharePercent?.description ?? "")]
        }
        let overdue = report.largestOverdue.map { i -> [(String, String)] in
            [("invoice_number", i.number.rawValue), ("customer_id", i.customerID.rawValue),
             ("name", report.customerNames[i.customerID] ?? ""), ("currency", i.currency.code),
             ("open_amount", i.openAmount.decimalString), ("due_date", i.dueDate.iso),
             ("days_past_due", String(i.daysPastDue(on: asOf))), ("disputed", i.isDisputed ? "true" : "false")]
        }
        let numericKeys: Set<String> = ["disputed_invoices", "open_invoices", "disputed_share_percent", "settled_invoices",
                                        "average_days_late", "late_share_percent", "late_invoices", "days_past_due"]
        func json(_ rows: [[(String, String)]]) -> JSONValue {
            .array(rows.map { row in
                .object(row.map { key, value in
                    if key == "disputed" { return (key, .bool(value == "true")) }
                    if numericKeys.contains(key) { return (key, value.isEmpty ? .null : .number(value)) }
                    return (key, .string(value))
                })
            })
        }
        switch format {
        case .json:
            return JSONValue.object([
                ("as_of", .string(asOf.iso)),
                ("totals", .array(report.aging.totals.map { .object(ReportRenderer.agingRow($0)) })),
                ("disputes", json(disputes)),
                ("top_customers", json(top)),
                ("late_payers", json(late)),
                ("largest_overdue", json(overdue)),
            ]).rendered()
        case .csv:
            var sections: [String] = []
            let totals = report.aging.totals.map { ReportRenderer.agingRow($0).map { key, value -> (String, String) in
                if case .string(let text) = value { return (key, text) }
                return (key, "")
            } }
            for (name, rows) in [("aging_totals", totals), ("disputes", disputes), ("top_customers", top),
                                 ("late_payers", late), ("largest_overdue", overdue)] where !rows.isEmpty {
                var csv = CSVWriter()
                csv.row(["section"] + rows[0].map(\.0))
                for row in rows { csv.row([name] + row.map(\.1)) }
                sections.append(csv.text)
            }
            return sections.joined(separator: "\n")
        case .table:
            func table(_ title: String, _ rows: [[(String, String)]], rightAligned: Set<String>) -> String {
                guard let first = rows.first else { return "\(title)\n\n(none)\n" }
                var t = TextTable(first.map { key, _ in (key.replacingOccurrences(of: "_", with: " "), rightAligned.contains(key) ? .right : .left) })
                for row in rows { t.add(row.map { $0.1.count > 32 ? String($0.1.prefix(31)) + "…" : $0.1 }) }
                return "\(title)\n\n" + t.rendered() + "\n"
            }
            let amounts: Set<String> = numericKeys.union(["total", "overdue", "d61_plus", "open_amount", "disputed_open", "open_total"])
            var aging = TextTable([("Cur", .left)] + AgingBucket.allCases.map { ($0.title, .right) } + [("Total", .right), ("Overdue %", .right)])
            for total in report.aging.totals {
                let overdueShare = Hundredths.rounded(Int128(total.overdue.minorUnits) * 100, over: Int128(total.total.minorUnits))
                aging.add([total.currency.code] + AgingBucket.allCases.map { total[$0].decimalString }
                          + [total.total.decimalString, overdueShare?.description ?? "n/a"])
            }
            return [
                "AR baseline as of \(asOf.iso)\n\nAging (days past due)\n\n" + aging.rendered() + "\n",
                table("Disputed share of open receivables", disputes, rightAligned: amounts),
                table("Top \(top.count) customers by balance, with their payment record", top, rightAligned: amounts),
                table("Customers who pay latest (3 or more settled invoices)", late, rightAligned: amounts),
                table("Largest overdue items", overdue, rightAligned: amounts),
            ].joined(separator: "\n")
        }
    }
}
