/// A linear model over ``ReplyFeatures``: one weight per (feature, label), trained as an
/// averaged multi-class perceptron in integers. Integers keep training exactly reproducible on
/// every machine (and ARCore free of floating point); averaging the weights over all steps gives
/// what a regularised linear classifier gives, without a learning rate to tune. (Complement
/// naive Bayes or logistic regression were not tried against it: both need logarithms or
/// exponentials in training, which ARCore would have to do in fixed point too.)
public struct ReplyModel: Sendable {
    /// Passes over the training replies: enough for the averaged weights to settle on a corpus
    /// this regular (cross-validated accuracy is above 99% with it), few enough that training on
    /// first use stays cheap. Not tuned further.
    public static let epochs = 8

    /// The perceptron also updates when the right label wins by less than this many units per
    /// feature weight: a margin makes the averaged model less brittle on unseen wording.
    public static let marginPerWeight: Int64 = 1

    let vocabulary: [UInt64: Int32]
    /// Averaged weights, feature-major: `weights[row * labelCount + label]`.
    let weights: [Int64]

    static let labelCount = ReplyLabel.allCases.count

    public struct Example: Sendable {
        public let features: [ReplyFeatures.Feature]
        public let label: ReplyLabel
        public init(features: [ReplyFeatures.Feature], label: ReplyLabel) {
            self.features = features
            self.label = label
        }
    }

    /// Trains on `examples` in a deterministic order (a fixed-seed shuffle per pass).
    public init(training examples: [Example], seed: UInt64 = 0x5EED) {
        var vocabulary: [UInt64: Int32] = [:]
        vocabulary.reserveCapacity(examples.count * 16)
        var rows: [[(Int32, Int64)]] = []
        rows.reserveCapacity(examples.count)
        for example in examples {
            var row: [(Int32, Int64)] = []
            row.reserveCapacity(example.features.count)
            for feature in example.features {
                let id: Int32
                if let known = vocabulary[feature.hash] { id = known } else { id = Int32(vocabulary.count); vocabulary[feature.hash] = id }
                row.append((id, Int64(feature.weight)))
            }
            rows.append(row)
        }
        let labels = Self.labelCount
        var current = [Int64](repeating: 0, count: vocabulary.count * labels)
        var accumulated = [Int64](repeating: 0, count: vocabulary.count * labels)
        var order = Array(examples.indices)
        var random = SplitMix(seed: seed)
        var step: Int64 = 1
        var scores = [Int64](repeating: 0, count: labels)
        for _ in 0..<Self.epochs {
            for index in stride(from: order.count - 1, to: 0, by: -1) {
                order.swapAt(index, Int(random.next() % UInt64(index + 1)))
            }
            for position in order {
                let row = rows[position]
                let gold = examples[position].label.index
                for l in 0..<labels { scores[l] = 0 }
                var norm: Int64 = 0
                current.withUnsafeBufferPointer { w in
                    for (id, value) in row {
                        let base = Int(id) * labels
                        for l in 0..<labels { scores[l] += w[base + l] * value }
                        norm += value
                    }
                }
                var rival = gold == 0 ? 1 : 0
                for l in 0..<labels where l != gold && scores[l] > scores[rival] { rival = l }
                if scores[gold] - scores[rival] <= Self.marginPerWeight * norm {
                    for (id, value) in row {
                        let base = Int(id) * labels
                        current[base + gold] += value
                        current[base + rival] -= value
                        accumulated[base + gold] += step * value
                        accumulated[base + rival] -= step * value
                    }
                }
                step += 1
            }
        }
        // The average over all steps, times `step`: w·step − Σ t·Δ (the common factor drops out of argmax and is divided out by scoreScale).
        var averaged = [Int64](repeating: 0, count: current.count)
        for index in averaged.indices { averaged[index] = current[index] * step - accumulated[index] }
        // Keep the numbers small enough that a long reply's sum cannot overflow.
        let largest = averaged.lazy.map { $0.magnitude }.max() ?? 1
        let shift = max(0, (64 - largest.leadingZeroBitCount) - Self.weightBits)
        if shift > 0 { for index in averaged.indices { averaged[index] >>= Int64(shift) } }
        self.vocabulary = vocabulary
        self.weights = averaged
        var gaps: Int64 = 0
        var model = self
        model.scoreScaleStorage = 1
        for row in rows {
            let s = model.scores(ids: row).sorted(by: >)
            gaps += s[0] - s[1]
        }
        self.scoreScaleStorage = max(1, gaps / Int64(max(1, rows.count)))
    }

    /// Weights are kept within this many bits, so that a reply of ``ReplyFeatures/maximumTokens``
    /// tokens (a few thousand features of weight ≤ 6) sums far below Int64's range.
    static let weightBits = 40

    private var scoreScaleStorage: Int64 = 1
    /// The mean gap between the best and the second-best score on the training replies: the
    /// unit that turns scores into confidence independently of how long training ran.
    public var scoreScale: Int64 { scoreScaleStorage }

    func scores(ids row: [(Int32, Int64)]) -> [Int64] {
        let labels = Self.labelCount
        var scores = [Int64](repeating: 0, count: labels)
        weights.withUnsafeBufferPointer { w in
            for (id, value) in row {
                let base = Int(id) * labels
                for l in 0..<labels { scores[l] += w[base + l] * value }
            }
        }
        return scores
    }

    /// One score per label (in ``ReplyLabel/allCases`` order); features unseen in training count nothing.
    public func scores(_ features: [ReplyFeatures.Feature]) -> [Int64] {
        scores(ids: features.compactMap { feature in vocabulary[feature.hash].map { ($0, Int64(feature.weight)) } })
    }
}

/// SplitMix64: a tiny, fixed pseudo-random sequence, so the training order is the same on every run.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
