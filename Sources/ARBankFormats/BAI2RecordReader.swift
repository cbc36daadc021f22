#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One BAI2 record as it stands in the file: its two-digit code, the line it starts on, and
/// where its content lies (after `NN,`, without the terminating `/`).
struct BAI2RawRecord {
    var code: Int
    var line: Int
    var start: Int
    var end: Int
    /// The content runs over a line break (a bank wrapped the record without an `88`); the
    /// line-break bytes inside it are to be dropped.
    var spansLines: Bool
}

/// Splits BAI2 bytes into records the way banks actually write them.
///
/// The specification ends every record with `/`, but free text (the last field of a `16`
/// record and its `88` continuations) may itself hold `/` (dates such as `08/18/23`, references
/// such as `AB/GS/1`), some banks end records only with a line break, some put several records
/// on one line (`…PPD/ 16,142,…`), and some wrap a long record onto the next line without an
/// `88`. So: a record that cannot hold text ends at its first `/`; a text record ends at a `/`
/// followed by the end of the line or by another record, or at a line break when the next line
/// starts a record; a line that does not start a record continues the one before.
struct BAI2RecordReader {
    private let buffer: UnsafeBufferPointer<UInt8>
    private var position = 0
    private var line = 1
    /// The last record that was not a continuation: an `88` after a `16` continues free text.
    private var lastCode = 0
    /// Files written as one long line (fixed blocks without line breaks) separate records only
    /// by `/`, so there a `/` directly followed by a record code ends a text record too.
    private let hasLineBreaks: Bool
    private(set) var warnings: [BankFileWarning] = []

    init(_ buffer: UnsafeBufferPointer<UInt8>) {
        self.buffer = buffer
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        hasLineBreaks = buffer.contains(BankFieldBytes.newline) || buffer.contains(BankFieldBytes.carriageReturn)
    }

    private static let slash = UInt8(ascii: "/")
    private static let comma = UInt8(ascii: ",")

    /// The record codes BAI2 defines.
    static func isKnown(_ code: Int) -> Bool {
        switch code {
        case 1, 2, 3, 16, 88, 49, 98, 99: true
        default: false
        }
    }

    /// The next record, or `nil` at the end of the file.
    mutating func next() throws(BankFileError) -> BAI2RawRecord? {
        skipBlankSpace()
        let count = buffer.count
        guard position < count else { return nil }
        let recordLine = line
        guard let code = recordCode(at: position) else {
            let end = lineEnd(from: position)
            throw BankFileError(line: recordLine, field: "record code", message: "expected a record code (01, 02, 03, 16, 88, 49, 98 or 99) followed by a comma, found '\(BankFieldBytes.shown(buffer, position..<end))'; is this a BAI2 file?")
        }
        guard Self.isKnown(code) else {
            throw BankFileError(line: recordLine, field: "record code", message: "unsupported record type \(twoDigits(code)); BAI2 records are 01, 02, 03, 16, 88, 49, 98 and 99")
        }
        let isText = code == 16 || (code == 88 && lastCode == 16)
        if code != 88 { lastCode = code }
        let start = position + 3
        var index = start
        var spansLines = false
        while true {
            let lineBreak = firstLineBreak(from: index)
            var searchFrom = index
            while let slash = first(Self.slash, in: searchFrom..<lineBreak) {
                var after = slash + 1
                while after < count, BankFieldBytes.isBlank(buffer[after]) { after += 1 }
                if !isText || after == count {
                    position = after
                    return BAI2RawRecord(code: code, line: recordLine, start: start, end: slash, spansLines: spansLines)
                }
                if after == lineBreak {
                    if startsRecordOrIsBlank(lineStart(lineBreak)) {
                        position = after
                        return BAI2RawRecord(code: code, line: recordLine, start: start, end: slash, spansLines: spansLines)
                    }
                    break  // the "/" belonged to the text, which goes on on the next line
                }
                if (after > slash + 1 || !hasLineBreaks), let nextCode = recordCode(at: after), Self.isKnown(nextCode) {
                    position = after
                    return BAI2RawRecord(code: code, line: recordLine, start: start, end: slash, spansLines: spansLines)
                }
                searchFrom = slash + 1
            }
            guard lineBreak < count else {
                position = count
                return BAI2RawRecord(code: code, line: recordLine, start: start, end: trimEnd(start, count), spansLines: spansLines)
            }
            let following = lineStart(lineBreak)
            if startsRecordOrIsBlank(following) || (!isText && recordCode(at: skipBlanks(following)) != nil) {
                position = lineBreak
                return BAI2RawRecord(code: code, line: recordLine, start: start, end: trimEnd(start, lineBreak), spansLines: spansLines)
            }
            // A line that starts no record continues this one.
            spansLines = true
            line += 1
            noteWrapped(line: line)
            index = following
        }
    }

    /// The first `byte` in `range`, found with `memchr` (records are scanned at memory speed).
    @inline(__always)
    private func first(_ byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = buffer.baseAddress,
              let found = memchr(base + range.lowerBound, Int32(byte), range.count) else { return nil }
        return UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
    }

    /// The first line break (LF or CR) at or after `index`, or the end of the file.
    @inline(__always)
    private func firstLineBreak(from index: Int) -> Int {
        let newline = first(BankFieldBytes.newline, in: index..<buffer.count) ?? buffer.count
        return first(BankFieldBytes.carriageReturn, in: index..<newline) ?? newline
    }

    private mutating func noteWrapped(line: Int) {
        warnings.append(BankFileWarning(line: line, message: "this line has no record code; it was read as the continuation of the record on the line before (joined without a separator)"))
    }

    /// Skips blanks, line breaks and the padding some systems put at the end (NUL, Ctrl-Z).
    private mutating func skipBlankSpace() {
        let count = buffer.count
        while position < count {
            let byte = buffer[position]
            if byte == BankFieldBytes.newline {
                line += 1
            } else if byte == BankFieldBytes.carriageReturn {
                if position + 1 < count && buffer[position + 1] == BankFieldBytes.newline { position += 1 }
                line += 1
            } else if !(BankFieldBytes.isBlank(byte) || byte == 0 || byte == 0x1A) {
                return
            }
            position += 1
        }
    }

    /// The two-digit code at `index` when it is followed by a comma.
    private func recordCode(at index: Int) -> Int? {
        guard index + 2 < buffer.count, buffer[index + 2] == Self.comma,
              BankFieldBytes.isDigit(buffer[index]), BankFieldBytes.isDigit(buffer[index + 1]) else { return nil }
        return Int(buffer[index] - 0x30) * 10 + Int(buffer[index + 1] - 0x30)
    }

    /// The start of the line after the line break at `index` (CRLF, LF or a lone CR).
    private func lineStart(_ index: Int) -> Int {
        if buffer[index] == BankFieldBytes.carriageReturn, index + 1 < buffer.count, buffer[index + 1] == BankFieldBytes.newline {
            return index + 2
        }
        return index + 1
    }

    private func skipBlanks(_ index: Int) -> Int {
        var index = index
        while index < buffer.count, BankFieldBytes.isBlank(buffer[index]) { index += 1 }
        return index
    }

    /// Whether the line at `index` is blank, the end of the file, or starts a known record.
    private func startsRecordOrIsBlank(_ index: Int) -> Bool {
        let index = skipBlanks(index)
        guard index < buffer.count else { return true }
        let byte = buffer[index]
        if byte == BankFieldBytes.newline || byte == BankFieldBytes.carriageReturn || byte == 0 || byte == 0x1A { return true }
        guard let code = recordCode(at: index) else { return false }
        return Self.isKnown(code)
    }

    private func trimEnd(_ start: Int, _ end: Int) -> Int {
        var end = end
        while end > start, BankFieldBytes.isBlank(buffer[end - 1]) { end -= 1 }
        return end
    }

    private func lineEnd(from index: Int) -> Int {
        var end = index
        while end < buffer.count, buffer[end] != BankFieldBytes.newline, buffer[end] != BankFieldBytes.carriageReturn { end += 1 }
        return end
    }

    private func twoDigits(_ code: Int) -> String { code < 10 ? "0\(code)" : "\(code)" }
}
