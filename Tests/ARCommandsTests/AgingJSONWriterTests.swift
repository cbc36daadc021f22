@testable import ARCommands
import ARCore
import Testing

/// `report aging --format json` is written by a direct writer for speed; it must be the very text
/// the general JSON renderer gives for the same report, whatever the report holds.
@Suite("The aging report's JSON writer")
struct AgingJSONWriterTests {
    static let day = CalendarDate(iso: "2026-06-30")!

    func written(_ report: AgingReport) -> String {
        var pieces: [String] = []
        AgingJSONWriter.write(report) { pieces.append($0) }
        return pieces.joined()
    }

    @Test("the same text as the JSON renderer: names that need escaping, currencies with 0, 2 and 3 decimals, empty reports")
    func sameText() throws {
        let jpy = try #require(Currency(code: "JPY")), kwd = try #require(Currency(code: "KWD"))
        func row(_ id: String, _ name: String, _ currency: Currency, _ buckets: [Int64]) throws -> CustomerAging {
            CustomerAging(customerID: CustomerID(id), name: name, row: try AgingRow(currency: currency, buckets: buckets))
        }
        let customers = [
            try row("C1", "Acme \"North\" \\ Division\n<script>alert(1)</script>", .usd, [0, 5, 1_000, 123_456_789, 7, 99_999_999_999_999]),
            try row("C2", "Zürich Café AG", .eur, [1, 0, 0, 0, 0, 0]),
            try row("C3", "Yamada 株式会社", jpy, [12_345, 0, 0, 0, 0, 1]),
            try row("C4", "Tab\there", kwd, [1, 10, 100, 1_000, 10_000, 5]),
        ]
        let report = try AgingReport(asOf: Self.day, customerRows: customers)
        #expect(written(report) == ReportRenderer.agingJSON(report).rendered())
        let empty = try AgingReport(asOf: Self.day, customerRows: [])
        #expect(written(empty) == ReportRenderer.agingJSON(empty).rendered())
    }

    @Test("a large report is handed over in pieces that join to the whole text")
    func pieces() throws {
        let customers = try (0..<5_000).map { index in
            CustomerAging(customerID: CustomerID("C\(index)"), name: "Customer \(index)",
                          row: try AgingRow(currency: .usd, buckets: [Int64(index), 0, 1, 0, 0, Int64(index * 3)]))
        }
        let report = try AgingReport(asOf: Self.day, customerRows: customers)
        var pieces: [String] = []
        AgingJSONWriter.write(report) { pieces.append($0) }
        #expect(pieces.count > 1, "more than one piece for a report of this size")
        #expect(pieces.joined() == ReportRenderer.agingJSON(report).rendered())
        var streamed: [String] = []
        ReportRenderer.agingJSON(report).stream { streamed.append($0) }
        #expect(streamed.count > 1)
        #expect(streamed.joined() == ReportRenderer.agingJSON(report).rendered())
    }

    @Test("amounts are written as MoneyFormat writes them", arguments: [0, 1, 9, 10, 99, 100, 101, 12_345, -5, -12_345, Int64.max, Int64.min])
    func amounts(minorUnits: Int64) {
        for digits in [0, 2, 3] {
            var bytes: [UInt8] = []
            MoneyFormat.appendDecimal(minorUnits: minorUnits, digits: digits, to: &bytes)
            let text = String(decoding: bytes, as: UTF8.self)
            #expect(text == MoneyFormat.decimalString(minorUnits: minorUnits, digits: digits))
            // Against arithmetic, not against the code under test.
            let magnitude = minorUnits.magnitude
            var divisor: UInt64 = 1
            for _ in 0..<digits { divisor *= 10 }
            let fraction = String(magnitude % divisor)
            let expected = (minorUnits < 0 ? "-" : "") + String(magnitude / divisor)
                + (digits == 0 ? "" : "." + String(repeating: "0", count: digits - fraction.count) + fraction)
            #expect(text == expected)
        }
    }
}
