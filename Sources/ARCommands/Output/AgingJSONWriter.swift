import ARCore

/// Writes `report aging --format json` straight from the report into bytes, handed over in
/// pieces: the same text as ``ReportRenderer/agingJSON(_:)`` rendered by ``JSONValue``
/// (a test holds the two equal), without building a value per cell first. For 100,000 customers
/// the tree of values was a third of the command's time.
struct AgingJSONWriter {
    private var out: [UInt8] = []
    private let emit: (String) -> Void

    init(emit: @escaping (String) -> Void) {
        self.emit = emit
        out.reserveCapacity(JSONValue.streamChunkBytes + 4096)
    }

    static func write(_ report: AgingReport, to emit: @escaping (String) -> Void) {
        var writer = AgingJSONWriter(emit: emit)
        writer.write(report)
    }

    private mutating func write(_ report: AgingReport) {
        text("{\n  \"as_of\": ")
        JSONValue.quote(report.asOf.iso, into: &out)
        text(",\n  \"totals\": ")
        // By index, so that no row is copied (a copy retains its name and its buckets).
        list(report.totals.count) { writer, index in writer.amounts(report.totals[index]) }
        text(",\n  \"customers\": ")
        list(report.customers.count) { writer, index in
            writer.member("customer_id", report.customers[index].customerID.rawValue)
            writer.member("name", report.customers[index].name)
            writer.amounts(report.customers[index].row)
        }
        text("\n}")
        if !out.isEmpty { emit(String(decoding: out, as: UTF8.self)) }
    }

    /// A JSON array of `count` objects, each written by `body`.
    private mutating func list(_ count: Int, _ body: (inout AgingJSONWriter, Int) -> Void) {
        guard count > 0 else { return text("[]") }
        text("[\n")
        for index in 0..<count {
            text("    {\n")
            body(&self, index)
            text(index < count - 1 ? "    },\n" : "    }\n")
            flushIfFull()
        }
        text("  ]")
    }

    private mutating func amounts(_ row: AgingRow) {
        member("currency", row.currency.code)
        for bucket in AgingBucket.allCases { amount(bucket.key, row.buckets[bucket.rawValue], row.currency) }
        amount("total", row.totalMinorUnits, row.currency, last: true)
    }

    private mutating func member(_ key: String, _ value: String) {
        text("      ")
        JSONValue.quote(key, into: &out)
        text(": ")
        JSONValue.quote(value, into: &out)
        text(",\n")
    }

    private mutating func amount(_ key: String, _ minorUnits: Int64, _ currency: Currency, last: Bool = false) {
        text("      ")
        JSONValue.quote(key, into: &out)
        text(": \"")
        MoneyFormat.appendDecimal(minorUnits: minorUnits, digits: currency.minorUnitDigits, to: &out)
        text(last ? "\"\n" : "\",\n")
    }

    private mutating func text(_ literal: StaticString) {
        literal.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    private mutating func flushIfFull() {
        guard out.count >= JSONValue.streamChunkBytes else { return }
        emit(String(decoding: out, as: UTF8.self))
        out.removeAll(keepingCapacity: true)
    }
}
