import ARAgent
import ARCore
import ArgumentParser

/// How a report is written: a table for people, CSV and JSON (CONTRACTS.md) for other programs.
public enum ReportFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case table, csv, json
}

/// Renders reports in each format. Amounts are decimal strings with the currency's digits;
/// ratios are numbers with two decimals, `null` (or `n/a` in tables) where undefined.
enum ReportRenderer {
    static func money(_ minor: Int64, _ currency: Currency) -> String { Money(minorUnits: minor, currency: currency).decimalString }

    static func number(_ value: Hundredths?) -> JSONValue { value.map { .number($0.description) } ?? .null }

    static func text(_ value: Hundredths?) -> String { value?.description ?? "n/a" }

    // MARK: Aging

    static func agingRow(_ row: AgingRow) -> [(String, JSONValue)] {
        [("currency", .string(row.currency.code))]
            + AgingBucket.allCases.map { ($0.key, .string(row[$0].decimalString)) }
            + [("total", .string(row.total.decimalString))]
    }

    static func agingJSON(_ report: AgingReport) -> JSONValue {
        .object([
            ("as_of", .string(report.asOf.iso)),
            ("totals", .array(report.totals.map { .object(agingRow($0)) })),
            ("customers", .array(report.customers.map { customer in
                .object([("customer_id", .string(customer.customerID.rawValue)), ("name", .string(customer.name))] + agingRow(customer.row))
            })),
        ])
    }

    /// Writes the report to `console`; JSON in pieces, since 100,000 customers make 29 MB of it.
    static func writeAging(_ report: AgingReport, format: ReportFormat, to console: Console) {
        guard format == .json else { return console.out(aging(report, format: format)) }
        AgingJSONWriter.write(report) { console.write($0) }
        console.write("\n")
    }

    static func aging(_ report: AgingReport, format: ReportFormat) -> String {
        switch format {
        case .json:
            return agingJSON(report).rendered()
        case .csv:
            var csv = CSVWriter()
            csv.row(["as_of", "customer_id", "name", "currency"] + AgingBucket.allCases.map(\.key) + ["total"])
            for total in report.totals {
                csv.row([report.asOf.iso, "", "TOTAL", total.currency.code] + AgingBucket.allCases.map { total[$0].decimalString } + [total.total.decimalString])
            }
            for customer in report.customers {
                let row = customer.row
                csv.row([report.asOf.iso, customer.customerID.rawValue, customer.name, row.currency.code]
                        + AgingBucket.allCases.map { row[$0].decimalString } + [row.total.decimalString])
            }
            return csv.text
        case .table:
            var table = TextTable([("Customer", .left), ("Name", .left), ("Cur", .left)]
                                  + AgingBucket.allCases.map { ($0.title, .right) } + [("Total", .right)])
            for customer in report.customers {
                let row = customer.row
                table.add([customer.customerID.rawValue, String(customer.name.prefix(32)), row.currency.code]
                          + AgingBucket.allCases.map { row[$0].decimalString } + [row.total.decimalString])
            }
            for total in report.totals {
                table.add(["TOTAL", "", total.currency.code] + AgingBucket.allCases.map { total[$0].decimalString } + [total.total.decimalString])
            }
            return "Aging as of \(report.asOf.iso) (days past due)\n\n" + table.rendered() + "\n"
        }
    }

    // MARK: Metrics

    static func metrics(_ metrics: [ReceivablesMetrics], from: CalendarDate, to: CalendarDate, format: ReportFormat) -> String {
        func object(_ m: ReceivablesMetrics) -> JSONValue {
            let c = m.input.currency
            return .object([
                ("currency", .string(c.code)), ("days", .number(String(m.days))),
                ("sales", .string(money(m.input.sales, c))), ("ar_begin", .string(money(m.input.arBegin, c))),
                ("ar_end", .string(money(m.input.arEnd, c))), ("ar_end_current", .string(money(m.input.arEndCurrent, c))),
                ("dso", number(m.dso)), ("dso_countback", number(m.countbackDSO)),
                ("best_possible_dso", number(m.bestPossibleDSO)),
                ("average_days_delinquent", number(m.averageDaysDelinquent)),
                ("cei", number(m.collectionEffectivenessIndex)),
            ])
        }
        switch format {
        case .json: return JSONValue.array(metrics.map(object)).rendered()
        case .csv:
            var csv = CSVWriter()
            csv.row(["from", "to", "currency", "days", "sales", "ar_begin", "ar_end", "ar_end_current", "dso",
                     "dso_countback", "best_possible_dso", "average_days_delinquent", "cei"])
            for m in metrics {
                let c = m.input.currency
                csv.row([from.iso, to.iso, c.code, String(m.days), money(m.input.sales, c), money(m.input.arBegin, c),
                         money(m.input.arEnd, c), money(m.input.arEndCurrent, c), m.dso?.description ?? "",
                         m.countbackDSO?.description ?? "", m.bestPossibleDSO?.description ?? "",
                         m.averageDaysDelinquent?.description ?? "", m.collectionEffectivenessIndex?.description ?? ""])
            }
            return csv.text
        case .table:
            var table = TextTable([("Cur", .left), ("Sales", .right), ("AR begin", .right), ("AR end", .right),
                                   ("AR current", .right), ("DSO", .right), ("Countback", .right), ("Best DSO", .right),
                                   ("ADD", .right), ("CEI %", .right)])
            for m in metrics {
                let c = m.input.currency
                table.add([c.code, money(m.input.sales, c), money(m.input.arBegin, c), money(m.input.arEnd, c),
                           money(m.input.arEndCurrent, c), text(m.dso), text(m.countbackDSO), text(m.bestPossibleDSO),
                           text(m.averageDaysDelinquent), text(m.collectionEffectivenessIndex)])
            }
            let days = metrics.first?.days ?? (to.days(since: from) + 1)
            return "AR metrics \(from.iso) to \(to.iso) (\(days) days)\n\n" + table.rendered()
                + "\n\nDSO = AR end / sales x days; Best DSO uses the part not yet due; ADD = DSO - Best DSO;\nCEI = collected / collectible x 100; Countback walks back month by month.\n"
        }
    }
}
