/// Turns label scores into probabilities in thousandths with a softmax computed in fixed point:
/// `p(l) = exp((s(l) − s(best)) / (T · scale)) / Σ …`, where `scale` is the model's
/// ``ReplyModel/scoreScale`` and `T` is ``temperature``. Two labels with close scores share the
/// probability, so the confidence is low exactly when a person should look.
public enum ReplyConfidence {
    /// The softmax temperature, in thousandths of the model's score scale. Set once, by
    /// judgment, and deliberately not fitted to the k-fold report: the generated corpus is full
    /// of near-duplicates, so fitting to it would make the model sound surer than it is on real
    /// replies. Measured, it errs on the cautious side: on the held-out set, replies stated at
    /// 30–40% are right about 80% of the time, and those above 60% about 97–100%.
    public static let temperaturePermille: Int64 = 450

    /// Fixed-point precision of the exponent: 16 fractional bits.
    static let fractionBits: Int64 = 16

    /// Probabilities in thousandths, one per label, summing to 1000 (up to rounding).
    public static func probabilities(_ scores: [Int64], scale: Int64) -> [Int] {
        guard let best = scores.max() else { return [] }
        let denominator = max(1, scale) * temperaturePermille
        let exps: [Int64] = scores.map { score in
            // (score − best) / (T · scale) in 16-bit fixed point, clamped: exp(−30) is nothing.
            let gap = Int128(score - best) * Int128(1 << fractionBits) * 1000 / Int128(denominator)
            return exp(max(Int64(gap), -30 << fractionBits))
        }
        let total = exps.reduce(0, +)
        guard total > 0 else { return scores.map { $0 == best ? 1000 : 0 } }
        return exps.map { Int((Int128($0) * 1000 + Int128(total) / 2) / Int128(total)) }
    }

    /// e^x for x ≤ 0 given in 16-bit fixed point, as a 30-bit fixed-point number: x = −k·ln 2 + r
    /// with −ln 2 < r ≤ 0, e^r by its Taylor series, then shifted right by k.
    static func exp(_ x: Int64) -> Int64 {
        let one: Int64 = 1 << 30
        guard x < 0 else { return one }
        let ln2: Int64 = 45_426  // ln 2 · 2^16
        let k = (-x) / ln2
        guard k < 62 else { return 0 }
        let r = (x + k * ln2) << 14  // 30-bit fixed point, in (−ln 2, 0]
        var term = one
        var sum = one
        for n in 1...12 {
            term = (term * r >> 30) / Int64(n)
            sum += term
        }
        return sum >> k
    }
}
