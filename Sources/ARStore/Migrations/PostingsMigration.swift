/// Migration 006: bank lines keyed by everything that tells them apart.
///
/// Until now a line with a bank reference was keyed by account and reference alone
/// (`ref|ACCOUNT|REFERENCE`), so a second credit reusing a reference was taken for the first and
/// dropped. `BankLineKey` (ARAgent) now keys it `entry|ACCOUNT|REFERENCE|VALUE DATE|CURRENCY|
/// AMOUNT|N`, with payer name, payer account and remittance before `N` when the reference is a
/// placeholder (`NOTPROVIDED`, `NONREF`), fields with `\` and `|` escaped, `N` its position among
/// identical lines. The lines stored under the old key are re-keyed here the same way from their
/// stored columns, so re-importing a file imported before adds nothing. Lines without a
/// reference keep their content key, which has not changed. Portable: `UPDATE … FROM` and
/// window functions read the same on SQLite (3.33 on) and PostgreSQL.
extension Migration {
    static let postings = Migration(name: "2026-12-02-006-postings") { _ in
        [PostingsSchema.rekey]
    }
}

enum PostingsSchema {
    /// `field` with `\` and `|` escaped, as `BankLineKey` escapes it.
    static func escaped(_ field: String) -> String {
        "REPLACE(REPLACE(COALESCE(\(field), ''), '\\', '\\\\'), '|', '\\|')"
    }

    /// `BankLineKey.placeholderReferences`, as SQL.
    static let placeholders = "('NOTPROVIDED', 'NONREF')"

    static let rekey = """
        UPDATE bank_transactions SET natural_key = rekeyed.content || '|' || CAST(rekeyed.position AS TEXT)
        FROM (
            SELECT id, content, ROW_NUMBER() OVER (PARTITION BY content ORDER BY id) AS position
            FROM (
                SELECT id, 'entry|' || \(escaped("account_id")) || '|' || \(escaped("bank_reference")) || '|' || value_date
                    || '|' || currency || '|' || CAST(amount_minor AS TEXT)
                    || CASE WHEN bank_reference IN \(placeholders)
                            THEN '|' || \(escaped("payer_name")) || '|' || \(escaped("payer_account")) || '|' || \(escaped("remittance"))
                            ELSE '' END AS content
                FROM bank_transactions WHERE natural_key LIKE 'ref|%'
            ) contents
        ) rekeyed
        WHERE rekeyed.id = bank_transactions.id
        """
}
