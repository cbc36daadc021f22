/// One IMAP server response: a line, with the literals (`{N}` followed by N bytes) it carries
/// kept apart from its text, as RFC 9051 section 4.3 frames them.
struct IMAPResponse: Sendable {
    enum Kind: Sendable, Equatable {
        case untagged, continuation, tagged(String)
    }

    var kind: Kind
    /// The text after the tag (`OK [READ-WRITE] Select completed`, `12 FETCH (UID 40 BODY[] {1834}…)`),
    /// each literal's `{N}` left in place.
    var text: String
    var literals: [[UInt8]]

    /// The first word of the text, upper-cased: the status (`OK`, `NO`, `BAD`, `BYE`) or, for
    /// untagged data, the response name after a number (`FETCH` in `12 FETCH …`).
    var status: String { text.prefix(while: { $0 != " " }).uppercased() }

    /// For `* N NAME …`: NAME, else the first word.
    var name: String {
        let words = text.split(separator: " ", maxSplits: 2)
        if words.count >= 2, words[0].allSatisfy(\.isNumber) { return words[1].uppercased() }
        return status
    }

    /// The number after `UID ` in a FETCH response.
    var uid: UInt32? {
        guard let range = text.range(of: "UID ", options: .caseInsensitive) else { return nil }
        return UInt32(text[range.upperBound...].prefix(while: \.isNumber))
    }
}

/// Cuts the bytes a server sends into ``IMAPResponse``s. Why by hand: a response is a line that
/// may announce a literal of any bytes (a whole message) after which the line continues, so a
/// line decoder alone cannot frame it.
struct IMAPResponseFramer: Sendable {
    /// The largest literal accepted: a message bigger than this is refused rather than held.
    static let maximumLiteralBytes = 64 * 1024 * 1024
    /// The longest line outside literals.
    static let maximumLineBytes = 1024 * 1024

    private var bytes: [UInt8] = []
    private var start = 0

    mutating func append(_ data: some Sequence<UInt8>) {
        if start > 0 && start == bytes.count { bytes.removeAll(keepingCapacity: true); start = 0 }
        bytes.append(contentsOf: data)
    }

    /// The next complete response, or nil when more bytes are needed.
    mutating func next() throws(IMAPError) -> IMAPResponse? {
        var cursor = start
        var text: [UInt8] = []
        var literals: [[UInt8]] = []
        while true {
            guard let lineEnd = Self.lineEnd(in: bytes, from: cursor) else {
                if bytes.count - cursor > Self.maximumLineBytes { throw .protocolViolation("a line longer than \(Self.maximumLineBytes) bytes") }
                return nil
            }
            let line = bytes[cursor..<lineEnd]
            text += line
            cursor = lineEnd + 2
            guard let length = try Self.literalLength(line) else { break }
            guard bytes.count - cursor >= length else { return nil }
            literals.append(Array(bytes[cursor..<(cursor + length)]))
            cursor += length
        }
        start = cursor
        if start > 1 << 20 { bytes.removeFirst(start); start = 0 }
        let line = String(decoding: text, as: UTF8.self)
        if line.hasPrefix("* ") { return IMAPResponse(kind: .untagged, text: String(line.dropFirst(2)), literals: literals) }
        if line == "+" || line.hasPrefix("+ ") { return IMAPResponse(kind: .continuation, text: String(line.dropFirst(2)), literals: literals) }
        guard let space = line.firstIndex(of: " ") else { throw .protocolViolation("'\(line.prefix(80))' has no tag") }
        return IMAPResponse(kind: .tagged(String(line[..<space])), text: String(line[line.index(after: space)...]), literals: literals)
    }

    private static func lineEnd(in bytes: [UInt8], from start: Int) -> Int? {
        var index = start
        while index + 1 < bytes.count {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index }
            index += 1
        }
        return nil
    }

    /// `{123}` or `{123+}` at the end of a line.
    private static func literalLength(_ line: ArraySlice<UInt8>) throws(IMAPError) -> Int? {
        guard line.last == UInt8(ascii: "}"), let open = line.lastIndex(of: UInt8(ascii: "{")) else { return nil }
        var digits = line[(open + 1)..<(line.endIndex - 1)]
        if digits.last == UInt8(ascii: "+") { digits = digits.dropLast() }
        guard !digits.isEmpty, digits.allSatisfy({ (48...57).contains($0) }) else { return nil }
        guard digits.count <= 10, let length = Int(String(decoding: digits, as: UTF8.self)), length <= maximumLiteralBytes else {
            throw .protocolViolation("a message of \(String(decoding: digits, as: UTF8.self)) bytes, more than the \(maximumLiteralBytes / 1_048_576) MB this client accepts")
        }
        return length
    }
}
