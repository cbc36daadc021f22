/// A JSON document built in code, written with keys in the order given (so outputs are stable
/// and diffable) and numbers written exactly as their decimal text (no floating point).
public indirect enum JSONValue: Sendable, Equatable {
    case object([(String, JSONValue)])
    case array([JSONValue])
    case string(String)
    /// A number's decimal text, such as `73.71`.
    case number(String)
    case bool(Bool)
    case null

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered() == rhs.rendered() }

    public func rendered(pretty: Bool = true) -> String {
        var out = ""
        write(to: &out, indent: pretty ? 0 : nil)
        return out
    }

    /// Writes straight into `out` (no intermediate strings per value): a report of 100,000
    /// customers is a million values, and building each one's text apart doubled the time of
    /// `report aging --format json`.
    private func write(to out: inout String, indent: Int?) {
        let newline = indent == nil ? "" : "\n"
        func pad(_ level: Int) { for _ in 0..<level { out += "  " } }
        switch self {
        case .object(let members):
            guard !members.isEmpty else { out += "{}"; return }
            out += "{" + newline
            for (index, (key, value)) in members.enumerated() {
                if let indent { pad(indent + 1) }
                JSONValue.quote(key, into: &out)
                out += indent == nil ? ":" : ": "
                value.write(to: &out, indent: indent.map { $0 + 1 })
                if index < members.count - 1 { out += "," }
                out += newline
            }
            if let indent { pad(indent) }
            out += "}"
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "[" + newline
            for (index, item) in items.enumerated() {
                if let indent { pad(indent + 1) }
                item.write(to: &out, indent: indent.map { $0 + 1 })
                if index < items.count - 1 { out += "," }
                out += newline
            }
            if let indent { pad(indent) }
            out += "]"
        case .string(let text): JSONValue.quote(text, into: &out)
        case .number(let text): out += text
        case .bool(let flag): out += flag ? "true" : "false"
        case .null: out += "null"
        }
    }

    static func quote(_ text: String) -> String {
        var out = ""
        quote(text, into: &out)
        return out
    }

    /// `text` as a JSON string literal, appended to `out`; plain text (the common case) is copied whole.
    static func quote(_ text: String, into out: inout String) {
        out += "\""
        if !text.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
            out += text
            out += "\""
            return
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20:
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
