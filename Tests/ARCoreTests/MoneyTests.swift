import ARCore
import Testing

@Suite("Money")
struct MoneyTests {
    let usd = Currency(code: "USD")!

    @Test("parses decimal strings exactly, by the currency's minor units", arguments: [
        ("1234.50", "USD", Int64(123_450)), ("1234.5", "USD", 123_450), ("-0.01", "USD", -1), ("+3", "USD", 300),
        ("0.10", "USD", 10), ("1000", "JPY", 1000), ("1.234", "KWD", 1234), (" 7.00 ", "EUR", 700),
        ("12.300", "USD", 1230), ("92233720368547758.07", "USD", Int64.max),
    ])
    func parses(text: String, code: String, minor: Int64) throws {
        let money = try Money(parsing: text, currency: Currency(code: code)!)
        #expect(money.minorUnits == minor)
    }

    @Test("rejects what is not an exact amount", arguments: [
        ("", MoneyParseError.empty), ("abc", .notANumber), ("1.2.3", .notANumber), ("1,234.50", .notANumber),
        ("12.345", .tooManyFractionDigits(allowed: 2)), ("-", .notANumber), ("92233720368547758.08", .outOfRange),
        ("1e5", .notANumber),
    ])
    func rejects(text: String, error: MoneyParseError) {
        #expect(throws: error) { try Money(parsing: text, currency: usd) }
    }

    @Test("formats with exactly the currency's digits")
    func formats() {
        #expect(Money(minorUnits: 123_450, currency: usd).decimalString == "1234.50")
        #expect(Money(minorUnits: -5, currency: usd).decimalString == "-0.05")
        #expect(Money(minorUnits: 1000, currency: Currency(code: "JPY")!).decimalString == "1000")
        #expect(Money(minorUnits: 1, currency: Currency(code: "BHD")!).decimalString == "0.001")
        #expect(Money(minorUnits: 0, currency: usd).decimalString == "0.00")
    }

    @Test("allocate never loses or invents a cent", arguments: [
        (Int64(1000), [Int64(1), 1, 1]), (Int64(1), [Int64(1), 1, 1]), (Int64(-1000), [Int64(1), 1, 1]),
        (Int64(999_999), [Int64(3), 7]), (Int64(10), [Int64(0), 1]), (Int64(100), [Int64(33), 33, 34]),
        (Int64(12_345_678), [Int64(5), 1, 1, 1, 1, 1, 9]),
    ] as [(Int64, [Int64])])
    func allocate(total: Int64, ratios: [Int64]) throws {
        let parts = Money(minorUnits: total, currency: usd).allocate(ratios)
        #expect(parts.count == ratios.count)
        #expect(try parts.checkedSum(in: usd).minorUnits == total)
        for (part, ratio) in zip(parts, ratios) where ratio == 0 { #expect(part.minorUnits == 0) }
        // Each part is within one minor unit of its exact share.
        let sum = ratios.reduce(0, +)
        for (part, ratio) in zip(parts, ratios) {
            let exactTimesSum = total * ratio
            #expect(abs(part.minorUnits * sum - exactTimesSum) < sum)
        }
    }

    @Test("ten dollars in three parts is 3.34, 3.33, 3.33")
    func threeWaySplit() {
        #expect(Money(minorUnits: 1000, currency: usd).allocate(evenly: 3).map(\.decimalString) == ["3.34", "3.33", "3.33"])
    }

    @Test("currencies are ISO 4217 codes with their minor units")
    func currencies() {
        #expect(Currency(code: "usd")?.code == "USD")
        #expect(Currency(code: "JPY")?.minorUnitDigits == 0)
        #expect(Currency(code: "KWD")?.minorUnitDigits == 3)
        #expect(Currency(code: "CLF")?.minorUnitDigits == 4)
        #expect(Currency(code: "XYZ") == nil)
        #expect(Currency(code: "US") == nil)
    }
}
