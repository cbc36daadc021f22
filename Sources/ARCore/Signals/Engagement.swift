/// What a customer's signals say, summed up for the planner: how often a person looked at our
/// messages or the portal lately, and how many messages went out since anyone last did.
/// Machine visits (flagged signals) are never counted.
public struct Engagement: Sendable, Hashable {
    /// A person's opens, clicks and portal visits in the policy's signal window.
    public var recentLooks: Int
    /// Emails sent since the customer last opened one, clicked or visited the portal (all of
    /// them if never).
    public var unopenedMessages: Int
    /// The customer's email address bounced and has not been fixed.
    public var bounced: Bool

    public init(recentLooks: Int = 0, unopenedMessages: Int = 0, bounced: Bool = false) {
        self.recentLooks = recentLooks
        self.unopenedMessages = unopenedMessages
        self.bounced = bounced
    }
}

/// The policy's rules on signals (`[signals]` in the policy file), each named in the reason of
/// the action it changes.
public struct SignalRules: Sendable, Hashable {
    /// Looks (opens, clicks, portal visits) within ``windowDays`` from which a customer who has
    /// still not paid gets a call instead of the next email: they have seen it, another email
    /// will not help, a conversation might. 0 turns the rule off.
    public var looksForCall: Int = 3
    public var windowDays: Int = 7
    /// Emails never opened (and no portal visit) from which the next step goes by
    /// ``unopenedChannel`` instead: the address may be dead or filtered. 0 turns the rule off.
    public var unopenedBeforeSwitch: Int = 3
    public var unopenedChannel: DunningPolicy.Step.Channel = .sms

    public init() {}

    public static let standard = SignalRules()
}
