"""Bringing records in from other sources: ACLED exports and the team's spreadsheet.

Each importer reads its file into `writer.Incoming` records, checking every row first (a bad row
stops the import before anything is written); `writer.apply` then merges them into the month
files, keeping comments and formatting, and never overwriting what an editor wrote or edited.
"""
