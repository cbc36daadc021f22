/// Where and how ``SMTPClient`` delivers: the relay, its TLS and authentication, timeouts.
///
/// The defaults are the safe ones: STARTTLS required, certificates verified against the
/// system's trust store, and credentials never sent over an unencrypted connection. Loosen
/// them per setting, on purpose, never by accident.
public struct SMTPConfiguration: Sendable, Hashable {
    /// How the connection is encrypted.
    public enum TLSMode: Sendable, Hashable {
        /// Plain text throughout. For a relay on the same host or a test server only.
        case none
        /// Upgrade with STARTTLS (RFC 3207) and fail when the server does not offer it:
        /// a missing STARTTLS may be an attacker stripping it. The usual port is 587.
        case startTLS
        /// Upgrade with STARTTLS when offered, else continue in plain text (credentials are
        /// still not sent unless ``allowsPlaintextAuthentication`` is set).
        case startTLSIfAvailable
        /// TLS from the first byte ("SMTPS", RFC 8314). The usual port is 465.
        case implicitTLS
    }

    public var host: String
    public var port: Int
    public var tls: TLSMode
    /// A PEM file of CA certificates to trust instead of the system's, e.g. a company CA or
    /// the test server's throw-away CA. Verification stays on.
    public var trustedCAFile: String?
    /// Verify the server's certificate and host name. Turning this off makes TLS useless
    /// against an attacker; it exists for a lab relay with a certificate nobody can fix.
    public var verifiesCertificates: Bool
    /// AUTH credentials; nil sends without authenticating.
    public var credentials: SMTPCredentials?
    /// The mechanisms to try, in order of preference, among those the server offers.
    public var authenticationMechanisms: [SMTPAuthenticationMechanism]
    /// Allows sending credentials without TLS. Off: a password on the wire in clear text is
    /// a password given away.
    public var allowsPlaintextAuthentication: Bool
    /// The name this client gives in EHLO/HELO; ideally the sending host's DNS name, as some
    /// relays check it.
    public var clientHostname: String
    /// How long establishing the TCP connection may take.
    public var connectTimeout: Duration
    /// How long each reply (and the TLS handshake) may take.
    public var replyTimeout: Duration
    /// How long the server may take to accept the message after its final "." (RFC 5321
    /// §4.5.3.2.6 suggests 10 minutes; relays that scan for spam or viruses are slow).
    public var messageAcceptanceTimeout: Duration

    public init(
        host: String,
        port: Int = 587,
        tls: TLSMode = .startTLS,
        trustedCAFile: String? = nil,
        verifiesCertificates: Bool = true,
        credentials: SMTPCredentials? = nil,
        authenticationMechanisms: [SMTPAuthenticationMechanism] = [.plain, .login],
        allowsPlaintextAuthentication: Bool = false,
        clientHostname: String = "localhost",
        connectTimeout: Duration = .seconds(10),
        replyTimeout: Duration = .seconds(60),
        messageAcceptanceTimeout: Duration = .seconds(300)
    ) {
        self.host = host
        self.port = port
        self.tls = tls
        self.trustedCAFile = trustedCAFile
        self.verifiesCertificates = verifiesCertificates
        self.credentials = credentials
        self.authenticationMechanisms = authenticationMechanisms
        self.allowsPlaintextAuthentication = allowsPlaintextAuthentication
        self.clientHostname = clientHostname
        self.connectTimeout = connectTimeout
        self.replyTimeout = replyTimeout
        self.messageAcceptanceTimeout = messageAcceptanceTimeout
    }
}

/// An SMTP AUTH mechanism ARMail speaks. Both send the password itself (base64 is not
/// encryption), which is why they are only used over TLS unless told otherwise.
public enum SMTPAuthenticationMechanism: String, Sendable, Hashable, CaseIterable {
    /// RFC 4616: one command carrying `\0user\0password`.
    case plain = "PLAIN"
    /// The older two-prompt exchange some servers still require.
    case login = "LOGIN"
}

/// A user name and password for SMTP AUTH.
///
/// Every textual form of this value (description, debug description, reflection used by
/// `dump` and string interpolation) hides the password, so it cannot reach a log by way of
/// a configuration being printed.
public struct SMTPCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var username: String
    public var password: String

    public init(username: String, password: String) {
        self.username = username
        self.password = password
    }

    public var description: String { "SMTPCredentials(username: \(username), password: <redacted>)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["username": username, "password": "<redacted>"])
    }
}
