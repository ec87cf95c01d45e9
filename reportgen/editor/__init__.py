"""The editors' tools: a new month, the live preview, imports."""
