/// The mapping presets that ship with ARAgent, in the same format users write their own in
/// (see ``MappingFile``), so `aragent import presets` can print them as starting points.
public enum BuiltInPresets {
    public static let text = """
        # The IBM Watson "Accounts Receivable" sample (WA_Fn-UseC_-Accounts-Receivable.csv):
        # one settled invoice a row, US dates, no currency column (amounts are taken as USD).
        [ibm]
        kind = invoices
        description = IBM Watson Analytics accounts-receivable sample
        invoice_number = invoiceNumber
        customer_id = customerID
        issue_date = InvoiceDate
        due_date = DueDate
        amount = InvoiceAmount
        paid_date = SettledDate
        disputed = Disputed
        currency = =USD
        date_format = M/D/YYYY
        ignore = countryCode, PaperlessDate, PaperlessBill, DaysToSettle, DaysLate
        create_customers = true

        # Xero: Sales > Invoices > Export. One row per invoice line; customers known by contact
        # name; dates in the organisation's regional format (D/M/YYYY outside the US: pass
        # --date-format M/D/YYYY for a US organisation). Credit notes, overpayments, drafts and
        # voided invoices are not receivables and are skipped (and counted).
        [xero]
        kind = invoices
        description = Xero sales invoice export
        invoice_number = InvoiceNumber
        customer_id = ContactName
        customer_name = ContactName
        issue_date = InvoiceDate
        due_date = DueDate
        amount = Total
        open_amount = InvoiceAmountDue
        po_number = Reference
        currency = Currency
        date_format = D/M/YYYY
        repeated_rows = merge
        keep_rows_where = Type = Sales invoice | ACCREC
        skip_rows_where = Status = Draft | Voided | Deleted | Awaiting Approval | DRAFT | VOIDED | DELETED | SUBMITTED
        ignore_unknown_columns = true
        create_customers = true

        # QuickBooks Online: Reports > Invoice List, exported to CSV. A title block above the
        # header, a TOTAL line and a timestamp below the data; amounts with thousands commas;
        # customers known by name; no currency column in single-currency companies (USD taken).
        [quickbooks]
        kind = invoices
        description = QuickBooks Online Invoice List report export
        invoice_number = Num
        customer_id = Name
        customer_name = Name
        issue_date = Date
        due_date = Due date
        amount = Amount
        open_amount = Open balance
        currency = =USD
        date_format = M/D/YYYY
        thousands_separator = ,
        strip_characters = $
        header_row = auto
        stop_at_row_where = Date = TOTAL | Total
        keep_rows_where = Transaction type = Invoice
        ignore_unknown_columns = true
        create_customers = true
        """

    public static func all() -> [String: ColumnMapping] {
        // The text above is part of the program and parsed by the same code as users' files;
        // a test parses it, so a mistake in it cannot ship.
        (try? MappingFile.parse(text, file: "built-in presets")) ?? [:]
    }
}
