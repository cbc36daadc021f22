import ARCore

/// One record of a fixed-width file (NACHA, BAI lockbox), with fields addressed by the 1-based
/// column positions the specifications use, so that parsers read like the layout tables.
struct BankFixedWidthRecord {
    let buffer: UnsafeBufferPointer<UInt8>
    /// The record's bytes (line break and trailing blanks excluded). Banks often strip trailing
    /// blanks, so a record may be shorter than its layout: the missing columns read as blanks.
    let start: Int
    let end: Int
    let line: Int

    var typeCode: UInt8 { buffer[start] }

    /// Columns `from...to` (1-based, inclusive), clipped to the record.
    @inline(__always)
    func columns(_ from: Int, _ to: Int) -> Range<Int> {
        let lower = min(start + from - 1, end)
        let upper = min(start + to, end)
        return lower..<upper
    }

    /// The columns as text, blanks trimmed; `nil` when blank.
    func text(_ from: Int, _ to: Int) -> String? { BankFieldBytes.text(buffer, columns(from, to)) }

    /// The columns as an unsigned number; `nil` when not all digits.
    func number(_ from: Int, _ to: Int) -> Int64? {
        let range = columns(from, to)
        guard range.count == to - from + 1 else { return nil }
        return BankFieldBytes.unsigned(buffer, range)
    }

    func shown(_ from: Int, _ to: Int) -> String { BankFieldBytes.shown(buffer, columns(from, to)) }

    func date(_ from: Int) -> CalendarDate? { BankFieldBytes.yymmdd(buffer, columns(from, from + 5)) }

    var length: Int { end - start }

    /// Whether the whole record is the `9…9` filler that pads a NACHA file to whole blocks.
    var isBlockFiller: Bool {
        guard end - start >= 94 else { return false }
        for index in start..<end where buffer[index] != UInt8(ascii: "9") { return false }
        return true
    }
}

/// Splits a fixed-width file into records: one per line, or, for files delivered without line
/// breaks, one per `recordLength` bytes. Blank lines are skipped.
struct BankFixedWidthLines {
    let buffer: UnsafeBufferPointer<UInt8>
    private let recordLength: Int
    private var position = 0
    private var line = 0
    private let fixedBlocks: Bool

    init(_ buffer: UnsafeBufferPointer<UInt8>, recordLength: Int) {
        self.buffer = buffer
        self.recordLength = recordLength
        if buffer.starts(with: [0xEF, 0xBB, 0xBF]) { position = 3 }
        fixedBlocks = !buffer.contains(BankFieldBytes.newline) && !buffer.contains(BankFieldBytes.carriageReturn)
    }

    /// The next non-blank record, or `nil` at the end.
    mutating func next() -> BankFixedWidthRecord? {
        while position < buffer.count {
            line += 1
            let start = position
            var end: Int
            if fixedBlocks {
                end = min(start + recordLength, buffer.count)
                position = end
            } else {
                end = start
                while end < buffer.count, buffer[end] != BankFieldBytes.newline, buffer[end] != BankFieldBytes.carriageReturn { end += 1 }
                position = end
                if position < buffer.count, buffer[position] == BankFieldBytes.carriageReturn { position += 1 }
                if position < buffer.count, buffer[position] == BankFieldBytes.newline { position += 1 }
            }
            while end > start, BankFieldBytes.isBlank(buffer[end - 1]) || buffer[end - 1] == 0 || buffer[end - 1] == 0x1A { end -= 1 }
            guard end > start else { continue }
            return BankFixedWidthRecord(buffer: buffer, start: start, end: end, line: line)
        }
        return nil
    }
}
