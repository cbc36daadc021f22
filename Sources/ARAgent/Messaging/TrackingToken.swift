import Crypto
import Foundation

/// An unguessable, signed token for the links in a message (open pixel, click-through, portal):
/// it names the action and what the link is for, expires, and cannot be forged or altered
/// without the installation's secret key (HMAC-SHA256). The server that serves the links
/// verifies it before anything else.
public struct TrackingToken: Sendable, Hashable {
    public enum Purpose: String, Sendable, Hashable { case open, click, portal, unsubscribe }

    public var actionID: String
    public var purpose: Purpose
    /// Seconds since 1970 after which the token is refused.
    public var expires: Int64

    public init(actionID: String, purpose: Purpose, expires: Int64) {
        self.actionID = actionID
        self.purpose = purpose
        self.expires = expires
    }

    /// `payload.signature`, both base64url without padding.
    public func signed(with key: SymmetricKey) -> String {
        let payload = Data("\(purpose.rawValue)|\(expires)|\(actionID)".utf8)
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
        return TrackingToken(actionID: String(fields[2]), purpose: purpose, expires: expires)
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
