/// An RFC 4180 tokenizer over a whole file in memory: comma-separated, `"`-quoted fields that
/// may hold commas, doubled quotes and line breaks; LF, CRLF or CR line ends; a UTF-8
/// byte-order mark is skipped. Fields are byte ranges of the file, so a row costs no allocation;
/// only a field with doubled quotes is copied when read.
struct StatementCSVReader {
    struct Field {
        var start: Int
        var end: Int
        /// The field holds `""` pairs that stand for one `"`.
        var escaped: Bool
    }

    private let buffer: UnsafeBufferPointer<UInt8>
    /// The fields of the row last read.
    private(set) var fields: [Field] = []
    private var position = 0
    private var line = 1

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        fields.reserveCapacity(16)
    }

    /// A row with a single empty field: an empty line, which carries nothing.
    var isBlankRow: Bool { fields.count == 1 && fields[0].start == fields[0].end }

    /// Reads the next row into `fields`; returns the line it starts on, or `nil` at the end.
    mutating func nextRow() throws -> Int? {
        let count = buffer.count
        guard position < count else { return nil }
        let rowLine = line
        fields.removeAll(keepingCapacity: true)
        var index = position
        while true {
            if index < count && buffer[index] == quote {
                // Quoted: runs to the next quote that is not doubled.
                let start = index + 1
                let startLine = line
                var cursor = start
                var escaped = false
                while true {
                    guard cursor < count else {
                        throw BankFileError(line: startLine, field: "column \(fields.count + 1)", message: "a quoted field is never closed; add the closing '\"'")
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
                    if byte == newline || (byte == carriageReturn && (cursor + 1 >= count || buffer[cursor + 1] != newline)) { line += 1 }
                    cursor += 1
                }
                fields.append(Field(start: start, end: cursor, escaped: escaped))
                index = cursor + 1
                if index < count, buffer[index] != comma, buffer[index] != newline, buffer[index] != carriageReturn {
                    throw BankFileError(line: line, field: "column \(fields.count)", message: "text after a closing quote; quote the whole field and double any '\"' inside it")
                }
            } else {
                let start = index
                // Commas, quotes and line breaks are all below "0": most bytes are passed by one compare.
                while index < count {
                    let byte = buffer[index]
                    if byte < 0x30 && (byte == comma || byte == newline || byte == carriageReturn) { break }
                    index += 1
                }
                fields.append(Field(start: start, end: index, escaped: false))
            }
            guard index < count else { break }
            let separator = buffer[index]
            index += 1
            if separator == comma {
                if index >= count {
                    fields.append(Field(start: index, end: index, escaped: false))
                    break
                }
                continue
            }
            if separator == carriageReturn && index < count && buffer[index] == newline { index += 1 }
            line += 1
            break
        }
        position = index
        return rowLine
    }
}

private let quote = UInt8(ascii: "\"")
private let comma = UInt8(ascii: ",")
private let newline = UInt8(ascii: "\n")
private let carriageReturn = UInt8(ascii: "\r")
