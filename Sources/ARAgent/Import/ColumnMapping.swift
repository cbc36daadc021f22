/// How another system's export maps onto our columns: which source column (or constant) feeds
/// each field, how its dates and amounts are written, and which rows are not invoices at all.
///
/// Real exports never match our headers, so mappings are data: named presets ship for common
/// systems (``BuiltInPresets``) and users write their own in the same small file format.
public struct ColumnMapping: Sendable, Equatable {
    public enum Source: Sendable, Equatable {
        /// Take the value from this source column (matched ignoring case, blanks and a leading `*`).
        case column(String)
        /// Use this value for every row (`currency = =USD`).
        case constant(String)
    }

    /// A condition on one source column: `Type = Sales invoice | Sales credit note`.
    public struct RowCondition: Sendable, Equatable {
        public var column: String
        public var values: Set<String>
    }

    public var name: String
    public var kind: ImportKind?
    public var sources: [String: Source] = [:]
    public var dateFormat: DateFormat = .iso
    /// Grouping separator to drop from amounts (`1,234.50`); `nil` makes it an error.
    public var thousandsSeparator: UInt8?
    /// Characters to drop from amounts, such as currency symbols.
    public var amountNoise: Set<UInt8> = []
    public var ignoreUnknownColumns = false
    public var ignoredColumns: Set<String> = []
    /// Exports with one row per invoice line repeat the invoice on each row: merge them, and
    /// reject the file if the repeated values disagree.
    public var mergeRepeatedRows = false
    public var keepRowsWhere: RowCondition?
    public var skipRowsWhere: RowCondition?
    /// The first row of a report footer (`Date = TOTAL`): it and everything after are not data.
    public var stopAtRowWhere: RowCondition?
    /// Search the first rows for the header (reports with a title block above it).
    public var findHeaderRow = false
    /// Create customers that invoices name but the ledger does not know yet.
    public var createCustomers: Bool?

    public init(name: String) { self.name = name }

    /// The identity mapping: CONTRACTS.md's own columns.
    public static let canonical = ColumnMapping(name: "canonical")
}

/// A small configuration file (a column mapping, a dunning policy) is wrong: where, and what
/// to write instead.
public typealias MappingFileError = ConfigurationFileError

public struct ConfigurationFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let message: String

    public init(file: String, line: Int, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}

/// Reads mapping presets from their small INI-style file:
///
/// ```
/// # A comment
/// [my-erp]
/// kind = invoices
/// invoice_number = Doc No
/// currency = =EUR
/// date_format = D.M.YYYY
/// ```
/// A section per preset; `field = Source Column` for our fields, `field = =value` for a constant,
/// and the options below for the rest.
public enum MappingFile {
    static let options: Set<String> = [
        "kind", "date_format", "thousands_separator", "strip_characters", "ignore_unknown_columns", "ignore",
        "repeated_rows", "keep_rows_where", "skip_rows_where", "stop_at_row_where", "header_row",
        "create_customers", "description",
    ]

    public static func parse(_ text: String, file: String) throws(MappingFileError) -> [String: ColumnMapping] {
        var mappings: [String: ColumnMapping] = [:]
        var order: [String] = []
        var current: ColumnMapping?
        func finish() {
            if let current { mappings[current.name] = current; order.append(current.name) }
        }
        for (offset, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = offset + 1
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else {
                    throw MappingFileError(file: file, line: lineNumber, message: "a section header is written [name]")
                }
                finish()
                current = ColumnMapping(name: String(line.dropFirst().dropLast()).trimmingCharacters(in: " \t"))
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw MappingFileError(file: file, line: lineNumber, message: "expected 'key = value', found '\(line)'")
            }
            guard current != nil else {
                throw MappingFileError(file: file, line: lineNumber, message: "'\(line)' comes before any [preset] section; start one first")
            }
            let key = line[..<equals].trimmingCharacters(in: " \t").lowercased()
            let value = line[line.index(after: equals)...].trimmingCharacters(in: " \t")
            try apply(key: key, value: value, to: &current!, file: file, line: lineNumber)
        }
        finish()
        return mappings
    }

    private static func apply(key: String, value: String, to mapping: inout ColumnMapping, file: String, line: Int) throws(MappingFileError) {
        func fail(_ message: String) -> MappingFileError { MappingFileError(file: file, line: line, message: message) }
        func bool() throws(MappingFileError) -> Bool {
            switch value.lowercased() {
            case "true", "yes", "1": return true
            case "false", "no", "0": return false
            default: throw fail("\(key) must be true or false, not '\(value)'")
            }
        }
        func condition() throws(MappingFileError) -> ColumnMapping.RowCondition {
            guard let equals = value.firstIndex(of: "=") else {
                throw fail("\(key) is written 'Column = value | other value', not '\(value)'")
            }
            let column = value[..<equals].trimmingCharacters(in: " \t")
            let values = value[value.index(after: equals)...].split(separator: "|").map { $0.trimmingCharacters(in: " \t") }
            return ColumnMapping.RowCondition(column: column, values: Set(values))
        }
        switch key {
        case "kind":
            guard let kind = ImportKind(rawValue: value) else {
                throw fail("kind must be one of \(ImportKind.allCases.map(\.rawValue).joined(separator: ", ")), not '\(value)'")
            }
            mapping.kind = kind
        case "date_format":
            guard let format = DateFormat(name: value) else {
                throw fail("unknown date_format '\(value)'; use one of \(DateFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            mapping.dateFormat = format
        case "thousands_separator":
            guard value.utf8.count == 1, let byte = value.utf8.first, byte != UInt8(ascii: ".") else {
                throw fail("thousands_separator is one character other than '.', such as ','")
            }
            mapping.thousandsSeparator = byte
        case "strip_characters": mapping.amountNoise = Set(value.utf8.filter { $0 != 0x20 })
        case "ignore_unknown_columns": mapping.ignoreUnknownColumns = try bool()
        case "ignore": mapping.ignoredColumns = Set(value.split(separator: ",").map { ColumnName.normalize($0) })
        case "repeated_rows":
            guard value == "merge" || value == "error" else { throw fail("repeated_rows is 'merge' or 'error'") }
            mapping.mergeRepeatedRows = value == "merge"
        case "keep_rows_where": mapping.keepRowsWhere = try condition()
        case "skip_rows_where": mapping.skipRowsWhere = try condition()
        case "stop_at_row_where": mapping.stopAtRowWhere = try condition()
        case "header_row":
            guard value == "first" || value == "auto" else { throw fail("header_row is 'first' or 'auto'") }
            mapping.findHeaderRow = value == "auto"
        case "create_customers": mapping.createCustomers = try bool()
        case "description": break
        default:
            let allFields = Set(ImportKind.allCases.flatMap { $0.fields.map(\.name) })
            guard allFields.contains(key) else {
                throw fail("unknown key '\(key)'; map one of our fields (\(allFields.sorted().joined(separator: ", "))) or set an option (\(options.sorted().joined(separator: ", ")))")
            }
            if value.hasPrefix("=") {
                mapping.sources[key] = .constant(String(value.dropFirst()).trimmingCharacters(in: " \t"))
            } else {
                guard !value.isEmpty else { throw fail("\(key) names no source column") }
                mapping.sources[key] = .column(value)
            }
        }
    }
}

/// Header matching that forgives what exports vary in: case, surrounding blanks, and the `*`
/// some templates put before required columns.
public enum ColumnName {
    public static func normalize<S: StringProtocol>(_ name: S) -> String {
        var text = name.trimmingCharacters(in: " \t\r\n")
        while text.hasPrefix("*") { text.removeFirst() }
        return text.trimmingCharacters(in: " \t").lowercased()
    }
}

extension StringProtocol {
    func trimmingCharacters(in set: String) -> String {
        let blanks = Set(set)
        var slice = Substring(self)
        while let first = slice.first, blanks.contains(first) { slice.removeFirst() }
        while let last = slice.last, blanks.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
