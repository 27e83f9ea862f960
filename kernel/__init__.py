"""The kernel: pieces every layer may use — base models, validators, tabular columns, formula
escaping, version diffs, server-side drawing. It imports no app of this project."""
