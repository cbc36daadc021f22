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
}
