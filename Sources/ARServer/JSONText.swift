import ARCore
import Foundation

/// JSON text of the API's answers, written byte by byte: objects with their keys in byte order
/// (stable answers, as `.sortedKeys` gave), slashes unescaped, strings escaped as RFC 8259 asks.
///
/// Why not JSONSerialization: on Linux it sorts keys with a locale-aware collation and casts
/// every value dynamically; a page of a hundred invoices spent most of its time there (measured:
/// 111 requests a second against the goal of 5,000). The values are what the routes build:
/// strings, integers, booleans, null, arrays and string-keyed objects.
enum JSONText {
    static func encode(_ value: Any) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4_096)
        write(value, into: &out)
        return out
    }

    static func write(_ value: Any, into out: inout [UInt8]) {
        switch value {
        case let text as String: string(text, into: &out)
        case let flag as Bool: out.append(contentsOf: flag ? Array("true".utf8) : Array("false".utf8))
        case let number as Int: out.append(contentsOf: String(number).utf8)
        case let number as Int64: out.append(contentsOf: String(number).utf8)
        case let number as Int32: out.append(contentsOf: String(number).utf8)
        case let number as Double where number.isFinite: out.append(contentsOf: String(number).utf8)
        case let object as [String: Any]:
            out.append(UInt8(ascii: "{"))
            for (index, key) in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }).enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                string(key, into: &out)
                out.append(UInt8(ascii: ":"))
                write(object[key] as Any, into: &out)
            }
            out.append(UInt8(ascii: "}"))
        case let array as [Any]:
            out.append(UInt8(ascii: "["))
            for (index, element) in array.enumerated() {
                if index > 0 { out.append(UInt8(ascii: ",")) }
                write(element, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case is NSNull: out.append(contentsOf: Array("null".utf8))
        default:
            // An optional stored in an `Any`: its value, or null. Anything else is a value the
            // routes never build; it is written as its text rather than dropped.
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                if let wrapped = mirror.children.first?.value { write(wrapped, into: &out) } else { out.append(contentsOf: Array("null".utf8)) }
            } else {
                string(String(describing: value), into: &out)
            }
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    static func string(_ text: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings (numbers, dates, ids) need no escape: copied whole.
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out.append(contentsOf: text.utf8)
            out.append(UInt8(ascii: "\""))
            return
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                out.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0x0f)]])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }

    /// `{"items": [INVOICE…], "next": CURSOR|null}` written from the invoices themselves, the
    /// same bytes as ``encode(_:)`` of ``APIJSON/invoice(_:)``'s objects (a test holds them
    /// equal), without building a dictionary per invoice: the API's busiest route.
    static func invoicePage(_ invoices: some Collection<Invoice>, next: String?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + invoices.count * 320)
        out.append(contentsOf: Array(#"{"items":["#.utf8))
        var first = true
        for i in invoices {
            if !first { out.append(UInt8(ascii: ",")) }
            first = false
            // Keys in byte order, as encode(_:) writes an object's.
            field("amount", first: true, into: &out); string(i.amount.decimalString, into: &out)
            field("currency", into: &out); string(i.currency.code, into: &out)
            field("customer_id", into: &out); string(i.customerID.rawValue, into: &out)
            field("disputed", into: &out); out.append(contentsOf: i.isDisputed ? Array("true".utf8) : Array("false".utf8))
            field("due_date", into: &out); string(i.dueDate.iso, into: &out)
            field("invoice_number", into: &out); string(i.number.rawValue, into: &out)
            field("issue_date", into: &out); string(i.issueDate.iso, into: &out)
            field("open_amount", into: &out); string(i.openAmount.decimalString, into: &out)
            field("paid_date", into: &out); optional(i.paidDate?.iso, into: &out)
            field("po_number", into: &out); optional(i.poNumber, into: &out)
            field("status", into: &out); string(i.status.rawValue, into: &out)
            out.append(UInt8(ascii: "}"))
        }
        out.append(contentsOf: Array(#"],"next":"#.utf8))
        optional(next, into: &out)
        out.append(UInt8(ascii: "}"))
        return out
    }

    private static func field(_ name: String, first: Bool = false, into out: inout [UInt8]) {
        out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
        string(name, into: &out)
        out.append(UInt8(ascii: ":"))
    }

    private static func optional(_ text: String?, into out: inout [UInt8]) {
        if let text { string(text, into: &out) } else { out.append(contentsOf: Array("null".utf8)) }
    }
}
