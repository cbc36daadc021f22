import Foundation

/// Reading a large file on two cores: the file is cut at a record boundary into two parts, each
/// read by its own ``ImportParser`` with the header in front, and the results joined in file
/// order. Reading and validating a million invoices is two seconds of work on one core.
///
/// The result is exactly what ``ImportParser/parse(bytes:file:progress:)`` returns for the whole
/// file, or that is what runs: files whose reading depends on what came before (a header found
/// by search, rows merged or stopped at, skipped invalid rows, a customer hierarchy checked
/// for cycles, another encoding) are read whole, and so is any file in which either part finds
/// a problem or a key of one part repeats in the other, so that every error is reported as the
/// whole-file reading reports it.
extension ImportParser {
    /// Files smaller than this are read whole: cutting them saves less than it costs.
    public static let partsMinimumBytes = 16 << 20

    public func parseInParts(bytes: [UInt8], file: String, progress: (any ProgressReporter)? = nil,
                             minimumBytes: Int = ImportParser.partsMinimumBytes) async throws -> ParsedImport {
        let mapping = options.mapping
        let simple = kind != .customers && options.encoding == .utf8 && !options.skipInvalid
            && !mapping.findHeaderRow && !mapping.mergeRepeatedRows && mapping.stopAtRowWhere == nil
        guard simple, bytes.count >= minimumBytes, ProcessInfo.processInfo.activeProcessorCount > 1,
              let cut = Self.cut(bytes)
        else { return try parse(bytes: bytes, file: file, progress: progress) }

        progress?.note("reading \(file) in two parts…")
        let parser = self
        let first = Array(cut.text[..<cut.offset]), second = Array(cut.text[..<cut.headerEnd] + cut.text[cut.offset...])
        let parts: [ParsedImport]
        do {
            parts = try await withThrowingTaskGroup(of: (Int, ParsedImport).self) { group in
                group.addTask { (0, try parser.parse(bytes: first, file: file)) }
                group.addTask { (1, try parser.parse(bytes: second, file: file)) }
                var parts: [(Int, ParsedImport)] = []
                for try await part in group { parts.append(part) }
                return parts.sorted { $0.0 < $1.0 }.map(\.1)
            }
        } catch {
            // Read whole, for the whole-file report of every problem.
            return try parse(bytes: bytes, file: file, progress: progress)
        }
        guard let joined = Self.join(parts[0], parts[1], lineOffset: cut.lineOffset) else {
            return try parse(bytes: bytes, file: file, progress: progress)
        }
        return joined
    }

    /// Where to cut: just past the record that ends at or after the middle, found by the reader
    /// itself (so a quoted line break is never cut), with the header's end and how far the
    /// second part's lines are from the file's. `nil` when there is no second part to speak of.
    static func cut(_ bytes: [UInt8]) -> (text: [UInt8], headerEnd: Int, offset: Int, lineOffset: Int)? {
        let reader = CSVReader(bytes: bytes)
        let text = reader.bytes
        let middle = text.count / 2
        var headerEnd: Int?, firstDataLine: Int?, offset: Int?, lineAfterCut: Int?
        do {
            try reader.forEachRecord { record, end in
                if headerEnd == nil { headerEnd = end; return true }
                if firstDataLine == nil { firstDataLine = record.line }
                if let offset {
                    guard record.startOffset >= offset else { return true }
                    lineAfterCut = record.line
                    return false
                }
                if end >= middle { offset = end }
                return true
            }
        } catch {
            return nil
        }
        guard let headerEnd, let firstDataLine, let offset, let lineAfterCut, offset > headerEnd, offset < text.count else { return nil }
        // A header ending the file without a line break would run into the second part.
        guard headerEnd > 0, text[headerEnd - 1] == UInt8(ascii: "\n") || text[headerEnd - 1] == UInt8(ascii: "\r") else { return nil }
        return (text, headerEnd, offset, lineAfterCut - firstDataLine)
    }

    /// The two parts as one, or `nil` when a key of the second part is in the first (the
    /// whole-file reading reports it at its line).
    static func join(_ first: ParsedImport, _ second: ParsedImport, lineOffset: Int) -> ParsedImport? {
        let records: ParsedImport.Records
        switch (first.records, second.records) {
        case (.invoices(let a, let namesA), .invoices(let b, let namesB)):
            let keys = Set(a.lazy.map(\.number))
            guard !b.contains(where: { keys.contains($0.number) }) else { return nil }
            records = .invoices(a + b, customerNames: namesA.merging(namesB) { earlier, _ in earlier })
        case (.history(let a), .history(let b)):
            let keys = Set(a.lazy.map(\.payment.id))
            guard !b.contains(where: { keys.contains($0.payment.id) }) else { return nil }
            records = .history(a + b)
        default:
            return nil
        }
        return ParsedImport(records: records, lines: first.lines + second.lines.map { $0 + lineOffset },
                            rowsRead: first.rowsRead + second.rowsRead,
                            skipped: first.skipped.merging(second.skipped, uniquingKeysWith: +),
                            skippedProblems: first.skippedProblems + second.skippedProblems, columns: first.columns)
    }
}
