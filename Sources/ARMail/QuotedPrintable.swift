/// Quoted-printable (RFC 2045 §6.7), the transfer encoding of both body parts.
///
/// Why quoted-printable rather than 8bit or base64: it keeps every line 7-bit and at most 76
/// characters (so no relay rewrites or rejects the message, and no line approaches SMTP's
/// 998 limit), while mostly-ASCII reminder text stays readable in the raw source, which
/// helps when a customer forwards one as evidence.
public enum QuotedPrintable {
    /// The longest encoded line, without its CRLF.
    public static let maximumLineLength = 76

    /// Encodes UTF-8 text. Line breaks (CRLF, LF or CR) become CRLF hard breaks; longer lines
    /// get `=` soft breaks; `=`, controls, non-ASCII bytes and whitespace at a line's end are
    /// written `=XX`. No trailing CRLF is added beyond those in `text`.
    public static func encode(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + text.utf8.count / 8)
        for (index, line) in lines(of: Array(text.utf8)).enumerated() {
            if index > 0 { output.append(contentsOf: [0x0D, 0x0A]) }
            encodeLine(line, into: &output)
        }
        return String(decoding: output, as: UTF8.self)
    }

    /// Decodes quoted-printable text back to bytes: soft breaks removed, `=XX` decoded, hard
    /// breaks kept as CRLF. Malformed escapes are kept as they are, as RFC 2045 advises.
    public static func decode(_ text: String) -> [UInt8] {
        decode(bytes: Array(text.utf8))
    }

    /// Decodes quoted-printable bytes as they arrive in a MIME part (8-bit bytes, which a
    /// conforming encoder never writes, are kept as they are).
    public static func decode(bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        let allLines = lines(of: bytes)
        for (index, rawLine) in allLines.enumerated() {
            var line = rawLine[...]
            while let last = line.last, last == 0x20 || last == 0x09 { line = line.dropLast() }
            var softBreak = false
            if line.last == UInt8(ascii: "=") {
                softBreak = true
                line = line.dropLast()
            }
            var position = line.startIndex
            while position < line.endIndex {
                let byte = line[position]
                if byte == UInt8(ascii: "="), line.endIndex - position >= 3,
                   let high = hexValue(line[position + 1]), let low = hexValue(line[position + 2]) {
                    output.append(high << 4 | low)
                    position += 3
                } else {
                    output.append(byte)
                    position += 1
                }
            }
            if !softBreak && index < allLines.count - 1 { output.append(contentsOf: [0x0D, 0x0A]) }
        }
        return output
    }

    private static func encodeLine(_ line: [UInt8], into output: inout [UInt8]) {
        var length = 0
        for (index, byte) in line.enumerated() {
            let isLast = index == line.count - 1
            let literal = (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == 0x20 || byte == 0x09) && !isLast)
            let width = literal ? 1 : 3
            // Leave room for the "=" of a soft break unless this is the line's last character.
            if length + width > (isLast ? maximumLineLength : maximumLineLength - 1) {
                output.append(contentsOf: [UInt8(ascii: "="), 0x0D, 0x0A])
                length = 0
            }
            if literal {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "="))
                output.append(hexDigits[Int(byte >> 4)])
                output.append(hexDigits[Int(byte & 0x0F)])
            }
            length += width
        }
    }

    /// Splits at CRLF, LF or lone CR.
    static func lines(of bytes: [UInt8]) -> [[UInt8]] {
        var result: [[UInt8]] = []
        var current: [UInt8] = []
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0x0D || byte == 0x0A {
                result.append(current)
                current = []
                if byte == 0x0D, index + 1 < bytes.count, bytes[index + 1] == 0x0A { index += 1 }
            } else {
                current.append(byte)
            }
            index += 1
        }
        result.append(current)
        return result
    }

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
