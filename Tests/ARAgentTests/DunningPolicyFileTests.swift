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
        #expect(policy.minimumBalance == 2_500)
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
        ("[policy]\n", "p.toml:1: unknown section [policy]"),
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
