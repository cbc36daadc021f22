import ARAgent
import ARCore
import ARTestSupport
import Foundation
import Testing

/// The IBM accounts-receivable sample (../shared/data), imported through the `ibm` preset. The
/// expected figures are computed here from the raw columns with Foundation's calendar and
/// floating point: an independent route to the same answers.
@Suite("IBM accounts-receivable sample", .enabled(if: TestEnvironment.hasSharedData, "../shared/data is absent: skipped"))
struct IBMDatasetTests {
    struct RawRow {
        let customer: String
        let invoice: Date, due: Date, settled: Date
        let cents: Int
        let disputed: Bool
        let daysLate: Int
    }

    static let path = "datasets/ibm-accounts-receivable/WA_Fn-UseC_-Accounts-Receivable.csv"

    func load() throws -> (invoices: [Invoice], raw: [RawRow]) {
        let url = try TestEnvironment.sharedFile(Self.path)
        let bytes = Array(try Data(contentsOf: url))
        let mapping = try #require(BuiltInPresets.all()["ibm"])
        let parsed = try ImportParser(kind: .invoices, options: ImportOptions(mapping: mapping)).parse(bytes: bytes, file: url.lastPathComponent)
        guard case .invoices(let invoices, _) = parsed.records else { throw TestSetupError("not invoices") }

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        func date(_ text: Substring) -> Date {
            let p = text.split(separator: "/").map { Int($0)! }
            return calendar.date(from: DateComponents(year: p[2], month: p[0], day: p[1]))!
        }
        let lines = String(decoding: bytes, as: UTF8.self).split(whereSeparator: \.isNewline).dropFirst()
        let raw = lines.map { line -> RawRow in
            let f = line.split(separator: ",", omittingEmptySubsequences: false)
            let amount = f[6].split(separator: ".")
            let cents = Int(amount[0])! * 100 + (amount.count > 1 ? Int(amount[1].padding(toLength: 2, withPad: "0", startingAt: 0))! : 0)
            return RawRow(customer: String(f[1]), invoice: date(f[4]), due: date(f[5]), settled: date(f[8]), cents: cents,
                          disputed: f[7] == "Yes", daysLate: Int(f[11])!)
        }
        return (invoices, raw)
    }

    @Test("every row imports, with the published counts and totals")
    func counts() throws {
        let (invoices, raw) = try load()
        #expect(invoices.count == 2466)
        #expect(raw.count == 2466)
        #expect(Set(invoices.map(\.customerID)).count == 100)
        #expect(invoices.filter(\.isDisputed).count == 561)
        #expect(invoices.reduce(0) { $0 + $1.amount.minorUnits } == 14_770_318)
        #expect(invoices.allSatisfy { $0.status == .paid })
    }

    @Test("late payment figures match the DaysLate column")
    func lateness() throws {
        let (invoices, raw) = try load()
        let profiles = PaymentBehaviour.profiles(invoices: invoices, asOf: CalendarDate(iso: "2014-12-31")!)
        #expect(profiles.values.reduce(0) { $0 + $1.lateCount } == 877)
        #expect(profiles.values.reduce(0) { $0 + $1.totalDaysLate } == raw.reduce(0) { $0 + $1.daysLate })
        let mean = Double(profiles.values.reduce(0) { $0 + $1.totalDaysLate }) / 2466
        #expect(abs(mean - 3.4424) < 0.0001)
    }

    @Test("aging on a day equals a bucket count from the raw columns", arguments: ["2012-06-30", "2013-03-31", "2013-06-30", "2013-12-31"])
    func aging(day: String) throws {
        let (invoices, raw) = try load()
        let asOf = CalendarDate(iso: day)!
        let report = try AgingReport(asOf: asOf, invoices: invoices, customerNames: [:])

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = day.split(separator: "-").map { Int($0)! }
        let asOfDate = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2]))!
        var expected = [Int](repeating: 0, count: 6)
        for row in raw where row.invoice <= asOfDate && row.settled > asOfDate {
            let days = calendar.dateComponents([.day], from: row.due, to: asOfDate).day!
            let bucket = days <= 0 ? 0 : days <= 30 ? 1 : days <= 60 ? 2 : days <= 90 ? 3 : days <= 120 ? 4 : 5
            expected[bucket] += row.cents
        }
        let totals = report.totals.first?.buckets.map(Int.init) ?? [0, 0, 0, 0, 0, 0]
        #expect(totals == expected)
    }

    @Test("DSO, best possible DSO, CEI and countback for a quarter equal a floating-point recomputation")
    func metrics() throws {
        let (invoices, raw) = try load()
        let from = CalendarDate(iso: "2013-01-01")!, to = CalendarDate(iso: "2013-03-31")!
        let metrics = ReceivablesMetrics(try MetricsInput.compute(invoices: invoices, currency: .usd, from: from, to: to))

        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let start = calendar.date(from: DateComponents(year: 2013, month: 1, day: 1))!
        let end = calendar.date(from: DateComponents(year: 2013, month: 3, day: 31))!
        let dayBefore = calendar.date(byAdding: .day, value: -1, to: start)!
        let sales = Double(raw.filter { $0.invoice >= start && $0.invoice <= end }.reduce(0) { $0 + $1.cents })
        let open = { (day: Date) in raw.filter { $0.invoice <= day && $0.settled > day } }
        let arEnd = Double(open(end).reduce(0) { $0 + $1.cents })
        let arBegin = Double(open(dayBefore).reduce(0) { $0 + $1.cents })
        let current = Double(open(end).filter { $0.due >= end }.reduce(0) { $0 + $1.cents })
        let dso = arEnd / sales * 90
        let best = current / sales * 90
        let cei = (arBegin + sales - arEnd) / (arBegin + sales - current) * 100

        // Countback, month by month from March back.
        var remaining = arEnd, days = 0.0, month = 3, year = 2013
        while remaining > 0 {
            let first = calendar.date(from: DateComponents(year: year, month: month, day: 1))!
            let length = Double(calendar.range(of: .day, in: .month, for: first)!.count)
            let monthSales = Double(raw.filter { calendar.component(.year, from: $0.invoice) == year && calendar.component(.month, from: $0.invoice) == month }.reduce(0) { $0 + $1.cents })
            if remaining <= monthSales { days += length * remaining / monthSales; remaining = 0 } else { remaining -= monthSales; days += length }
            month -= 1
            if month == 0 { month = 12; year -= 1 }
        }

        func close(_ value: Hundredths?, _ expected: Double) -> Bool {
            guard let value else { return false }
            return abs(Double(value.value) / 100 - expected) <= 0.005 + 1e-9
        }
        #expect(metrics.days == 90)
        #expect(close(metrics.dso, dso), "dso \(String(describing: metrics.dso)) vs \(dso)")
        #expect(close(metrics.bestPossibleDSO, best))
        #expect(close(metrics.averageDaysDelinquent, dso - best))
        #expect(close(metrics.collectionEffectivenessIndex, cei), "cei \(String(describing: metrics.collectionEffectivenessIndex)) vs \(cei)")
        #expect(close(metrics.countbackDSO, days), "countback \(String(describing: metrics.countbackDSO)) vs \(days)")
    }
}
