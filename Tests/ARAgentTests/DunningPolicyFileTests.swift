import ARAgent
import ARCore
import Testing

@Suite("Dunning policy file")
struct DunningPolicyFileTests {
    @Test("the default policy written out reads back the same")
    func roundTrip() throws {
        let policy = DunningPolicy()
        #expect(try DunningPolicyFile.parse(DunningPolicyFile.render(policy), file: "policy.toml") == policy)
    }

    @Test("a user's policy: steps, segments, amounts and hours")
    func userPolicy() throws {
        let policy = try DunningPolicyFile.parse("""
            version = "acme-3"   # our third version
            shadow_mode = false
            minimum_balance = "25.00"
            send_hours = [8, 16]

            [[steps]]
            id = "nudge"
            offset_days = -3
            kind = "reminder"
            tone = "gentle"

            [[steps]]
            id = "demand"
            offset_days = 45
            kind = "demand_letter"
            channel = "letter"

            [segments.vip]
            shift_days = 5
            skip_steps = ["nudge"]
            """, file: "p.toml")
        #expect(policy.version == "acme-3")
        #expect(!policy.shadowMode)
        #expect(policy.minimumBalance == MoneyThreshold(Money(minorUnits: 2_500, currency: .usd)))  // the old form: read in USD
        #expect(policy.sendHours == 8...16)
        #expect(policy.steps.map(\.id) == ["nudge", "demand"])
        #expect(policy.steps[1].channel == .letter)
        #expect(policy.segments["vip"]?.skipSteps == ["nudge"])
        #expect(policy.segments["reliable"] != nil)  // defaults kept for segments the file does not name
    }

    @Test("mistakes name the file, the line and the key", arguments: [
        ("[[steps]]\nid = \"a\"\nofset_days = 3\n", "p.toml:3: unknown key 'ofset_days' in [[steps]]"),
        ("[[steps]]\nid = \"a\"\noffset_days = 3\nkind = \"remind\"\n", "p.toml:4: kind 'remind' in [[steps]] at line 1 is not one of"),
        ("minimum_balance = 50\n[[steps]]\nid = \"a\"\noffset_days = 1\nkind = \"reminder\"\n", "p.toml:1: minimum_balance must be an amount in quotes"),
        ("[[steps]]\nid = \"a\"\nkind = \"reminder\"\n", "p.toml:1: step 'a' needs offset_days"),
        ("send_hours = [18, 9]\n", "p.toml:1: send_hours must be [FROM, TO]"),
        ("[policy]\n", "p.toml:1: unknown section [policy]; the sections are [[steps]], [segments.NAME], [thresholds.CURRENCY] and [rates]"),
        ("version = \"x\"\n", "p.toml:1: the policy has no [[steps]]"),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try DunningPolicyFile.parse(text, file: "p.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }
}

@Suite("Dunning policy file: money thresholds per currency")
struct PolicyThresholdFileTests {
    let steps = "\n[[steps]]\nid = \"a\"\noffset_days = 1\nkind = \"reminder\"\n"
    let jpy = Currency(code: "JPY")!, kwd = Currency(code: "KWD")!, chf = Currency(code: "CHF")!, gbp = Currency(code: "GBP")!

    @Test("amounts name their currency; a currency's table gives its own amounts in its own digits; rates convert the rest")
    func newForm() throws {
        let policy = try DunningPolicyFile.parse("""
            base_currency = "USD"
            minimum_balance = "60.00 USD"
            small_balance = "300.00 USD"
            approval_above = "40000 USD"
            high_value_revenue = "2000000.00 USD"

            [thresholds.JPY]
            minimum_balance = "8000 JPY"
            small_balance = "40000"          # in the table's currency
            approval_above = "6000000 JPY"
            high_value_revenue = "300000000 JPY"

            [thresholds.KWD]
            minimum_balance = "18.500 KWD"

            [rates]
            KWD = "3.25 USD"
            CHF = "1.1234 USD"
            """ + steps, file: "p.toml")
        #expect(policy.baseCurrency == .usd)
        #expect(policy.minimumBalance.base == Money(minorUnits: 6_000, currency: .usd))
        #expect(policy.approvalAbove.base == Money(minorUnits: 4_000_000, currency: .usd))
        #expect(policy.minimumBalance.overrides == [jpy: Money(minorUnits: 8_000, currency: jpy), kwd: Money(minorUnits: 18_500, currency: kwd)])
        #expect(policy.smallBalance.overrides == [jpy: Money(minorUnits: 40_000, currency: jpy)])
        // A key the file sets replaces the default entirely: no EUR or GBP amounts of their own left.
        #expect(policy.highValueRevenue.overrides[.eur] == nil)
        #expect(policy.rates.rate(for: chf)?.description == "1 CHF = 1.1234 USD")
        // Judged per currency: KWD's own minimum, its small balance converted at its rate.
        let thresholds = try policy.thresholds(balances: [kwd, chf, jpy], revenues: [])
        #expect(try thresholds.applied(.minimumBalance, in: kwd, base: .usd).description == "18.500 KWD (the policy's own KWD amount)")
        #expect(try thresholds.applied(.smallBalance, in: kwd, base: .usd).description == "92.308 KWD (300.00 USD converted at 1 KWD = 3.25 USD, rounded half away from zero)")
        #expect(try thresholds.applied(.minimumBalance, in: chf, base: .usd).amount == Money(minorUnits: 5_341, currency: chf))  // 60 / 1.1234 = 53.409…
        // It writes out and reads back the same.
        #expect(try DunningPolicyFile.parse(DunningPolicyFile.render(policy), file: "again.toml") == policy)
    }

    @Test("the defaults are written in the new form: USD amounts, and EUR and GBP amounts of their own")
    func defaultsRendered() throws {
        let text = DunningPolicyFile.render(DunningPolicy())
        for line in ["base_currency = \"USD\"", "minimum_balance = \"50.00 USD\"", "small_balance = \"250.00 USD\"", "approval_above = \"50000.00 USD\"",
                     "high_value_revenue = \"1000000.00 USD\"", "[thresholds.EUR]", "[thresholds.GBP]", "minimum_balance = \"50.00 GBP\""] {
            #expect(text.contains(line + "\n") || text.contains(line + " "), "missing \(line)")
        }
        let (_, notes) = try DunningPolicyFile.read(text, file: "p.toml")
        #expect(notes.isEmpty)
        #expect(try DunningPolicyFile.shown(body: text, file: "p.toml") == text)
    }

    @Test("a stored policy in the old form still reads, in the base currency, and `policy show` says so")
    func legacyForm() throws {
        let old = "version = \"2025-1\"\nminimum_balance = \"25.00\"\nsmall_balance = \"100.00\"\n" + steps
        let (policy, notes) = try DunningPolicyFile.read(old, file: "stored policy")
        #expect(policy.minimumBalance == MoneyThreshold(Money(minorUnits: 2_500, currency: .usd)))
        #expect(policy.smallBalance == MoneyThreshold(Money(minorUnits: 10_000, currency: .usd)))
        // The keys it leaves out keep their defaults.
        #expect(policy.approvalAbove == DunningPolicy.defaultApprovalAbove)
        #expect(notes == [
            "line 2: minimum_balance = \"25.00\" names no currency and is read as 25.00 USD (the policy's base currency: USD unless base_currency names another)",
            "line 3: small_balance = \"100.00\" names no currency and is read as 100.00 USD (the policy's base currency: USD unless base_currency names another)",
        ])
        let shown = try DunningPolicyFile.shown(body: old, file: "stored policy")
        #expect(shown.hasPrefix("# This policy was stored with amounts that name no currency"))
        #expect(shown.contains("#   line 2: minimum_balance = \"25.00\" names no currency and is read as 25.00 USD"))
        #expect(shown.contains("\nminimum_balance = \"25.00 USD\""))
        #expect(try DunningPolicyFile.parse(shown, file: "shown") == policy)
        // A bare amount with a named base currency is read in that currency.
        let euro = try DunningPolicyFile.parse("""
            base_currency = "EUR"
            minimum_balance = "40"
            small_balance = "200.00"
            approval_above = "40000.00 EUR"
            high_value_revenue = "900000.00 EUR"
            """ + steps, file: "p.toml")
        #expect(euro.minimumBalance.base == Money(minorUnits: 4_000, currency: .eur))
        #expect(euro.baseCurrency == .eur)
    }

    @Test("mistakes in amounts, tables and rates name the file, the line and the key", arguments: [
        ("minimum_balance = \"50.001 USD\"\n", "p.toml:1: minimum_balance \"50.001 USD\" has 3 decimals, but USD amounts have 2 (ISO 4217); write it such as \"50.00 USD\""),
        ("[thresholds.JPY]\nminimum_balance = \"50.5 JPY\"\n", "p.toml:2: minimum_balance \"50.5 JPY\" has 1 decimals, but JPY amounts have none (ISO 4217); write it such as \"50 JPY\""),
        ("[thresholds.KWD]\nsmall_balance = \"1.2345\"\n", "p.toml:2: small_balance \"1.2345\" has 4 decimals, but KWD amounts have 3 (ISO 4217); write it such as \"50.000 KWD\""),
        ("small_balance = \"-5.00 USD\"\n", "p.toml:1: small_balance \"-5.00 USD\" must not be negative"),
        ("approval_above = \"lots USD\"\n", "p.toml:1: approval_above \"lots USD\" is not a decimal amount"),
        ("minimum_balance = \"USD 50.00\"\n", "p.toml:1: minimum_balance \"USD 50.00\": write the amount first, then the currency, such as \"50.00 USD\""),
        ("minimum_balance = \"50.00 DOLLARS\"\n", "p.toml:1: minimum_balance \"50.00 DOLLARS\": 'DOLLARS' is not an ISO 4217 currency code"),
        ("base_currency = \"USD\"\nminimum_balance = \"50.00 EUR\"\n",
         "p.toml:2: minimum_balance is in EUR, but the policy's base currency is USD (base_currency at line 1); write it in USD, and give EUR its own amount in a [thresholds.EUR] table"),
        ("small_balance = \"250.00 USD\"\nminimum_balance = \"50.00 EUR\"\n", "p.toml:2: minimum_balance is in EUR, but the policy's base currency is USD (small_balance at line 1)"),
        ("base_currency = \"JPY\"\nminimum_balance = \"5000 JPY\"\n",
         "p.toml:1: small_balance, approval_above, high_value_revenue must be given: the defaults are USD amounts, and this policy's base currency is JPY (base_currency at line 1)"),
        ("base_currency = \"XYZ\"\n", "p.toml:1: base_currency must be an ISO 4217 currency code in quotes"),
        ("[thresholds.EURO]\n", "p.toml:1: [thresholds.EURO]: 'EURO' is not an ISO 4217 currency code"),
        ("[thresholds.USD]\nminimum_balance = \"1.00\"\n", "p.toml:1: [thresholds.USD]: USD is the policy's base currency; its amounts are the top-level keys"),
        ("[thresholds.EUR]\nminimum = \"1.00\"\n", "p.toml:2: unknown key 'minimum' in [thresholds.EUR]; a currency's table has minimum_balance, small_balance, approval_above, high_value_revenue"),
        ("[thresholds.EUR]\nminimum_balance = \"45.00 GBP\"\n", "p.toml:2: minimum_balance in [thresholds.EUR] is in GBP; write a EUR amount"),
        ("[thresholds.EUR]\nminimum_balance = \"45.00\"\nminimum_balance = \"46.00\"\n", "p.toml:3: minimum_balance appears twice in [thresholds.EUR] (first at line 2)"),
        ("[thresholds.EUR]\n[thresholds.eur]\n", "p.toml:2: [thresholds.EUR] appears twice (first at line 1)"),
        ("[rates]\nEUR = \"1.08\"\n", "p.toml:2: the rate of EUR must say what one EUR is worth in USD, such as EUR = \"1.08 USD\""),
        ("[rates]\nEUR = \"1.08 GBP\"\n", "p.toml:2: the rate of EUR is quoted in GBP; rates are quoted in the policy's base currency USD"),
        ("[rates]\nEUR = \"0 USD\"\n", "p.toml:2: the rate of EUR \"0 USD\" must be more than zero"),
        ("[rates]\nEUR = \"1.00000000001 USD\"\n", "p.toml:2: the rate of EUR \"1.00000000001 USD\" has more than 10 decimals"),
        ("[rates]\nEUR = 1\n", "p.toml:2: the rate of EUR must be in quotes"),
        ("[rates]\nUSD = \"1 USD\"\n", "p.toml:2: USD in [rates]: USD is the base currency and needs no rate"),
        ("[rates]\nEURO = \"1.08 USD\"\n", "p.toml:2: 'EURO' in [rates] is not an ISO 4217 currency code"),
        ("[rates]\nEUR = \"1.08 USD\"\nEUR = \"1.09 USD\"\n", "p.toml:3: the rate of EUR appears twice in [rates] (first at line 2)"),
        ("[rates]\n[rates]\n", "p.toml:2: [rates] appears twice (first at line 1)"),
    ])
    func errors(text: String, expected: String) {
        do {
            _ = try DunningPolicyFile.parse(text + steps, file: "p.toml")
            Issue.record("accepted: \(text)")
        } catch {
            #expect(error.description.hasPrefix(expected), "\(error.description)")
        }
    }

    @Test("a table of its own without a rate is complete with the defaults' own amounts for the keys the file leaves out")
    func tableCompletedByDefaults() throws {
        // The defaults give EUR every amount; the file changes only its small balance.
        let policy = try DunningPolicyFile.parse("[thresholds.EUR]\nsmall_balance = \"0.00\"\n" + steps, file: "p.toml")
        #expect(policy.smallBalance.overrides[.eur] == Money(minorUnits: 0, currency: .eur))
        #expect(policy.minimumBalance.overrides[.eur] == Money(minorUnits: 5_000, currency: .eur))
        #expect(policy.smallBalance.base == Money(minorUnits: 25_000, currency: .usd))
        #expect(policy.smallBalance.overrides[gbp] == Money(minorUnits: 25_000, currency: gbp))
    }
}
