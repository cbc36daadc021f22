/// What a server announced in its EHLO reply that the dialogue acts on (RFC 5321 §4.1.1.1):
/// STARTTLS, the AUTH mechanisms and the SIZE limit.
struct SMTPExtensions: Equatable {
    var startTLS = false
    /// Upper-cased mechanism names, as offered.
    var authMechanisms: [String] = []
    /// SIZE's parameter: nil when SIZE is not announced, 0 when it has no fixed limit.
    var maximumSize: Int?

    /// After HELO (no extensions at all).
    static let none = SMTPExtensions()

    init() {}

    /// Reads the keyword lines of an EHLO reply (the first line is the server's greeting).
    init(ehloReply reply: SMTPReply) {
        for line in reply.lines.dropFirst() {
            let words = line.split(whereSeparator: { $0 == " " || $0 == "=" }).map { $0.uppercased() }
            guard let keyword = words.first else { continue }
            switch keyword {
            case "STARTTLS":
                startTLS = true
            case "AUTH":
                // "AUTH PLAIN LOGIN", and the pre-standard "AUTH=LOGIN PLAIN" of older servers.
                for mechanism in words.dropFirst() where !authMechanisms.contains(mechanism) {
                    authMechanisms.append(mechanism)
                }
            case "SIZE":
                maximumSize = words.count > 1 ? Int(words[1]) ?? 0 : 0
            default:
                continue
            }
        }
    }
}
