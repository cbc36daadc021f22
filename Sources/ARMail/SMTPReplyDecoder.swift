import NIOCore

/// Inbound bytes to ``SMTPReply`` values: finds line ends and hands lines to
/// ``SMTPReplyParser``. Accepts a bare LF as well as CRLF (lenient in what it reads), and
/// bounds a line's length so a server that never sends a line end cannot exhaust memory.
struct SMTPReplyDecoder: ByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 octets per reply line; real servers sometimes send more.
    static let maximumLineLength = 8192

    private var parser = SMTPReplyParser()

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        let view = buffer.readableBytesView
        guard let newline = view.firstIndex(of: UInt8(ascii: "\n")) else {
            if buffer.readableBytes > Self.maximumLineLength {
                throw SMTPReplyParser.MalformedReply(line: "(a reply line longer than \(Self.maximumLineLength) bytes)")
            }
            return .needMoreData
        }
        let length = view.distance(from: view.startIndex, to: newline) + 1
        guard var bytes = buffer.readBytes(length: length) else { return .needMoreData }
        bytes.removeLast()
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        if let reply = try parser.feed(String(decoding: bytes, as: UTF8.self)) {
            context.fireChannelRead(Self.wrapInboundOut(reply))
        }
        return .continue
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        // A partial line at the end of the connection is not a reply; the dialogue handler
        // reports the closed connection.
        while try decode(context: context, buffer: &buffer) == .continue {}
        return .needMoreData
    }
}
