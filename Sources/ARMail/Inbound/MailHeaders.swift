import Foundation

/// The header section of a message or a MIME part (RFC 5322 §2.2): fields in order, folded
/// lines joined (§2.2.3), names compared without case.
///
/// Values are kept as written (encoded-words not decoded): which decoding applies depends on
/// the field (RFC 2047 for unstructured text and phrases, RFC 2231 for MIME parameters).
public struct MailHeaders: Sendable, Equatable {
    public struct Field: Sendable, Equatable {
        public let name: String
        public let value: String
    }

    public let fields: [Field]

    public init(fields: [Field]) { self.fields = fields }

    /// The first field called `name` (any case), unfolded, trimmed.
    public subscript(_ name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Every field called `name`, in order.
    public func all(_ name: String) -> [String] {
        let wanted = name.lowercased()
        return fields.filter { $0.name.lowercased() == wanted }.map(\.value)
    }

    /// The value with RFC 2047 encoded-words decoded, for Subject and other text fields.
    public func text(_ name: String) -> String? {
        self[name].map(EncodedWord.decode)
    }

    /// Splits `bytes` into the header section and the body. The header ends at the first
    /// empty line (CRLF, LF or a lone CR line ending); a line that is neither a field nor a
    /// continuation (garbage, an mbox "From " line) is skipped rather than ending the header.
    static func split(_ bytes: ArraySlice<UInt8>) -> (headers: MailHeaders, body: ArraySlice<UInt8>) {
        var fields: [(name: String, value: [UInt8])] = []
        var index = bytes.startIndex
        var bodyStart = bytes.endIndex
        while index < bytes.endIndex {
            let (lineEnd, next) = LineBreaks.line(in: bytes, from: index)
            let line = bytes[index..<lineEnd]
            if line.isEmpty {
                bodyStart = next
                break
            }
            if let first = line.first, first == 0x20 || first == 0x09 {
                // Unfolding (RFC 5322 §2.2.3): the folding white space becomes one space.
                if !fields.isEmpty {
                    fields[fields.count - 1].value.append(0x20)
                    fields[fields.count - 1].value.append(contentsOf: line.drop { $0 == 0x20 || $0 == 0x09 })
                }
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      line[line.startIndex..<colon].allSatisfy({ $0 > 32 && $0 < 127 }) {
                let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self)
                fields.append((name, Array(line[(colon + 1)...])))
            } else if fields.isEmpty, line.starts(with: Array("From ".utf8)) {
                // An mbox separator line before the first field.
            } else if let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex,
                      case let name = String(decoding: line[line.startIndex..<colon], as: UTF8.self).trimmingCharacters(in: .whitespaces),
                      !name.isEmpty, !name.contains(" ") {
                // "Name : value" with white space before the colon (obsolete syntax, RFC 5322 §4.5).
                fields.append((name, Array(line[(colon + 1)...])))
            } else if !fields.isEmpty {
                // A continuation its writer forgot to indent (seen in real bounces:
                // "boundary=..." on a line of its own).
                fields[fields.count - 1].value.append(0x20)
                fields[fields.count - 1].value.append(contentsOf: line)
            }
            index = next
        }
        let parsed = fields.map { field in
            Field(name: field.name, value: MailCharset.lenientUTF8(field.value).trimmingCharacters(in: .whitespaces))
        }
        return (MailHeaders(fields: parsed), bytes[bodyStart...])
    }

    /// Whether `bytes` starts like a header section: its first line is a field.
    static func looksLikeHeader(_ bytes: ArraySlice<UInt8>) -> Bool {
        let (headers, _) = split(bytes)
        return !headers.fields.isEmpty
    }
}
