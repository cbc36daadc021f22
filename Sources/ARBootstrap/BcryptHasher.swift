import ARAgent
import HummingbirdBcrypt

/// Passwords hashed with bcrypt (hummingbird-auth): salted, and slow on purpose.
public struct BcryptHasher: PasswordHasher {
    /// 2^12 rounds: about a quarter of a second per sign-in on this kind of machine, which a
    /// person does not notice and a guesser with a stolen hash pays for every guess (OWASP's
    /// minimum is 10).
    public static let standardCost: UInt8 = 12
    public let cost: UInt8

    public init(cost: UInt8 = BcryptHasher.standardCost) { self.cost = cost }

    public func hash(_ password: String) -> String { Bcrypt.hash(password, cost: cost) }
    public func verify(_ password: String, hash: String) -> Bool { Bcrypt.verify(password, hash: hash) }
}
