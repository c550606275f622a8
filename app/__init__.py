"""민원창구 (Minwon Desk): everything that is not Qt: rules, documents, services."""
