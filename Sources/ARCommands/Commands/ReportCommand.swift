import ARAgent
import ARCore
import ArgumentParser

/// `aragent report aging|metrics|baseline`.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Reports on the ledger: aging, AR metrics (DSO, CEI, …) and the Phase-1 baseline.",
        subcommands: [Aging.self, Metrics.self, Baseline.self, Unapplied.self, Activity.self, Reconciliation.self]
    )

    struct Aging: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Open receivables by days past due, in total and per customer (largest first).")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Option(help: "table, csv or json (CONTRACTS.md).") var format: ReportFormat = .table
        @Option(help: "Only the N customers with the largest balances.") var top: Int?

        func validate() throws {
            if let top, top < 1 { throw ValidationError("--top must be 1 or more") }
        }

        func execute(console: Console) async throws {
            let day = try asOf.resolved()
            let report = try await database.withStore { try await ReportService(store: $0).aging(asOf: day, top: top) }
            ReportRenderer.writeAging(report, format: format, to: console)
        }
    }

    struct Metrics: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "DSO, countback DSO, best possible DSO, average days delinquent and CEI per currency for a period.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: ArgumentHelp("First day of the period, YYYY-MM-DD.", valueName: "date")) var from: CalendarDate
        @Option(help: ArgumentHelp("Last day of the period, YYYY-MM-DD.", valueName: "date")) var to: CalendarDate
        @Option(help: "table, csv or json (CONTRACTS.md).") var format: ReportFormat = .table

        func validate() throws {
            if to < from { throw ValidationError("--to \(to) is before --from \(from)") }
        }

        func execute(console: Console) async throws {
            let (from, to) = (self.from, self.to)
            let metrics = try await database.withStore { try await ReportService(store: $0).metrics(from: from, to: to) }
            console.out(ReportRenderer.metrics(metrics, from: from, to: to, format: format))
        }
    }

    struct Activity: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "What the agent did and would do: contact rate, actions by step and status, approvals waiting, and what it skips and why.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Option(help: "table or json.") var format: ReportFormat = .table

        func execute(console: Console) async throws {
            let day = try asOf.resolved()
            let (actions, outbox, plan) = try await database.withStore { store in
                (try await store.actions(status: nil), try await store.outbox(),
                 try await CollectionsService(store: store).runCycle(asOf: day, dryRun: true))
            }
            var byStep: [String: [ActionStatus: Int]] = [:]
            for stored in actions { byStep[stored.action.stepID, default: [:]][stored.status, default: 0] += 1 }
            let scheduled = actions.filter { $0.action.channel == .email }.count
            let sent = outbox.filter { $0.status == "sent" }.count
            let waiting = actions.filter { $0.status == .proposed }
            let skipReasons = Dictionary(grouping: plan.skipped, by: { skip in
                skip.reason.split(separator: ":").first.map(String.init) ?? skip.reason
            }).mapValues(\.count)
            let rate = Hundredths.rounded(Int128(sent) * 100, over: Int128(scheduled))
            if format == .json {
                console.out(JSONValue.object([
                    ("as_of", .string(day.iso)), ("email_actions", .number(String(scheduled))), ("emails_sent", .number(String(sent))),
                    ("contact_rate_percent", rate.map { .number($0.description) } ?? .null),
                    ("approvals_waiting", .number(String(waiting.count))),
                    ("by_step", .object(byStep.sorted { $0.key < $1.key }.map { step, counts in
                        (step, .object(counts.sorted { $0.key.rawValue < $1.key.rawValue }.map { ($0.key.rawValue, .number(String($0.value))) }))
                    })),
                    ("due_now_not_yet_planned", .number(String(plan.actions.count))),
                    ("skipped", .object(skipReasons.sorted { $0.key < $1.key }.map { ($0.key, .number(String($0.value))) })),
                ]).rendered())
                return
            }
            var table = TextTable([("Step", .left)] + ActionStatus.allCases.map { ($0.rawValue, .right) })
            for (step, counts) in byStep.sorted(by: { $0.key < $1.key }) {
                table.add([step] + ActionStatus.allCases.map { String(counts[$0] ?? 0) })
            }
            var lines = ["Agent activity as of \(day.iso)", "",
                         "Email actions: \(scheduled); sent: \(sent); contact rate \(rate?.description ?? "n/a")%",
                         "Approvals waiting: \(waiting.count)\(waiting.isEmpty ? "" : " (aragent actions list --status proposed)")",
                         "Due now and not yet planned: \(plan.actions.count) (aragent run)", "", table.rendered(), "", "Not acted on today, by reason:"]
            for (reason, count) in skipReasons.sorted(by: { $0.value > $1.value }) { lines.append("  \(count)  \(reason)") }
            console.out(lines.joined(separator: "\n"))
        }
    }

    struct Reconciliation: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "Where the ERP's export and ARAgent's records disagree: cash applied here and not in the ERP, paid there and unapplied here, counted twice, reversed here only, disputes resolved here only.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "table, csv or json.") var format: ReportFormat = .table

        func execute(console: Console) async throws {
            let items = try await database.withStore { try await $0.reconciliation() }
            let rows = items.map { item in
                [item.kind.rawValue, item.invoice.rawValue, item.customerID.rawValue, item.amount.currency.code,
                 item.erpOpen.decimalString, item.open.decimalString, item.amount.decimalString, item.detail]
            }
            let header = ["kind", "invoice_number", "customer_id", "currency", "erp_open_amount", "open_amount", "amount", "detail"]
            switch format {
            case .json:
                console.out(JSONValue.array(rows.map { row in .object(zip(header, row).map { ($0, .string($1)) }) }).rendered())
            case .csv:
                var csv = CSVWriter()
                csv.row(header)
                for row in rows { csv.row(row) }
                console.out(csv.text)
            case .table:
                guard !rows.isEmpty else { console.out("The ERP's export and ARAgent's records agree: nothing to reconcile."); return }
                var table = TextTable([("Kind", .left), ("Invoice", .left), ("Customer", .left), ("Cur", .left), ("ERP open", .right),
                                       ("Open", .right), ("Amount", .right), ("What to do", .left)])
                for row in rows { table.add(row) }
                console.out(table.rendered())
            }
        }
    }

    struct Unapplied: ConsoleCommand {
        static let configuration = CommandConfiguration(abstract: "Cash received but not applied to invoices: by transaction, with totals per currency.")
        @OptionGroup var database: DatabaseOptions
        @Option(help: "table or json.") var format: ReportFormat = .table

        func execute(console: Console) async throws {
            let rows = try await database.withStore { try await $0.transactions(status: nil) }.filter { $0.unapplied.isPositive }
            var totals: [Currency: Money] = [:]
            for row in rows {
                do { try totals[row.unapplied.currency, default: .zero(row.unapplied.currency)] += row.unapplied } catch {
                    throw error.summing("report unapplied: the unapplied cash in \(row.unapplied.currency) (at bank transaction \(row.id))")
                }
            }
            if format == .json {
                console.out(JSONValue.object([
                    ("totals", .array(totals.sorted { $0.key < $1.key }.map { .object([("currency", .string($0.key.code)), ("unapplied", .string($0.value.decimalString))]) })),
                    ("transactions", .array(rows.map(ReviewCommand.List.json))),
                ]).rendered())
                return
            }
            var table = TextTable([("#", .right), ("Date", .left), ("Unapplied", .right), ("Cur", .left), ("Payer", .left), ("Status", .left)])
            for row in rows {
                table.add([String(row.id), row.line.payment.valueDate.iso, row.unapplied.decimalString, row.unapplied.currency.code,
                           String((row.line.payment.payerName ?? "").prefix(30)), row.status?.rawValue ?? ""])
            }
            for (currency, total) in totals.sorted(by: { $0.key < $1.key }) { table.add(["", "TOTAL", total.decimalString, currency.code, "", ""]) }
            console.out(table.rendered())
        }
    }

    struct Baseline: ConsoleCommand {
        static let configuration = CommandConfiguration(
            abstract: "The Phase-1 baseline: aging, top customers with their payment record, disputed share, late payers, largest overdue items.")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var asOf: AsOfOptions
        @Option(help: "table, csv or json.") var format: ReportFormat = .table
        @Option(help: "How many customers and items each list shows.") var top: Int = 20

        func validate() throws {
            if top < 1 { throw ValidationError("--top must be 1 or more") }
        }

        func execute(console: Console) async throws {
            let day = try asOf.resolved()
            let top = self.top
            let report = try await database.withStore { try await ReportService(store: $0).baseline(asOf: day, top: top, largest: top) }
            console.out(try BaselineRenderer.render(report, format: format))
        }
    }
}
