/// A `multipart/form-data` body (RFC 7578), as a browser sends a form with a file: each part's
/// field name, file name and bytes. Small on purpose: the one upload form needs a few text fields
/// and one file, and the whole body is already collected within the upload limit.
struct MultipartForm {
    struct Part {
        var name: String
        var filename: String?
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    var parts: [Part]

    func part(_ name: String) -> Part? { parts.first { $0.name == name } }

    struct Malformed: Error, CustomStringConvertible {
        let description: String
    }

    /// The `boundary` parameter of a `multipart/form-data` content type, or nil for any other type.
    static func boundary(contentType: String) -> String? {
        let pieces = contentType.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        guard pieces.first?.lowercased() == "multipart/form-data" else { return nil }
        for piece in pieces.dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, pair[0].lowercased() == "boundary" else { continue }
            let value = pair[1].hasPrefix("\"") && pair[1].hasSuffix("\"") && pair[1].count >= 2 ? String(pair[1].dropFirst().dropLast()) : pair[1]
            // RFC 2046: 1 to 70 characters.
            return (1...70).contains(value.utf8.count) ? value : nil
        }
        return nil
    }

    static func parse(_ body: [UInt8], boundary: String) throws(Malformed) -> MultipartForm {
        let delimiter = Array(("--" + boundary).utf8)
        let crlf: [UInt8] = [13, 10]
        guard var position = find(delimiter, in: body, from: 0) else { throw Malformed(description: "the form has no part (no boundary line)") }
        var parts: [Part] = []
        while true {
            position += delimiter.count
            // `--boundary--` ends the body.
            if body.count >= position + 2, body[position] == 45, body[position + 1] == 45 { break }
            guard body.count >= position + 2, body[position] == 13, body[position + 1] == 10 else {
                throw Malformed(description: "a boundary line of the form is not followed by a line break")
            }
            position += 2
            guard let headersEnd = find(crlf + crlf, in: body, from: position) else { throw Malformed(description: "a part of the form has no end of headers") }
            let headers = String(decoding: body[position..<headersEnd], as: UTF8.self)
            let start = headersEnd + 4
            guard let next = find(crlf + delimiter, in: body, from: start) else { throw Malformed(description: "the form's last part is not closed by its boundary") }
            var name: String?
            var filename: String?
            for line in headers.split(separator: "\r\n") {
                let pair = line.split(separator: ":", maxSplits: 1)
                guard pair.count == 2, pair[0].trimmingCharacters(in: .whitespaces).lowercased() == "content-disposition" else { continue }
                for parameter in pair[1].split(separator: ";").dropFirst() {
                    let kv = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                    guard kv.count == 2 else { continue }
                    let value = kv[1].hasPrefix("\"") && kv[1].hasSuffix("\"") && kv[1].count >= 2 ? String(kv[1].dropFirst().dropLast()) : kv[1]
                    switch kv[0].lowercased() {
                    case "name": name = value
                    case "filename": filename = value
                    default: break
                    }
                }
            }
            guard let name else { throw Malformed(description: "a part of the form has no field name") }
            parts.append(Part(name: name, filename: filename, body: Array(body[start..<next])))
            position = next + 2
        }
        return MultipartForm(parts: parts)
    }

    /// The first index of `needle` in `haystack` at or after `from`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var index = from
        let last = haystack.count - needle.count
        while index <= last {
            if haystack[index] == first {
                var match = true
                for offset in 1..<needle.count where haystack[index + offset] != needle[offset] {
                    match = false
                    break
                }
                if match { return index }
            }
            index += 1
        }
        return nil
    }
}
