import ARMail
import Foundation

/// A small reader of the messages ARMail writes, so tests assert on decoded content rather
/// than on the exact bytes: header fields (unfolded, encoded-words decoded), MIME parts,
/// quoted-printable bodies.
struct ParsedMessage {
    let raw: String
    /// Header fields in order, unfolded, values as written (not decoded).
    let fields: [(name: String, value: String)]
    /// The body, as written (transfer encoding not undone).
    let body: String

    init(_ raw: String) {
        self.raw = raw
        let separator = raw.range(of: "\r\n\r\n") ?? raw.range(of: "\n\n")
        let head = separator.map { String(raw[..<$0.lowerBound]) } ?? raw
        body = separator.map { String(raw[$0.upperBound...]) } ?? ""
        var fields: [(name: String, value: String)] = []
        for line in head.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false) {
            if let first = line.first, first == " " || first == "\t", let last = fields.popLast() {
                fields.append((last.name, last.value + line))
            } else if let colon = line.firstIndex(of: ":") {
                fields.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        self.fields = fields
    }

    /// The first field called `name` (any case), as written.
    func header(_ name: String) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The first field called `name` with its encoded-words decoded.
    func decodedHeader(_ name: String) -> String? {
        header(name).map(EncodedWord.decode)
    }

    func count(of name: String) -> Int {
        fields.filter { $0.name.lowercased() == name.lowercased() }.count
    }

    /// A parameter of Content-Type, e.g. "boundary" or "charset".
    func contentTypeParameter(_ parameter: String) -> String? {
        guard let type = header("Content-Type") else { return nil }
        for piece in type.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == parameter else { continue }
            return pair[1].trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
    }

    /// The media type without parameters, lower-cased.
    var mediaType: String? {
        header("Content-Type").map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces).lowercased() }
    }

    /// The parts of a multipart body (empty when not multipart).
    var parts: [ParsedMessage] {
        guard let boundary = contentTypeParameter("boundary") else { return [] }
        let normalized = body.replacingOccurrences(of: "\r\n", with: "\n")
        var pieces = normalized.components(separatedBy: "\n--\(boundary)")
        // The first piece is the preamble; the last starts with "--" (the close delimiter).
        guard pieces.count >= 2 else { return [] }
        pieces.removeFirst()
        return pieces.filter { !$0.hasPrefix("--") }.map { piece in
            // Drop the rest of the delimiter line.
            let content = piece.drop(while: { $0 != "\n" }).dropFirst()
            return ParsedMessage(String(content).replacingOccurrences(of: "\n", with: "\r\n"))
        }
    }

    /// The body with its transfer encoding undone, as UTF-8 text.
    var decodedBody: String {
        if header("Content-Transfer-Encoding")?.lowercased() == "quoted-printable" {
            return String(decoding: QuotedPrintable.decode(body), as: UTF8.self)
        }
        return body
    }

    /// Lines of the raw text, split at CRLF.
    var rawLines: [Substring] {
        raw.split(separator: "\r\n", omittingEmptySubsequences: false)
    }
}
