/// A malformed CSV file: where, and what is wrong.
public struct CSVSyntaxError: Error, Equatable, Sendable {
    public let line: Int
    public let column: Int
    public let message: String
}

/// One record of a CSV file, borrowed for the duration of a callback: field bytes are slices of
/// the file, so reading a million rows allocates only what the caller keeps.
public struct CSVRecord {
    /// The physical line (1-based) the record starts on; a quoted field may span lines.
    public let line: Int
    /// The byte offsets of the record in the file (after a leading byte-order mark).
    public let startOffset: Int
    public let endOffset: Int
    fileprivate let bytes: [UInt8]
    fileprivate let ranges: [(start: Int, end: Int, escapedQuotes: Bool)]

    public var count: Int { ranges.count }

    /// The field's bytes with RFC 4180 quoting removed.
    public func field(_ index: Int) -> ArraySlice<UInt8> {
        guard index < ranges.count else { return [] }
        let range = ranges[index]
        let raw = bytes[range.start..<range.end]
        guard range.escapedQuotes else { return raw }
        var unescaped: [UInt8] = []
        unescaped.reserveCapacity(raw.count)
        var previousWasQuote = false
        for byte in raw {
            if byte == quote && previousWasQuote { previousWasQuote = false; continue }
            previousWasQuote = byte == quote
            unescaped.append(byte)
        }
        return unescaped[...]
    }

    public func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// The physical line and the 1-based field of a byte of this record, for problems found by
    /// byte offset (a NUL, a broken UTF-8 sequence).
    public func location(ofByte offset: Int) -> (line: Int, column: Int) {
        var line = self.line
        var index = startOffset
        while index < offset && index < bytes.count {
            if bytes[index] == newline { line += 1 }
            index += 1
        }
        let field = ranges.lastIndex { $0.start <= offset } ?? 0
        return (line, field + 1)
    }

    /// True when every field is empty: a blank line, which carries no data.
    public var isBlank: Bool { ranges.allSatisfy { $0.start == $0.end } }
}

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")

/// An RFC 4180 reader over a whole file in memory: comma-separated, `"`-quoted fields that may
/// hold commas, doubled quotes and line breaks; LF or CRLF line ends; a UTF-8 byte-order mark at
/// the very start is ignored (anywhere else it is an error: see ``CSVTextCheck``). Quoting errors
/// are reported with line and column rather than guessed around.
public struct CSVReader {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            self.bytes = Array(bytes.dropFirst(3))
        } else {
            self.bytes = bytes
        }
    }

    /// Calls `body` with each record in order, with the byte offset just past it (for progress).
    /// `body` returns `false` to stop early.
    public func forEachRecord(_ body: (CSVRecord, Int) throws -> Bool) throws {
        var ranges: [(start: Int, end: Int, escapedQuotes: Bool)] = []
        ranges.reserveCapacity(32)
        var index = 0
        var line = 1
        let count = bytes.count
        try bytes.withUnsafeBufferPointer { buffer in
            while index < count {
                let recordLine = line
                let recordStart = index
                ranges.removeAll(keepingCapacity: true)
                var column = 1
                recordLoop: while true {
                    if index < count && buffer[index] == quote {
                        // Quoted field: runs to the next quote not followed by another quote.
                        let start = index + 1
                        var cursor = start
                        var escaped = false
                        while true {
                            guard cursor < count else {
                                throw CSVSyntaxError(line: recordLine, column: column,
                                                     message: "a quoted field is never closed; add the closing '\"'")
                            }
                            let byte = buffer[cursor]
                            if byte == quote {
                                if cursor + 1 < count && buffer[cursor + 1] == quote {
                                    escaped = true
                                    cursor += 2
                                    continue
                                }
                                break
                            }
                            if byte == newline { line += 1 }
                            cursor += 1
                        }
                        ranges.append((start, cursor, escaped))
                        index = cursor + 1
                        guard index >= count || buffer[index] == comma || buffer[index] == newline
                            || buffer[index] == carriageReturn
                        else {
                            throw CSVSyntaxError(line: line, column: column,
                                                 message: "text after a closing quote; quote the whole field and double any '\"' inside it")
                        }
                    } else {
                        let start = index
                        while index < count {
                            let byte = buffer[index]
                            if byte == comma || byte == newline || byte == carriageReturn { break }
                            index += 1
                        }
                        ranges.append((start, index, false))
                    }
                    // After a field: a comma, a line end, or the end of the file.
                    if index >= count { break recordLoop }
                    switch buffer[index] {
                    case comma:
                        index += 1
                        column += 1
                        if index >= count { ranges.append((index, index, false)); break recordLoop }
                    case carriageReturn:
                        index += 1
                        if index < count && buffer[index] == newline { index += 1 }
                        line += 1
                        break recordLoop
                    default:
                        index += 1
                        line += 1
                        break recordLoop
                    }
                }
                let record = CSVRecord(line: recordLine, startOffset: recordStart, endOffset: index, bytes: bytes, ranges: ranges)
                guard try body(record, index) else { return }
            }
        }
    }
}
