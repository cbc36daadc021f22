import ARAgent
import ARCore
import Foundation
import Hummingbird

/// `/dashboard` and `/worklist`: where a collector's day starts.
struct DashboardRoutes {
    let services: ServerServices

    /// Customers a worklist page shows.
    static let worklistPageSize = 50

    func register(on pages: RouterGroup<AppContext>) {
        pages.get("dashboard") { request, context in try await dashboard(request, context) }
        pages.get("worklist") { request, context in try await worklist(request, context) }
    }

    func dashboard(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        let today = try services.today()
        let snapshot = try await services.dashboardSnapshot(today)
        let board = snapshot.value
        var page = WorkbenchPage.base(principal, title: "Dashboard", current: "/dashboard")
        page["notice"] = WorkbenchPage.notice(request)
        page["asOf"] = today.iso
        page["stale"] = snapshot.isCurrent ? false : "Figures as of \(WorkbenchPage.time(AccessService.instant(snapshot.computedAt))) UTC; newer ones are being computed: reload in a moment."
        let main = board.aging.totals.first { $0.currency == board.currency }
        page["currency"] = board.currency?.code ?? false
        page["open"] = main.map { WorkbenchPage.money($0.total) } ?? "nothing"
        page["overdue"] = main.map { WorkbenchPage.money($0.overdue) } ?? "nothing"
        page["otherCurrencies"] = board.aging.totals.filter { $0.currency != board.currency }.map { WorkbenchPage.money($0.total) }
        page["agingChart"] = SVGChart.bars(AgingBucket.allCases.map { bucket in
            SVGChart.Bar(label: bucket.title, value: main?[bucket].minorUnits ?? 0, caption: main.map { WorkbenchPage.grouped($0[bucket].decimalString) } ?? "0")
        }, title: "Open amount by aging bucket")
        page["trendCharts"] = trendCharts(board).map { ["svg": $0] }
        page["approvals"] = board.approvalsWaiting
        page["unapplied"] = board.cash.unapplied.filter { !$0.isZero }.map(WorkbenchPage.money)
        page["review"] = board.cash.waitingForReview
        page["unmatched"] = board.cash.unmatched
        page["autoRate"] = board.cash.autoRatePercent.map { "\($0)%" } ?? "no payments yet"
        page["autoApplied"] = board.cash.appliedAutomatically
        page["byPeople"] = board.cash.appliedByPeople
        page["promisesDueCount"] = board.promisesDue.count
        page["promisesBroken"] = board.promisesBroken
        page["contactRate"] = board.contactRatePercent.map { "\($0)%" } ?? "nobody overdue"
        page["contacted"] = board.contacted
        page["customersOverdue"] = board.customersOverdue
        page["contactWindow"] = WorkbenchService.contactWindowDays
        page["disputes"] = board.disputesByAge.map { ["label": $0.label, "count": $0.count] as [String: Any] }
        let names = try await services.ledger.customers(ids: Set(board.promisesDue.map(\.customerID)))
        page["hasPromisesDue"] = !board.promisesDue.isEmpty
        page["promisesDue"] = board.promisesDue.prefix(50).map { promise -> [String: Any] in
            ["date": promise.promisedDate.iso, "invoice": promise.invoice.rawValue, "invoiceLink": WorkbenchPage.path("/invoices/", promise.invoice.rawValue),
             "customer": names[promise.customerID]?.name ?? promise.customerID.rawValue,
             "customerLink": WorkbenchPage.path("/customers/", promise.customerID.rawValue),
             "amount": promise.amount.map(WorkbenchPage.money) ?? "in full"]
        }
        page["top"] = board.top.map { row -> [String: Any] in
            let over90 = (try? row.row.sum(of: [.days91to120, .days120Plus])).map(WorkbenchPage.money) ?? "—"
            return ["name": row.name, "id": row.customerID.rawValue, "link": WorkbenchPage.path("/customers/", row.customerID.rawValue),
                    "total": WorkbenchPage.money(row.row.total), "overdue": WorkbenchPage.money(row.row.overdue), "over90": over90]
        }
        return PageRoutes.html(try PageTemplates.render("dashboard", page))
    }

    /// DSO, countback DSO, CEI and average days delinquent of the chart currency, month by month.
    private func trendCharts(_ board: Dashboard) -> [String] {
        func series(_ value: (ReceivablesMetrics) -> Hundredths?) -> [SVGChart.Point] {
            board.months.map { month in
                let metrics = month.metrics.first { $0.input.currency == board.currency }
                return SVGChart.Point(label: String(month.month.iso.prefix(7)), value: metrics.flatMap(value)?.value)
            }
        }
        return [SVGChart.line(series(\.dso), title: "DSO", unit: "days"),
                SVGChart.line(series(\.countbackDSO), title: "Countback DSO", unit: "days"),
                SVGChart.line(series(\.collectionEffectivenessIndex), title: "CEI", unit: "%"),
                SVGChart.line(series(\.averageDaysDelinquent), title: "Average days delinquent", unit: "days")]
    }

    func worklist(_ request: Request, _ context: AppContext) async throws -> Response {
        let principal = try context.require(.viewer)
        let today = try services.today()
        let snapshot = try await services.worklistSnapshot(today)
        let all = snapshot.value
        // Ranked within one currency: amounts of two currencies do not compare.
        var totals: [Currency: Int128] = [:]
        for entry in all { totals[entry.currency, default: 0] += Int128(entry.overdue.minorUnits) }
        let currencies = totals.keys.sorted { (totals[$0] ?? 0, $1.code) > (totals[$1] ?? 0, $0.code) }
        let asked = WorkbenchPage.query(request, "currency").flatMap { Currency(code: $0) }
        let currency = asked.flatMap { currencies.contains($0) ? $0 : nil } ?? currencies.first
        let owner = WorkbenchPage.query(request, "owner"), segment = WorkbenchPage.query(request, "segment")
        let bucket = WorkbenchPage.query(request, "bucket").flatMap { key in AgingBucket.allCases.first { $0.key == key } }
        let inCurrency = all.filter { $0.currency == currency }
        let chosen = inCurrency.filter { entry in
            (owner == nil || entry.owner == owner) && (segment == nil || entry.segment == segment)
                && (bucket == nil || entry.oldestBucket.rawValue >= bucket!.rawValue)
        }
        let pages = max(1, (chosen.count + Self.worklistPageSize - 1) / Self.worklistPageSize)
        let pageNumber = min(max(1, Int(WorkbenchPage.query(request, "page") ?? "1") ?? 1), pages)
        let start = (pageNumber - 1) * Self.worklistPageSize
        var page = WorkbenchPage.base(principal, title: "Worklist", current: "/worklist")
        page["currency"] = currency?.code ?? "—"
        page["stale"] = snapshot.isCurrent ? false : "Ranked as of \(WorkbenchPage.time(AccessService.instant(snapshot.computedAt))) UTC; a newer ranking is being computed: reload in a moment."
        page["currencies"] = currencies.map { ["code": $0.code, "selected": $0 == currency] as [String: Any] }
        page["owners"] = Set(inCurrency.compactMap(\.owner)).sorted().map { ["name": $0, "selected": $0 == owner] as [String: Any] }
        page["segments"] = Set(inCurrency.map(\.segment)).sorted().map { ["name": $0, "selected": $0 == segment] as [String: Any] }
        page["buckets"] = AgingBucket.allCases.filter { $0 != .notDue }.map { ["key": $0.key, "title": $0.title, "selected": $0 == bucket] as [String: Any] }
        page["count"] = chosen.count
        page["page"] = pageNumber
        page["pages"] = pages
        page["hasPages"] = pages > 1
        page["entries"] = chosen[start..<min(start + Self.worklistPageSize, chosen.count)].enumerated().map { offset, entry -> [String: Any] in
            ["rank": start + offset + 1, "name": entry.name, "id": entry.customerID.rawValue, "link": WorkbenchPage.path("/customers/", entry.customerID.rawValue),
             "key": entry.isKeyAccount, "overdue": WorkbenchPage.money(entry.overdue), "oldest": entry.oldestBucket.title, "segment": entry.segment,
             "owner": entry.owner ?? "", "reason": entry.reason]
        }
        func link(_ number: Int) -> String {
            var query = [("currency", currency?.code), ("owner", owner), ("segment", segment), ("bucket", bucket?.key), ("page", String(number))]
                .compactMap { name, value in value.map { "\(name)=\(PageRoutes.pathComponent($0))" } }
            query.sort()
            return "/worklist?" + query.joined(separator: "&")
        }
        let contacts = try await services.ledger.contactsToFix()
        page["hasContacts"] = !contacts.isEmpty
        page["contacts"] = contacts.map { contact -> [String: Any] in
            ["name": contact.name, "id": contact.customerID.rawValue, "link": WorkbenchPage.path("/customers/", contact.customerID.rawValue),
             "address": contact.address, "since": WorkbenchPage.time(contact.since), "detail": contact.detail]
        }
        page["previous"] = pageNumber > 1 ? link(pageNumber - 1) : false
        page["next"] = pageNumber < pages ? link(pageNumber + 1) : false
        return PageRoutes.html(try PageTemplates.render("worklist", page))
    }
}
