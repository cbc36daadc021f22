/// RFC 4180 CSV output: fields quoted only when they hold a comma, quote or line break.
/// Writes RFC 4180 CSV. Cells are neutralised against spreadsheet formula injection by default
/// (OWASP "CSV Injection"): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
/// return and is not a plain number gets a leading `'`, so a customer named
/// `=HYPERLINK("http://evil","click")` or `+cmd|' /C calc'!A0` is shown as text, never run, while
/// `-12.50` stays a number. Files that ARAgent itself reads back (the demo's and the bench's
/// input files) are written `.verbatim`, since they hold phone numbers such as `+1-555-0100`.
public struct CSVWriter {
    public enum Cells { case neutralised, verbatim }

    public private(set) var text = ""
    public let cells: Cells

    public init(_ cells: Cells = .neutralised) { self.cells = cells }

    public mutating func row(_ fields: [String]) {
        text += fields.map { CSVWriter.escape(cells == .neutralised ? CSVWriter.neutralised($0) : $0) }.joined(separator: ",") + "\n"
    }

    public static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }

    /// The characters that make a spreadsheet read a cell as a formula (OWASP's list).
    public static let formulaTriggers: Set<UInt8> = [UInt8(ascii: "="), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "@"), 0x09, 0x0D]

    /// `field` with a leading `'` when a spreadsheet would read it as a formula.
    public static func neutralised(_ field: String) -> String {
        guard let first = field.utf8.first, formulaTriggers.contains(first), !isPlainNumber(field) else { return field }
        return "'" + field
    }

    /// `-12.50`, `+3`, `-0.5`: an optional sign, digits, at most one `.` with digits after it.
    public static func isPlainNumber(_ field: String) -> Bool {
        var bytes = field.utf8[...]
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
        let parts = bytes.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard !bytes.isEmpty, parts.count <= 2, !parts[0].isEmpty else { return false }
        return parts.allSatisfy { part in !part.isEmpty && part.allSatisfy { $0 >= 0x30 && $0 <= 0x39 } }
    }
}
