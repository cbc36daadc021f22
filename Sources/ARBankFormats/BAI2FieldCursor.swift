/// Walks the comma-separated fields of a BAI2 record and its `88` continuations as one sequence.
///
/// A continuation carries on the record's fields where the `/` cut them: `03,…,190/` followed
/// by `88,500000,,/` is the summary `190` with amount `500000`. So a field ends at a comma or at
/// the end of a segment, and the next field starts in the next segment.
struct BAI2FieldCursor {
    struct Segment {
        var start: Int
        var end: Int
        var line: Int
    }

    private let buffer: UnsafeBufferPointer<UInt8>
    private let segments: [Segment]
    private var segment = 0
    /// The next byte to read in the current segment; past `end` once the segment is used up.
    private var index: Int
    /// The line of the segment the last field came from (for messages).
    private(set) var line: Int

    init(_ buffer: UnsafeBufferPointer<UInt8>, _ segments: [Segment]) {
        self.buffer = buffer
        self.segments = segments
        index = segments.first?.start ?? 0
        line = segments.first?.line ?? 0
    }

    /// The next field's byte range, or `nil` when the record and its continuations are used up.
    mutating func next() -> Range<Int>? {
        guard segment < segments.count else { return nil }
        if index > segments[segment].end {
            segment += 1
            guard segment < segments.count else { return nil }
            index = segments[segment].start
        }
        let current = segments[segment]
        line = current.line
        let start = index
        var cursor = start
        while cursor < current.end, buffer[cursor] != UInt8(ascii: ",") { cursor += 1 }
        index = cursor + 1
        return start..<cursor
    }

    /// Whether the last field read was the last of its record or continuation.
    var lastFieldEndedSegment: Bool { segment < segments.count && index > segments[segment].end }

    /// The next field, or an empty one when the record ended early (trailing fields omitted).
    mutating func nextOrEmpty() -> Range<Int> {
        if let field = next() { return field }
        // Past the record `index` is one beyond its last byte, which is beyond the buffer when
        // the record ends the file (`01,` then `02,`): the empty field is placed at the record's
        // end instead, so that a message quoting it can still slice the buffer.
        let end = min(index, segments.last?.end ?? index)
        return end..<end
    }

    /// Appends everything after the last field to `text`: the rest of the current segment (when
    /// the last field ended at a comma) and each following continuation, each piece trimmed of
    /// blanks and joined with one space, so that text wrapped over `88` records reads as one.
    mutating func appendRemainingText(to text: inout [UInt8]) {
        guard segment < segments.count else { return }
        if index <= segments[segment].end { append(index..<segments[segment].end, to: &text) }
        var following = segment + 1
        while following < segments.count {
            append(segments[following].start..<segments[following].end, to: &text)
            following += 1
        }
        segment = segments.count
    }

    private func append(_ range: Range<Int>, to text: inout [UInt8]) {
        let piece = BankFieldBytes.trimmed(buffer, range)
        guard !piece.isEmpty else { return }
        if !text.isEmpty { text.append(BankFieldBytes.space) }
        text.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[piece]))
    }
}
