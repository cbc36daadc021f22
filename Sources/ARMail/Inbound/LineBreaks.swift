/// Where a line ends in raw message bytes, whichever line break it uses: CRLF (RFC 5322),
/// LF (Unix mailboxes, most saved .eml files) or a lone CR (old Mac clients).
enum LineBreaks {
    /// The end of the line starting at `start` (its break excluded) and the start of the next.
    static func line(in bytes: ArraySlice<UInt8>, from start: Int) -> (end: Int, next: Int) {
        var end = start
        while end < bytes.endIndex, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
        var next = end
        if next < bytes.endIndex {
            if bytes[next] == 0x0D, next + 1 < bytes.endIndex, bytes[next + 1] == 0x0A { next += 2 } else { next += 1 }
        }
        return (end, next)
    }
}
