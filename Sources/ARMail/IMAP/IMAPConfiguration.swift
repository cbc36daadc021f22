import Foundation

/// Where and how to read a team's `ar@` mailbox over IMAP, from one URL:
/// `imaps://USER@HOST[:993]/MAILBOX` (TLS from the first byte) or `imap://USER@HOST[:143]/MAILBOX`
/// (STARTTLS, required). `?tls=none` allows plain IMAP, and only to a loopback address: anywhere
/// else the password would cross the network in clear. `?ca=PATH` trusts a CA certificate file.
///
/// The password is never part of what is printed or logged: it comes from the environment
/// (`ARAGENT_IMAP_PASSWORD`), and a password written into the URL is accepted but
/// ``redacted`` leaves it out.
public struct IMAPConfiguration: Sendable, Equatable {
    public enum Security: String, Sendable, Equatable {
        case implicitTLS = "tls", startTLS = "starttls", none
    }

    public var host: String
    public var port: Int
    public var security: Security
    public var user: String
    public var password: String
    public var mailbox: String
    public var trustedCAFile: String?
    /// How long the server may stay silent while an answer is awaited.
    public var replyTimeout: Duration = .seconds(120)
    public var connectTimeout: Duration = .seconds(30)

    public init(host: String, port: Int, security: Security, user: String, password: String, mailbox: String = "INBOX", trustedCAFile: String? = nil) {
        self.host = host
        self.port = port
        self.security = security
        self.user = user
        self.password = password
        self.mailbox = mailbox
        self.trustedCAFile = trustedCAFile
    }

    /// Reads `url`; `password` (from the environment) wins over one in the URL.
    public init(url text: String, password given: String?) throws(IMAPError) {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "imap" || scheme == "imaps" else {
            throw .invalidConfiguration("the IMAP address must look like imaps://USER@HOST/INBOX or imap://USER@HOST/INBOX (STARTTLS)")
        }
        guard let host = components.host, !host.isEmpty else { throw .invalidConfiguration("the IMAP address names no host (imaps://USER@HOST/INBOX)") }
        guard let user = components.user, !user.isEmpty else {
            throw .invalidConfiguration("the IMAP address names no user: write it as imaps://USER@\(host)/INBOX")
        }
        var security: Security = scheme == "imaps" ? .implicitTLS : .startTLS
        var ca: String?
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("tls", "none"?): security = .none
            case ("ca", let path?) where !path.isEmpty: ca = path
            default: throw .invalidConfiguration("the IMAP address has '\(item.name)=\(item.value ?? "")'; it knows tls=none and ca=PATH")
            }
        }
        if security == .none && !Self.isLoopback(host) {
            throw .invalidConfiguration("tls=none would send the IMAP password in clear to \(host); use imaps:// or imap:// with STARTTLS (tls=none is for 127.0.0.1 and localhost only)")
        }
        let path = components.path.drop(while: { $0 == "/" })
        let mailbox = path.isEmpty ? "INBOX" : String(path)
        guard let password = given ?? components.password, !password.isEmpty else {
            throw .invalidConfiguration("no IMAP password: set ARAGENT_IMAP_PASSWORD")
        }
        try Self.checkMailboxName(mailbox)
        self.init(host: host, port: components.port ?? (scheme == "imaps" ? 993 : 143), security: security, user: user,
                  password: password, mailbox: mailbox, trustedCAFile: ca)
        guard (1...65_535).contains(port) else { throw .invalidConfiguration("the IMAP port \(port) is not between 1 and 65535") }
    }

    /// The address without its password, for messages and logs.
    public var redacted: String {
        "\(security == .implicitTLS ? "imaps" : "imap")://\(user)@\(host):\(port)/\(mailbox)\(security == .none ? "?tls=none" : "")"
    }

    /// Mailbox names travel as quoted strings: printable ASCII only (a non-ASCII name would need
    /// IMAP's modified UTF-7, which nothing here writes).
    public static func checkMailboxName(_ name: String) throws(IMAPError) {
        guard !name.isEmpty, name.utf8.allSatisfy({ (0x20...0x7E).contains($0) }) else {
            throw .invalidConfiguration("the mailbox name '\(name)' must be printable ASCII (such as INBOX or Processed)")
        }
    }

    static func isLoopback(_ host: String) -> Bool {
        host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
