import ARCore
@testable import ARServer
import Foundation
import Testing

@Suite("JSON text of the API")
struct JSONTextTests {
    @Test("answers parse back to what was written: keys in byte order, strings escaped, null, nested lists")
    func roundTrip() throws {
        let object: [String: Any] = ["b": "quote \" backslash \\ slash / line\nbreak\ttab \u{01} é ✓", "a": 12, "c": [true, false, NSNull(), Int64(-9_223_372_036_854_775_807)],
                                     "d": ["z": [String: Any](), "y": [Any]()], "e": Optional<String>.none as Any, "f": Optional("x") as Any]
        let bytes = JSONText.encode(object)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.hasPrefix("{\"a\":12,\"b\":"))
        #expect(text.contains("slash / line\\nbreak\\ttab \\u0001"))
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(parsed["b"] as? String == object["b"] as? String)
        #expect((parsed["c"] as? [Any])?.count == 4)
        #expect(parsed["e"] is NSNull)
        #expect(parsed["f"] as? String == "x")
        #expect((parsed["c"] as? [Any])?.last as? Int64 == -9_223_372_036_854_775_807 || (parsed["c"] as? [Any])?.last as? Int == -9_223_372_036_854_775_807)
    }

    @Test("the invoice page written from the invoices is byte for byte the page written from their JSON objects")
    func invoicePage() throws {
        let usd = Currency(code: "USD")!
        let invoices = [
            Invoice(number: InvoiceNumber("INV-\"1\""), customerID: CustomerID("C/1"), issueDate: CalendarDate(iso: "2026-01-01")!, dueDate: CalendarDate(iso: "2026-01-31")!,
                    amount: Money(minorUnits: 12_345, currency: usd), openAmount: Money(minorUnits: 45, currency: usd), poNumber: "PO 7", paidDate: nil, isDisputed: true),
            Invoice(number: InvoiceNumber("INV-2"), customerID: CustomerID("C2"), issueDate: CalendarDate(iso: "2026-02-01")!, dueDate: CalendarDate(iso: "2026-03-01")!,
                    amount: Money(minorUnits: 100, currency: usd), openAmount: Money(minorUnits: 0, currency: usd), poNumber: nil,
                    paidDate: CalendarDate(iso: "2026-02-20")!, isDisputed: false),
        ]
        for next in [nil, "Y3Vyc29y"] as [String?] {
            let expected = JSONText.encode(["items": invoices.map(APIJSON.invoice), "next": next.map { $0 as Any } ?? NSNull()] as [String: Any])
            #expect(JSONText.invoicePage(invoices, next: next) == expected)
        }
    }
}
