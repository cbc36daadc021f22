import Crypto
import Foundation

/// An unguessable, signed token for the links in a message (open pixel, click-through, portal):
/// it names the action and what the link is for, expires, and cannot be forged or altered
/// without the installation's secret key (HMAC-SHA256). The server that serves the links
/// verifies it before anything else.
public struct TrackingToken: Sendable, Hashable {
    /// `click` is the payment link that leads to the portal's payment instructions (`/pay/`);
    /// `redirect` names the one URL it may lead to (`/c/`, a payment page).
    public enum Purpose: String, Sendable, Hashable { case open, click, portal, unsubscribe, redirect = "go" }

    public var actionID: String
    public var purpose: Purpose
    /// Seconds since 1970 after which the token is refused.
    public var expires: Int64
    /// `redirect` only: the URL the link leads to, signed with the rest, so that the server
    /// never redirects anywhere a token's signer did not name (no open redirect).
    public var target: String?

    public init(actionID: String, purpose: Purpose, expires: Int64, target: String? = nil) {
        self.actionID = actionID
        self.purpose = purpose
        self.expires = expires
        self.target = purpose == .redirect ? target : nil
    }

    /// `payload.signature`, both base64url without padding. The payload is
    /// `purpose|expires|actionID`, and for a redirect `go|expires|base64url(target)|actionID`.
    public func signed(with key: SymmetricKey) -> String {
        let targetField = purpose == .redirect ? Self.base64URL(Data((target ?? "").utf8)) + "|" : ""
        let payload = Data("\(purpose.rawValue)|\(expires)|\(targetField)\(actionID)".utf8)
        let signature = HMAC<SHA256>.authenticationCode(for: payload, using: key)
        return Self.base64URL(payload) + "." + Self.base64URL(Data(signature))
    }

    public enum VerificationError: Error, Equatable, Sendable { case malformed, badSignature, expired }

    /// The token's contents, if the signature is right and it has not expired at `now`.
    public static func verify(_ token: String, with key: SymmetricKey, now: Int64) throws(VerificationError) -> TrackingToken {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, let payload = data(base64URL: String(parts[0])), let signature = data(base64URL: String(parts[1])) else {
            throw .malformed
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: key) else { throw .badSignature }
        let fields = String(decoding: payload, as: UTF8.self).split(separator: "|", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let purpose = Purpose(rawValue: String(fields[0])), let expires = Int64(fields[1]) else { throw .malformed }
        guard now <= expires else { throw .expired }
        guard purpose == .redirect else { return TrackingToken(actionID: String(fields[2]), purpose: purpose, expires: expires) }
        let rest = fields[2].split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        guard rest.count == 2, let target = data(base64URL: String(rest[0])).map({ String(decoding: $0, as: UTF8.self) }), !target.isEmpty else {
            throw .malformed
        }
        return TrackingToken(actionID: String(rest[1]), purpose: .redirect, expires: expires, target: target)
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static func data(base64URL text: String) -> Data? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64)
    }
}
