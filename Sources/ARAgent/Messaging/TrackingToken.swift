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
    ///
    /// Byte by byte, without Foundation's string searching: the open image answers this for
    /// every fetch, thousands a second when a proxy or a campaign's opens arrive at once.
    public static func verify(_ token: String, with key: SymmetricKey, now: Int64) throws(VerificationError) -> TrackingToken {
        let bytes = Array(token.utf8)
        guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), let payload = decode(base64URL: bytes[..<dot]),
              let signature = decode(base64URL: bytes[(dot + 1)...]) else {
            throw .malformed
        }
        guard HMAC<SHA256>.isValidAuthenticationCode(signature, authenticating: payload, using: key) else { throw .badSignature }
        let fields = payload.split(separator: UInt8(ascii: "|"), maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3, let purpose = Purpose(rawValue: String(decoding: fields[0], as: UTF8.self)),
              let expires = Int64(String(decoding: fields[1], as: UTF8.self)) else { throw .malformed }
        guard now <= expires else { throw .expired }
        guard purpose == .redirect else { return TrackingToken(actionID: String(decoding: fields[2], as: UTF8.self), purpose: purpose, expires: expires) }
        let rest = fields[2].split(separator: UInt8(ascii: "|"), maxSplits: 1, omittingEmptySubsequences: false)
        guard rest.count == 2, let target = decode(base64URL: rest[0]).map({ String(decoding: $0, as: UTF8.self) }), !target.isEmpty else {
            throw .malformed
        }
        return TrackingToken(actionID: String(decoding: rest[1], as: UTF8.self), purpose: .redirect, expires: expires, target: target)
    }

    /// The value of each base64url letter (RFC 4648 §5), 255 for a byte that is not one.
    private static let base64URLValues: [UInt8] = {
        var table = [UInt8](repeating: 255, count: 256)
        for (value, letter) in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8.enumerated() { table[Int(letter)] = UInt8(value) }
        return table
    }()

    /// base64url without padding (as ``signed(with:)`` writes it; a trailing `=` is tolerated).
    static func decode(base64URL text: some Collection<UInt8>) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0, bits = 0, padding = false
        for byte in text {
            if byte == UInt8(ascii: "=") { padding = true; continue }
            let value = base64URLValues[Int(byte)]
            guard value != 255, !padding else { return nil }
            accumulator = (accumulator << 6) | UInt32(value)
            bits += 6
            if bits >= 8 {
                bits -= 8
                output.append(UInt8((accumulator >> UInt32(bits)) & 0xFF))
            }
        }
        // A single letter left over (6 bits) cannot be the end of any byte string.
        guard bits < 6 else { return nil }
        return output
    }

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
