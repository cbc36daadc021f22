/// One JSON Lines record read without losing how its values were written: each member's raw
/// text is kept, so an id `007`-free number such as `12345678901234567890` or `1.50` is echoed
/// exactly as given (a JSON library would turn it into a floating-point number), and strings are
/// decoded with their escapes.
struct JSONLineObject {
    /// Raw JSON text of each member's value, by key.
    let raw: [String: String]
    /// Decoded string members.
    let strings: [String: String]

    struct Failure: Error {
        /// 1-based column (in bytes) where the problem was seen.
        let column: Int
        let message: String
    }

    static func parse(_ line: some Collection<UInt8>) throws(Failure) -> JSONLineObject {
        var parser = Parser(bytes: Array(line))
        return try parser.object()
    }

    private struct Parser {
        let bytes: [UInt8]
        var at = 0

        init(bytes: [UInt8]) { self.bytes = bytes }

        func fail(_ message: String) -> Failure { Failure(column: at + 1, message: message) }

        mutating func skipSpace() {
            while at < bytes.count, [0x20, 0x09, 0x0D, 0x0A].contains(bytes[at]) { at += 1 }
        }

        mutating func expect(_ byte: UInt8, _ what: String) throws(Failure) {
            skipSpace()
            guard at < bytes.count, bytes[at] == byte else { throw fail(at < bytes.count ? "expected \(what), found '\(String(decoding: [bytes[at]], as: UTF8.self))'" : "expected \(what), found the end of the line") }
            at += 1
        }

        mutating func object() throws(Failure) -> JSONLineObject {
            try expect(UInt8(ascii: "{"), "'{' (each line must be one JSON object)")
            var raw: [String: String] = [:]
            var strings: [String: String] = [:]
            skipSpace()
            if at < bytes.count, bytes[at] == UInt8(ascii: "}") { at += 1 } else {
                while true {
                    skipSpace()
                    guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
                    let key = try string()
                    guard raw[key] == nil else { throw fail("member \"\(key)\" appears twice") }
                    try expect(UInt8(ascii: ":"), "':' after the member name")
                    skipSpace()
                    let start = at
                    if at < bytes.count, bytes[at] == UInt8(ascii: "\"") { strings[key] = try string() } else { try skipValue() }
                    raw[key] = String(decoding: bytes[start..<at], as: UTF8.self)
                    skipSpace()
                    guard at < bytes.count else { throw fail("the object is not closed: expected ',' or '}'") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == UInt8(ascii: "}") { at += 1; break }
                    throw fail("expected ',' or '}' after a member")
                }
            }
            skipSpace()
            guard at == bytes.count else { throw fail("unexpected text after the object (one object per line)") }
            return JSONLineObject(raw: raw, strings: strings)
        }

        mutating func string() throws(Failure) -> String {
            at += 1  // the opening quote
            var out: [UInt8] = []
            while at < bytes.count {
                let byte = bytes[at]
                if byte == UInt8(ascii: "\"") { at += 1; return String(decoding: out, as: UTF8.self) }
                if byte < 0x20 { throw fail("a control character inside a string must be escaped (\\n, \\t, \\u00XX)") }
                if byte == UInt8(ascii: "\\") {
                    at += 1
                    guard at < bytes.count else { break }
                    switch bytes[at] {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var code = try hex4()
                        if (0xD800..<0xDC00).contains(code), at + 2 < bytes.count, bytes[at + 1] == UInt8(ascii: "\\"), bytes[at + 2] == UInt8(ascii: "u") {
                            at += 2
                            let low = try hex4()
                            guard (0xDC00..<0xE000).contains(low) else { throw fail("a \\u surrogate pair is broken") }
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        }
                        out.append(contentsOf: String(Character(Unicode.Scalar(code) ?? "\u{FFFD}")).utf8)
                    default: throw fail("unknown escape '\\\(String(decoding: [bytes[at]], as: UTF8.self))' in a string")
                    }
                    at += 1
                    continue
                }
                out.append(byte)
                at += 1
            }
            throw fail("a string is not closed: a '\"' is missing")
        }

        mutating func hex4() throws(Failure) -> UInt32 {
            guard at + 4 < bytes.count else { throw fail("\\u needs four hex digits") }
            var value: UInt32 = 0
            for offset in 1...4 {
                let byte = bytes[at + offset]
                let digit: UInt32
                switch byte {
                case 48...57: digit = UInt32(byte - 48)
                case 65...70: digit = UInt32(byte - 55)
                case 97...102: digit = UInt32(byte - 87)
                default: throw fail("\\u needs four hex digits")
                }
                value = value * 16 + digit
            }
            at += 4
            return value
        }

        /// Skips a number, literal, array or object, checking its shape.
        mutating func skipValue() throws(Failure) {
            skipSpace()
            guard at < bytes.count else { throw fail("a value is missing") }
            switch bytes[at] {
            case UInt8(ascii: "\""): _ = try string()
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let close = bytes[at] == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]")
                let isObject = close == UInt8(ascii: "}")
                at += 1
                skipSpace()
                if at < bytes.count, bytes[at] == close { at += 1; return }
                while true {
                    if isObject {
                        skipSpace()
                        guard at < bytes.count, bytes[at] == UInt8(ascii: "\"") else { throw fail("expected a member name in double quotes") }
                        _ = try string()
                        try expect(UInt8(ascii: ":"), "':'")
                    }
                    try skipValue()
                    skipSpace()
                    guard at < bytes.count else { throw fail("a nested value is not closed") }
                    if bytes[at] == UInt8(ascii: ",") { at += 1; continue }
                    if bytes[at] == close { at += 1; return }
                    throw fail("expected ',' or '\(String(decoding: [close], as: UTF8.self))'")
                }
            case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                for word in ["true", "false", "null"] where bytes[at...].starts(with: word.utf8) { at += word.utf8.count; return }
                throw fail("not a JSON value (strings need double quotes)")
            default:
                let start = at
                if bytes[at] == UInt8(ascii: "-") { at += 1 }
                let digitsStart = at
                while at < bytes.count, bytes[at] >= 48 && bytes[at] <= 57 { at += 1 }
                guard at > digitsStart else { at = start; throw fail("not a JSON value (strings need double quotes)") }
                if bytes[digitsStart] == 48 && at - digitsStart > 1 { at = start; throw fail("a JSON number has no leading zeros (write it as a string to keep them)") }
                if at < bytes.count, bytes[at] == UInt8(ascii: ".") {
                    at += 1
                    let fractionStart = at
                    while at < bytes.count, bytes[at] >= 48 && bytes[at] <= 57 { at += 1 }
                    guard at > fractionStart else { throw fail("a number needs digits after '.'") }
                }
                if at < bytes.count, bytes[at] == UInt8(ascii: "e") || bytes[at] == UInt8(ascii: "E") {
                    at += 1
                    if at < bytes.count, bytes[at] == UInt8(ascii: "+") || bytes[at] == UInt8(ascii: "-") { at += 1 }
                    let exponentStart = at
                    while at < bytes.count, bytes[at] >= 48 && bytes[at] <= 57 { at += 1 }
                    guard at > exponentStart else { throw fail("a number needs digits in its exponent") }
                }
            }
        }
    }
}
