/// What the agent does about an overdue invoice, and when: the ladder of steps, how behaviour,
/// amount and relationship change it, and who must approve what. Users edit it as a file
/// (`DunningPolicyFile`); the defaults are what a controller would start from.
public struct DunningPolicy: Sendable, Hashable {
    /// One rung of the ladder.
    public struct Step: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable, CaseIterable {
            case reminder, finalNotice = "final_notice", demandLetter = "demand_letter", collectionsReferral = "collections_referral",
                 callTask = "call_task", creditHold = "credit_hold"
        }
        public enum Channel: String, Sendable, Hashable, CaseIterable { case email, letter, sms, call, none }
        public enum Tone: String, Sendable, Hashable, CaseIterable { case gentle, friendly, firm, direct, formal }

        /// A stable name: `friendly_reminder`. Sent steps are remembered by it.
        public var id: String
        /// Days relative to the due date: −5 is five days before, 30 is thirty days after.
        public var offsetDays: Int
        public var kind: Kind
        public var channel: Channel
        public var template: String
        public var tone: Tone
        /// Always waits for a person, whatever the mode.
        public var requiresApproval: Bool

        public init(id: String, offsetDays: Int, kind: Kind, channel: Channel, template: String, tone: Tone, requiresApproval: Bool = false) {
            self.id = id
            self.offsetDays = offsetDays
            self.kind = kind
            self.channel = channel
            self.template = template
            self.tone = tone
            self.requiresApproval = requiresApproval
        }
    }

    /// How a segment changes the ladder for its customers.
    public struct Segment: Sendable, Hashable {
        public var name: String
        /// Added to every step's offset: negative means earlier outreach.
        public var shiftDays: Int
        /// Replaces every step's tone, when set.
        public var tone: Step.Tone?
        /// Steps this segment skips (a reliable payer needs no pre-due reminder).
        public var skipSteps: Set<String>

        public init(name: String, shiftDays: Int = 0, tone: Step.Tone? = nil, skipSteps: Set<String> = []) {
            self.name = name
            self.shiftDays = shiftDays
            self.tone = tone
            self.skipSteps = skipSteps
        }
    }

    public var version: String
    public var steps: [Step]
    public var segments: [String: Segment]
    /// Below this balance due (judged per currency, against that currency's amount) nobody is chased.
    public var minimumBalance: MoneyThreshold
    /// A balance due below this (per currency) also gets the `small_balance` segment's changes:
    /// a small amount is not worth an agency, and a softer, later path.
    public var smallBalance: MoneyThreshold
    /// Days after a promised date before the invoice is chased again.
    public var promiseGraceDays: Int
    /// The latest date a customer may promise on the portal, in days from today: a promise
    /// further out is a payment plan, which a person negotiates.
    public var portalPromiseMaxDays: Int = DunningPolicy.defaultPortalPromiseMaxDays
    public static let defaultPortalPromiseMaxDays = 30
    /// The frequency cap: a customer gets at most one message in this many days (a final notice
    /// is never held back). Invoices falling due on other days are not each chased on their own
    /// day; they wait and go with the next message. 0 turns the cap off.
    public var messageGapDays: Int = DunningPolicy.defaultMessageGapDays
    public static let defaultMessageGapDays = 5
    /// How customers' signals change the next step (``SignalRules``).
    public var signals = SignalRules.standard
    /// Everything drafted, nothing sent until approved: the default for a new installation.
    public var shadowMode: Bool
    /// Any action on more than this (in the action's currency) waits for approval.
    public var approvalAbove: MoneyThreshold
    /// Annual revenue (in the revenue's currency) from which a customer is treated as a high-value relationship.
    public var highValueRevenue: MoneyThreshold
    /// What one unit of another currency is worth in the base currency, as the user wrote it:
    /// used to convert a threshold's base amount for a currency that has no amount of its own.
    /// Empty by default: a rate is a business decision, never guessed.
    public var rates: ExchangeRates
    /// Reminders go out on Monday to Friday only; a step due on a weekend waits for Monday.
    public var businessDaysOnly: Bool
    /// The local hour range in which messages may be sent.
    public var sendHours: ClosedRange<Int>

    public init(version: String = "default-1", steps: [Step] = DunningPolicy.defaultSteps, segments: [String: Segment] = DunningPolicy.defaultSegments,
                minimumBalance: MoneyThreshold = DunningPolicy.defaultMinimumBalance, smallBalance: MoneyThreshold = DunningPolicy.defaultSmallBalance,
                promiseGraceDays: Int = 3, shadowMode: Bool = true, approvalAbove: MoneyThreshold = DunningPolicy.defaultApprovalAbove,
                highValueRevenue: MoneyThreshold = DunningPolicy.defaultHighValueRevenue, rates: ExchangeRates = ExchangeRates(quote: .usd),
                businessDaysOnly: Bool = true, sendHours: ClosedRange<Int> = 9...17) {
        self.version = version
        self.steps = steps.sorted { $0.offsetDays < $1.offsetDays }
        self.segments = segments
        self.minimumBalance = minimumBalance
        self.smallBalance = smallBalance
        self.promiseGraceDays = promiseGraceDays
        self.shadowMode = shadowMode
        self.approvalAbove = approvalAbove
        self.highValueRevenue = highValueRevenue
        self.rates = rates
        self.businessDaysOnly = businessDaysOnly
        self.sendHours = sendHours
    }

    public static let defaultSteps: [Step] = [
        Step(id: "friendly_reminder", offsetDays: -5, kind: .reminder, channel: .email, template: "friendly_reminder", tone: .friendly),
        Step(id: "firm_follow_up", offsetDays: 3, kind: .reminder, channel: .email, template: "firm_follow_up", tone: .firm),
        Step(id: "escalation_notice", offsetDays: 15, kind: .reminder, channel: .email, template: "escalation_notice", tone: .direct),
        Step(id: "final_notice", offsetDays: 30, kind: .finalNotice, channel: .email, template: "final_notice", tone: .formal),
        Step(id: "agency_referral", offsetDays: 60, kind: .collectionsReferral, channel: .none, template: "agency_referral", tone: .formal, requiresApproval: true),
    ]

    public static let defaultSegments: [String: Segment] = [
        // Reliable payers get the gentle nudge before the due date too, two days later than
        // others, and every later step two days later: lighter, never silent.
        "reliable": Segment(name: "reliable", shiftDays: 2, tone: .gentle),
        "average": Segment(name: "average"),
        "chronic_late": Segment(name: "chronic_late", shiftDays: -5, tone: .direct),
        "new": Segment(name: "new"),
        "small_balance": Segment(name: "small_balance", shiftDays: 5, skipSteps: ["agency_referral"]),
    ]
}
