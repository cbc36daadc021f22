/// Email out for ARAgent: see SMTPClient.
