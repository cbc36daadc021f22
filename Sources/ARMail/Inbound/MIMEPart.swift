/// One node of a message's MIME tree (RFC 2045/2046): its header fields, its media type and
/// parameters, and either its decoded content (a leaf) or its children (multipart/*, and
/// message/rfc822 whose one child is the enclosed message).
public struct MIMEPart: Sendable {
    public let headers: MailHeaders
    /// `type/subtype`, lower-cased; `text/plain` when absent (RFC 2045 §5.2), and
    /// `message/rfc822` by default inside multipart/digest (RFC 2046 §5.1.5).
    public let contentType: String
    public let contentTypeParameters: HeaderParameters
    public let disposition: HeaderParameters?
    /// The content with its transfer encoding undone (empty for multipart parts).
    public let content: [UInt8]
    public let children: [MIMEPart]

    /// The deepest nesting followed; deeper parts are kept as opaque content. Real mail
    /// rarely goes past 5; the limit keeps a hostile message from exhausting the stack.
    public static let maximumDepth = 40

    /// `type` of `type/subtype`.
    public var mediaType: Substring { contentType.split(separator: "/").first ?? "" }

    public var isMultipart: Bool { mediaType == "multipart" }

    /// The file name from Content-Disposition `filename` or Content-Type `name`.
    public var filename: String? {
        let name = disposition?["filename"] ?? contentTypeParameters["name"]
        return name.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether this part is an attachment rather than the message's own text: disposition
    /// `attachment`, an inline part with a file name, or a named non-text part.
    public var isAttachment: Bool {
        guard !isMultipart else { return false }
        if disposition?.value == "attachment" { return true }
        return filename != nil
    }

    /// The content as text in its declared charset.
    public var text: String {
        MailCharset.decode(content, charset: contentTypeParameters["charset"])
    }

    /// Every part of the tree, depth first, this one included.
    public var allParts: [MIMEPart] {
        [self] + children.flatMap(\.allParts)
    }

    /// Parses a part (or a whole message) from its bytes.
    public init(parsing bytes: ArraySlice<UInt8>, defaultType: String = "text/plain", depth: Int = 0) {
        let (headers, body) = MailHeaders.split(bytes)
        self.init(headers: headers, body: body, defaultType: defaultType, depth: depth)
    }

    init(headers: MailHeaders, body: ArraySlice<UInt8>, defaultType: String, depth: Int) {
        self.headers = headers
        let typeField = headers["Content-Type"].map(HeaderParameters.init)
        var type = typeField?.value ?? defaultType
        if !type.contains("/") { type = type == "text" || type.isEmpty ? "text/plain" : defaultType }
        contentType = type
        contentTypeParameters = typeField ?? HeaderParameters(type)
        disposition = headers["Content-Disposition"].map(HeaderParameters.init)
        let encoding = headers["Content-Transfer-Encoding"]
        var children: [MIMEPart] = []
        var content: [UInt8] = []
        if depth < Self.maximumDepth, type.hasPrefix("multipart/"),
           let boundary = contentTypeParameters["boundary"], !boundary.isEmpty {
            let childDefault = type == "multipart/digest" ? "message/rfc822" : "text/plain"
            for piece in Self.bodyParts(of: body, boundary: Array(boundary.utf8)) {
                children.append(MIMEPart(parsing: piece, defaultType: childDefault, depth: depth + 1))
            }
            if children.isEmpty { content = Array(body) }
        } else if depth < Self.maximumDepth, type == "message/rfc822" || type == "message/global" {
            let inner = TransferEncoding.decode(body, encoding: encoding)
            content = inner
            children = [MIMEPart(parsing: inner[...], depth: depth + 1)]
        } else {
            content = TransferEncoding.decode(body, encoding: encoding)
        }
        self.children = children
        self.content = content
    }

    /// The body parts between `--boundary` delimiter lines (RFC 2046 §5.1.1): the preamble and
    /// epilogue dropped, a missing close delimiter tolerated, the line break before each
    /// delimiter belonging to the delimiter.
    static func bodyParts(of body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        let dash = UInt8(ascii: "-")
        let delimiter = [dash, dash] + boundary
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let (lineEnd, next) = LineBreaks.line(in: body, from: lineStart)
            let line = body[lineStart..<lineEnd]
            if line.count >= delimiter.count, line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let isClose = rest.starts(with: [dash, dash])
                if isClose || rest.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) {
                    if let start = partStart {
                        // The line break before the delimiter is part of the delimiter.
                        var end = lineStart
                        if end > start, body[end - 1] == 0x0A { end -= 1 }
                        if end > start, body[end - 1] == 0x0D { end -= 1 }
                        parts.append(body[start..<max(start, end)])
                    }
                    if isClose { return parts }
                    partStart = next
                }
            }
            lineStart = next
        }
        if let start = partStart, start < body.endIndex { parts.append(body[start...]) }
        return parts
    }
}
