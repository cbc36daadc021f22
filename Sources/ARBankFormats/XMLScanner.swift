/// A forward-only reader of XML markup over raw bytes, for the camt parsers.
///
/// Bank statements are large, flat and regular, so instead of building a tree (or paying for
/// Foundation's `XMLParser` and its per-callback strings) the scanner reports only where start and
/// end tags are; the caller decides which elements it wants and decodes just their content with
/// ``text(_:_:)``. Well-formedness that matters for trusting the data is checked: end tags must
/// match their start tags and the document must not end inside an element. DTDs are skipped and
/// never expanded, so entity-expansion attacks have nothing to expand.
struct XMLScanner {
    enum Event {
        /// `<name attributes>`; `contentStart` is just past the `>`. A self-closing tag (`<a/>`)
        /// has no matching `.end`.
        case start(name: Range<Int>, localNameStart: Int, attributes: Range<Int>, selfClosing: Bool, tagStart: Int, contentStart: Int)
        /// `</name>`; the element's content ends at `tagStart`.
        case end(name: Range<Int>, localNameStart: Int, tagStart: Int)
        case endOfDocument
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    /// Names (and tag offsets) of the elements open at `position`, to check end tags against.
    private var open: [(name: Range<Int>, tagStart: Int)] = []
    private var lines: LineCounter

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
        self.lines = LineCounter(bytes: bytes)
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { position = 3 }
    }

    /// The 1-based line of byte `offset`.
    mutating func line(at offset: Int) -> Int { lines.line(at: offset) }

    mutating func next() throws(BankFileError) -> Event {
        let count = bytes.count
        while true {
            // Skip character data up to the next markup.
            while position < count && bytes[position] != UInt8(ascii: "<") { position += 1 }
            guard position < count else {
                if let innermost = open.last {
                    throw BankFileError(line: line(at: innermost.tagStart), field: name(innermost.name),
                                        message: "the document ends inside <\(name(innermost.name))>: the file is cut off or not complete XML; download it again")
                }
                return .endOfDocument
            }
            let tagStart = position
            guard position + 1 < count else { throw malformed(at: tagStart, "a '<' at the very end") }
            let second = bytes[position + 1]
            if second == UInt8(ascii: "?") {
                try skip(past: [UInt8(ascii: "?"), UInt8(ascii: ">")], from: tagStart, what: "processing instruction")
                continue
            }
            if second == UInt8(ascii: "!") {
                if matches("<!--", at: position) {
                    try skip(past: Array("-->".utf8), from: tagStart, what: "comment")
                } else if matches("<![CDATA[", at: position) {
                    try skip(past: Array("]]>".utf8), from: tagStart, what: "CDATA section")
                } else {
                    try skipDeclaration(from: tagStart)
                }
                continue
            }
            if second == UInt8(ascii: "/") {
                position += 2
                let nameStart = position
                while position < count && !isNameEnd(bytes[position]) { position += 1 }
                let nameRange = nameStart..<position
                while position < count && bytes[position] != UInt8(ascii: ">") { position += 1 }
                guard position < count else { throw malformed(at: tagStart, "an end tag that is never closed with '>'") }
                position += 1
                guard let innermost = open.popLast() else {
                    throw malformed(at: tagStart, "an end tag </\(name(nameRange))> with no element open")
                }
                guard sameName(innermost.name, nameRange) else {
                    throw BankFileError(line: line(at: tagStart), field: name(nameRange),
                                        message: "the end tag </\(name(nameRange))> does not match <\(name(innermost.name))> opened on line \(line(at: innermost.tagStart)); the file is not well-formed XML")
                }
                return .end(name: nameRange, localNameStart: localStart(nameRange), tagStart: tagStart)
            }
            position += 1
            let nameStart = position
            while position < count && !isNameEnd(bytes[position]) { position += 1 }
            let nameRange = nameStart..<position
            guard !nameRange.isEmpty else { throw malformed(at: tagStart, "a '<' that starts no tag") }
            let attributesStart = position
            var quote: UInt8 = 0
            while position < count {
                let byte = bytes[position]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                }
                position += 1
            }
            guard position < count else { throw malformed(at: tagStart, "a start tag <\(name(nameRange))> that is never closed with '>'") }
            let selfClosing = position > attributesStart && bytes[position - 1] == UInt8(ascii: "/")
            let attributesEnd = selfClosing ? position - 1 : position
            position += 1
            if !selfClosing { open.append((nameRange, tagStart)) }
            return .start(name: nameRange, localNameStart: localStart(nameRange), attributes: attributesStart..<attributesEnd,
                          selfClosing: selfClosing, tagStart: tagStart, contentStart: position)
        }
    }

    /// The value of attribute `attribute` (matched on its local name) within `range`, undecoded.
    func attribute(_ attribute: StaticString, in range: Range<Int>) -> Range<Int>? {
        let wanted = UnsafeBufferPointer(start: attribute.utf8Start, count: attribute.utf8CodeUnitCount)
        var index = range.lowerBound
        while index < range.upperBound {
            while index < range.upperBound && isSpace(bytes[index]) { index += 1 }
            let nameStart = index
            while index < range.upperBound && bytes[index] != UInt8(ascii: "=") && !isSpace(bytes[index]) { index += 1 }
            let nameRange = nameStart..<index
            while index < range.upperBound && isSpace(bytes[index]) { index += 1 }
            guard index < range.upperBound, bytes[index] == UInt8(ascii: "=") else { return nil }
            index += 1
            while index < range.upperBound && isSpace(bytes[index]) { index += 1 }
            guard index < range.upperBound else { return nil }
            let quote = bytes[index]
            guard quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else { return nil }
            index += 1
            let valueStart = index
            while index < range.upperBound && bytes[index] != quote { index += 1 }
            let valueRange = valueStart..<index
            index += 1
            let local = localStart(nameRange)
            if nameRange.upperBound - local == wanted.count && (0..<wanted.count).allSatisfy({ bytes[local + $0] == wanted[$0] }) {
                return valueRange
            }
        }
        return nil
    }

    func name(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self) }

    // MARK: - Skipping

    private mutating func skip(past terminator: [UInt8], from tagStart: Int, what: String) throws(BankFileError) {
        let count = bytes.count
        let first = terminator[0]
        var index = position + 2
        while index + terminator.count <= count {
            if bytes[index] == first && (1..<terminator.count).allSatisfy({ bytes[index + $0] == terminator[$0] }) {
                position = index + terminator.count
                return
            }
            index += 1
        }
        throw malformed(at: tagStart, "a \(what) that is never closed")
    }

    /// `<!DOCTYPE …>` and other declarations, including an internal subset in `[…]`.
    private mutating func skipDeclaration(from tagStart: Int) throws(BankFileError) {
        var brackets = 0
        var index = position + 2
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "["): brackets += 1
            case UInt8(ascii: "]"): brackets -= 1
            case UInt8(ascii: ">") where brackets <= 0:
                position = index + 1
                return
            default: break
            }
            index += 1
        }
        throw malformed(at: tagStart, "a declaration that is never closed")
    }

    private func matches(_ literal: StaticString, at index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where bytes[index + offset] != pointer[offset] { return false }
        return true
    }

    private func sameName(_ a: Range<Int>, _ b: Range<Int>) -> Bool {
        guard a.count == b.count else { return false }
        var i = a.lowerBound, j = b.lowerBound
        while i < a.upperBound {
            if bytes[i] != bytes[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    private func localStart(_ range: Range<Int>) -> Int {
        var index = range.upperBound
        while index > range.lowerBound {
            if bytes[index - 1] == UInt8(ascii: ":") { return index }
            index -= 1
        }
        return range.lowerBound
    }

    private mutating func malformed(at offset: Int, _ what: String) -> BankFileError {
        BankFileError(line: line(at: offset), message: "not well-formed XML: \(what); check that the file was not cut off or edited")
    }
}

@inline(__always) private func isNameEnd(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
}

extension XMLScanner {
    /// The text content of `range` (an element's content), with entity references and CDATA
    /// sections decoded, comments dropped, and surrounding white space trimmed; `nil` when empty.
    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, encoding: TextEncoding = .utf8) -> String? {
        var start = range.lowerBound, end = range.upperBound
        while start < end && isSpace(bytes[start]) { start += 1 }
        while end > start && isSpace(bytes[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        var plain = true
        for index in start..<end where bytes[index] == UInt8(ascii: "&") || bytes[index] == UInt8(ascii: "<") {
            plain = false
            break
        }
        if plain { return encoding.string(bytes, start..<end) }
        var decoded: [UInt8] = []
        decoded.reserveCapacity(end - start)
        var index = start
        while index < end {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<") {
                if startsWith("<![CDATA[", bytes, index), let close = find("]]>", in: bytes, from: index + 9, before: end) {
                    decoded.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(index + 9)..<close]))
                    index = close + 3
                    continue
                }
                if startsWith("<!--", bytes, index), let close = find("-->", in: bytes, from: index + 4, before: end) {
                    index = close + 3
                    continue
                }
                decoded.append(byte)
                index += 1
            } else if byte == UInt8(ascii: "&") {
                var semicolon = index + 1
                while semicolon < end && semicolon - index <= 10 && bytes[semicolon] != UInt8(ascii: ";") { semicolon += 1 }
                if semicolon < end, bytes[semicolon] == UInt8(ascii: ";"), let scalar = entity(bytes, (index + 1)..<semicolon) {
                    appendUTF8(scalar, to: &decoded)
                    index = semicolon + 1
                } else {
                    // An unknown or malformed reference is kept as written rather than guessed at.
                    decoded.append(byte)
                    index += 1
                }
            } else {
                decoded.append(byte)
                index += 1
            }
        }
        let text = encoding.string(decoded)
        let trimmed = text.trimmingXMLSpace()
        return trimmed.isEmpty ? nil : trimmed
    }

    private static func entity(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Unicode.Scalar? {
        let name = Array(bytes[range])
        switch name {
        case Array("amp".utf8): return "&"
        case Array("lt".utf8): return "<"
        case Array("gt".utf8): return ">"
        case Array("quot".utf8): return "\""
        case Array("apos".utf8): return "'"
        default: break
        }
        guard name.count >= 2, name[0] == UInt8(ascii: "#") else { return nil }
        var value: UInt32 = 0
        let hex = name[1] == UInt8(ascii: "x") || name[1] == UInt8(ascii: "X")
        let digits = name[(hex ? 2 : 1)...]
        guard !digits.isEmpty else { return nil }
        for digit in digits {
            let next: UInt32
            switch digit {
            case 0x30...0x39: next = UInt32(digit - 0x30)
            case 0x61...0x66 where hex: next = UInt32(digit - 0x61 + 10)
            case 0x41...0x46 where hex: next = UInt32(digit - 0x41 + 10)
            default: return nil
            }
            value = value * (hex ? 16 : 10) + next
            guard value <= 0x10FFFF else { return nil }
        }
        return Unicode.Scalar(value)
    }

    private static func appendUTF8(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        buffer.append(contentsOf: UTF8.encode(scalar).map { Array($0) } ?? [])
    }

    private static func startsWith(_ literal: StaticString, _ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        for offset in 0..<count where bytes[index + offset] != literal.utf8Start[offset] { return false }
        return true
    }

    private static func find(_ literal: StaticString, in bytes: UnsafeBufferPointer<UInt8>, from: Int, before end: Int) -> Int? {
        var index = from
        while index + literal.utf8CodeUnitCount <= end {
            if startsWith(literal, bytes, index) { return index }
            index += 1
        }
        return nil
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    func trimmingXMLSpace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
              let last = scalars.lastIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        return String(scalars[first...last])
    }
}
