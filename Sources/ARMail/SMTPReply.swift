/// A reply from an SMTP server: a three-digit code and one or more lines of text
/// (RFC 5321 §4.2). `250-first` ... `250 last` arrive as one reply with several lines.
public struct SMTPReply: Sendable, Hashable, CustomStringConvertible {
    public let code: Int
    /// The text after the code and separator, one entry per line.
    public let lines: [String]

    public init(code: Int, lines: [String]) {
        self.code = code
        self.lines = lines.isEmpty ? [""] : lines
    }

    /// 2xx and 3xx: the server accepted or wants the next part.
    public var isPositive: Bool { (200..<400).contains(code) }
    /// 4xx: refused for now; the same command may succeed later.
    public var isTransientFailure: Bool { (400..<500).contains(code) }
    /// 5xx: refused; sending the same thing again will be refused again.
    public var isPermanentFailure: Bool { code >= 500 }

    /// The enhanced status code (RFC 3463) at the start of the text, like `5.1.1`, if any.
    public var enhancedStatus: String? {
        guard let first = lines.first?.split(separator: " ", maxSplits: 1).first else { return nil }
        let parts = first.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, ["2", "4", "5"].contains(parts[0]),
              parts.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) }) else { return nil }
        return String(first)
    }

    /// Whether this refusal says the recipient's address itself is bad (RFC 3463: 5.1.x bad
    /// destination mailbox, system or syntax; 5.2.1 mailbox disabled), rather than a policy
    /// that would refuse any recipient (5.7.1 relaying denied) or the message. Without an
    /// enhanced code, 550, 551 and 553 count unless the text speaks of relaying or
    /// authentication, which is the server's view of us, not of the address.
    public var refusesAddress: Bool {
        guard isPermanentFailure else { return false }
        if let status = enhancedStatus {
            return status.hasPrefix("5.1.") || status == "5.2.1"
        }
        let text = lines.joined(separator: " ").lowercased()
        return [550, 551, 553].contains(code) && !text.contains("relay") && !text.contains("auth")
    }

    /// `550 5.1.1 no such user` (lines joined with " / " when there are several).
    public var description: String {
        "\(code) " + lines.joined(separator: " / ")
    }
}

/// Turns reply lines (without their CRLF) into replies: pure, so the multi-line rules are
/// tested without a network, and the NIO decoder only has to find line ends.
struct SMTPReplyParser {
    /// A line the server sent that is not `ddd`, `ddd text` or `ddd-text`, or a multi-line
    /// reply whose lines disagree on the code.
    struct MalformedReply: Error, Equatable {
        let line: String
    }

    /// A bound on one reply's lines, so a broken or hostile server cannot grow it forever.
    static let maximumLines = 1000

    private var code: Int?
    private var lines: [String] = []

    /// Adds one line; returns the reply when this line completes it.
    mutating func feed(_ line: String) throws(MalformedReply) -> SMTPReply? {
        let bytes = Array(line.utf8)
        guard bytes.count >= 3, (UInt8(ascii: "2")...UInt8(ascii: "5")).contains(bytes[0]),
              bytes[1...2].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw MalformedReply(line: line)
        }
        let lineCode = Int(bytes[0] - 48) * 100 + Int(bytes[1] - 48) * 10 + Int(bytes[2] - 48)
        let isLast: Bool
        switch bytes.count > 3 ? bytes[3] : UInt8(ascii: " ") {
        case UInt8(ascii: " "): isLast = true
        case UInt8(ascii: "-"): isLast = false
        default: throw MalformedReply(line: line)
        }
        if let code, code != lineCode { throw MalformedReply(line: line) }
        code = lineCode
        lines.append(bytes.count > 4 ? String(decoding: bytes[4...], as: UTF8.self) : "")
        guard lines.count <= Self.maximumLines else { throw MalformedReply(line: line) }
        guard isLast else { return nil }
        let reply = SMTPReply(code: lineCode, lines: lines)
        code = nil
        lines = []
        return reply
    }
}
