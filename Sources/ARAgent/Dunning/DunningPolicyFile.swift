import ARCore

/// A policy file is wrong: where, which key, and what to write instead.
public typealias PolicyFileError = ConfigurationFileError

/// Reads and writes the dunning policy in the TOML that users edit:
///
/// ```toml
/// version = "2026-11"
/// shadow_mode = true
/// base_currency = "USD"            # the currency amounts are written in, and rates quoted in
/// minimum_balance = "50.00 USD"    # digits follow the currency: "5000 JPY", "15.000 KWD"
///
/// [thresholds.EUR]                 # a currency's own amounts
/// minimum_balance = "45.00 EUR"
///
/// [rates]                          # for a currency without its own amounts: what one unit is worth
/// CHF = "1.12 USD"
///
/// [[steps]]
/// id = "friendly_reminder"
/// offset_days = -5
/// kind = "reminder"        # reminder, final_notice, demand_letter, collections_referral, call_task, credit_hold
/// channel = "email"        # email, letter, sms, call, none
/// template = "friendly_reminder"
/// tone = "friendly"        # gentle, friendly, firm, direct, formal
///
/// [segments.chronic_late]
/// shift_days = -5
/// tone = "direct"
/// ```
/// A subset of TOML: tables, arrays of tables, strings, integers, booleans and arrays of them.
/// Every error names the file, the line and the key. The money thresholds (minimum_balance,
/// small_balance, approval_above, high_value_revenue), their per-currency tables and the rates
/// are read by ``readThresholds(top:tables:rates:file:)``; an amount without a currency (the
/// form stored before currencies were named) is read in the base currency, and noted.
public enum DunningPolicyFile {
    /// Shared with the configuration file reader (ARBootstrap), which reads the same TOML subset.
    package enum Value: Equatable {
        case string(String), integer(Int), boolean(Bool), array([Value])
    }

    static let topKeys = ["version", "shadow_mode", "base_currency", "minimum_balance", "small_balance", "promise_grace_days", "portal_promise_max_days", "message_gap_days", "signal_looks_for_call", "signal_window_days", "signal_unopened_before_switch", "signal_unopened_channel", "approval_above", "high_value_revenue",
                          "business_days_only", "send_hours"]
    static let stepKeys = ["id", "offset_days", "kind", "channel", "template", "tone", "requires_approval"]
    static let segmentKeys = ["shift_days", "tone", "skip_steps"]

    public static func parse(_ text: String, file: String) throws(PolicyFileError) -> DunningPolicy {
        try read(text, file: file).policy
    }

    /// Parses the file, and notes what it reads in a way the user might not expect (amounts that
    /// name no currency, read in the base currency): one line each, naming the line and key.
    public static func read(_ text: String, file: String) throws(PolicyFileError) -> (policy: DunningPolicy, notes: [String]) {
        var policy = DunningPolicy(steps: [], segments: [:])
        var steps: [(line: Int, values: [String: (Value, Int)])] = []
        var segments: [String: (line: Int, values: [String: (Value, Int)])] = [:]
        var top: [String: (Value, Int)] = [:]
        var thresholdTables: [Currency: (line: Int, values: [String: (Value, Int)])] = [:]
        var rateTable: (line: Int, values: [Currency: (Value, Int)])?
        enum Section { case top, step, segment(String), thresholds(Currency), rates }
        var section = Section.top
        func fail(_ line: Int, _ message: String) -> PolicyFileError { PolicyFileError(file: file, line: line, message: message) }

        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            let line = stripComment(String(raw)).trimmed
            if line.isEmpty { continue }
            if line == "[[steps]]" {
                steps.append((number, [:]))
                section = .step
                continue
            }
            if line == "[rates]" {
                if let first = rateTable { throw fail(number, "[rates] appears twice (first at line \(first.line)); keep one table of rates") }
                rateTable = (number, [:])
                section = .rates
                continue
            }
            if line.hasPrefix("[thresholds.") && line.hasSuffix("]") {
                let code = String(line.dropFirst("[thresholds.".count).dropLast()).trimmed
                guard let currency = Currency(code: code) else {
                    throw fail(number, "[thresholds.\(code)]: '\(code)' is not an ISO 4217 currency code; name the table after one, such as [thresholds.EUR]")
                }
                if let first = thresholdTables[currency] {
                    throw fail(number, "[thresholds.\(currency.code)] appears twice (first at line \(first.line)); keep one table per currency")
                }
                thresholdTables[currency] = (number, [:])
                section = .thresholds(currency)
                continue
            }
            if line.hasPrefix("[") {
                guard line.hasPrefix("[segments.") && line.hasSuffix("]") && !line.hasPrefix("[[") else {
                    throw fail(number, "unknown section \(line); the sections are [[steps]], [segments.NAME], [thresholds.CURRENCY] and [rates]")
                }
                let name = String(line.dropFirst("[segments.".count).dropLast()).trimmed
                guard !name.isEmpty else { throw fail(number, "a segment needs a name: [segments.reliable]") }
                segments[name] = (number, [:])
                section = .segment(name)
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail(number, "expected 'key = value', found '\(line)'") }
            let key = String(line[..<equals]).trimmed
            let value = try parseValue(String(line[line.index(after: equals)...]).trimmed, line: number, key: key, file: file)
            switch section {
            case .top:
                guard topKeys.contains(key) else { throw fail(number, "unknown key '\(key)'; the policy's keys are \(topKeys.joined(separator: ", "))") }
                top[key] = (value, number)
            case .step:
                guard stepKeys.contains(key) else { throw fail(number, "unknown key '\(key)' in [[steps]]; a step has \(stepKeys.joined(separator: ", "))") }
                steps[steps.count - 1].values[key] = (value, number)
            case .segment(let name):
                guard segmentKeys.contains(key) else { throw fail(number, "unknown key '\(key)' in [segments.\(name)]; a segment has \(segmentKeys.joined(separator: ", "))") }
                segments[name]!.values[key] = (value, number)
            case .thresholds(let currency):
                let keys = DunningPolicy.Threshold.allCases.map(\.rawValue)
                guard keys.contains(key) else {
                    throw fail(number, "unknown key '\(key)' in [thresholds.\(currency.code)]; a currency's table has \(keys.joined(separator: ", "))")
                }
                if let (_, first) = thresholdTables[currency]?.values[key] {
                    throw fail(number, "\(key) appears twice in [thresholds.\(currency.code)] (first at line \(first)); keep one")
                }
                thresholdTables[currency]?.values[key] = (value, number)
            case .rates:
                guard let currency = Currency(code: key) else {
                    throw fail(number, "'\(key)' in [rates] is not an ISO 4217 currency code; a rate reads EUR = \"1.08 USD\" (one EUR is worth 1.08 USD)")
                }
                if let (_, first) = rateTable?.values[currency] {
                    throw fail(number, "the rate of \(currency.code) appears twice in [rates] (first at line \(first)); keep one")
                }
                rateTable?.values[currency] = (value, number)
            }
        }

        func string(_ values: [String: (Value, Int)], _ key: String, section: String, at line: Int) throws(PolicyFileError) -> String? {
            guard let (value, number) = values[key] else { return nil }
            guard case .string(let text) = value else { throw fail(number, "\(key) in \(section) must be a string in quotes") }
            return text
        }
        func integer(_ values: [String: (Value, Int)], _ key: String, section: String) throws(PolicyFileError) -> Int? {
            guard let (value, number) = values[key] else { return nil }
            guard case .integer(let integer) = value else { throw fail(number, "\(key) in \(section) must be a whole number") }
            return integer
        }
        func boolean(_ values: [String: (Value, Int)], _ key: String, section: String) throws(PolicyFileError) -> Bool? {
            guard let (value, number) = values[key] else { return nil }
            guard case .boolean(let flag) = value else { throw fail(number, "\(key) in \(section) must be true or false") }
            return flag
        }
        func choice<T: RawRepresentable>(_ values: [String: (Value, Int)], _ key: String, section: String, as type: T.Type, all: [T]) throws(PolicyFileError) -> T? where T.RawValue == String {
            guard let text = try string(values, key, section: section, at: 0) else { return nil }
            guard let parsed = T(rawValue: text) else {
                throw fail(values[key]!.1, "\(key) '\(text)' in \(section) is not one of \(all.map(\.rawValue).joined(separator: ", "))")
            }
            return parsed
        }

        if let version = try string(top, "version", section: "the policy", at: 0) { policy.version = version }
        if let flag = try boolean(top, "shadow_mode", section: "the policy") { policy.shadowMode = flag }
        if let flag = try boolean(top, "business_days_only", section: "the policy") { policy.businessDaysOnly = flag }
        if let days = try integer(top, "promise_grace_days", section: "the policy") { policy.promiseGraceDays = days }
        if let days = try integer(top, "portal_promise_max_days", section: "the policy") {
            guard days >= 1 else { throw fail(top["portal_promise_max_days"]?.1 ?? 0, "portal_promise_max_days must be 1 or more days") }
            policy.portalPromiseMaxDays = days
        }
        if let days = try integer(top, "message_gap_days", section: "the policy") {
            guard days >= 0 else { throw fail(top["message_gap_days"]?.1 ?? 0, "message_gap_days must be 0 (no cap) or more days") }
            policy.messageGapDays = days
        }
        for (key, path) in [("signal_looks_for_call", \SignalRules.looksForCall), ("signal_window_days", \SignalRules.windowDays),
                            ("signal_unopened_before_switch", \SignalRules.unopenedBeforeSwitch)] as [(String, WritableKeyPath<SignalRules, Int>)] {
            if let value = try integer(top, key, section: "the policy") {
                guard value >= 0 else { throw fail(top[key]?.1 ?? 0, "\(key) must be 0 (off) or more") }
                policy.signals[keyPath: path] = value
            }
        }
        if let channel = try choice(top, "signal_unopened_channel", section: "the policy", as: DunningPolicy.Step.Channel.self,
                                    all: [.sms, .letter, .call]) {
            guard [.sms, .letter, .call].contains(channel) else {
                throw fail(top["signal_unopened_channel"]?.1 ?? 0, "signal_unopened_channel must be sms, letter or call (the channel after unopened emails)")
            }
            policy.signals.unopenedChannel = channel
        }
        let money = try readThresholds(top: top, tables: thresholdTables, rates: rateTable, file: file)
        if let (value, number) = top["send_hours"] {
            guard case .array(let hours) = value, hours.count == 2, case .integer(let from) = hours[0], case .integer(let to) = hours[1],
                  (0...23).contains(from), (0...23).contains(to), from <= to else {
                throw fail(number, "send_hours must be [FROM, TO] hours of the day, such as [9, 17]")
            }
            policy.sendHours = from...to
        }

        var parsedSteps: [DunningPolicy.Step] = []
        var ids = Set<String>()
        for (line, values) in steps {
            let section = "[[steps]] at line \(line)"
            guard let id = try string(values, "id", section: section, at: line) else { throw fail(line, "a step needs an id, such as id = \"firm_follow_up\"") }
            guard ids.insert(id).inserted else { throw fail(values["id"]!.1, "step id '\(id)' appears twice; each step needs its own id") }
            guard let offset = try integer(values, "offset_days", section: section) else { throw fail(line, "step '\(id)' needs offset_days (days from the due date; negative is before)") }
            guard let kind = try choice(values, "kind", section: section, as: DunningPolicy.Step.Kind.self, all: DunningPolicy.Step.Kind.allCases) else {
                throw fail(line, "step '\(id)' needs a kind")
            }
            let channel = try choice(values, "channel", section: section, as: DunningPolicy.Step.Channel.self, all: DunningPolicy.Step.Channel.allCases) ?? .email
            let tone = try choice(values, "tone", section: section, as: DunningPolicy.Step.Tone.self, all: DunningPolicy.Step.Tone.allCases) ?? .friendly
            parsedSteps.append(DunningPolicy.Step(id: id, offsetDays: offset, kind: kind, channel: channel,
                                                  template: try string(values, "template", section: section, at: line) ?? id, tone: tone,
                                                  requiresApproval: try boolean(values, "requires_approval", section: section) ?? false))
        }
        guard !parsedSteps.isEmpty else { throw fail(1, "the policy has no [[steps]]; add at least one") }
        // The default segments the file does not name skip only steps this file has: so that the
        // policy written back out (`render`, `policy show`) reads again.
        var parsedSegments = DunningPolicy.defaultSegments.mapValues { segment in
            var kept = segment
            kept.skipSteps.formIntersection(ids)
            return kept
        }
        for (name, entry) in segments {
            let section = "[segments.\(name)]"
            var segment = DunningPolicy.Segment(name: name)
            segment.shiftDays = try integer(entry.values, "shift_days", section: section) ?? 0
            segment.tone = try choice(entry.values, "tone", section: section, as: DunningPolicy.Step.Tone.self, all: DunningPolicy.Step.Tone.allCases)
            if let (value, number) = entry.values["skip_steps"] {
                guard case .array(let items) = value else { throw fail(number, "skip_steps in \(section) must be a list of step ids, such as [\"friendly_reminder\"]") }
                var skips = Set<String>()
                for item in items {
                    guard case .string(let id) = item, ids.contains(id) else {
                        throw fail(number, "skip_steps in \(section) names \(item) which is not a step id; the steps are \(ids.sorted().joined(separator: ", "))")
                    }
                    skips.insert(id)
                }
                segment.skipSteps = skips
            }
            parsedSegments[name] = segment
        }
        let parsed = DunningPolicy(version: policy.version, steps: parsedSteps, segments: parsedSegments, minimumBalance: money.thresholds.minimumBalance,
                                   smallBalance: money.thresholds.smallBalance, promiseGraceDays: policy.promiseGraceDays, shadowMode: policy.shadowMode,
                                   approvalAbove: money.thresholds.approvalAbove, highValueRevenue: money.thresholds.highValueRevenue, rates: money.thresholds.rates,
                                   businessDaysOnly: policy.businessDaysOnly, sendHours: policy.sendHours)
        var result = parsed
        result.portalPromiseMaxDays = policy.portalPromiseMaxDays
        result.messageGapDays = policy.messageGapDays
        result.signals = policy.signals
        return (result, money.notes)
    }

    /// What `aragent policy show` prints for a stored policy: its text as stored; or, when it
    /// writes amounts in the old form (no currency), a note saying how they are read followed by
    /// the same policy in the current form.
    public static func shown(body: String, file: String) throws(PolicyFileError) -> String {
        let (policy, notes) = try read(body, file: file)
        guard !notes.isEmpty else { return body }
        let header = ["# This policy was stored with amounts that name no currency (the old form). They are read in its base currency:"]
            + notes.map { "#   \($0)" }
            + ["# Below is the same policy in the current form: `aragent policy set` a copy of it (with a new version) to store it so.", ""]
        return header.joined(separator: "\n") + "\n" + render(policy)
    }

    /// The policy as a file users can edit, with every key written out.
    public static func render(_ policy: DunningPolicy) -> String {
        func amount(_ money: Money) -> String { "\"\(money)\"" }
        var lines = [
            "# ARAgent dunning policy. Steps are days relative to the due date (negative: before it).",
            "version = \"\(policy.version)\"",
            "shadow_mode = \(policy.shadowMode)        # draft everything, send nothing until approved",
            "base_currency = \"\(policy.baseCurrency.code)\"     # amounts are in it; rates are quoted in it",
            "# Each balance is judged in its own currency: by its [thresholds.CURRENCY] amount, else the amount here converted at its rate.",
            "minimum_balance = \(amount(policy.minimumBalance.base))   # nobody is chased for less",
            "small_balance = \(amount(policy.smallBalance.base))     # below this, the small_balance segment applies too",
            "promise_grace_days = \(policy.promiseGraceDays)",
            "portal_promise_max_days = \(policy.portalPromiseMaxDays)   # the latest date a customer may promise on the portal",
            "message_gap_days = \(policy.messageGapDays)   # at most one message per customer in this many days (final notices excepted; 0: no cap)",
            "signal_looks_for_call = \(policy.signals.looksForCall)   # opens, clicks or portal visits in the window, not paid: a call, not another email (0: off)",
            "signal_window_days = \(policy.signals.windowDays)",
            "signal_unopened_before_switch = \(policy.signals.unopenedBeforeSwitch)   # emails never opened: the next step by another channel (0: off)",
            "signal_unopened_channel = \"\(policy.signals.unopenedChannel.rawValue)\"   # sms (a call without a phone number), letter or call",
            "approval_above = \(amount(policy.approvalAbove.base))   # any action on more waits for approval",
            "high_value_revenue = \(amount(policy.highValueRevenue.base))   # annual revenue from which a customer gets a call, not a message",
            "business_days_only = \(policy.businessDaysOnly)",
            "send_hours = [\(policy.sendHours.lowerBound), \(policy.sendHours.upperBound)]",
        ]
        lines += renderThresholds(policy)
        for step in policy.steps {
            lines += ["", "[[steps]]", "id = \"\(step.id)\"", "offset_days = \(step.offsetDays)", "kind = \"\(step.kind.rawValue)\"",
                      "channel = \"\(step.channel.rawValue)\"", "template = \"\(step.template)\"", "tone = \"\(step.tone.rawValue)\"",
                      "requires_approval = \(step.requiresApproval)"]
        }
        for name in policy.segments.keys.sorted() {
            let segment = policy.segments[name]!
            lines += ["", "[segments.\(name)]", "shift_days = \(segment.shiftDays)"]
            if let tone = segment.tone { lines.append("tone = \"\(tone.rawValue)\"") }
            lines.append("skip_steps = [\(segment.skipSteps.sorted().map { "\"\($0)\"" }.joined(separator: ", "))]")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    package static func stripComment(_ line: String) -> String {
        var inString = false
        var previous: Character = " "
        for (index, character) in line.enumerated() {
            if character == "\"" && previous != "\\" { inString.toggle() }
            if character == "#" && !inString { return String(line.prefix(index)) }
            previous = character
        }
        return line
    }

    package static func parseValue(_ text: String, line: Int, key: String, file: String) throws(PolicyFileError) -> Value {
        func fail(_ message: String) -> PolicyFileError { PolicyFileError(file: file, line: line, message: message) }
        if text.hasPrefix("\"") {
            guard text.count >= 2, text.hasSuffix("\"") else { throw fail("\(key): a string must end with a closing quote") }
            var out = ""
            var escaping = false
            for character in text.dropFirst().dropLast() {
                if escaping {
                    switch character {
                    case "n": out.append("\n")
                    case "t": out.append("\t")
                    default: out.append(character)
                    }
                    escaping = false
                } else if character == "\\" {
                    escaping = true
                } else {
                    out.append(character)
                }
            }
            return .string(out)
        }
        if text == "true" { return .boolean(true) }
        if text == "false" { return .boolean(false) }
        if text.hasPrefix("[") {
            guard text.hasSuffix("]") else { throw fail("\(key): a list must end with ]") }
            let inner = text.dropFirst().dropLast().trimmed
            if inner.isEmpty { return .array([]) }
            var items: [Value] = []
            for part in inner.split(separator: ",") {
                items.append(try parseValue(String(part).trimmed, line: line, key: key, file: file))
            }
            return .array(items)
        }
        if let integer = Int(text.replacingUnderscores()) { return .integer(integer) }
        throw fail("\(key): '\(text)' is not a value; write a \"string\", a whole number, true/false, or a [list]")
    }
}

private extension StringProtocol {
    var trimmed: String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" || first == "\r" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" || last == "\r" { slice.removeLast() }
        return String(slice)
    }

    func replacingUnderscores() -> String { String(filter { $0 != "_" }) }
}
