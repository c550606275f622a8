"""reportlab builders: receipts, notices, guidance sheets, reports. Korean font embedded in every PDF."""
